using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Data;
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

        var statuses = await db.ProgressUpdates.Where(u => u.ReviewCycleId == cycles[2].Id).Select(u => u.Status).Distinct().CountAsync();
        Assert.True(statuses >= 3, "example progress should show a spread of statuses");
    }
}
