using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Progress;

[Collection(SharedPortal.Name)]
public sealed class DemoProgressTests(PortalFactory factory)
{
    [Fact]
    public async Task Demo_trusts_with_a_plan_get_past_cycles_of_example_progress_and_an_open_cycle()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var planId = await db.StrategicPlans.Where(p => p.Slug == "2025-2028").Select(p => p.Id).SingleAsync();
        var cycles = await db.ReviewCycles.Where(c => c.StrategicPlanId == planId).OrderBy(c => c.OpensOn).ToListAsync();

        Assert.Equal(["Autumn 2025", "Spring 2026", "Summer 2026", "Autumn 2026"], cycles.Select(c => c.Name));
        Assert.Equal([CycleState.Closed, CycleState.Closed, CycleState.Closed, CycleState.Open], cycles.Select(c => c.State));
        Assert.All(cycles, c => Assert.True(c.IsExample));

        foreach (var closed in cycles.Take(3))
        {
            Assert.Equal(5 * 28, await db.ProgressUpdates.CountAsync(u => u.ReviewCycleId == closed.Id));
            Assert.Equal(5, await db.SchoolReturns.CountAsync(r => r.ReviewCycleId == closed.Id && r.State == ReturnState.Submitted));
        }
        var open = cycles[3];
        // Other tests record in the open cycle for schools of their own (URNs below the demo range): count the demo schools only.
        var demo = db.Schools.Where(s => s.Urn >= 900000).Select(s => s.Id);
        Assert.Equal(1, await db.SchoolReturns.CountAsync(r => r.ReviewCycleId == open.Id && r.State == ReturnState.Submitted && demo.Contains(r.SchoolId)));
        Assert.InRange(await db.ProgressUpdates.CountAsync(u => u.ReviewCycleId == open.Id && demo.Contains(u.SchoolId)), 28, 5 * 28 - 28);
        Assert.True(await db.ProgressUpdates.Where(u => demo.Contains(u.SchoolId)).AllAsync(u => u.IsExample));

        var statuses = await db.ProgressUpdates.Where(u => u.ReviewCycleId == cycles[2].Id).Select(u => u.Entry.Status).Distinct().CountAsync();
        Assert.True(statuses >= 3, "example progress should show a spread of statuses");
    }

    [Fact]
    public async Task The_demo_headteachers_open_return_is_a_draft_with_most_criteria_still_to_do()
    {
        int schoolId, urn, recorded, total;
        ReturnState? state;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var cycle = await factory.KestrelOpenCycleAsync();
            var headId = await db.Users.Where(u => u.Email == DemoHead).Select(u => u.Id).SingleAsync();
            var schools = await db.UserSchools.Where(l => l.UserId == headId).Select(l => l.SchoolId).ToListAsync();
            schoolId = Assert.Single(schools);
            urn = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.Urn).SingleAsync();
            state = await db.SchoolReturns.Where(r => r.SchoolId == schoolId && r.ReviewCycleId == cycle.CycleId).Select(r => (ReturnState?)r.State).SingleOrDefaultAsync();
            recorded = await db.ProgressUpdates.CountAsync(u => u.SchoolId == schoolId && u.ReviewCycleId == cycle.CycleId);
            total = cycle.CriterionIds.Count;
        }
        Assert.Equal(ReturnState.Draft, state);
        Assert.InRange(recorded, 1, total / 2);

        // What the head sees on signing in: their school's return, with work to do and a form to do it in.
        var client = factory.CreateSecureClient();
        using (await client.SignInAsync(DemoHead, DemoAccounts.Password))
        {
        }
        // The demo key is shared by three demo accounts and tests may run in the same 30 seconds: use the next step.
        using (await client.PostFormAsync("/account/mfa", new Dictionary<string, string> { ["Code"] = AccountHelpers.Code(DemoAccounts.AuthenticatorKey, factory.Clock.GetUtcNow().AddSeconds(30)) }))
        {
        }
        var page = await client.GetDocumentAsync($"/{DemoAccounts.TrustSlug}/progress/{urn}");
        Assert.Equal($"{total - recorded} of {total} success criteria still to do", page.QuerySelector("#to-do")!.TextContent.Trim());
        Assert.Contains("Draft", page.QuerySelector("#return-state")!.TextContent, StringComparison.Ordinal);
    }

    private const string DemoHead = "head@demo.trustportal.test";
}
