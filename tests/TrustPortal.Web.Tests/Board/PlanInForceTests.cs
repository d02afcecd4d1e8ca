using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.PlanAdmin;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;

namespace TrustPortal.Web.Tests.Board;

/// The board shows the plan in force — the one with the open cycle, whose period covers today — not the newest
/// published: next period's plan can be published ahead without blanking the board; published periods never overlap.
[Collection(SharedPortal.Name)]
public sealed class PlanInForceTests(PortalFactory factory)
{
    private sealed record Setup(string Slug, string LivePlanTitle, string NextPlanSlug, string OverlappingPlanSlug);

    /// A trust of its own: the plan for this school year and the two after it, published, with an open cycle; next
    /// period's plan and one overlapping the live plan, both drafts.
    private async Task<Setup> TrustWithALivePlanAsync()
    {
        var year = PlanInForce.SchoolYear(DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime));
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var slug = $"in-force-{Guid.NewGuid():N}"[..20];
        var trust = new Trust(slug, $"In Force Trust {slug}");
        db.Trusts.Add(trust);
        await db.SaveChangesAsync();
        db.Schools.Add(new School(trust.Id, await FreeUrnAsync(db), "In Force Primary", Phase.Primary));
        StrategicPlan Plan(string planSlug, string title, int start)
        {
            var plan = new StrategicPlan(trust.Id, planSlug, title, start, start + 3);
            var aim = plan.AddAim(plan.AddTheme("Teaching"), 1, "Every child reads", null);
            aim.AddCriterion("Reading ages at or above chronological age");
            db.StrategicPlans.Add(plan);
            return plan;
        }
        var live = Plan("live", $"Plan {year}\u2013{year + 3}", year);
        live.PublishForSeeding();
        Plan("next", $"Plan {year + 3}\u2013{year + 6}", year + 3);
        Plan("overlapping", $"Plan {year + 1}\u2013{year + 4}", year + 1);
        await db.SaveChangesAsync();
        var cycle = new ReviewCycle(live.Id, "Live cycle", new DateOnly(year, 9, 1), new DateOnly(year, 12, 15));
        cycle.Open(live.Status);
        db.ReviewCycles.Add(cycle);
        await db.SaveChangesAsync();
        return new Setup(slug, live.Title, "next", "overlapping");
    }

    private async Task<HttpResponseMessage> PublishAsync(HttpClient admin, string trustSlug, string planSlug)
    {
        var version = await factory.ReadAsync(db => db.StrategicPlans.Where(p => p.Slug == planSlug && db.Trusts.Any(t => t.Id == p.TrustId && t.Slug == trustSlug)).Select(p => p.Version).SingleAsync());
        return await admin.PostFormAsync($"/admin/plans/{planSlug}/publish", new Dictionary<string, string> { ["Form.Version"] = $"{version}" });
    }

    [Fact]
    public async Task Publishing_next_periods_plan_leaves_the_open_cycle_on_the_board_and_the_trust_home()
    {
        var setup = await TrustWithALivePlanAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, setup.Slug);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, setup.Slug);
        var before = await trustee.GetDocumentAsync($"/{setup.Slug}/board");
        Assert.StartsWith("Live cycle", before.QuerySelector("#cycle-name")!.TextContent.Trim(), StringComparison.Ordinal);

        using (var published = await PublishAsync(admin, setup.Slug, setup.NextPlanSlug))
        {
            Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        }
        Assert.Equal(PlanStatus.Published, await factory.ReadAsync(db => db.StrategicPlans.Where(p => p.Slug == setup.NextPlanSlug && db.Trusts.Any(t => t.Id == p.TrustId && t.Slug == setup.Slug)).Select(p => p.Status).SingleAsync()));

        var after = await trustee.GetDocumentAsync($"/{setup.Slug}/board");
        Assert.StartsWith("Live cycle", after.QuerySelector("#cycle-name")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains(setup.LivePlanTitle, after.MainText(), StringComparison.Ordinal);
        var home = await trustee.GetDocumentAsync($"/{setup.Slug}");
        Assert.Contains(home.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/{setup.Slug}/plans/live");
        Assert.DoesNotContain(home.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/{setup.Slug}/plans/next");
    }

    [Fact]
    public async Task Publishing_a_plan_that_overlaps_the_live_one_is_refused_and_says_why()
    {
        var setup = await TrustWithALivePlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, setup.Slug);
        using var refused = await PublishAsync(admin, setup.Slug, setup.OverlappingPlanSlug);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var text = Pages.Collapse(WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Contains($"\"{setup.LivePlanTitle}\"", text, StringComparison.Ordinal);
        Assert.Contains("A trust has one published plan for any year", text, StringComparison.Ordinal);
        Assert.Equal(PlanStatus.Draft, await factory.ReadAsync(db => db.StrategicPlans.Where(p => p.Slug == setup.OverlappingPlanSlug && db.Trusts.Any(t => t.Id == p.TrustId && t.Slug == setup.Slug)).Select(p => p.Status).SingleAsync()));
    }
}
