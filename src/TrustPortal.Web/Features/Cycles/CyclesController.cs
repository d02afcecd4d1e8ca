using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Cycles;

public sealed class CycleForm : IVersionedForm
{
    [Required(ErrorMessage = "Enter the cycle's name, like Autumn 2026")]
    [StringLength(Limits.Name, ErrorMessage = "Name must be 200 characters or fewer")]
    public string? Name { get; set; }

    public DateParts OpensOn { get; set; } = new();

    public DateParts ClosesOn { get; set; } = new();

    public Guid Version { get; set; }
}

public sealed class TermlyCyclesForm
{
    [Required(ErrorMessage = "Enter the year the academic year starts, like 2026 for 2026 to 2027")]
    [RegularExpression(@"^\s*\d{4}\s*$", ErrorMessage = "Enter the year as 4 numbers, like 2026")]
    public string? AcademicYear { get; set; }
}

public sealed class CycleVersionForm : IVersionedForm
{
    public Guid Version { get; set; }
}

public sealed record CyclePlan(int Id, string Slug, string Title, PlanStatus Status);

public sealed record CycleRow(int Id, string Name, DateOnly OpensOn, DateOnly ClosesOn, CycleState State, Guid Version);

public sealed record CycleListViewModel(CyclePlan Plan, IReadOnlyList<CycleRow> Cycles);

public sealed record CycleFormViewModel(CyclePlan Plan, CycleForm Form, CycleRow? Cycle, CycleRow? Current);

public sealed record TermlyViewModel(CyclePlan Plan, TermlyCyclesForm Form);

public sealed record CloseCycleViewModel(CyclePlan Plan, CycleRow Cycle);

/// Trust administrators define the review cycles of their plans, open them for returns and close them (ADR 0031).
[Authorize(Policy = Policies.ManagePlans)]
[Route("admin/plans/{planSlug}/cycles")]
public sealed class CyclesController(TrustPortalDbContext db, FormWrites writes) : Controller
{
    internal const string ConflictMessage = "Another administrator changed this cycle while you were editing. Their version is shown below and your changes are kept in the form: check them and save again.";
    internal const string ConflictButtonMessage = "Another administrator changed this cycle since you opened the page, so nothing was changed. The list now shows their version.";

    private int TrustId => User.TrustId() ?? throw new InvalidOperationException("The ManagePlans policy requires a trust.");

    [HttpGet("")]
    public Task<IActionResult> Index(string planSlug, CancellationToken ct) =>
        OnPlanAsync(planSlug, async plan =>
        {
            var cycles = (await db.ReviewCycles.AsNoTracking().Where(c => c.StrategicPlanId == plan.Id)
                .Select(c => new CycleRow(c.Id, c.Name, c.OpensOn, c.ClosesOn, c.State, c.Version)).ToListAsync(ct))
                .OrderBy(c => c.OpensOn).ToList();
            return View(new CycleListViewModel(plan, cycles));
        }, ct);

    [HttpGet("new")]
    public Task<IActionResult> Add(string planSlug, CancellationToken ct) =>
        OnPlanAsync(planSlug, plan => Task.FromResult<IActionResult>(View("Cycle", new CycleFormViewModel(plan, new CycleForm(), null, null))), ct);

    [HttpPost("new")]
    public Task<IActionResult> Add(string planSlug, [Bind(Prefix = "Form")] CycleForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        (DateOnly? Opens, DateOnly? Closes) dates = default;
        return writes.RunAsync(this, new FormWrite<CyclePlan>
        {
            Load = c => PlanAsync(planSlug, c),
            Check = async (plan, c) => dates = await CheckAsync(plan, form, null, c),
            Change = (plan, _) =>
            {
                var cycle = new ReviewCycle(plan.Id, form.Name!, dates.Opens!.Value, dates.Closes!.Value);
                db.ReviewCycles.Add(cycle);
                return FormWrites.Done($"{cycle.Name} added. Open it when schools should start recording progress");
            },
            FieldOf = _ => "Form.ClosesOn.Day",
            Done = _ => $"/admin/plans/{planSlug}/cycles",
            Form = (plan, _) => View("Cycle", new CycleFormViewModel(plan, form, null, null)),
        }, ct);
    }

    [HttpGet("termly")]
    public Task<IActionResult> Termly(string planSlug, CancellationToken ct) =>
        OnPlanAsync(planSlug, plan => Task.FromResult<IActionResult>(View(new TermlyViewModel(plan, new TermlyCyclesForm()))), ct);

    [HttpPost("termly")]
    public Task<IActionResult> Termly(string planSlug, [Bind(Prefix = "Form")] TermlyCyclesForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        return writes.RunAsync(this, new FormWrite<CyclePlan>
        {
            Load = c => PlanAsync(planSlug, c),
            Change = async (plan, c) =>
            {
                var terms = TermlyCycles.For(int.Parse(form.AcademicYear!.Trim(), System.Globalization.CultureInfo.InvariantCulture));
                var names = terms.Select(t => t.Name).ToList();
                var taken = await db.ReviewCycles.Where(r => r.StrategicPlanId == plan.Id && names.Contains(r.Name)).Select(r => r.Name).ToListAsync(c);
                if (taken.Count > 0)
                {
                    throw new DomainRuleException($"The plan already has {string.Join(" and ", taken)}. Add any missing cycle on its own instead.");
                }
                db.ReviewCycles.AddRange(terms.Select(t => new ReviewCycle(plan.Id, t.Name, t.OpensOn, t.ClosesOn)));
                return $"{string.Join(", ", names)} added with default dates: change any date that does not suit your terms";
            },
            FieldOf = _ => "Form.AcademicYear",
            Done = _ => $"/admin/plans/{planSlug}/cycles",
            Form = (plan, _) => View(new TermlyViewModel(plan, form)),
        }, ct);
    }

    [HttpGet("{id:int}")]
    public Task<IActionResult> Edit(string planSlug, int id, CancellationToken ct) =>
        OnCycleAsync(planSlug, id, (plan, cycle) => View("Cycle", new CycleFormViewModel(plan,
            new CycleForm { Name = cycle.Name, OpensOn = DateParts.From(cycle.OpensOn), ClosesOn = DateParts.From(cycle.ClosesOn), Version = cycle.Version },
            Row(cycle), null)), ct);

    [HttpPost("{id:int}")]
    public Task<IActionResult> Edit(string planSlug, int id, [Bind(Prefix = "Form")] CycleForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        (DateOnly? Opens, DateOnly? Closes) dates = default;
        return OnPlanAsync(planSlug, plan => writes.RunAsync(this, new FormWrite<ReviewCycle>
        {
            Load = c => CycleAsync(plan, id, c),
            Seen = form,
            Check = async (_, c) => dates = await CheckAsync(plan, form, id, c),
            Change = (cycle, _) =>
            {
                cycle.Edit(form.Name!, dates.Opens!.Value, dates.Closes!.Value);
                return FormWrites.Done($"{cycle.Name} saved");
            },
            FieldOf = field => field == nameof(ReviewCycle.ClosesOn) ? "Form.ClosesOn.Day" : "Form.Name",
            Done = _ => $"/admin/plans/{planSlug}/cycles",
            Form = (cycle, theirs) => View("Cycle", new CycleFormViewModel(plan, form, Row(cycle), theirs ? Row(cycle) : null)),
            ConflictMessage = ConflictMessage,
        }, ct), ct);
    }

    [HttpPost("{id:int}/open")]
    public Task<IActionResult> Open(string planSlug, int id, CycleVersionForm form, CancellationToken ct) =>
        ChangeStateAsync(planSlug, id, form, (plan, cycle) => cycle.Open(plan.Status), c => $"{c.Name} is open: schools can record progress and submit their returns", ct);

    [HttpGet("{id:int}/close")]
    public Task<IActionResult> Close(string planSlug, int id, CancellationToken ct) =>
        OnCycleAsync(planSlug, id, (plan, cycle) =>
        {
            if (cycle.State != CycleState.Open)
            {
                TempData["Problem"] = "Only an open cycle can be closed.";
                return Redirect($"/admin/plans/{planSlug}/cycles");
            }
            return View(new CloseCycleViewModel(plan, Row(cycle)));
        }, ct);

    [HttpPost("{id:int}/close")]
    public Task<IActionResult> Close(string planSlug, int id, CycleVersionForm form, CancellationToken ct) =>
        ChangeStateAsync(planSlug, id, form, (_, cycle) => cycle.Close(), c => $"{c.Name} is closed and read-only", ct);

    private Task<IActionResult> ChangeStateAsync(string planSlug, int id, CycleVersionForm form,
        Action<CyclePlan, ReviewCycle> change, Func<ReviewCycle, string> success, CancellationToken ct) =>
        OnPlanAsync(planSlug, plan => writes.RunAsync(this, new FormWrite<ReviewCycle>
        {
            Load = c => CycleAsync(plan, id, c),
            Seen = form,
            Change = (cycle, _) =>
            {
                change(plan, cycle);
                return FormWrites.Done(success(cycle));
            },
            Done = _ => $"/admin/plans/{planSlug}/cycles",
            ConflictButtonMessage = ConflictButtonMessage,
        }, ct), ct);

    /// The dates read, and the name not taken by another cycle of the plan.
    private async Task<(DateOnly? Opens, DateOnly? Closes)> CheckAsync(CyclePlan plan, CycleForm form, int? id, CancellationToken ct)
    {
        var dates = (form.OpensOn.Read(ModelState, "Form.OpensOn", "The date the cycle opens", required: true),
            form.ClosesOn.Read(ModelState, "Form.ClosesOn", "The date returns are due", required: true));
        if (ModelState.IsValid && await db.ReviewCycles.AnyAsync(c => c.StrategicPlanId == plan.Id && c.Id != id && c.Name == form.Name!.Trim(), ct))
        {
            ModelState.AddModelError("Form.Name", $"The plan already has a cycle called {form.Name!.Trim()}");
        }
        return dates;
    }

    private async Task<IActionResult> OnPlanAsync(string planSlug, Func<CyclePlan, Task<IActionResult>> page, CancellationToken ct) =>
        await PlanAsync(planSlug, ct) is { } plan ? await page(plan) : NotFound();

    private Task<IActionResult> OnCycleAsync(string planSlug, int id, Func<CyclePlan, ReviewCycle, IActionResult> page, CancellationToken ct) =>
        OnPlanAsync(planSlug, async plan => await CycleAsync(plan, id, ct) is { } cycle ? page(plan, cycle) : NotFound(), ct);

    private Task<CyclePlan?> PlanAsync(string planSlug, CancellationToken ct) =>
        db.StrategicPlans.AsNoTracking().Where(p => p.TrustId == TrustId && p.Slug == planSlug)
            .Select(p => new CyclePlan(p.Id, p.Slug, p.Title, p.Status)).SingleOrDefaultAsync(ct);

    private Task<ReviewCycle?> CycleAsync(CyclePlan plan, int id, CancellationToken ct) =>
        db.ReviewCycles.SingleOrDefaultAsync(c => c.Id == id && c.StrategicPlanId == plan.Id, ct);

    private static CycleRow Row(ReviewCycle c) => new(c.Id, c.Name, c.OpensOn, c.ClosesOn, c.State, c.Version);
}
