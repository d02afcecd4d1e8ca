using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.PlanAdmin;

/// Trust administrators write their own trust's strategic plans: this controller the plans themselves (list, new,
/// the editor, details, order, publishing and archiving); horizons, themes and aims, and criteria have their own under
/// the same /admin/plans prefix. Every form posts the plan's version; a change from an older version is refused and
/// the other administrator's version is shown beside the kept input (ADR 0030, 0135).
[Authorize(Policy = Policies.ManagePlans)]
[Route("admin/plans")]
public sealed class PlanAdminController(TrustPortalDbContext db, FormWrites writes) : PlanEditorController(db, writes)
{
    internal const string ConflictMessage = "Another administrator changed this plan while you were editing. Their version is shown below and your changes are kept in the form: check them and save again.";
    internal const string ConflictButtonMessage = "Another administrator changed this plan since you opened the page, so nothing was changed. The page now shows their version: try again if you still need to.";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(new PlanListViewModel(await ListAsync(ct)));

    [HttpGet("new")]
    public async Task<IActionResult> Create(CancellationToken ct) => View(new CreatePlanViewModel(new CreatePlanForm(), await ListAsync(ct)));

    [HttpPost("new")]
    public Task<IActionResult> Create([Bind(Prefix = "Form")] CreatePlanForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        StrategicPlan? source = null, plan = null;
        return Writes.RunAsync(this, new FormWrite<List<PlanListRow>>
        {
            Load = async c => await ListAsync(c),
            Check = async (_, c) => source = await CheckNewPlanAsync(form, c),
            Change = (_, _) =>
            {
                plan = source is null
                    ? new StrategicPlan(TrustId, form.Slug!, form.Title!, Years.Parse(form.StartYear), Years.Parse(form.EndYear))
                    : source.CopyAsNewDraft(form.Slug!, form.Title!, Years.Parse(form.StartYear), Years.Parse(form.EndYear));
                Db.StrategicPlans.Add(plan);
                return FormWrites.Done(source is null ? $"{plan.Title} created as a draft" : $"{plan.Title} created as a draft copy of {source.Title}");
            },
            FieldOf = field => field switch { nameof(StrategicPlan.StartYear) => "Form.StartYear", nameof(StrategicPlan.EndYear) => "Form.EndYear", _ => "Form.Title" },
            Done = _ => $"/admin/plans/{plan!.Slug}",
            Form = (plans, _) => View(new CreatePlanViewModel(form, plans)),
        }, ct);
    }

    [HttpGet("{planSlug}")]
    public async Task<IActionResult> Edit(string planSlug, CancellationToken ct)
    {
        var plan = await Db.StrategicPlans.AsNoTracking()
            .Where(p => p.TrustId == TrustId && p.Slug == planSlug)
            .Select(p => new EditorPlan(p.Id, p.Slug, p.Title, p.StartYear, p.EndYear, p.Status, p.Introduction, p.Version,
                p.Horizons.OrderBy(h => h.Position).Select(h => new EditorHorizon(h.Id, h.Name)).ToList(),
                p.Themes.OrderBy(t => t.Position).Select(t => new EditorTheme(t.Id, t.Title,
                    t.Aims.OrderBy(a => a.IsRetired).ThenBy(a => a.Position).Select(a => new EditorAim(a.Id, a.Number, a.Title, a.Statement, a.HorizonId, a.IsRetired,
                        a.FrameworkTags.OrderBy(x => x.Code).Select(x => x.Code).ToList(),
                        a.Criteria.OrderBy(c => c.IsRetired).ThenBy(c => c.Position)
                            .Select(c => new EditorCriterion(c.Id, c.Text, c.MeasurableTarget, c.TargetDate, c.IsRetired, c.Revisions.Count)
                            {
                                Measure = SuccessCriterion.FromColumns(c.MeasureBaseline, c.MeasureTarget, c.MeasureUnit, c.MeasureDirection, c.MeasureTargetDate, c.MeasureIsExample),
                            }).ToList())).ToList())).ToList()))
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        if (plan is null)
        {
            return NotFound();
        }
        var updates = await (
                from u in Db.ProgressUpdates
                join c in Db.SuccessCriteria on u.SuccessCriterionId equals c.Id
                join a in Db.StrategicAims on c.StrategicAimId equals a.Id
                join t in Db.PlanThemes on a.PlanThemeId equals t.Id
                where t.StrategicPlanId == plan.Id
                group u by u.SuccessCriterionId into g
                select new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var cycles = await Db.ReviewCycles.CountAsync(c => c.StrategicPlanId == plan.Id, ct);
        return View(new PlanEditorViewModel(plan, updates, cycles));
    }

    [HttpGet("{planSlug}/details")]
    public Task<IActionResult> Details(string planSlug, CancellationToken ct) =>
        PageAsync(planSlug, plan => View(new PlanFormViewModel<PlanDetailsForm>(Header(plan), DetailsFormFrom(plan))), ct);

    [HttpPost("{planSlug}/details")]
    public Task<IActionResult> Details(string planSlug, [Bind(Prefix = "Form")] PlanDetailsForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        return SaveAsync(planSlug, form, async (plan, c) =>
            {
                plan.EditDetails(form.Title!, Years.Parse(form.StartYear), Years.Parse(form.EndYear), form.Introduction, await PublishedPeriodsAsync(plan.Id, c));
                return "Plan details saved";
            },
            (plan, theirs) => View(new PlanFormViewModel<PlanDetailsForm>(Header(plan), form, null, theirs ? DetailsFormFrom(plan) : null)), ct, "Form.Title");
    }

    [HttpPost("{planSlug}/renumber")]
    public Task<IActionResult> Renumber(string planSlug, VersionForm form, CancellationToken ct) =>
        ButtonAsync(planSlug, form, (plan, _) =>
        {
            plan.RenumberAims();
            return FormWrites.Done("Aims renumbered 1, 2, 3\u2026 in the order they appear");
        }, ct);

    [HttpPost("{planSlug}/move")]
    public Task<IActionResult> Move(string planSlug, MoveForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!ModelState.IsValid)
        {
            return Task.FromResult<IActionResult>(BadRequest());
        }
        var offset = form.Direction == "up" ? -1 : 1;
        return ButtonAsync(planSlug, form, (plan, _) =>
        {
            switch (form.Kind)
            {
                case "horizon":
                    plan.MoveHorizon(Find(plan.Horizons, h => h.Id == form.Id, "horizon"), offset);
                    break;
                case "theme":
                    plan.MoveTheme(Find(plan.Themes, t => t.Id == form.Id, "theme"), offset);
                    break;
                case "aim":
                    plan.MoveAim(Find(plan.CurrentAims, a => a.Id == form.Id, "aim"), offset);
                    break;
                default:
                    plan.MoveCriterion(Find(plan.CurrentAims.SelectMany(a => a.CurrentCriteria), c => c.Id == form.Id, "success criterion"), offset);
                    break;
            }
            return FormWrites.Done($"Moved {form.Direction}");
        }, ct, $"#{form.Kind}-{form.Id}");
    }

    [HttpGet("{planSlug}/publish")]
    public Task<IActionResult> Publish(string planSlug, CancellationToken ct) =>
        PageAsync(planSlug, plan => View("Confirm", PublishConfirm(plan)), ct);

    [HttpPost("{planSlug}/publish")]
    public Task<IActionResult> Publish(string planSlug, VersionForm form, CancellationToken ct) =>
        SaveAsync(planSlug, form, async (plan, c) =>
            {
                plan.Publish(await PublishedPeriodsAsync(plan.Id, c));
                return $"{plan.Title} is published: staff and the public can read it, and its review cycles can be opened";
            },
            (plan, _) => View("Confirm", PublishConfirm(plan)), ct);

    [HttpGet("{planSlug}/archive")]
    public Task<IActionResult> Archive(string planSlug, CancellationToken ct) =>
        PageAsync(planSlug, plan => View("Confirm", ArchiveConfirm(plan)), ct);

    [HttpPost("{planSlug}/archive")]
    public Task<IActionResult> Archive(string planSlug, VersionForm form, CancellationToken ct) =>
        SaveAsync(planSlug, form, async (plan, c) =>
            {
                var open = await Db.ReviewCycles.Where(r => r.StrategicPlanId == plan.Id && r.State == CycleState.Open).Select(r => r.Name).FirstOrDefaultAsync(c);
                if (open is not null)
                {
                    throw new DomainRuleException($"{open} is open. Close it before archiving the plan, so that schools' returns are complete.");
                }
                plan.Archive();
                return $"{plan.Title} is archived and read-only";
            },
            (plan, _) => View("Confirm", ArchiveConfirm(plan)), ct);

    private async Task<StrategicPlan?> CheckNewPlanAsync(CreatePlanForm form, CancellationToken ct)
    {
        if (ModelState.IsValid && await Db.StrategicPlans.AnyAsync(p => p.TrustId == TrustId && p.Slug == form.Slug, ct))
        {
            ModelState.AddModelError("Form.Slug", "Your trust already has a plan at this web address. Choose another, like 2028-2031");
        }
        if (!ModelState.IsValid || string.IsNullOrEmpty(form.CopyFrom))
        {
            return null;
        }
        var source = await LoadAsync(form.CopyFrom, ct);
        if (source is null)
        {
            ModelState.AddModelError("Form.CopyFrom", "Choose a plan of your trust to copy, or start from a blank plan");
        }
        return source;
    }

    private static ConfirmViewModel PublishConfirm(StrategicPlan plan) => new(Header(plan), $"Publish {plan.Title}?",
        "Staff and the public will be able to read the plan, and you can open its review cycles. You can still edit it: removing a success criterion then retires it, so progress recorded against it is kept.",
        $"/admin/plans/{plan.Slug}/publish", "Publish plan", Warning: false);

    private static ConfirmViewModel ArchiveConfirm(StrategicPlan plan) => new(Header(plan), $"Archive {plan.Title}?",
        "The plan becomes read-only. Published plans stay readable as the trust's history. To change it later, create a new plan as a copy of it.",
        $"/admin/plans/{plan.Slug}/archive", "Archive plan", Warning: true);

    private Task<List<PlanListRow>> ListAsync(CancellationToken ct) =>
        Db.StrategicPlans.AsNoTracking().Where(p => p.TrustId == TrustId)
            .OrderBy(p => p.Status).ThenByDescending(p => p.StartYear).ThenBy(p => p.Title)
            .Select(p => new PlanListRow(p.Slug, p.Title, p.StartYear, p.EndYear, p.Status, p.Themes.SelectMany(t => t.Aims).Count(a => !a.IsRetired)))
            .ToListAsync(ct);

    private Task<List<PlanPeriod>> PublishedPeriodsAsync(int planId, CancellationToken ct) =>
        Db.StrategicPlans.AsNoTracking().Where(p => p.TrustId == TrustId && p.Status == PlanStatus.Published && p.Id != planId)
            .Select(p => new PlanPeriod(p.Slug, p.Title, p.StartYear, p.EndYear)).ToListAsync(ct);

    private static PlanDetailsForm DetailsFormFrom(StrategicPlan plan) => new()
    {
        Title = plan.Title,
        StartYear = plan.StartYear is { } s ? Number(s) : null,
        EndYear = plan.EndYear is { } e ? Number(e) : null,
        Introduction = plan.Introduction,
        Version = plan.Version,
    };
}
