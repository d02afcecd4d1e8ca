using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TrustPortal.Web.Features.SchoolImport;

/// An uploaded extract waiting for the administrator's confirmation, bound to the person and trust that uploaded it.
public sealed record GiasUpload(string Token, string UserId, int TrustId, string FileName, string? Group, IReadOnlyList<int> Urns, DateTimeOffset UploadedAt)
{
    public GiasFilter Filter => new(string.IsNullOrWhiteSpace(Group) ? null : Group.Trim(), Urns.Count == 0 ? null : Urns.ToHashSet());
}

/// Keeps uploaded extracts between preview and confirmation in a private server-side folder, each under a random
/// token, for an hour at most. Only the uploader (same user, same trust) can find one again; confirming deletes it.
public sealed partial class GiasUploadStore(IConfiguration configuration, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly string _folder = configuration["SchoolImport:UploadFolder"]
        ?? Path.Combine(Path.GetTempPath(), "trustportal-gias-uploads");

    public async Task<GiasUpload> SaveAsync(Stream content, string userId, int trustId, string fileName, string? group, IReadOnlyList<int> urns, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        EnsureFolder();
        Sweep();
        var upload = new GiasUpload(RandomNumberGenerator.GetHexString(32, lowercase: true), userId, trustId,
            Path.GetFileName(fileName), group, urns, clock.GetUtcNow());
        await using (var file = new FileStream(DataPath(upload.Token), FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await content.CopyToAsync(file, ct);
        }
        await File.WriteAllTextAsync(MetaPath(upload.Token), JsonSerializer.Serialize(upload), ct);
        // The sweep reads the files' times against the same clock as the upload's own lifetime.
        File.SetLastWriteTimeUtc(DataPath(upload.Token), upload.UploadedAt.UtcDateTime);
        File.SetLastWriteTimeUtc(MetaPath(upload.Token), upload.UploadedAt.UtcDateTime);
        return upload;
    }

    /// The upload, if the token is well formed, not expired, and belongs to this user in this trust.
    public async Task<GiasUpload?> FindAsync(string token, string? userId, int trustId, CancellationToken ct)
    {
        if (!TokenPattern().IsMatch(token ?? "") || userId is null || !File.Exists(MetaPath(token!)) || !File.Exists(DataPath(token!)))
        {
            return null;
        }
        var upload = JsonSerializer.Deserialize<GiasUpload>(await File.ReadAllTextAsync(MetaPath(token!), ct));
        if (upload is null || clock.GetUtcNow() - upload.UploadedAt > Lifetime)
        {
            Delete(token!);
            return null;
        }
        return upload.UserId == userId && upload.TrustId == trustId ? upload : null;
    }

    public Stream Open(GiasUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        return new FileStream(DataPath(upload.Token), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
    }

    public void Delete(string token)
    {
        if (TokenPattern().IsMatch(token))
        {
            File.Delete(DataPath(token));
            File.Delete(MetaPath(token));
        }
    }

    /// Deletes uploads older than an hour (confirmed ones are deleted at once).
    public void Sweep()
    {
        if (!Directory.Exists(_folder))
        {
            return;
        }
        var cutoff = clock.GetUtcNow() - Lifetime;
        foreach (var path in Directory.EnumerateFiles(_folder))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(path) < cutoff.UtcDateTime)
                {
                    File.Delete(path);
                }
            }
            catch (IOException)
            {
                // Being read by a confirmation at this moment; the next sweep takes it.
            }
        }
    }

    private void EnsureFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_folder);
        }
        else
        {
            Directory.CreateDirectory(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string DataPath(string token) => Path.Combine(_folder, token + ".csv");

    private string MetaPath(string token) => Path.Combine(_folder, token + ".json");

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}
