using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
}
