using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.PlanAdmin;

/// A test plan; aim and criterion ids are in aim-number order (aim 1's criteria first).
public sealed record SeededPlan(int Id, string Slug, int StartYear, int EndYear, IReadOnlyList<int> ThemeIds, IReadOnlyList<int> AimIds, IReadOnlyList<int> CriterionIds);

/// Each test's own plan, in a period of its own (years after the demo plans), so publishing in one test never
/// clashes with another test's plan.
public static class PlanSeeds
{
    /// The trust the tests' plans belong to: a demo trust with no plan of its own, so other tests' reading of the
    /// demo plans (the first plan listed, the public plan pages) is not disturbed.
    public const string Trust = "larkspur-vale-academy-trust";

    private static int _window;

    public static (int Start, int End) NewPeriod()
    {
        var n = Interlocked.Increment(ref _window);
        var start = 2030 + n;
        Assert.True(start < 2100, "Ran out of test plan periods.");
        return (start, start + 1);
    }

    public static async Task<SeededPlan> SeedPlanAsync(this PortalFactory factory, PlanStatus status = PlanStatus.Draft, int aims = 2, int criteriaPerAim = 2, string trustSlug = Trust)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var (start, end) = NewPeriod();
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Trusts.Where(t => t.Slug == trustSlug).Select(t => t.Id).SingleAsync();
        var plan = new StrategicPlan(trustId, $"test-{Guid.NewGuid():N}"[..20], $"Test plan {start}", start, end);
        var horizon = plan.AddHorizon("Short term");
        var first = plan.AddTheme("First theme");
        var second = plan.AddTheme("Second theme");
        for (var a = 1; a <= aims; a++)
        {
            var aim = plan.AddAim(a % 2 == 1 ? first : second, a, $"Aim number {a}", $"Statement {a}", a == 1 ? horizon : null);
            aim.Tag("tqd-education");
            for (var c = 1; c <= criteriaPerAim; c++)
            {
                aim.AddCriterion($"Criterion {a}.{c}", c == 1 ? "Target 96%" : null, null);
            }
        }
        if (status != PlanStatus.Draft)
        {
            plan.PublishForSeeding();
        }
        if (status == PlanStatus.Archived)
        {
            plan.Archive();
        }
        db.StrategicPlans.Add(plan);
        await db.SaveChangesAsync();
        return new SeededPlan(plan.Id, plan.Slug, start, end,
            plan.Themes.Select(t => t.Id).ToList(),
            plan.Aims.OrderBy(a => a.Number).Select(a => a.Id).ToList(),
            plan.Aims.OrderBy(a => a.Number).SelectMany(a => a.Criteria.OrderBy(c => c.Position)).Select(c => c.Id).ToList());
    }

    /// Records an update from each of <paramref name="schools"/> of the plan's trust against the criterion, in a new open cycle.
    public static async Task<int> SeedProgressAsync(this PortalFactory factory, SeededPlan plan, int criterionId, int schools = 2)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(plan);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.StrategicPlans.Where(p => p.Id == plan.Id).Select(p => p.TrustId).SingleAsync();
        var cycle = new ReviewCycle(plan.Id, $"Cycle {Guid.NewGuid():N}"[..14], new DateOnly(plan.StartYear, 11, 1), new DateOnly(plan.StartYear, 12, 12));
        cycle.Open(PlanStatus.Published);
        db.ReviewCycles.Add(cycle);
        await db.SaveChangesAsync();
        var schoolIds = await db.Schools.Where(s => s.TrustId == trustId).OrderBy(s => s.Urn).Select(s => s.Id).Take(schools).ToListAsync();
        foreach (var school in schoolIds)
        {
            var update = new ProgressUpdate(school, criterionId, cycle.Id,
                new ProgressEntry(ProgressStatus.OnTrack, Confidence.High, "Done", null, null, null, null, null), "Test head", DateTimeOffset.UtcNow.AddDays(-1));
            // Marked as example data, as the demo progress is: DemoProgressTests checks that every update is an example.
            update.MarkAsExample();
            db.ProgressUpdates.Add(update);
        }
        await db.SaveChangesAsync();
        return cycle.Id;
    }

    public static async Task<T> ReadAsync<T>(this PortalFactory factory, Func<TrustPortalDbContext, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(query);
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>());
    }

    public static Task<Guid> PlanVersionAsync(this PortalFactory factory, int planId) =>
        factory.ReadAsync(db => db.StrategicPlans.Where(p => p.Id == planId).Select(p => p.Version).SingleAsync());
}
