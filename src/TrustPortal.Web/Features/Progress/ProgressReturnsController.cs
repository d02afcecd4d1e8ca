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
    FormWrites writes,
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

    /// Locks the school's return (a new one when there is none yet): to the confirmation; a refusal goes back to the
    /// check page. Two submits at once (a double click) find or add the one return: the second finds it submitted.
    [HttpPost("{urn:int}/submit")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> Submit(TrustBrand trust, int urn, CancellationToken ct)
    {
        if (await OpenSchoolAsync(trust, urn, SchoolProgressRight.Record, ct) is { } refused)
        {
            return refused;
        }
        return await writes.RunAsync(this, new FormWrite<ReturnInCycle>
        {
            Load = OpenReturnAsync,
            // A second click on "Submit" changes nothing.
            Refuse = (found, _) => Task.FromResult<IActionResult?>(found.Return?.State == ReturnState.Submitted ? Redirect($"{SchoolUrl}/submitted") : null),
            Check = (found, _) =>
            {
                if (found.Cycle is null)
                {
                    ModelState.AddModelError("", "No review cycle is open, so there is no return to submit");
                }
                return Task.CompletedTask;
            },
            Change = async (found, c) =>
            {
                var ids = await Reader.CriterionIdsAsync(found.Cycle!.StrategicPlanId, c);
                var recorded = await Db.ProgressUpdates.CountAsync(u => u.SchoolId == CurrentSchool.Id && u.ReviewCycleId == found.Cycle.Id && ids.Contains(u.SuccessCriterionId), c);
                KeepingRules(() =>
                {
                    var ret = SchoolReturn.Admit(found.Return, CurrentSchool.Id, found.Cycle);
                    if (found.Return is null)
                    {
                        Db.SchoolReturns.Add(ret);
                    }
                    ret.Submit(found.Cycle, ids.Count, recorded, User.DisplayName(), clock.GetUtcNow());
                });
                return null;
            },
            RetryClashes = true,
            ClashMessage = "Someone else changed this return at the same time; check it and submit again",
            Done = found => found.Cycle is null ? SchoolUrl : ModelState.IsValid ? $"{SchoolUrl}/submitted" : $"{SchoolUrl}/check",
        }, ct);
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

    /// Reopens a submitted return; its heads are e-mailed the reason once it is saved. A return that is not submitted
    /// (a second click, or another administrator's reopening a moment ago) is already open for changes.
    [HttpPost("{urn:int}/reopen")]
    [Authorize(Policy = Policies.ManageProgressReturns)]
    public async Task<IActionResult> Reopen(TrustBrand trust, int urn, [Bind(Prefix = "Form")] ReopenReturnForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await OpenManagedSchoolAsync(trust, urn, ct) is { } refused)
        {
            return refused;
        }
        var reopened = false;
        return await writes.RunAsync(this, new FormWrite<ReturnInCycle>
        {
            Load = OpenReturnAsync,
            Change = (found, _) =>
            {
                reopened = found.Return?.State == ReturnState.Submitted;
                if (!reopened)
                {
                    return FormWrites.Done($"{CurrentSchool.Name}'s return is open for changes");
                }
                found.Return!.Reopen(found.Cycle!, form.Reason!, User.DisplayName(), clock.GetUtcNow());
                return FormWrites.Done(null);
            },
            AfterSave = async (found, c) => reopened
                ? ReopenedMessage(await mail.ReopenedAsync(Trust, CurrentSchool, found.Cycle!.Name, found.Return!.ReopenReason!, User.DisplayName(), $"{Request.Scheme}://{Request.Host}", c))
                : null,
            FieldOf = field => field == nameof(SchoolReturn.ReopenReason) ? "Form.Reason" : "",
            Done = _ => SchoolUrl,
            FormAsync = (_, _) => ReopenFormAsync(form, ct),
            // Two administrators reopening at once: the second is made again on the reopened return, which is open.
            RetryClashes = true,
        }, ct);
    }

    private string ReopenedMessage(int told) =>
        $"{CurrentSchool.Name}'s return is reopened: its heads can change it and submit again" +
        (told == 0 ? ". The school has no headteacher account to tell" : $". We have e-mailed {told} {(told == 1 ? "headteacher" : "headteachers")} your reason");

    /// The school's return in the open cycle, tracked; either may be missing.
    private sealed record ReturnInCycle(ReviewCycle? Cycle, SchoolReturn? Return);

    private async Task<ReturnInCycle?> OpenReturnAsync(CancellationToken ct)
    {
        var cycle = await Reader.OpenCycleAsync(Trust.Id, ct);
        return new(cycle, cycle is null ? null : await Db.SchoolReturns.SingleOrDefaultAsync(r => r.SchoolId == CurrentSchool.Id && r.ReviewCycleId == cycle.Id, ct));
    }

    private async Task<IActionResult> ReopenPageAsync(TrustBrand trust, int urn, ReopenReturnForm form, CancellationToken ct) =>
        await OpenManagedSchoolAsync(trust, urn, ct) ?? await ReopenFormAsync(form, ct);

    /// The reopen form for the school opened; back to the school when its return is not submitted in an open cycle.
    private async Task<IActionResult> ReopenFormAsync(ReopenReturnForm form, CancellationToken ct)
    {
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
        if (await OpenTrustAsync(trust, TrustOperations.Manage) is { } refused)
        {
            return refused;
        }
        var school = await Reader.SchoolAsync(Trust.Id, urn, ct);
        if (school is null)
        {
            return NotFound();
        }
        return await RemindAsync(async (open, c) =>
        {
            var sent = await mail.RemindAsync(Trust, open, [school.Id], $"{Request.Scheme}://{Request.Host}", c);
            return sent == 0
                ? $"{school.Name} has no headteacher account to remind"
                : $"Reminder sent to {sent} {(sent == 1 ? "headteacher" : "headteachers")} of {school.Name}";
        }, ct);
    }

    [HttpPost("returns/remind-all")]
    [Authorize(Policy = Policies.ManageProgressReturns)]
    public async Task<IActionResult> RemindAll(TrustBrand trust, CancellationToken ct)
    {
        if (await OpenTrustAsync(trust, TrustOperations.Manage) is { } refused)
        {
            return refused;
        }
        return await RemindAsync(async (open, c) =>
        {
            var schoolIds = await Db.Schools.AsNoTracking()
                .Where(s => s.TrustId == Trust.Id && !s.IsArchived
                    && !Db.SchoolReturns.Any(r => r.SchoolId == s.Id && r.ReviewCycleId == open.Id && r.State == ReturnState.Submitted))
                .Select(s => s.Id).ToListAsync(c);
            var sent = await mail.RemindAsync(Trust, open, schoolIds, $"{Request.Scheme}://{Request.Host}", c);
            return $"Reminders sent to {sent} {(sent == 1 ? "headteacher" : "headteachers")} of {schoolIds.Count} {(schoolIds.Count == 1 ? "school" : "schools")} that have not submitted";
        }, ct);
    }

    /// The trust's one settings row, found or added (RetryClashes: two first saves at once both land).
    [HttpPost("returns/staff-evidence")]
    [Authorize(Policy = Policies.ManageProgressReturns)]
    public async Task<IActionResult> StaffEvidence(TrustBrand trust, [FromForm] bool staffMaySeeEvidence, CancellationToken ct)
    {
        if (await OpenTrustAsync(trust, TrustOperations.Manage) is { } refused)
        {
            return refused;
        }
        return await writes.RunAsync(this, new FormWrite<TrustAccountPolicy>
        {
            Load = async c => await TrustAccountPolicies.FindOrAddAsync(Db, Trust.Id, c),
            RetryClashes = true,
            Change = (policy, _) =>
            {
                policy.StaffMaySeeEvidence = staffMaySeeEvidence;
                return FormWrites.Done(staffMaySeeEvidence
                    ? "Staff can now open schools' evidence files from the trust-wide summary"
                    : "Staff can no longer open schools' evidence files");
            },
            Done = _ => ReturnsUrl,
        }, ct);
    }

    /// A reminder is the write's change itself: it saves nothing of its own (each e-mail is recorded by OutgoingMail's
    /// audit entry as it is sent), so FormWrites' save finds nothing. With no open cycle there is nothing to remind
    /// schools about, said as the problem banner.
    private Task<IActionResult> RemindAsync(Func<CycleRef, CancellationToken, Task<string>> send, CancellationToken ct) =>
        writes.RunAsync(this, new FormWrite<OpenCycle>
        {
            Load = async c => new OpenCycle((await Reader.CyclesAsync(Trust.Id, c)).LastOrDefault(x => x.IsOpen)),
            Check = (open, _) =>
            {
                if (open.Cycle is null)
                {
                    ModelState.AddModelError("", "No review cycle is open, so there is nothing to remind schools about");
                }
                return Task.CompletedTask;
            },
            Change = async (open, c) => await send(open.Cycle!, c),
            Done = _ => ReturnsUrl,
        }, ct);

    private sealed record OpenCycle(CycleRef? Cycle);

    private string ReturnsUrl => $"/{Trust.Slug}/progress/returns";
}
