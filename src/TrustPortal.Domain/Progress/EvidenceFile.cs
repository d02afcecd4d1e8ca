using System.Text;

namespace TrustPortal.Domain.Progress;

/// A file attached as evidence (a PDF, an Office document or an image), to a school's update, an area of its
/// self-evaluation or a pillar of the trust's self-review: one rule for all three. The content lives in the file store
/// under <see cref="StoredKey"/>; the name the uploader gave is kept only for display and download.
public abstract class AttachedFile
{
    protected AttachedFile() { }

    protected AttachedFile(string storedKey, string originalName, string contentType, long size, string uploadedBy, DateTimeOffset uploadedAt)
    {
        StoredKey = Guard.Required(storedKey, "The stored file's key", EvidenceFile.KeyLimit);
        OriginalName = EvidenceFile.SanitiseName(originalName);
        ContentType = Guard.Required(contentType, "The file's type", EvidenceFile.ContentTypeLimit);
        if (size <= 0)
        {
            throw new DomainRuleException("The file is empty.");
        }
        Size = size;
        UploadedBy = Guard.Required(uploadedBy, "Who uploaded the file", Limits.Name);
        UploadedAt = uploadedAt;
    }

    public string StoredKey { get; private set; } = "";
    /// The uploader's file name without any folder, control characters or path tricks; at most 200 characters.
    public string OriginalName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string UploadedBy { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }
}

/// A file a school attaches to its update as evidence.
public sealed class EvidenceFile : AttachedFile
{
    public const int NameLimit = 200;
    public const int ContentTypeLimit = 100;
    public const int KeyLimit = 100;

    private EvidenceFile() { }

    public EvidenceFile(string storedKey, string originalName, string contentType, long size, string uploadedBy, DateTimeOffset uploadedAt)
        : base(storedKey, originalName, contentType, size, uploadedBy, uploadedAt)
    {
    }

    public int Id { get; private set; }
    public int ProgressUpdateId { get; private set; }

    /// A file name safe to show and to offer on download: the last path segment only, control characters and
    /// characters Windows forbids removed, leading dots and spaces trimmed, shortened to the limit keeping the
    /// extension; "evidence" (with the extension) when nothing is left.
    public static string SanitiseName(string? name)
    {
        var raw = name ?? "";
        var lastSlash = Math.Max(raw.LastIndexOf('/'), raw.LastIndexOf('\\'));
        raw = raw[(lastSlash + 1)..];
        var clean = new StringBuilder(raw.Length);
        foreach (var c in StoredText.Clean(raw)!.Normalize(NormalizationForm.FormC))
        {
            if (char.IsControl(c) || c is '<' or '>' or ':' or '"' or '|' or '?' or '*' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }
            clean.Append(c);
        }
        var result = clean.ToString().Trim();
        var dot = result.LastIndexOf('.');
        var extension = dot >= 0 && result.Length - dot is >= 2 and <= 10 && !result[dot..].Contains(' ', StringComparison.Ordinal) ? result[dot..] : "";
        var stem = (extension.Length > 0 ? result[..dot] : result).Trim().TrimStart('.').Trim().TrimEnd('.').TrimEnd();
        if (stem.Length == 0)
        {
            stem = "evidence";
        }
        if (stem.Length + extension.Length > NameLimit)
        {
            stem = stem[..(NameLimit - extension.Length)];
            if (char.IsHighSurrogate(stem[^1]))
            {
                stem = stem[..^1];
            }
        }
        return stem.TrimEnd() + extension;
    }
}
