using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Progress;

/// What an administrator posts to reopen a submitted return.
public sealed class ReopenReturnForm
{
    [Required(ErrorMessage = "Say why you are reopening the return: the school's heads will read it")]
    [StringLength(SchoolReturn.ReasonLimit, ErrorMessage = "The reason must be 2,000 characters or fewer")]
    public string? Reason { get; set; }
}

/// Returns: the head checks the return and submits it (then it is locked, with a confirmation); the administrator sees
/// every school's return, reminds heads, reopens a submitted return with a reason the heads are sent.
[Authorize(Policy = Policies.ReadTrust)]
[TrustMembersOnly]
[Route("{trustSlug:trust}/progress")]
public sealed class ProgressReturnsController(
    TrustPortalDbContext db,
    ProgressReader reader,
    ProgressPages pages,
    IAuthorizationService authorization,
    ReturnMail mail,
    TimeProvider clock) : ProgressControllerBase(db, reader, authorization)
{
    [HttpGet("{urn:int}/check")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> Check(TrustBrand trust, int urn, CancellationToken ct)
    {
        if (await OpenSchoolAsync(trust, urn, SchoolProgressRight.Record, ct) is { } refused)
        {
            return refused;
        }
        var page = await pages.SchoolAsync(Trust.Id, CurrentSchool.Id, ct);
        if (page.Cycle is null || !SchoolReturn.Admits(page.Cycle.State, page.Return?.State))
        {
            return Redirect(page.Return?.State == ReturnState.Submitted ? $"{SchoolUrl}/submitted" : SchoolUrl);
        }
        return View(new CheckReturnViewModel(Trust, CurrentSchool, page.Cycle, page.Themes, page.Priorities));
    }

    [HttpPost("{urn:int}/submit")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> Submit(TrustBrand trust, int urn, CancellationToken ct)
    {
        if (await OpenSchoolAsync(trust, urn, SchoolProgressRight.Record, ct) is { } refused)
        {
            return refused;
        }
        var cycle = await Reader.OpenCycleAsync(Trust.Id, ct);
        if (cycle is null)
        {
            TempData["Problem"] = "No review cycle is open, so there is no return to submit";
            return Redirect(SchoolUrl);
        }
        var existing = await Db.SchoolReturns.SingleOrDefaultAsync(r => r.SchoolId == CurrentSchool.Id && r.ReviewCycleId == cycle.Id, ct);
        if (existing?.State == ReturnState.Submitted)
        {
            // A second click on "Submit" changes nothing.
            return Redirect($"{SchoolUrl}/submitted");
        }
        var ids = await Reader.CriterionIdsAsync(cycle.StrategicPlanId, ct);
        var recorded = await Db.ProgressUpdates.CountAsync(u => u.SchoolId == CurrentSchool.Id && u.ReviewCycleId == cycle.Id && ids.Contains(u.SuccessCriterionId), ct);
        return await SubmitAsync(existing, cycle, ids.Count, recorded, ct);
    }

    /// Locks the school's return (a new one when there is none yet); a refusal goes back to the check page.
    private async Task<IActionResult> SubmitAsync(SchoolReturn? existing, ReviewCycle cycle, int criteria, int recorded, CancellationToken ct)
    {
        try
        {
            var ret = SchoolReturn.Admit(existing, CurrentSchool.Id, cycle);
            if (existing is null)
            {
                Db.SchoolReturns.Add(ret);
            }
            ret.Submit(cycle, criteria, recorded, User.DisplayName(), clock.GetUtcNow());
            await Db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            TempData["Problem"] = e.Message.TrimEnd('.');
            return Redirect($"{SchoolUrl}/check");
        }
        catch (DbUpdateException)
        {
            TempData["Problem"] = "Someone else changed this return at the same time; check it and submit again";
            return Redirect($"{SchoolUrl}/check");
        }
        return Redirect($"{SchoolUrl}/submitted");
    }

    [HttpGet("{urn:int}/submitted")]
    public async Task<IActionResult> Submitted(TrustBrand trust, int urn, CancellationToken ct)
    {
        if (await OpenSchoolAsync(trust, urn, SchoolProgressRight.Read, ct) is { } refused)
        {
            return refused;
        }
        var cycle = ProgressReader.Current(await Reader.CyclesAsync(Trust.Id, ct));
        var ret = cycle is null ? null : await Reader.ReturnAsync(CurrentSchool.Id, cycle.Id, ct);
        return ret?.State != ReturnState.Submitted ? Redirect(SchoolUrl) : View(new ReturnSubmittedViewModel(Trust, CurrentSchool, cycle!, ret));
    }

    [HttpGet("{urn:int}/reopen")]
    [Authorize(Policy = Policies.ManageProgressReturns)]
    public async Task<IActionResult> ConfirmReopen(TrustBrand trust, int urn, CancellationToken ct) =>
        await ReopenPageAsync(trust, urn, new ReopenReturnForm(), ct);

    [HttpPost("{urn:int}/reopen")]
    [Authorize(Policy = Policies.ManageProgressReturns)]
    public async Task<IActionResult> Reopen(TrustBrand trust, int urn, [Bind(Prefix = "Form")] ReopenReturnForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!ModelState.IsValid)
        {
            return await ReopenPageAsync(trust, urn, form, ct);
        }
        if (await OpenManagedSchoolAsync(trust, urn, ct) is { } refused)
        {
            return refused;
        }
        var cycle = await Reader.OpenCycleAsync(Trust.Id, ct);
        var ret = cycle is null ? null : await Db.SchoolReturns.SingleOrDefaultAsync(r => r.SchoolId == CurrentSchool.Id && r.ReviewCycleId == cycle.Id, ct);
        if (ret is null || ret.State != ReturnState.Submitted)
        {
            TempData["Success"] = $"{CurrentSchool.Name}'s return is open for changes";
            return Redirect(SchoolUrl);
        }
        try
        {
            ret.Reopen(cycle!, form.Reason!, User.DisplayName(), clock.GetUtcNow());
            await Db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e) when (e.Field == nameof(SchoolReturn.ReopenReason))
        {
            ModelState.AddModelError("Form.Reason", e.Message.TrimEnd('.'));
            return await ReopenPageAsync(trust, urn, form, ct);
        }
        catch (DomainRuleException e)
        {
            TempData["Problem"] = e.Message.TrimEnd('.');
            return Redirect(SchoolUrl);
        }
        var told = await mail.ReopenedAsync(Trust, CurrentSchool, cycle!.Name, ret.ReopenReason!, User.DisplayName(), $"{Request.Scheme}://{Request.Host}", ct);
        TempData["Success"] = $"{CurrentSchool.Name}'s return is reopened: its heads can change it and submit again" +
            (told == 0 ? ". The school has no headteacher account to tell" : $". We have e-mailed {told} {(told == 1 ? "headteacher" : "headteachers")} your reason");
        return Redirect(SchoolUrl);
    }

    private async Task<IActionResult> ReopenPageAsync(TrustBrand trust, int urn, ReopenReturnForm form, CancellationToken ct)
    {
        if (await OpenManagedSchoolAsync(trust, urn, ct) is { } refused)
        {
            return refused;
        }
        var cycle = ProgressReader.Current(await Reader.CyclesAsync(Trust.Id, ct));
        var ret = cycle is null ? null : await Reader.ReturnAsync(CurrentSchool.Id, cycle.Id, ct);
        if (ret?.State != ReturnState.Submitted || cycle?.IsOpen != true)
        {
            return Redirect(SchoolUrl);
        }
        return View("Reopen", new ReopenReturnViewModel(Trust, CurrentSchool, cycle, ret, form));
    }

    /// The trust's administrators manage every school's return.
    private async Task<IActionResult?> OpenManagedSchoolAsync(TrustBrand trust, int urn, CancellationToken ct)
    {
        if (await OpenTrustAsync(trust, TrustOperations.Manage) is { } refused)
        {
            return refused;
        }
        return await OpenSchoolAsync(trust, urn, SchoolProgressRight.Read, ct);
    }

    [HttpGet("returns")]
    [Authorize(Policy = Policies.ManageProgressReturns)]
    public async Task<IActionResult> Returns(TrustBrand trust, CancellationToken ct)
    {
        if (await OpenTrustAsync(trust, TrustOperations.Manage) is { } refused)
        {
            return refused;
        }
        var open = (await Reader.CyclesAsync(Trust.Id, ct)).LastOrDefault(c => c.IsOpen);
        var staffMaySee = await StaffMaySeeEvidenceAsync(Trust.Id, ct);
        if (open is null)
        {
            return View(new ReturnsViewModel(Trust, null, 0, []) { StaffMaySeeEvidence = staffMaySee });
        }
        var criteria = await Reader.CriterionIdsAsync(open.PlanId, ct);
        return View(new ReturnsViewModel(Trust, open, criteria.Count, await mail.RowsAsync(Trust.Id, open.Id, ct)) { StaffMaySeeEvidence = staffMaySee });
    }

    [HttpPost("returns/{urn:int}/remind")]
    [Authorize(Policy = Policies.ManageProgressReturns)]
    public async Task<IActionResult> Remind(TrustBrand trust, int urn, CancellationToken ct)
    {
        var (refused, open) = await OpenReturnsAsync(trust, ct);
        if (refused is not null)
        {
            return refused;
        }
        var school = await Reader.SchoolAsync(Trust.Id, urn, ct);
        if (school is null)
        {
            return NotFound();
        }
        var sent = await mail.RemindAsync(Trust, open!, [school.Id], $"{Request.Scheme}://{Request.Host}", ct);
        TempData["Success"] = sent == 0
            ? $"{school.Name} has no headteacher account to remind"
            : $"Reminder sent to {sent} {(sent == 1 ? "headteacher" : "headteachers")} of {school.Name}";
        return Redirect($"/{Trust.Slug}/progress/returns");
    }

    [HttpPost("returns/remind-all")]
    [Authorize(Policy = Policies.ManageProgressReturns)]
    public async Task<IActionResult> RemindAll(TrustBrand trust, CancellationToken ct)
    {
        var (refused, open) = await OpenReturnsAsync(trust, ct);
        if (refused is not null)
        {
            return refused;
        }
        var schoolIds = await Db.Schools.AsNoTracking()
            .Where(s => s.TrustId == Trust.Id && !s.IsArchived
                && !Db.SchoolReturns.Any(r => r.SchoolId == s.Id && r.ReviewCycleId == open!.Id && r.State == ReturnState.Submitted))
            .Select(s => s.Id).ToListAsync(ct);
        var sent = await mail.RemindAsync(Trust, open!, schoolIds, $"{Request.Scheme}://{Request.Host}", ct);
        TempData["Success"] = $"Reminders sent to {sent} {(sent == 1 ? "headteacher" : "headteachers")} of {schoolIds.Count} {(schoolIds.Count == 1 ? "school" : "schools")} that have not submitted";
        return Redirect($"/{Trust.Slug}/progress/returns");
    }

    [HttpPost("returns/staff-evidence")]
    [Authorize(Policy = Policies.ManageProgressReturns)]
    public async Task<IActionResult> StaffEvidence(TrustBrand trust, [FromForm] bool staffMaySeeEvidence, CancellationToken ct)
    {
        if (await OpenTrustAsync(trust, TrustOperations.Manage) is { } refused)
        {
            return refused;
        }
        await SaveRetryingClashes.SaveAsync(Db, async c =>
            (await TrustAccountPolicies.FindOrAddAsync(Db, Trust.Id, c)).StaffMaySeeEvidence = staffMaySeeEvidence, ct);
        TempData["Success"] = staffMaySeeEvidence
            ? "Staff can now open schools' evidence files from the trust-wide summary"
            : "Staff can no longer open schools' evidence files";
        return Redirect($"/{Trust.Slug}/progress/returns");
    }

    /// The trust (managed by the user) and its open cycle; without one, back to the overview with a problem.
    private async Task<(IActionResult? Refused, CycleRef? Open)> OpenReturnsAsync(TrustBrand trust, CancellationToken ct)
    {
        if (await OpenTrustAsync(trust, TrustOperations.Manage) is { } refused)
        {
            return (refused, null);
        }
        var open = (await Reader.CyclesAsync(Trust.Id, ct)).LastOrDefault(c => c.IsOpen);
        if (open is null)
        {
            TempData["Problem"] = "No review cycle is open, so there is nothing to remind schools about";
            return (Redirect($"/{Trust.Slug}/progress/returns"), null);
        }
        return (null, open);
    }
}
