using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using TrustPortal.Domain;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Progress;

/// Evidence files on a school's updates: added with the progress form, listed on the criterion page, downloaded by
/// the people who may see the school's progress, removed by the school's heads while the return is editable.
public sealed partial class ProgressController
{
    /// The file input's name (and the ModelState key of its errors).
    public const string EvidenceFileField = "EvidenceFile";

    [HttpGet("{urn:int}/files/{fileId:int}")]
    public async Task<IActionResult> Download(string trustSlug, int urn, int fileId, CancellationToken ct)
    {
        var trust = await db.Trusts.FindBrandAsync(trustSlug, ct);
        if (trust is null)
        {
            return NotFound();
        }
        var school = await reader.SchoolAsync(trust.Id, urn, ct);
        if (school is null)
        {
            return await CanReadTrustAsync(trust) ? NotFound() : Forbid();
        }
        if (!await MaySeeEvidenceAsync(school, ct))
        {
            return Forbid();
        }
        // Staff open files of submitted returns only: a draft stays with its school until it is submitted.
        var submittedOnly = await AccessAsync(school) == Access.None;
        var file = await db.EvidenceFiles.AsNoTracking()
            .Where(f => f.Id == fileId && db.ProgressUpdates.Any(u => u.Id == f.ProgressUpdateId && u.SchoolId == school.Id
                && (!submittedOnly || db.SchoolReturns.Any(r => r.SchoolId == u.SchoolId && r.ReviewCycleId == u.ReviewCycleId && r.State == ReturnState.Submitted))))
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
        await HttpContext.RequestServices.GetRequiredService<Data.Audit.AuditTrail>().RecordExportAsync("EvidenceDownload", fileId.ToString(System.Globalization.CultureInfo.InvariantCulture), school.TrustId, ct);
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "private, no-store";
        return File(stream, file.ContentType);
    }

    [HttpPost("{urn:int}/criteria/{criterionId:int}/files/{fileId:int}/remove")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> RemoveFile(string trustSlug, int urn, int criterionId, int fileId, CancellationToken ct)
    {
        var page = await LoadCriterionPageAsync(trustSlug, urn, criterionId, ct);
        if (page.Result is not null)
        {
            return page.Result;
        }
        var model = page.Model!;
        if (!model.CanEdit)
        {
            return Forbid();
        }
        var url = model.PostUrl;
        var cycle = model.Cycle!;
        var update = await db.ProgressUpdates.Include(u => u.Files)
            .SingleOrDefaultAsync(u => u.SchoolId == model.School.Id && u.ReviewCycleId == cycle.Id && u.SuccessCriterionId == criterionId, ct);
        var file = update?.Files.FirstOrDefault(f => f.Id == fileId);
        if (file is null)
        {
            // Already removed (a second click), or never on this update.
            TempData["Success"] = "The file has been removed";
            return Redirect(url);
        }
        try
        {
            var ret = await db.SchoolReturns.AsNoTracking().SingleOrDefaultAsync(r => r.SchoolId == model.School.Id && r.ReviewCycleId == cycle.Id, ct)
                ?? new SchoolReturn(model.School.Id, cycle.Id);
            ret.EnsureEditable(await db.ReviewCycles.AsNoTracking().SingleAsync(c => c.Id == cycle.Id, ct));
        }
        catch (DomainRuleException e)
        {
            TempData["Problem"] = e.Message.TrimEnd('.');
            return Redirect(url);
        }
        update!.RemoveFile(fileId);
        db.EvidenceFiles.Remove(file);
        await db.SaveChangesAsync(ct);
        await files.DeleteAsync(file.StoredKey, ct);
        TempData["Success"] = $"{file.OriginalName} removed";
        return Redirect(url);
    }

    [HttpPost("returns/staff-evidence")]
    [Authorize(Policy = Policies.ManageProgressReturns)]
    public async Task<IActionResult> StaffEvidence(string trustSlug, [FromForm] bool staffMaySeeEvidence, CancellationToken ct)
    {
        var trust = await db.Trusts.FindBrandAsync(trustSlug, ct);
        if (trust is null)
        {
            return NotFound();
        }
        if (!(await authorization.AuthorizeAsync(User, trust.AsResource(), TrustOperations.Manage)).Succeeded)
        {
            return Forbid();
        }
        var policy = await db.TrustAccountPolicies.SingleOrDefaultAsync(p => p.TrustId == trust.Id, ct);
        if (policy is null)
        {
            policy = new TrustAccountPolicy { TrustId = trust.Id };
            db.TrustAccountPolicies.Add(policy);
        }
        policy.StaffMaySeeEvidence = staffMaySeeEvidence;
        await db.SaveChangesAsync(ct);
        TempData["Success"] = staffMaySeeEvidence
            ? "Staff can now open schools' evidence files from the trust-wide summary"
            : "Staff can no longer open schools' evidence files";
        return Redirect($"/{trust.Slug}/progress/returns");
    }

    private async Task<EvidenceFile> StoreAsync(EvidenceUpload upload, DateTimeOffset now, CancellationToken ct)
    {
        string key;
        await using (var stream = upload.File.OpenReadStream())
        {
            key = await files.SaveAsync(stream, upload.Extension, ct);
        }
        return new EvidenceFile(key, EvidenceFiles.SafeName(upload.File.FileName, upload.Extension), upload.ContentType, upload.File.Length, User.DisplayName(), now);
    }

    /// Deletes a stored file whose record was not saved.
    private async Task ForgetAsync(EvidenceFile? stored, CancellationToken ct)
    {
        if (stored is not null)
        {
            await files.DeleteAsync(stored.StoredKey, CancellationToken.None);
        }
        ct.ThrowIfCancellationRequested();
    }

    /// The school's heads, the trust's trustees and administrators, and its staff when the trust allows it.
    private async Task<bool> MaySeeEvidenceAsync(SchoolRef school, CancellationToken ct) =>
        await AccessAsync(school) != Access.None
        || (User.TrustId() == school.TrustId && IsStaffOnly() && await StaffMaySeeEvidenceAsync(school.TrustId, ct));

    private bool IsStaffOnly() =>
        User.IsInRole(Roles.Staff) && !User.IsInRole(Roles.Headteacher) && !User.IsInRole(Roles.Trustee) && !User.IsInRole(Roles.TrustAdmin);

    private Task<bool> StaffMaySeeEvidenceAsync(int trustId, CancellationToken ct) =>
        db.TrustAccountPolicies.AnyAsync(p => p.TrustId == trustId && p.StaffMaySeeEvidence, ct);
}
