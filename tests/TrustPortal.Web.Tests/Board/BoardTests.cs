using System.Globalization;
using System.Net;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Seeding;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using W = DocumentFormat.OpenXml.Wordprocessing;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace TrustPortal.Web.Tests.Board;

[Collection(SharedPortal.Name)]
public sealed class BoardTests(PortalFactory factory)
{
    private const string Trust = DemoAccounts.TrustSlug;
    private static readonly string[] StatusWords = ["Off track", "At risk", "Not started", "On track", "Achieved"];

    [Fact]
    public async Task Trustee_sees_a_heatmap_of_schools_by_aims_with_status_words_and_exceptions_before_it()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var doc = await client.GetDocumentAsync($"/{Trust}/board");

        var heatmap = doc.QuerySelector("table#heatmap")!;
        Assert.NotNull(heatmap);
        Assert.True(heatmap.QuerySelectorAll("tbody tr").Length >= 5, "a row per school (other tests may add schools)");
        Assert.True(heatmap.QuerySelectorAll("thead th").Length > 2);
        var tags = heatmap.QuerySelectorAll("td .app-rag");
        Assert.NotEmpty(tags);
        Assert.All(tags, t => Assert.Contains(t.TextContent.Trim(), StatusWords));
        Assert.All(tags, t => Assert.Matches("app-rag--(off-track|at-risk|not-started|on-track|achieved)", t.ClassName!));
        // Cells link to the school drill-down.
        Assert.Contains(heatmap.QuerySelectorAll("td a"), a => a.GetAttribute("href")!.Contains("/board/schools/", StringComparison.Ordinal));

        var exceptions = doc.QuerySelector("#exceptions")!;
        Assert.True(exceptions.CompareDocumentPosition(heatmap).HasFlag(AngleSharp.Dom.DocumentPositions.Following), "exceptions come before the heatmap");
        var rows = doc.QuerySelectorAll("#exception-list tbody tr").Select(r => r.QuerySelector("td .govuk-tag")!.TextContent.Trim()).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(r is "Off track" or "At risk", r));
        Assert.Equal(rows.OrderBy(r => r == "Off track" ? 0 : 1), rows);

        var text = doc.MainText();
        Assert.Contains("Returns for Autumn 2026", text, StringComparison.Ordinal);
        Assert.Contains("compared with Summer 2026", text, StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector("svg[role=img][aria-labelledby='trend-heading trend-summary']"));
        Assert.Equal(4, doc.QuerySelectorAll("#trend-table tbody tr").Length);
        Assert.NotNull(doc.QuerySelector("form#filters[method=get] button"));
    }

    [Fact]
    public async Task Filters_choose_the_cycle_the_theme_and_the_phase()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await factory.TrustIdAsync();
        var spring = await db.ReviewCycles.Where(c => c.Name == "Spring 2026" && db.StrategicPlans.Any(p => p.Id == c.StrategicPlanId && p.TrustId == trustId)).Select(c => c.Id).SingleAsync();
        var plan = await db.StrategicPlans.Where(p => p.TrustId == trustId && p.Slug == "2025-2028").Select(p => p.Id).SingleAsync();
        var themes = await db.PlanThemes.Where(t => t.StrategicPlanId == plan).OrderBy(t => t.Position).Select(t => new { t.Id, Aims = t.Aims.Count }).ToListAsync();
        var phases = await db.Schools.Where(s => s.TrustId == trustId && !s.IsArchived).GroupBy(s => s.Phase).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var phase = phases.OrderBy(p => p.Count).First();

        var doc = await client.GetDocumentAsync($"/{Trust}/board?cycle={spring}&theme={themes[0].Id}&phase={phase.Key}");

        Assert.Contains("Spring 2026", doc.QuerySelector("#cycle-name")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Autumn 2025", doc.QuerySelector("#cycle-name")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(themes[0].Aims, doc.QuerySelectorAll("#heatmap thead th").Length - 1);
        Assert.Equal(phase.Count, doc.QuerySelectorAll("#heatmap tbody tr").Length);
        Assert.Equal(spring.ToString(CultureInfo.InvariantCulture), doc.QuerySelector("#cycle option[selected]")!.GetAttribute("value"));

        var bad = await client.GetDocumentAsync($"/{Trust}/board?cycle=abc&phase=Nonsense");
        Assert.Contains("The cycle chosen was not recognised", bad.MainText(), StringComparison.Ordinal);
        Assert.Contains("The phase chosen was not recognised", bad.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drill_down_goes_from_the_heatmap_to_a_school_an_aim_and_a_criterion_with_its_history()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var dashboard = await client.GetDocumentAsync($"/{Trust}/board");
        var schoolLink = dashboard.QuerySelector("#heatmap tbody th a")!.GetAttribute("href")!;
        var school = await client.GetDocumentAsync(schoolLink);
        Assert.NotNull(school.QuerySelector("#aim-1"));
        Assert.Contains("Autumn 2026", school.MainText(), StringComparison.Ordinal);

        var aimLink = dashboard.QuerySelector("#heatmap thead th a")!.GetAttribute("href")!;
        var aim = await client.GetDocumentAsync(aimLink);
        Assert.True(aim.QuerySelectorAll("#aim-table tbody tr").Length >= 5);

        var criterionLink = school.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).First(h => h.Contains("/criteria/", StringComparison.Ordinal) && h.Contains("/board/", StringComparison.Ordinal));
        var history = await client.GetDocumentAsync(criterionLink);
        var cycles = history.QuerySelectorAll("#history tbody tr").Select(r => r.QuerySelector("th")!.TextContent.Trim()).ToList();
        Assert.Equal(["Autumn 2025", "Spring 2026", "Summer 2026", "Autumn 2026"], cycles);
        Assert.Contains(history.QuerySelectorAll("#history .app-rag"), t => StatusWords.Contains(t.TextContent.Trim()));
        Assert.Contains("revision", history.MainText(), StringComparison.Ordinal);

        await client.GetDocumentAsync($"/{Trust}/board/schools/999999", HttpStatusCode.NotFound);
        await client.GetDocumentAsync($"/{Trust}/board/aims/98", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Headteacher)]
    public async Task Staff_and_heads_are_refused_the_board_pages(string role)
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(role);
        foreach (var url in new[] { "board", "board/pack", "board/pack.docx", "board/progress.csv", "board/progress.xlsx", "board/sign-off", "board/aims/1", "board/meetings", "board/meetings/new" })
        {
            using var response = await client.GetAsync(new Uri($"/{Trust}/{url}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_trustee_of_another_trust_is_refused_and_anonymous_users_are_sent_to_sign_in()
    {
        var (other, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, "innovate-2-educate-partnership");
        using var forbidden = await other.GetAsync(new Uri($"/{Trust}/board", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var csv = await other.GetAsync(new Uri($"/{Trust}/board/progress.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, csv.StatusCode);

        using var anonymous = factory.CreateSecureClient();
        using var response = await anonymous.GetAsync(new Uri($"/{Trust}/board", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_runs_the_same_number_of_queries_for_a_trust_of_fifty_schools_and_nine_cycles_as_for_a_small_one()
    {
        var slug = $"large-trust-{Guid.NewGuid():N}"[..24];
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            await new LargeTrustGenerator(db, factory.Clock).GenerateAsync(slug, "Large Generated Trust", schools: 50, aims: 7, criteriaPerAim: 4, cycles: 9, seed: 7, CancellationToken.None);
        }
        // The stamp poller moves the generation of a trust it sees for the first time (it cannot know what was cached
        // before): let it see the new trust now, so that its first tick does not fall between the two reads below.
        await factory.Services.GetRequiredService<TrustPortal.Web.Infrastructure.Caching.TrustCacheStampPoller>().PollOnceAsync(CancellationToken.None);
        var (small, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var (large, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, slug);

        await small.GetDocumentAsync($"/{Trust}/board");
        factory.Queries.Reset();
        await small.GetDocumentAsync($"/{Trust}/board");
        var smallCount = factory.Queries.Count;

        await large.GetDocumentAsync($"/{slug}/board");
        factory.Queries.Reset();
        var doc = await large.GetDocumentAsync($"/{slug}/board");
        var largeCount = factory.Queries.Count;

        Assert.Equal(50, doc.QuerySelectorAll("#heatmap tbody tr").Length);
        Assert.Equal(9, doc.QuerySelectorAll("#trend-table tbody tr").Length);
        Assert.Equal(smallCount, largeCount);
        Assert.InRange(largeCount, 1, 20);
    }
}
