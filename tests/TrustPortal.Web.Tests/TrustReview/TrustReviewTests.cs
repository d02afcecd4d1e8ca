using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.PlanAdmin;
using TrustPortal.Web.Tests.Progress;
using TrustPortal.Web.Tests.SelfEvaluation;

namespace TrustPortal.Web.Tests.TrustReview;

[Collection(SharedPortal.Name)]
public sealed class TrustReviewTests(PortalFactory factory)
{
    private int Year => PlanInForce.SchoolYear(DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime));

    private static Dictionary<string, string> Judgement(string version, string grade = "Established", string reasons = "Most schools improved; inclusion is uneven") => new()
    {
        ["Form.Version"] = version,
        ["Form.Grade"] = grade,
        ["Form.Reasons"] = reasons,
        ["Form.Evidence"] = "The schools' self-evaluations and the trust's visits",
    };

    [Fact]
    public async Task An_administrator_judges_a_pillar_with_an_evidence_file_and_a_trustee_reads_it_beside_the_aims_and_the_uncovered_pillars()
    {
        var slug = await TrustWithPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var url = $"/{slug}/trust-review/{Year}/tqd-education";

        using var saved = await admin.PostWithFileAsync(url, Judgement(await admin.VersionOnAsync(url)), EvidenceTestData.Pdf(), "Inclusion review.pdf");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, slug);
        var index = await trustee.GetDocumentAsync($"/{slug}/trust-review");
        Assert.Equal("Established", index.QuerySelector("#pillars tr[data-pillar='tqd-education'] .app-grade")!.TextContent.Trim());
        Assert.Contains("Aim for every child", index.QuerySelector("#pillars tr[data-pillar='tqd-education']")!.TextContent, StringComparison.Ordinal);
        var uncovered = index.QuerySelectorAll("#uncovered li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, uncovered.Count);
        Assert.Contains(uncovered, u => u.StartsWith("School improvement", StringComparison.Ordinal));
        Assert.Contains(uncovered, u => u.StartsWith("Finance and operations", StringComparison.Ordinal));
        Assert.Null(index.QuerySelector("form[action$='/trust-review/settings']"));
        var pillar = await trustee.GetDocumentAsync(url);
        Assert.Equal("Most schools improved; inclusion is uneven", pillar.QuerySelector("#reasons")!.TextContent.Trim());
        Assert.Null(pillar.QuerySelector($"form[action='{url}']"));
        var link = pillar.QuerySelector("#files a")!;
        Assert.Equal("Inclusion review.pdf", link.TextContent);
        using var download = await trustee.GetAsync(new Uri(link.GetAttribute("href")!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_judgement_without_reasons_is_refused_beside_its_field_and_nothing_is_saved()
    {
        var slug = await TrustWithPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var url = $"/{slug}/trust-review/{Year}/tqd-workforce";

        using var response = await admin.PostFormAsync(url, Judgement(await admin.VersionOnAsync(url), reasons: ""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Form_Reasons-error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await factory.ReadAsync(db => db.TrustSelfReviews.AnyAsync(r => db.Trusts.Any(t => t.Id == r.TrustId && t.Slug == slug))));
    }

    [Fact]
    public async Task A_judgement_saved_over_someone_elses_newer_one_is_refused_and_both_are_shown()
    {
        var slug = await TrustWithPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var url = $"/{slug}/trust-review/{Year}/tqd-workforce";
        (await admin.PostFormAsync(url, Judgement(await admin.VersionOnAsync(url), "Strong", "First"))).Dispose();
        var seen = await admin.VersionOnAsync(url);
        (await admin.PostFormAsync(url, Judgement(seen, "Developing", "Theirs"))).Dispose();

        using var response = await admin.PostFormAsync(url, Judgement(seen, "Emerging", "Mine"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Someone else saved a change", html, StringComparison.Ordinal);
        Assert.Contains("Theirs", html, StringComparison.Ordinal);
        Assert.Contains("Mine", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_the_CST_assurance_framework_adds_its_seven_domains_to_the_review()
    {
        var slug = await TrustWithPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        using (var first = await admin.GetAsync(new Uri($"/{slug}/trust-review", UriKind.Relative)))
        {
            Assert.True(first.StatusCode == HttpStatusCode.OK, string.Join("\n", factory.LogEvents.Snapshot().Where(e => e.Exception is not null).TakeLast(2).Select(e => e.Exception!.ToString())));
        }
        Assert.Equal(5, (await admin.GetDocumentAsync($"/{slug}/trust-review")).QuerySelectorAll("#pillars tbody tr").Length);

        using var response = await admin.PostFormAsync($"/{slug}/trust-review/settings", new Dictionary<string, string> { ["usesCst"] = "true" }, $"/{slug}/trust-review");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await admin.GetDocumentAsync($"/{slug}/trust-review");
        Assert.Equal(12, page.QuerySelectorAll("#pillars tbody tr").Length);
        Assert.NotNull(page.QuerySelector("#pillars tr[data-pillar='cst-public-benefit']"));
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Headteacher)]
    public async Task Staff_and_heads_never_see_the_trusts_self_review(string role)
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(role);

        await client.GetDocumentAsync($"/{DemoAccounts.TrustSlug}/trust-review", HttpStatusCode.Forbidden);
        await client.GetDocumentAsync($"/{DemoAccounts.TrustSlug}/trust-review/{Year}/tqd-education", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_trustee_may_not_write_the_review_and_another_trusts_trustee_may_not_read_it()
    {
        var slug = await TrustWithPlanAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, slug);
        var (outsider, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);

        using var posted = await trustee.PostFormAsync($"/{slug}/trust-review/{Year}/tqd-education", Judgement(Guid.Empty.ToString()), $"/{slug}/trust-review");

        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        await outsider.GetDocumentAsync($"/{slug}/trust-review", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Trustees_reach_the_review_from_the_board_and_administrators_from_their_menu()
    {
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);

        var board = await trustee.GetDocumentAsync($"/{DemoAccounts.TrustSlug}/board");
        using var menu = await admin.GetAsync(new Uri("/admin/trust-review", UriKind.Relative));

        Assert.NotNull(board.QuerySelector($"#board-links a[href='/{DemoAccounts.TrustSlug}/trust-review']"));
        Assert.Equal($"/{DemoAccounts.TrustSlug}/trust-review", menu.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_review_page_issues_as_many_queries_for_many_years_and_aims_as_for_one()
    {
        var small = await TrustWithPlanAsync(aims: 1, years: 1);
        var large = await TrustWithPlanAsync(aims: 12, years: 6);
        var (smallAdmin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, small);
        var (largeAdmin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, large);

        async Task<int> CountAsync(HttpClient client, string url)
        {
            await client.GetDocumentAsync(url);
            factory.Queries.Reset();
            await client.GetDocumentAsync(url);
            return factory.Queries.Count;
        }

        Assert.Equal(await CountAsync(smallAdmin, $"/{small}/trust-review"), await CountAsync(largeAdmin, $"/{large}/trust-review"));
        Assert.Equal(await CountAsync(smallAdmin, $"/{small}/trust-review/{Year}/tqd-education"), await CountAsync(largeAdmin, $"/{large}/trust-review/{Year}/tqd-education"));
        Assert.InRange(await CountAsync(largeAdmin, $"/{large}/trust-review"), 1, 12);
    }

    /// A trust of its own with a published plan for this year: aim 1 tagged with education and workforce, aim 2 with
    /// governance and leadership (so school improvement and finance are uncovered), further aims tagged with education;
    /// and reviews for earlier years when asked.
    private async Task<string> TrustWithPlanAsync(int aims = 2, int years = 0)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var slug = $"review-{Guid.NewGuid():N}"[..20];
        var trust = new Trust(slug, $"Review Trust {slug}");
        db.Trusts.Add(trust);
        await db.SaveChangesAsync();
        var plan = new StrategicPlan(trust.Id, "plan", "Our plan", Year - 1, Year + 2);
        var theme = plan.AddTheme("Theme");
        for (var i = 1; i <= aims; i++)
        {
            var aim = plan.AddAim(theme, i, i == 1 ? "Aim for every child" : $"Aim {i.ToString(CultureInfo.InvariantCulture)}", null);
            aim.AddCriterion("Criterion");
            aim.SetTags(i == 2 ? ["tqd-governance-leadership"] : i == 1 ? ["tqd-education", "tqd-workforce"] : ["tqd-education"]);
        }
        plan.PublishForSeeding();
        db.StrategicPlans.Add(plan);
        for (var y = 1; y <= years; y++)
        {
            var review = new TrustSelfReview(trust.Id, Year - y);
            review.Judge(TrustSelfReview.PillarsFor(false), "tqd-workforce", PillarGrade.Developing, "Earlier year", null, "Admin", factory.Clock.GetUtcNow());
            db.TrustSelfReviews.Add(review);
        }
        await db.SaveChangesAsync();
        return slug;
    }
}
