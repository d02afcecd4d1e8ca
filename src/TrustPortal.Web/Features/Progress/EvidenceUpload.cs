using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;

namespace TrustPortal.Web.Features.Progress;

/// An evidence file that has passed the checks: its real type (from its bytes) and the extension to store it under.
public sealed record EvidenceUpload(IFormFile File, string ContentType, string Extension);

/// The evidence file rules: PDF, Word, Excel, PowerPoint (current and 97-2003 formats), PNG and JPEG, told by their
/// first bytes (and, for Office files, their package contents), never by the name or the type the browser claims.
public static class EvidenceFiles
{
    public const long DefaultMaxBytes = 10 * 1024 * 1024;

    /// Room for the form's text fields and multipart framing on top of the largest file.
    public const long RequestOverhead = 256 * 1024;

    public const string Accepted = "PDF, Word, Excel, PowerPoint, PNG or JPEG";

    public static long MaxBytes(IConfiguration configuration) =>
        configuration?.GetValue<long?>("Progress:MaxEvidenceBytes") is > 0 and var max ? max : DefaultMaxBytes;

    public static string Megabytes(long bytes) =>
        bytes >= 1024 * 1024
            ? (bytes / 1024.0 / 1024.0).ToString(bytes % (1024 * 1024) == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + " MB"
            : bytes >= 1024 ? Math.Ceiling(bytes / 1024.0).ToString(CultureInfo.InvariantCulture) + " KB"
            : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";

    /// The checked upload, or the message to show the person beside the file field.
    public static async Task<(EvidenceUpload? Upload, string? Problem)> CheckAsync(IFormFile file, long maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length == 0)
        {
            return (null, "The selected file is empty");
        }
        if (file.Length > maxBytes)
        {
            return (null, $"The file must be {Megabytes(maxBytes)} or smaller (this file is {Megabytes(file.Length)})");
        }
        var type = await DetectAsync(file, ct);
        return type is null
            ? (null, $"The file must be a {Accepted} file. Other types, such as web pages, scripts or programs, are not accepted")
            : (new EvidenceUpload(file, type.Value.ContentType, type.Value.Extension), null);
    }

    public static async Task<(string ContentType, string Extension)?> DetectAsync(IFormFile file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var head = new byte[8];
        int read;
        await using (var stream = file.OpenReadStream())
        {
            read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        }
        var bytes = head.AsSpan(0, read);
        if (bytes.StartsWith("%PDF-"u8))
        {
            return ("application/pdf", ".pdf");
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ("image/png", ".png");
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ("image/jpeg", ".jpg");
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            // A 97-2003 (OLE2 compound) file: its name says whether it is a document or a workbook.
            return Path.GetExtension(file.FileName).ToLowerInvariant() switch
            {
                ".doc" => ("application/msword", ".doc"),
                ".xls" => ("application/vnd.ms-excel", ".xls"),
                _ => null,
            };
        }
        if (bytes.StartsWith("PK\x03\x04"u8))
        {
            return await OfficeOpenXmlAsync(file, ct);
        }
        return null;
    }

    /// An Office Open XML package is a ZIP with [Content_Types].xml; its main folder tells Word, Excel and PowerPoint apart.
    private static async Task<(string, string)?> OfficeOpenXmlAsync(IFormFile file, CancellationToken ct)
    {
        try
        {
            await using var stream = file.OpenReadStream();
            await using var zip = await ZipArchive.CreateAsync(stream, ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, ct);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            if (!names.Contains("[Content_Types].xml", StringComparer.Ordinal))
            {
                return null;
            }
            if (names.Any(n => n.StartsWith("word/", StringComparison.Ordinal)))
            {
                return ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
            }
            if (names.Any(n => n.StartsWith("xl/", StringComparison.Ordinal)))
            {
                return ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");
            }
            if (names.Any(n => n.StartsWith("ppt/", StringComparison.Ordinal)))
            {
                return ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx");
            }
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// The name a file is stored and downloaded under: the name it was uploaded with, ending in the extension of the
    /// type its bytes were recognised as. "minutes.hta" that is really a PDF becomes "minutes.hta.pdf", so a PC that
    /// opens downloads by their extension opens it as a PDF and never runs it.
    public static string SafeName(string originalName, string extension)
    {
        ArgumentNullException.ThrowIfNull(originalName);
        ArgumentNullException.ThrowIfNull(extension);
        var name = Path.GetFileName(originalName.Replace('\\', '/')).Trim().TrimEnd('.', ' ');
        var current = Path.GetExtension(name);
        var matches = string.Equals(current, extension, StringComparison.OrdinalIgnoreCase)
            || (extension == ".jpg" && string.Equals(current, ".jpeg", StringComparison.OrdinalIgnoreCase));
        if (matches && name.Length > current.Length)
        {
            return name;
        }
        return (name.Length == 0 ? "evidence" : name) + extension;
    }

    /// The extension of a recognised content type (for files stored before names were made safe).
    public static string ExtensionOf(string contentType) => contentType switch
    {
        "application/pdf" => ".pdf",
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "application/msword" => ".doc",
        "application/vnd.ms-excel" => ".xls",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => ".docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => ".xlsx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => ".pptx",
        _ => ".bin",
    };

    /// The file name for a Content-Disposition header's plain filename parameter: ASCII letters, digits and a few
    /// safe marks only (the full name goes in filename*).
    public static string AsciiName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var ascii = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            ascii.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ' ' or '(' or ')' ? c : '_');
        }
        return ascii.ToString();
    }
}

/// Lets the evidence upload action take a body of the configured evidence size (Progress:MaxEvidenceBytes) plus
/// the form's text, before model binding reads the form.
[AttributeUsage(AttributeTargets.Method)]
public sealed class EvidenceRequestLimitAttribute : Attribute, IResourceFilter, IOrderedFilter
{
    public int Order => 900;

    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var limit = EvidenceFiles.MaxBytes(http.RequestServices.GetRequiredService<IConfiguration>()) + EvidenceFiles.RequestOverhead;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }
        if (http.Features.Get<IFormFeature>() is not { Form: not null })
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = limit }));
        }
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
