using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.PlanAdmin;

/// An aim's success criteria: add, edit (the wording's history is kept), remove (one with progress is retired).
/// Part of the plan editor (PlanAdminController).
[Authorize(Policy = Policies.ManagePlans)]
[Route("admin/plans/{planSlug}")]
public sealed class PlanCriteriaController(TrustPortalDbContext db, FormWrites writes, TimeProvider clock) : PlanEditorController(db, writes)
{
    [HttpGet("aims/{aimId:int}/criteria/new")]
    public Task<IActionResult> AddCriterion(string planSlug, int aimId, CancellationToken ct) =>
        PageAsync(planSlug, plan => plan.CurrentAims.FirstOrDefault(a => a.Id == aimId) is { } aim
            ? View("Criterion", new CriterionFormViewModel(Header(plan), new CriterionForm { Version = plan.Version }, aimId, aim.Title, null, null, []))
            : NotFound(), ct);

    [HttpPost("aims/{aimId:int}/criteria/new")]
    public Task<IActionResult> AddCriterion(string planSlug, int aimId, [Bind(Prefix = "Form")] CriterionForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        DateOnly? date = null;
        return SaveAsync(planSlug, form, (plan, _) =>
            {
                var aim = Find(plan.CurrentAims, a => a.Id == aimId, "aim");
                plan.AddCriterion(aim, form.Text!, form.MeasurableTarget, date);
                return FormWrites.Done($"Success criterion added to aim {aim.Number}");
            },
            (plan, _) => View("Criterion", new CriterionFormViewModel(Header(plan), form, aimId, plan.CurrentAims.First(a => a.Id == aimId).Title, null, null, [])),
            ct, "Form.Text", $"#aim-{aimId}",
            check: (_, _) => Task.FromResult(date = form.TargetDate.Read(ModelState, "Form.TargetDate", "The target date", required: false)),
            exists: plan => plan.CurrentAims.Any(a => a.Id == aimId));
    }

    [HttpGet("criteria/{id:int}")]
    public async Task<IActionResult> Criterion(string planSlug, int id, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        if (AimOf(plan, id) is not { } aim)
        {
            return NotFound();
        }
        var criterion = aim.Criteria.First(c => c.Id == id);
        var form = new CriterionForm { Text = criterion.Text, MeasurableTarget = criterion.MeasurableTarget, TargetDate = DateParts.From(criterion.TargetDate), Version = plan!.Version };
        return View("Criterion", new CriterionFormViewModel(Header(plan), form, aim.Id, aim.Title, id, null, await HistoryAsync(id, ct)));
    }

    [HttpPost("criteria/{id:int}")]
    public Task<IActionResult> Criterion(string planSlug, int id, [Bind(Prefix = "Form")] CriterionForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        DateOnly? date = null;
        return Writes.RunAsync(this, new FormWrite<StrategicPlan>
        {
            Load = async c => await LoadAsync(planSlug, c) is { } plan && AimOf(plan, id) is not null ? plan : null,
            Seen = form,
            Check = (_, _) => Task.FromResult(date = form.TargetDate.Read(ModelState, "Form.TargetDate", "The target date", required: false)),
            Change = (plan, _) =>
            {
                plan.EditCriterion(AimOf(plan, id)!.Criteria.First(c => c.Id == id), form.Text!, form.MeasurableTarget, date, ActorName, clock.GetUtcNow());
                return FormWrites.Done("Success criterion saved; progress recorded against it stays with it");
            },
            FieldOf = _ => "Form.Text",
            Done = plan => $"/admin/plans/{planSlug}#aim-{AimOf(plan, id)!.Id}",
            FormAsync = async (plan, theirs) =>
            {
                var aim = AimOf(plan, id)!;
                var c = aim.Criteria.First(x => x.Id == id);
                var current = theirs ? new CriterionSnapshot(c.Text, c.MeasurableTarget, c.TargetDate) : null;
                return View("Criterion", new CriterionFormViewModel(Header(plan), form, aim.Id, aim.Title, id, current, await HistoryAsync(id, ct)));
            },
            ConflictMessage = PlanAdminController.ConflictMessage,
        }, ct);
    }

    [HttpGet("criteria/{id:int}/remove")]
    public async Task<IActionResult> RemoveCriterion(string planSlug, int id, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        var criterion = AimOf(plan, id)?.Criteria.First(c => c.Id == id);
        if (criterion is null || criterion.IsRetired)
        {
            return NotFound();
        }
        var updates = await Db.ProgressUpdates.CountAsync(u => u.SuccessCriterionId == id, ct);
        var retires = plan!.Status != PlanStatus.Draft || updates > 0;
        return View("Confirm", new ConfirmViewModel(Header(plan), "Remove this success criterion?",
            retires
                ? $"It will be retired: hidden from the plan and from new returns, and kept with the {updates} progress {(updates == 1 ? "update" : "updates")} schools recorded against it."
                : "It will be deleted. Nothing has been recorded against it.",
            $"/admin/plans/{planSlug}/criteria/{id}/remove", retires ? "Retire criterion" : "Delete criterion", Warning: true, criterion.Text));
    }

    [HttpPost("criteria/{id:int}/remove")]
    public Task<IActionResult> RemoveCriterion(string planSlug, int id, VersionForm form, CancellationToken ct) =>
        ButtonAsync(planSlug, form, async (plan, c) =>
        {
            var criterion = Find(plan.Aims.SelectMany(a => a.Criteria).Where(x => !x.IsRetired), x => x.Id == id, "success criterion");
            var hasProgress = await Db.ProgressUpdates.AnyAsync(u => u.SuccessCriterionId == id, c);
            return plan.RemoveCriterion(criterion, hasProgress) == Removal.Retired
                ? "Success criterion retired: its recorded progress is kept"
                : "Success criterion deleted";
        }, ct);

    [HttpGet("criteria/{id:int}/measure")]
    public async Task<IActionResult> Measure(string planSlug, int id, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        if (AimOf(plan, id) is not { } aim || aim.Criteria.First(c => c.Id == id) is not { IsRetired: false } criterion)
        {
            return NotFound();
        }
        return View("Measure", MeasurePage(plan!, aim, criterion, SetMeasureForm.From(criterion.Measure, plan!.Version), null));
    }

    /// Sets the criterion's numeric measure (ADR 0144); the criterion's words are not part of this form and never change.
    [HttpPost("criteria/{id:int}/measure")]
    public Task<IActionResult> Measure(string planSlug, int id, [Bind(Prefix = "Form")] SetMeasureForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        DateOnly? date = null;
        return Writes.RunAsync(this, new FormWrite<StrategicPlan>
        {
            Load = async c => await LoadAsync(planSlug, c) is { } plan && AimOf(plan, id)?.Criteria.First(x => x.Id == id) is { IsRetired: false } ? plan : null,
            Seen = form,
            Check = (_, _) => Task.FromResult(date = form.TargetDate.Read(ModelState, "Form.TargetDate", "The target date", required: true)),
            Change = (plan, _) =>
            {
                var criterion = AimOf(plan, id)!.Criteria.First(c => c.Id == id);
                var measure = CriterionMeasure.Create(
                    MeasureNumber.Parse(form.Baseline, "The baseline", nameof(CriterionMeasure.Baseline)) ?? throw new DomainRuleException(nameof(CriterionMeasure.Baseline), "Enter the baseline: where the schools start from"),
                    MeasureNumber.Parse(form.Target, "The target", nameof(CriterionMeasure.Target)) ?? throw new DomainRuleException(nameof(CriterionMeasure.Target), "Enter the target: where the schools aim to get to"),
                    form.Unit, form.Direction!.Value, date!.Value);
                return FormWrites.Done(plan.SetMeasure(criterion, measure)
                    ? $"Measure saved: {measure.Format(measure.Baseline)} to {measure.Format(measure.Target)}. Heads record the current value each cycle"
                    : "Measure saved: nothing had changed");
            },
            FieldOf = field => field switch
            {
                nameof(CriterionMeasure.Baseline) => "Form.Baseline",
                nameof(CriterionMeasure.Target) => "Form.Target",
                nameof(CriterionMeasure.Unit) => "Form.Unit",
                nameof(CriterionMeasure.Direction) => "Form.Direction",
                nameof(CriterionMeasure.TargetDate) => "Form.TargetDate.Day",
                _ => "",
            },
            Done = plan => $"/admin/plans/{planSlug}#criterion-{id}",
            Form = (plan, theirs) =>
            {
                var aim = AimOf(plan, id)!;
                var criterion = aim.Criteria.First(c => c.Id == id);
                return View("Measure", MeasurePage(plan, aim, criterion, form, theirs ? criterion.Measure : null) with { ShowOthers = theirs });
            },
            ConflictMessage = PlanAdminController.ConflictMessage,
        }, ct);
    }

    /// Takes the measure away; values schools recorded stay in their updates, unshown until a measure is set again.
    [HttpPost("criteria/{id:int}/measure/remove")]
    public Task<IActionResult> RemoveMeasure(string planSlug, int id, VersionForm form, CancellationToken ct) =>
        ButtonAsync(planSlug, form, (plan, _) =>
        {
            var criterion = Find(plan.Aims.SelectMany(a => a.Criteria).Where(x => !x.IsRetired), x => x.Id == id, "success criterion");
            return FormWrites.Done(plan.SetMeasure(criterion, null) ? "Measure removed: values already recorded are kept" : null);
        }, ct, $"#criterion-{id}");

    private static MeasureFormViewModel MeasurePage(StrategicPlan plan, StrategicAim aim, SuccessCriterion criterion, SetMeasureForm form, CriterionMeasure? theirs) =>
        new(Header(plan), form, aim.Number, aim.Title, criterion.Id, criterion.Text, criterion.MeasurableTarget, criterion.Measure is not null, theirs,
            plan.StartYear is { } start && plan.EndYear is { } end ? (new DateOnly(start, 9, 1), new DateOnly(end, 8, 31)) : null);

    private async Task<List<CriterionRevisionRow>> HistoryAsync(int criterionId, CancellationToken ct)
    {
        var rows = await Db.CriterionRevisions.AsNoTracking().Where(r => r.SuccessCriterionId == criterionId)
            .Select(r => new CriterionRevisionRow(r.Text, r.MeasurableTarget, r.TargetDate, r.ReplacedBy, r.ReplacedAt))
            .ToListAsync(ct);
        // Sorted here: SQLite cannot order by a DateTimeOffset column.
        return rows.OrderByDescending(r => r.ReplacedAt).ToList();
    }

    /// The aim that holds the criterion, in the loaded plan.
    private static StrategicAim? AimOf(StrategicPlan? plan, int criterionId) => plan?.Aims.FirstOrDefault(a => a.Criteria.Any(c => c.Id == criterionId));
}
