using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Improvement;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Features.Progress;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.SelfEvaluation;

/// Reopening a submitted self-evaluation (ADR 0163), like a return: the trust's administrator gives a reason, the
/// school's heads are e-mailed it, and the school may change its judgements and submit again. The trust's
/// moderation and every revision are kept.
[TrustMembersOnly]
[Authorize(Policy = Policies.ModerateSelfEvaluation)]
[Route("{trustSlug:trust}/self-evaluation/{urn:int}/reopen")]
public sealed class SelfEvaluationReopenController(
    TrustPortalDbContext db,
    SelfEvaluationReader reader,
    ProgressReader progress,
    FormWrites writes,
    ReturnMail mail,
    TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> ConfirmReopen(TrustBrand trust, int urn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var (school, cycle, evaluation) = await FindAsync(trust, urn, ct);
        if (school is null)
        {
            return NotFound();
        }
        if (cycle is null || evaluation is not { State: SelfEvaluationState.Submitted })
        {
            return Redirect($"/{trust.Slug}/self-evaluation/{urn}");
        }
        return View("Reopen", new ReopenSelfEvaluationViewModel(trust, school, cycle, evaluation, new ReopenSelfEvaluationForm()));
    }

    [HttpPost("")]
    public async Task<IActionResult> Reopen(TrustBrand trust, int urn, [Bind(Prefix = "Form")] ReopenSelfEvaluationForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(form);
        var (school, cycle, _) = await FindAsync(trust, urn, ct);
        if (school is null)
        {
            return NotFound();
        }
        var back = $"/{trust.Slug}/self-evaluation/{urn}";
        if (cycle is null)
        {
            TempData["Problem"] = "There is no open review cycle, so the self-evaluation cannot be reopened now";
            return Redirect(back);
        }
        var schoolRef = new SchoolRef(school.Id, school.Urn, school.Name, trust.Id);
        return await writes.RunAsync(this, new FormWrite<SchoolSelfEvaluation>
        {
            Load = c => db.SelfEvaluations.SingleOrDefaultAsync(e => e.SchoolId == school.Id && e.ReviewCycleId == cycle.Id, c),
            Change = (evaluation, _) =>
            {
                evaluation.Reopen(form.Reason, User.DisplayName(), clock.GetUtcNow());
                return FormWrites.Done(null);
            },
            AfterSave = async (evaluation, c) =>
            {
                var told = await mail.SelfEvaluationReopenedAsync(trust, schoolRef, cycle.Name, evaluation.ReopenReason!, User.DisplayName(), $"{Request.Scheme}://{Request.Host}", c);
                return $"{school.Name}'s self-evaluation is reopened: its heads can change it and submit again" +
                    (told == 0 ? ". The school has no headteacher account to tell" : $". We have e-mailed {told} {(told == 1 ? "headteacher" : "headteachers")} your reason");
            },
            FieldOf = field => field == nameof(SchoolSelfEvaluation.ReopenReason) ? "Form.Reason" : "",
            Done = _ => back,
            Form = (evaluation, _) => evaluation.State == SelfEvaluationState.Submitted
                ? View("Reopen", new ReopenSelfEvaluationViewModel(trust, school, cycle, evaluation, form))
                : Redirect(back),
        }, ct);
    }

    /// The school, the open cycle (null when none is open) and the school's self-evaluation in it (untracked).
    private async Task<(EvaluatedSchool? School, CycleRef? Cycle, SchoolSelfEvaluation? Evaluation)> FindAsync(TrustBrand trust, int urn, CancellationToken ct)
    {
        var school = await reader.SchoolAsync(trust.Id, urn, ct);
        if (school is null)
        {
            return (null, null, null);
        }
        var cycle = ProgressReader.Current(await progress.CyclesAsync(trust.Id, ct)) is { IsOpen: true } open ? open : null;
        var evaluation = cycle is null ? null : await db.SelfEvaluations.AsNoTracking().SingleOrDefaultAsync(e => e.SchoolId == school.Id && e.ReviewCycleId == cycle.Id, ct);
        return (school, cycle, evaluation);
    }
}

public sealed class ReopenSelfEvaluationForm
{
    [Required(ErrorMessage = "Say why you are reopening the self-evaluation: the school's heads will read it")]
    [StringLength(SchoolSelfEvaluation.ReasonLimit, ErrorMessage = "The reason must be 2,000 characters or fewer")]
    public string? Reason { get; set; }
}

public sealed record ReopenSelfEvaluationViewModel(TrustBrand Trust, EvaluatedSchool School, CycleRef Cycle, SchoolSelfEvaluation Evaluation, ReopenSelfEvaluationForm Form) : ITrustPage
{
    public TrustSection Section => TrustSection.SelfEvaluation;
}
