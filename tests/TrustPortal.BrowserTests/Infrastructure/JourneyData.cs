using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;

namespace TrustPortal.BrowserTests.Infrastructure;

/// Data a journey changes, made for that journey alone: the portal is shared by the whole run.
public static class JourneyData
{
    private static int _next;

    public sealed record JourneySchool(int Urn, string Name, IReadOnlyList<string> ToDo);

    /// A new school of the demo trust, led by the given headteacher, with an update already recorded in the open
    /// review cycle for every success criterion but the first <paramref name="leftToDo"/> (returned in page order;
    /// int.MaxValue leaves the whole return to do).
    public static async Task<JourneySchool> SchoolLedByAsync(BrowserPortal portal, string headEmail, string name, int leftToDo)
    {
        ArgumentNullException.ThrowIfNull(portal);
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();

        var trust = await db.Trusts.SingleAsync(t => t.Slug == DemoUsers.Trust);
        var urn = 990_000 + Interlocked.Increment(ref _next) * 10 + Random.Shared.Next(10);
        var school = new School(trust.Id, urn, name, Phase.Primary);
        db.Schools.Add(school);
        await db.SaveChangesAsync();

        var head = await users.FindByEmailAsync(headEmail) ?? throw new InvalidOperationException($"No demo account {headEmail}");
        db.UserSchools.Add(new UserSchool { UserId = head.Id, SchoolId = school.Id });

        var cycle = await db.ReviewCycles.Where(c => c.State == CycleState.Open)
            .Join(db.StrategicPlans.Where(p => p.TrustId == trust.Id), c => c.StrategicPlanId, p => p.Id, (c, p) => c)
            .SingleAsync();
        var criteria = await (
            from c in db.SuccessCriteria
            join a in db.StrategicAims on c.StrategicAimId equals a.Id
            join t in db.PlanThemes on a.PlanThemeId equals t.Id
            where t.StrategicPlanId == cycle.StrategicPlanId && !c.IsRetired && !a.IsRetired
            orderby t.Position, a.Position, c.Position
            select new { c.Id, c.Text }).ToListAsync();

        var at = DateTimeOffset.UtcNow.AddDays(-1);
        foreach (var criterion in criteria.Skip(leftToDo))
        {
            var entry = new ProgressEntry(ProgressStatus.OnTrack, Confidence.Medium, "Recorded before the journey began.",
                null, null, null, null, null);
            db.ProgressUpdates.Add(new ProgressUpdate(school.Id, criterion.Id, cycle.Id, entry, "Demo Headteacher", at));
        }
        db.SchoolReturns.Add(new SchoolReturn(school.Id, cycle.Id));
        await db.SaveChangesAsync();
        return new JourneySchool(urn, name, [.. criteria.Take(leftToDo).Select(c => c.Text)]);
    }

    /// A school as <see cref="SchoolLedByAsync"/> with only the plan's first criterion left to do, that criterion
    /// measured (attendance, 91% to 96%; ADR 0144) and a value recorded for it in each closed cycle of the plan.
    public static async Task<JourneySchool> MeasuredSchoolAsync(BrowserPortal portal, string headEmail, string name)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var school = await SchoolLedByAsync(portal, headEmail, name, leftToDo: 1);
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Trusts.Where(t => t.Slug == DemoUsers.Trust).Select(t => t.Id).SingleAsync();
        var open = await db.ReviewCycles.Where(c => c.State == CycleState.Open && db.StrategicPlans.Any(p => p.Id == c.StrategicPlanId && p.TrustId == trustId)).SingleAsync();
        var plan = await db.StrategicPlans.Include(p => p.Themes).ThenInclude(t => t.Aims).ThenInclude(a => a.Criteria).SingleAsync(p => p.Id == open.StrategicPlanId);
        var first = plan.CurrentAims.SelectMany(a => a.CurrentCriteria).First();
        plan.SetMeasure(first, CriterionMeasure.Create(91m, 96m, "%", MeasureDirection.HigherIsBetter, new DateOnly(2028, 7, 31)));
        var schoolId = await db.Schools.Where(s => s.Urn == school.Urn).Select(s => s.Id).SingleAsync();
        var closed = await db.ReviewCycles.Where(c => c.StrategicPlanId == plan.Id && c.State == CycleState.Closed).OrderBy(c => c.OpensOn).ToListAsync();
        var value = 91.8m;
        foreach (var cycle in closed)
        {
            var entry = new ProgressEntry(ProgressStatus.OnTrack, Confidence.Medium, "Recorded before the journey began.", null, null, null, null, null, value);
            db.ProgressUpdates.Add(new ProgressUpdate(schoolId, first.Id, cycle.Id, entry, "Demo Headteacher", DateTimeOffset.UtcNow.AddDays(-30)));
            value += 0.7m;
        }
        await db.SaveChangesAsync();
        return school;
    }
}
