using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure.Caching;

namespace TrustPortal.Web.Features.Trusts;

/// The plan in force on the home page: its title and its aims, in plan order.
public sealed record PlanGlance(int Id, string Slug, string Title, List<AimGlance> Aims);

public sealed record AimGlance(int Id, int Number, string Title);

/// The newest published CEO message the reader may see.
public sealed record MessageTeaser(string Slug, string Title, string Author, string? AuthorRole, DateOnly? PublishedOn, Audience Audience)
{
    public bool StaffOnly => Audiences.IsStaffOnly(Audience);
}

/// One of the reader's own schools.
public sealed record MySchool(int Urn, string Name);

/// How the trust's schools stand on each aim, from the returns they have submitted in the plan's latest cycle that has
/// any (drafts stay with the school, so everyone who may see this sees the same figures).
public sealed record TrustProgress(string CycleName, int SchoolsReported, IReadOnlyDictionary<int, AimProgress> ByAim);

public sealed record AimProgress(int Reported, int OnTrackOrAchieved, int AtRisk, int OffTrack, int NotStarted);

/// Builds the trust's home page: what every reader of an audience sees comes from the public-page cache; the
/// trust-wide progress (members only) from the work cache; the reader's own schools are looked up per request.
public sealed class TrustHomeReader(TrustPortalDbContext db, TrustPageCache reads, TimeProvider clock)
{
    public async Task<TrustOverviewViewModel?> LoadAsync(string trustSlug, int? memberOf, string? userId, CancellationToken ct)
    {
        var model = await reads.GetOrLoadAsync("overview", trustSlug, memberOf, c => LoadOverviewAsync(trustSlug, memberOf, c), ct);
        if (model is null || memberOf != model.Trust.Id)
        {
            return model;
        }
        var progress = model.Plan is null ? null
            : await reads.GetOrLoadWorkAsync($"home-progress-{model.Plan.Id}", model.Trust.Id, c => LoadProgressAsync(model.Plan.Id, c), ct);
        var mine = userId is null ? [] : await db.UserSchools.AsNoTracking().Where(l => l.UserId == userId)
            .Join(db.Schools, l => l.SchoolId, s => s.Id, (l, s) => s)
            .Where(s => s.TrustId == model.Trust.Id && !s.IsArchived)
            .OrderBy(s => s.Name).Select(s => new MySchool(s.Urn, s.Name)).ToListAsync(ct);
        return model with { Progress = progress, MySchools = mine };
    }

    private async Task<TrustOverviewViewModel?> LoadOverviewAsync(string trustSlug, int? memberOf, CancellationToken ct)
    {
        var year = PlanInForce.SchoolYear(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var model = await db.Trusts.AsNoTracking()
            .Where(t => t.Slug == trustSlug)
            .Select(t => new TrustOverviewViewModel(
                new TrustBrand(t.Id, t.Slug, t.Name, t.Strapline, t.BrandColour, t.NameIsInvented) { HasLogo = t.LogoKey != null },
                t.AboutTitle,
                TrustStatement.Of(t.Vision, t.VisionAudience, t.Id, memberOf),
                t.DataNotes,
                db.Schools.Count(s => s.TrustId == t.Id && !s.IsArchived),
                // The plan in force (PlanInForce.Choose, in SQL): the one with an open cycle, else the latest that has
                // started (published periods never overlap, so that is the one covering today), else the next to come.
                db.StrategicPlans
                    .Where(p => p.TrustId == t.Id && p.Status == PlanStatus.Published)
                    .OrderByDescending(p => db.ReviewCycles.Any(c => c.StrategicPlanId == p.Id && c.State == CycleState.Open))
                    .ThenByDescending(p => p.StartYear == null || p.StartYear <= year)
                    .ThenByDescending(p => p.StartYear <= year ? p.StartYear : 0 - p.StartYear)
                    .Select(p => new PlanGlance(p.Id, p.Slug, p.Title, new List<AimGlance>()))
                    .FirstOrDefault(),
                t.Messages.AsQueryable().Where(Audiences.SeenBy<CeoMessage>(memberOf)).Count(m => m.IsPublished),
                t.Values.AsQueryable().Where(Audiences.SeenBy<TrustValue>(memberOf)).OrderBy(v => v.Position)
                    .Select(v => new ValueItem(v.Name, v.Meaning, v.Audience)).ToList(),
                t.Messages.AsQueryable().Where(Audiences.SeenBy<CeoMessage>(memberOf)).Where(m => m.IsPublished)
                    .OrderByDescending(m => m.PublishedOn).ThenByDescending(m => m.Id)
                    .Select(m => new MessageTeaser(m.Slug, m.Title, m.Author, m.AuthorRole, m.PublishedOn, m.Audience))
                    .FirstOrDefault()))
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        if (model?.Plan is not { } plan)
        {
            return model;
        }
        var aims = await (from a in db.StrategicAims.AsNoTracking()
                          join th in db.PlanThemes on a.PlanThemeId equals th.Id
                          where th.StrategicPlanId == plan.Id && !a.IsRetired
                          orderby th.Position, a.Position
                          select new AimGlance(a.Id, a.Number, a.Title)).ToListAsync(ct);
        return model with { Plan = plan with { Aims = aims } };
    }

    /// Two queries whatever the data: the cycle (with its count of submitted returns) and the counts by aim and status.
    private async Task<TrustProgress?> LoadProgressAsync(int planId, CancellationToken ct)
    {
        var cycles = db.ReviewCycles.AsNoTracking()
            .Where(c => c.StrategicPlanId == planId && db.SchoolReturns.Any(r => r.ReviewCycleId == c.Id && r.State == ReturnState.Submitted))
            .OrderByDescending(c => c.OpensOn).ThenByDescending(c => c.Id);
        var cycle = await cycles
            .Select(c => new { c.Id, c.Name, Schools = db.SchoolReturns.Count(r => r.ReviewCycleId == c.Id && r.State == ReturnState.Submitted) })
            .FirstOrDefaultAsync(ct);
        var counts = await (from u in db.ProgressUpdates.AsNoTracking()
                            join r in db.SchoolReturns on new { u.SchoolId, u.ReviewCycleId } equals new { r.SchoolId, r.ReviewCycleId }
                            join c in db.SuccessCriteria on u.SuccessCriterionId equals c.Id
                            where u.ReviewCycleId == cycles.Select(x => x.Id).FirstOrDefault() && r.State == ReturnState.Submitted && !c.IsRetired
                            group u by new { c.StrategicAimId, u.Entry.Status } into g
                            select new { g.Key.StrategicAimId, g.Key.Status, Count = g.Count() })
                           .ToListAsync(ct);
        if (cycle is null)
        {
            return null;
        }
        var byAim = counts.GroupBy(c => c.StrategicAimId).ToDictionary(g => g.Key, g => new AimProgress(
            g.Sum(c => c.Count),
            g.Where(c => c.Status is ProgressStatus.OnTrack or ProgressStatus.Achieved).Sum(c => c.Count),
            g.Where(c => c.Status == ProgressStatus.AtRisk).Sum(c => c.Count),
            g.Where(c => c.Status == ProgressStatus.OffTrack).Sum(c => c.Count),
            g.Where(c => c.Status == ProgressStatus.NotStarted).Sum(c => c.Count)));
        return new TrustProgress(cycle.Name, cycle.Schools, byAim);
    }

    /// The vision in a sentence: the first paragraph of the trust's own words, or its first sentence when that
    /// paragraph is long. Never reworded; the whole text is one click away.
    public static string VisionInASentence(string vision)
    {
        ArgumentNullException.ThrowIfNull(vision);
        var paragraph = vision.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.TrimStart('#', ' ', '*', '-').Trim()).FirstOrDefault(p => p.Length > 0) ?? vision.Trim();
        if (paragraph.Length <= 240)
        {
            return paragraph;
        }
        var stop = paragraph.IndexOf(". ", 20, StringComparison.Ordinal);
        return stop < 0 ? paragraph : paragraph[..(stop + 1)];
    }

    /// Whether the first sentence is all of the vision (so the page says "Read more" only when there is more).
    public static bool IsWhole(string vision) => VisionInASentence(vision).Length >= vision.Trim().Length;
}
