using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Plans;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.Plans;

[AllowAnonymous]
[OutputCache(PolicyName = PublicPageCache.PolicyName)]
[Route("{trustSlug:trust}/plans")]
public sealed class PlansController(TrustPortalDbContext db, TrustPageCache reads) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(TrustBrand trust, CancellationToken ct)
    {
        // Plans are public (drafts never shown), so members and visitors share one read model.
        var model = await reads.GetOrLoadAsync("plans", trust.Slug, null, c => LoadListAsync(trust, c), ct);
        return model is null ? NotFound() : View(model);
    }

    private async Task<PlanListViewModel?> LoadListAsync(TrustBrand trust, CancellationToken ct)
    {
        // Drafts are never public; archived plans stay readable as the trust's history.
        var plans = await db.StrategicPlans.AsNoTracking()
            .Where(p => p.TrustId == trust.Id && p.Status != PlanStatus.Draft)
            .OrderBy(p => p.Status).ThenByDescending(p => p.StartYear)
            .Select(p => new PlanRow(p.Slug, p.Title, p.StartYear, p.EndYear, p.PeriodIsInvented, p.Status))
            .ToListAsync(ct);
        return new PlanListViewModel(trust, plans);
    }

    [HttpGet("{planSlug}")]
    public async Task<IActionResult> Show(TrustBrand trust, string planSlug, CancellationToken ct)
    {
        var model = await reads.GetOrLoadAsync("plan:" + planSlug, trust.Slug, null, c => LoadPlanAsync(trust, planSlug, c), ct);
        return model is null ? NotFound() : View(model);
    }

    private async Task<PlanViewModel?> LoadPlanAsync(TrustBrand trust, string planSlug, CancellationToken ct)
    {
        var plan = await db.StrategicPlans.AsNoTracking()
            .Where(p => p.TrustId == trust.Id && p.Slug == planSlug && p.Status != PlanStatus.Draft)
            .Select(p => new PlanDetails(p.Slug, p.Title, p.StartYear, p.EndYear, p.PeriodIsInvented, p.Status, p.Introduction,
                p.Frameworks.Select(f => f.Code).ToList(),
                p.Horizons.OrderBy(h => h.Position).Select(h => new HorizonView(h.Id, h.Name)).ToList(),
                p.Themes.OrderBy(t => t.Position).Select(t => new ThemeView(t.Title,
                    t.Aims.Where(a => !a.IsRetired).OrderBy(a => a.Position).Select(a => new AimView(a.Number, a.Title, a.Statement, a.HorizonId,
                        a.FrameworkTags.Select(x => x.Code).ToList(),
                        a.Criteria.Where(c => !c.IsRetired).OrderBy(c => c.Position)
                            .Select(c => new CriterionView(c.Text, c.MeasurableTarget, c.TargetDate)).ToList())).ToList())).ToList()))
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        return plan is null ? null : new PlanViewModel(trust, plan);
    }
}

public sealed record PlanRow(string Slug, string Title, int? StartYear, int? EndYear, bool PeriodIsInvented, PlanStatus Status);

public sealed record PlanListViewModel(TrustBrand Trust, IReadOnlyList<PlanRow> Plans) : ITrustPage
{
    public TrustSection Section => TrustSection.Plans;
}

public sealed record HorizonView(int Id, string Name);

public sealed record CriterionView(string Text, string? MeasurableTarget, DateOnly? TargetDate);

public sealed record AimView(int Number, string Title, string? Statement, int? HorizonId, List<string> FrameworkTags, List<CriterionView> Criteria);

public sealed record ThemeView(string? Title, List<AimView> Aims);

public sealed record PlanDetails(string Slug, string Title, int? StartYear, int? EndYear, bool PeriodIsInvented, PlanStatus Status,
    string? Introduction, List<string> Frameworks, List<HorizonView> Horizons, List<ThemeView> Themes);

public sealed record PlanViewModel(TrustBrand Trust, PlanDetails Plan) : ITrustPage
{
    public TrustSection Section => TrustSection.Plans;

    public string? HorizonName(int? id) => id is null ? null : Plan.Horizons.FirstOrDefault(h => h.Id == id)?.Name;

    public static string Period(int? start, int? end) => start is null ? "Period not stated" : $"{start}\u2013{end}";

    public static string FrameworkName(string code) => FrameworkCatalogue.Find(code)?.Name ?? code;

    public static string AreaName(string code) => FrameworkCatalogue.FindArea(code) is { } area
        ? $"{(area.FrameworkCode == "tqd" ? "TQD" : "CST")}: {area.Name}"
        : code;
}
