using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using TrustPortal.Domain;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Data.Audit;
using TrustPortal.Web.Infrastructure;
using TrustPortal.Web.Infrastructure.Files;

namespace TrustPortal.Web.Features.Progress;

/// Evidence: files on a school's updates, added with the progress form (ProgressRecorder), listed on the criterion
/// page, downloaded by the people who may see the school's progress, removed by its heads while the return is editable.
[Authorize(Policy = Policies.ReadTrust)]
[TrustMembersOnly]
[Route("{trustSlug:trust}/progress/{urn:int}")]
public sealed class ProgressEvidenceController(
    TrustPortalDbContext db,
    ProgressReader reader,
    IAuthorizationService authorization,
    IFileStore files,
    AuditTrail audit,
    FormWrites writes) : ProgressControllerBase(db, reader, authorization)
{
    /// The file input's name (and the ModelState key of its errors).
    public const string EvidenceFileField = "EvidenceFile";

    [HttpGet("files/{fileId:int}")]
    public async Task<IActionResult> Download(TrustBrand trust, int urn, int fileId, CancellationToken ct)
    {
        var refused = await OpenSchoolAsync(trust, urn, SchoolProgressRight.Read, ct);
        // Staff open files of submitted returns only, and only when the trust allows it: a draft stays with its school.
        var submittedOnly = Right == SchoolProgressRight.None;
        if (refused is not null && !(submittedOnly && HasSchool && User.TrustId() == CurrentSchool.TrustId && IsStaffOnly()
            && await StaffMaySeeEvidenceAsync(CurrentSchool.TrustId, ct)))
        {
            return refused;
        }
        var file = await Db.EvidenceFiles.AsNoTracking()
            .Where(f => f.Id == fileId && Db.ProgressUpdates.Any(u => u.Id == f.ProgressUpdateId && u.SchoolId == CurrentSchool.Id
                && (!submittedOnly || Db.SchoolReturns.Any(r => r.SchoolId == u.SchoolId && r.ReviewCycleId == u.ReviewCycleId && r.State == ReturnState.Submitted))))
            .Select(f => new { f.StoredKey, f.OriginalName, f.ContentType })
            .SingleOrDefaultAsync(ct);
        var stream = file is null ? null : await files.OpenAsync(file.StoredKey, ct);
        if (stream is null)
        {
            return NotFound();
        }
        // Files stored before names were made safe are given the recognised extension here too.
        var name = EvidenceFiles.SafeName(file!.OriginalName, EvidenceFiles.ExtensionOf(file.ContentType));
        var disposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"\"{EvidenceFiles.AsciiName(name)}\"",
            FileNameStar = name,
        };
        Response.Headers.ContentDisposition = disposition.ToString();
        await audit.RecordExportAsync("EvidenceDownload", fileId.ToString(System.Globalization.CultureInfo.InvariantCulture), CurrentSchool.TrustId, ct);
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "private, no-store";
        return File(stream, file.ContentType);
    }

    /// Removes a file while the school's return is editable; its content is deleted once the update is saved. A file
    /// already removed (a second click), or never on this update, is said to be removed.
    [HttpPost("criteria/{criterionId:int}/files/{fileId:int}/remove")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> RemoveFile(TrustBrand trust, int urn, int criterionId, int fileId, CancellationToken ct)
    {
        if (await OpenSchoolAsync(trust, urn, SchoolProgressRight.Record, ct) is { } refused)
        {
            return refused;
        }
        return await writes.RunAsync(this, new FormWrite<FileOnUpdate>
        {
            Load = c => FindFileAsync(criterionId, fileId, c),
            Change = async (found, c) =>
            {
                if (found.File is null)
                {
                    return "The file has been removed";
                }
                var existing = await Db.SchoolReturns.AsNoTracking().SingleOrDefaultAsync(r => r.SchoolId == CurrentSchool.Id && r.ReviewCycleId == found.Cycle!.Id, c);
                KeepingRules(() =>
                {
                    SchoolReturn.Admit(existing, CurrentSchool.Id, found.Cycle!);
                    found.Update!.RemoveFile(fileId);
                    Db.EvidenceFiles.Remove(found.File);
                });
                return $"{found.File.OriginalName} removed";
            },
            AfterSave = async (found, c) =>
            {
                if (found.File is not null)
                {
                    await files.DeleteAsync(found.File.StoredKey, c);
                }
                return null;
            },
            Done = _ => $"{SchoolUrl}/criteria/{criterionId}",
            // Two clicks at once: the second is made again on what the first saved, and finds the file removed.
            RetryClashes = true,
        }, ct);
    }

    /// The school's update of the criterion in the open cycle (tracked) and the file on it; any of them may be missing.
    private sealed record FileOnUpdate(ReviewCycle? Cycle, ProgressUpdate? Update, EvidenceFile? File);

    private async Task<FileOnUpdate?> FindFileAsync(int criterionId, int fileId, CancellationToken ct)
    {
        var cycle = await Reader.OpenCycleAsync(Trust.Id, ct);
        var update = cycle is null ? null : await Db.ProgressUpdates.Include(u => u.Files)
            .SingleOrDefaultAsync(u => u.SchoolId == CurrentSchool.Id && u.ReviewCycleId == cycle.Id && u.SuccessCriterionId == criterionId, ct);
        return new(cycle, update, update?.Files.FirstOrDefault(f => f.Id == fileId));
    }
}
