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

public sealed class CycleForm
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

public sealed class CycleVersionForm
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
public sealed class CyclesController(TrustPortalDbContext db) : Controller
{
    internal const string ConflictMessage = "Another administrator changed this cycle while you were editing. Their version is shown below and your changes are kept in the form: check them and save again.";

    private int TrustId => User.TrustId() ?? throw new InvalidOperationException("The ManagePlans policy requires a trust.");

    [HttpGet("")]
    public async Task<IActionResult> Index(string planSlug, CancellationToken ct)
    {
        var plan = await PlanAsync(planSlug, ct);
        if (plan is null)
        {
            return NotFound();
        }
        var cycles = (await db.ReviewCycles.AsNoTracking().Where(c => c.StrategicPlanId == plan.Id)
            .Select(c => new CycleRow(c.Id, c.Name, c.OpensOn, c.ClosesOn, c.State, c.Version)).ToListAsync(ct))
            .OrderBy(c => c.OpensOn).ToList();
        return View(new CycleListViewModel(plan, cycles));
    }

    [HttpGet("new")]
    public async Task<IActionResult> Add(string planSlug, CancellationToken ct)
    {
        var plan = await PlanAsync(planSlug, ct);
        return plan is null ? NotFound() : View("Cycle", new CycleFormViewModel(plan, new CycleForm(), null, null));
    }

    [HttpPost("new")]
    public async Task<IActionResult> Add(string planSlug, [Bind(Prefix = "Form")] CycleForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var plan = await PlanAsync(planSlug, ct);
        if (plan is null)
        {
            return NotFound();
        }
        var (opens, closes) = ReadDates(form);
        if (ModelState.IsValid && await db.ReviewCycles.AnyAsync(c => c.StrategicPlanId == plan.Id && c.Name == form.Name!.Trim(), ct))
        {
            ModelState.AddModelError("Form.Name", $"The plan already has a cycle called {form.Name!.Trim()}");
        }
        if (ModelState.IsValid)
        {
            try
            {
                var cycle = new ReviewCycle(plan.Id, form.Name!, opens!.Value, closes!.Value);
                db.ReviewCycles.Add(cycle);
                await db.SaveChangesAsync(ct);
                TempData["Success"] = $"{cycle.Name} added. Open it when schools should start recording progress";
                return Redirect($"/admin/plans/{planSlug}/cycles");
            }
            catch (DomainRuleException e)
            {
                ModelState.AddModelError("Form.ClosesOn.Day", e.Message);
            }
        }
        return View("Cycle", new CycleFormViewModel(plan, form, null, null));
    }

    [HttpGet("termly")]
    public async Task<IActionResult> Termly(string planSlug, CancellationToken ct)
    {
        var plan = await PlanAsync(planSlug, ct);
        return plan is null ? NotFound() : View(new TermlyViewModel(plan, new TermlyCyclesForm()));
    }

    [HttpPost("termly")]
    public async Task<IActionResult> Termly(string planSlug, [Bind(Prefix = "Form")] TermlyCyclesForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var plan = await PlanAsync(planSlug, ct);
        if (plan is null)
        {
            return NotFound();
        }
        if (ModelState.IsValid)
        {
            try
            {
                var year = int.Parse(form.AcademicYear!.Trim(), System.Globalization.CultureInfo.InvariantCulture);
                var terms = TermlyCycles.For(year);
                var names = terms.Select(t => t.Name).ToList();
                var taken = await db.ReviewCycles.Where(c => c.StrategicPlanId == plan.Id && names.Contains(c.Name)).Select(c => c.Name).ToListAsync(ct);
                if (taken.Count > 0)
                {
                    throw new DomainRuleException($"The plan already has {string.Join(" and ", taken)}. Add any missing cycle on its own instead.");
                }
                db.ReviewCycles.AddRange(terms.Select(t => new ReviewCycle(plan.Id, t.Name, t.OpensOn, t.ClosesOn)));
                await db.SaveChangesAsync(ct);
                TempData["Success"] = $"{string.Join(", ", names)} added with default dates: change any date that does not suit your terms";
                return Redirect($"/admin/plans/{planSlug}/cycles");
            }
            catch (DomainRuleException e)
            {
                ModelState.AddModelError("Form.AcademicYear", e.Message);
            }
        }
        return View(new TermlyViewModel(plan, form));
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(string planSlug, int id, CancellationToken ct)
    {
        var plan = await PlanAsync(planSlug, ct);
        var cycle = plan is null ? null : await CycleAsync(plan, id, ct);
        if (cycle is null)
        {
            return NotFound();
        }
        var form = new CycleForm { Name = cycle.Name, OpensOn = DateParts.From(cycle.OpensOn), ClosesOn = DateParts.From(cycle.ClosesOn), Version = cycle.Version };
        return View("Cycle", new CycleFormViewModel(plan!, form, Row(cycle), null));
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Edit(string planSlug, int id, [Bind(Prefix = "Form")] CycleForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var plan = await PlanAsync(planSlug, ct);
        var cycle = plan is null ? null : await CycleAsync(plan, id, ct);
        if (cycle is null)
        {
            return NotFound();
        }
        var (opens, closes) = ReadDates(form);
        if (ModelState.IsValid && await db.ReviewCycles.AnyAsync(c => c.StrategicPlanId == plan!.Id && c.Id != id && c.Name == form.Name!.Trim(), ct))
        {
            ModelState.AddModelError("Form.Name", $"The plan already has a cycle called {form.Name!.Trim()}");
        }
        var conflict = false;
        if (ModelState.IsValid)
        {
            if (cycle.Version != form.Version)
            {
                conflict = true;
            }
            else
            {
                try
                {
                    cycle.Edit(form.Name!, opens!.Value, closes!.Value);
                    db.Entry(cycle).Property(c => c.Version).OriginalValue = form.Version;
                    await db.SaveChangesAsync(ct);
                    TempData["Success"] = $"{cycle.Name} saved";
                    return Redirect($"/admin/plans/{planSlug}/cycles");
                }
                catch (DomainRuleException e)
                {
                    ModelState.AddModelError(e.Field == nameof(ReviewCycle.ClosesOn) ? "Form.ClosesOn.Day" : "Form.Name", e.Message);
                }
                catch (DbUpdateConcurrencyException)
                {
                    conflict = true;
                }
            }
        }
        CycleRow? current = null;
        if (conflict)
        {
            db.ChangeTracker.Clear();
            cycle = await CycleAsync(plan!, id, ct);
            if (cycle is null)
            {
                return NotFound();
            }
            ModelState.AddModelError("", ConflictMessage);
            current = Row(cycle);
            form.Version = cycle.Version;
        }
        return View("Cycle", new CycleFormViewModel(plan!, form, Row(cycle), current));
    }

    [HttpPost("{id:int}/open")]
    public Task<IActionResult> Open(string planSlug, int id, CycleVersionForm form, CancellationToken ct) =>
        ChangeStateAsync(planSlug, id, form, (plan, cycle) => cycle.Open(plan.Status), c => $"{c.Name} is open: schools can record progress and submit their returns", ct);

    [HttpGet("{id:int}/close")]
    public async Task<IActionResult> Close(string planSlug, int id, CancellationToken ct)
    {
        var plan = await PlanAsync(planSlug, ct);
        var cycle = plan is null ? null : await CycleAsync(plan, id, ct);
        if (cycle is null)
        {
            return NotFound();
        }
        if (cycle.State != CycleState.Open)
        {
            TempData["Problem"] = "Only an open cycle can be closed.";
            return Redirect($"/admin/plans/{planSlug}/cycles");
        }
        return View(new CloseCycleViewModel(plan!, Row(cycle)));
    }

    [HttpPost("{id:int}/close")]
    public Task<IActionResult> Close(string planSlug, int id, CycleVersionForm form, CancellationToken ct) =>
        ChangeStateAsync(planSlug, id, form, (_, cycle) => cycle.Close(), c => $"{c.Name} is closed and read-only", ct);

    private async Task<IActionResult> ChangeStateAsync(string planSlug, int id, CycleVersionForm form,
        Action<CyclePlan, ReviewCycle> change, Func<ReviewCycle, string> success, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var plan = await PlanAsync(planSlug, ct);
        var cycle = plan is null ? null : await CycleAsync(plan, id, ct);
        if (cycle is null)
        {
            return NotFound();
        }
        try
        {
            if (cycle.Version != form.Version)
            {
                throw new DbUpdateConcurrencyException();
            }
            change(plan!, cycle);
            db.Entry(cycle).Property(c => c.Version).OriginalValue = form.Version;
            await db.SaveChangesAsync(ct);
            TempData["Success"] = success(cycle);
        }
        catch (DomainRuleException e)
        {
            TempData["Problem"] = e.Message;
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["Problem"] = "Another administrator changed this cycle since you opened the page, so nothing was changed. The list now shows their version.";
        }
        return Redirect($"/admin/plans/{planSlug}/cycles");
    }

    private (DateOnly? Opens, DateOnly? Closes) ReadDates(CycleForm form) =>
        (form.OpensOn.Read(ModelState, "Form.OpensOn", "The date the cycle opens", required: true),
         form.ClosesOn.Read(ModelState, "Form.ClosesOn", "The date returns are due", required: true));

    private Task<CyclePlan?> PlanAsync(string planSlug, CancellationToken ct) =>
        db.StrategicPlans.AsNoTracking().Where(p => p.TrustId == TrustId && p.Slug == planSlug)
            .Select(p => new CyclePlan(p.Id, p.Slug, p.Title, p.Status)).SingleOrDefaultAsync(ct);

    private Task<ReviewCycle?> CycleAsync(CyclePlan plan, int id, CancellationToken ct) =>
        db.ReviewCycles.SingleOrDefaultAsync(c => c.Id == id && c.StrategicPlanId == plan.Id, ct);

    private static CycleRow Row(ReviewCycle c) => new(c.Id, c.Name, c.OpensOn, c.ClosesOn, c.State, c.Version);
}
