using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Net.Http.Headers;
using TrustPortal.Web.Features.Progress;
using TrustPortal.Web.Infrastructure.Files;

namespace TrustPortal.Web.Features.Common;

/// A stored evidence file as a download needs it.
public sealed record EvidenceDownload(string StoredKey, string OriginalName, string ContentType);

/// A stored evidence file's facts, for the entity that records it (each judgement page has its own file entity).
public sealed record StoredEvidence(string Key, string Name, string ContentType, long Size, string By, DateTimeOffset At);

/// Evidence files attached to a judgement (a school's self-evaluation, the trust's self-review) with the progress
/// evidence rules (<see cref="EvidenceFiles"/>): checked before the write, stored during it, removed again when the
/// write did not go through, and downloaded with the same headers.
public sealed class EvidenceAttachments(IFileStore files, IConfiguration configuration, TimeProvider clock)
{
    public long MaxBytes => EvidenceFiles.MaxBytes(configuration);

    /// The file chosen with the form, checked; a problem goes into ModelState under <paramref name="field"/>.
    public async Task<EvidenceAttachment> CheckAsync(IFormFile? file, ModelStateDictionary state, string field, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (file is not { Length: > 0 } && file is not { FileName.Length: > 0 })
        {
            return new EvidenceAttachment(files, clock, null);
        }
        var (upload, problem) = await EvidenceFiles.CheckAsync(file, MaxBytes, ct);
        if (problem is not null)
        {
            state.AddModelError(field, problem);
        }
        return new EvidenceAttachment(files, clock, upload);
    }

    /// The file as an attachment that a browser saves rather than opens; 404 when it is not there (any more).
    public async Task<IActionResult> DownloadAsync(ControllerBase controller, EvidenceDownload? file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var stream = file is null ? null : await files.OpenAsync(file.StoredKey, ct);
        if (stream is null)
        {
            return controller.NotFound();
        }
        // Files stored before names were made safe are given the recognised extension here too.
        var name = EvidenceFiles.SafeName(file!.OriginalName, EvidenceFiles.ExtensionOf(file.ContentType));
        var headers = controller.Response.Headers;
        headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"\"{EvidenceFiles.AsciiName(name)}\"",
            FileNameStar = name,
        }.ToString();
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-store";
        return controller.File(stream, file.ContentType);
    }
}

/// The evidence file of one write, if one was chosen and passed the checks.
public sealed class EvidenceAttachment(IFileStore files, TimeProvider clock, EvidenceUpload? upload)
{
    private string? _storedKey;

    public bool Chosen => upload is not null;

    /// Stores the file and makes the entity that records it.
    public async Task<TFile> StoreAsync<TFile>(string by, Func<StoredEvidence, TFile> record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        var chosen = upload ?? throw new InvalidOperationException("No evidence file was chosen.");
        await using (var stream = chosen.File.OpenReadStream())
        {
            _storedKey = await files.SaveAsync(stream, chosen.Extension, ct);
        }
        return record(new StoredEvidence(_storedKey, EvidenceFiles.SafeName(chosen.File.FileName, chosen.Extension), chosen.ContentType,
            chosen.File.Length, by, clock.GetUtcNow()));
    }

    /// The write's answer; a file stored for a write that did not go through (a problem, a conflict) is removed.
    public async Task<IActionResult> KeptIfSavedAsync(IActionResult result)
    {
        if (result is not RedirectResult && _storedKey is not null)
        {
            await files.DeleteAsync(_storedKey, CancellationToken.None);
        }
        return result;
    }
}
