using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.TrustReview;

/// An aim of the plan tagged with a pillar's code.
public sealed record LinkedAim(string Code, int Number, string Title);

/// The plan a year's review is linked to, and its aims' tags.
public sealed record ReviewPlan(string? Title, IReadOnlyList<LinkedAim> Aims);

/// One pillar's row as the pages and the board pack show it.
public sealed record PillarRow(FrameworkArea Area, string FrameworkName, PillarGrade? Grade, string? Reasons, string? Evidence, string? By,
    DateTimeOffset? At, IReadOnlyList<LinkedAim> Aims)
{
    public bool Uncovered => Aims.Count == 0;
}

public sealed record ReviewFileRow(int Id, string Code, string OriginalName, long Size, string UploadedBy);

/// The reads of the trust's self-review, each a fixed number of queries whatever the years, pillars or aims.
public sealed class TrustReviewReader(TrustPortalDbContext db, TimeProvider clock)
{
    public int CurrentYear => PlanInForce.SchoolYear(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

    public Task<bool> UsesCstAsync(int trustId, CancellationToken ct) =>
        db.Trusts.AsNoTracking().Where(t => t.Id == trustId).Select(t => t.UsesCstAssuranceFramework).SingleAsync(ct);

    /// The years the trust has a review for, newest first, with this year always among them.
    public async Task<IReadOnlyList<int>> YearsAsync(int trustId, CancellationToken ct)
    {
        var years = await db.TrustSelfReviews.AsNoTracking().Where(r => r.TrustId == trustId).Select(r => r.StartYear).ToListAsync(ct);
        return years.Append(CurrentYear).Distinct().OrderDescending().ToList();
    }

    /// The plan the year's review links to: the published plan whose period covers the year (the latest starting, when
    /// two do), else the plan in force; with its aims' pillar tags. Two queries.
    public async Task<ReviewPlan> PlanAsync(int trustId, int year, CancellationToken ct)
    {
        var plans = await db.StrategicPlans.AsNoTracking().Where(p => p.TrustId == trustId && p.Status == PlanStatus.Published)
            .Select(p => new { p.Id, p.Title, p.StartYear, p.EndYear, HasOpenCycle = db.ReviewCycles.Any(c => c.StrategicPlanId == p.Id && c.State == CycleState.Open) })
            .ToListAsync(ct);
        var terms = plans.Select(p => new PlanTerm(p.Id, p.StartYear, p.EndYear, p.HasOpenCycle)).ToList();
        var chosen = terms.Where(t => PlanInForce.Covers(t, year)).OrderByDescending(t => t.StartYear).ThenByDescending(t => t.Id).Select(t => (int?)t.Id).FirstOrDefault()
            ?? PlanInForce.Choose(terms, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (chosen is not { } planId)
        {
            return new ReviewPlan(null, []);
        }
        // A join, not SelectMany over the aim's tags: SQLite has no APPLY.
        var aims = await (from tag in db.Set<AimFrameworkTag>().AsNoTracking()
                          join a in db.StrategicAims on tag.StrategicAimId equals a.Id
                          where !a.IsRetired && db.PlanThemes.Any(t => t.Id == a.PlanThemeId && t.StrategicPlanId == planId)
                          select new LinkedAim(tag.Code, a.Number, a.Title)).ToListAsync(ct);
        return new ReviewPlan(plans.Single(p => p.Id == planId).Title, aims.OrderBy(a => a.Number).ToList());
    }

    /// Every pillar the trust reviews itself against in the year, its judgement (if any) and the plan's aims tagged with it.
    public async Task<(IReadOnlyList<PillarRow> Rows, bool IsExample, string? PlanTitle)> PillarsAsync(int trustId, int year, bool usesCst, CancellationToken ct)
    {
        var review = await db.TrustSelfReviews.AsNoTracking().Where(r => r.TrustId == trustId && r.StartYear == year)
            .Select(r => new { r.IsExample, Pillars = r.Pillars.Select(p => new { p.Code, p.Grade, p.Reasons, p.Evidence, p.By, p.At }).ToList() })
            .SingleOrDefaultAsync(ct);
        var plan = await PlanAsync(trustId, year, ct);
        var rows = TrustSelfReview.PillarsFor(usesCst).Select(area =>
        {
            var line = review?.Pillars.FirstOrDefault(p => p.Code == area.Code);
            return new PillarRow(area, FrameworkCatalogue.Find(area.FrameworkCode)!.Name, line?.Grade, line?.Reasons, line?.Evidence, line?.By, line?.At,
                plan.Aims.Where(a => a.Code == area.Code).ToList());
        }).ToList();
        return (rows, review?.IsExample ?? false, plan.Title);
    }

    public async Task<IReadOnlyList<ReviewFileRow>> FilesAsync(int trustId, int year, string code, CancellationToken ct) =>
        await db.TrustReviewFiles.AsNoTracking()
            .Where(f => f.Code == code && db.TrustSelfReviews.Any(r => r.Id == f.TrustSelfReviewId && r.TrustId == trustId && r.StartYear == year))
            .OrderBy(f => f.UploadedAt).ThenBy(f => f.Id)
            .Select(f => new ReviewFileRow(f.Id, f.Code, f.OriginalName, f.Size, f.UploadedBy)).ToListAsync(ct);

    /// The year's review to change, tracked; a new one (added) when the trust has none for the year yet.
    public async Task<TrustSelfReview> ForWriteAsync(int trustId, int year, CancellationToken ct)
    {
        var review = await db.TrustSelfReviews.Include(r => r.Pillars).Include(r => r.Files).AsSplitQuery()
            .SingleOrDefaultAsync(r => r.TrustId == trustId && r.StartYear == year, ct);
        if (review is null)
        {
            review = new TrustSelfReview(trustId, year);
            db.TrustSelfReviews.Add(review);
        }
        return review;
    }
}
