using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace TrustPortal.Web.Tests.Board;

/// The board pack (page and Word) covers what the dashboard's theme and phase filters chose, and says so.
[Collection(SharedPortal.Name)]
public sealed class BoardPackFilterTests(PortalFactory factory)
{
    private const string Trust = DemoAccounts.TrustSlug;

    private async Task<(int ThemeId, int ThemeAims, int AllAims, string Phase, int PhaseSchools, int AllSchools)> FiltersAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await factory.TrustIdAsync();
        var plan = await db.StrategicPlans.Where(p => p.TrustId == trustId && p.Slug == "2025-2028").Select(p => p.Id).SingleAsync();
        var themes = await db.PlanThemes.Where(t => t.StrategicPlanId == plan).OrderBy(t => t.Position).Select(t => new { t.Id, Aims = t.Aims.Count }).ToListAsync();
        var phases = await db.Schools.Where(s => s.TrustId == trustId && !s.IsArchived).GroupBy(s => s.Phase).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var phase = phases.OrderBy(p => p.Count).First();
        return (themes[0].Id, themes[0].Aims, themes.Sum(t => t.Aims), phase.Key.ToString(), phase.Count, phases.Sum(p => p.Count));
    }

    [Fact]
    public async Task The_dashboard_links_to_the_pack_with_its_filters_and_the_pack_shows_only_the_chosen_theme_and_phase()
    {
        var f = await FiltersAsync();
        Assert.True(f.ThemeAims < f.AllAims && f.PhaseSchools < f.AllSchools, "the demo plan needs two themes and two phases for this test");
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var dashboard = await trustee.GetDocumentAsync($"/{Trust}/board?theme={f.ThemeId}&phase={f.Phase}");
        var packLink = dashboard.QuerySelectorAll("#downloads a").Select(a => a.GetAttribute("href")!).Single(h => h.Contains("/board/packs/current?", StringComparison.Ordinal));
        Assert.Contains($"theme={f.ThemeId}", packLink, StringComparison.Ordinal);
        Assert.Contains($"phase={f.Phase}", packLink, StringComparison.Ordinal);
        Assert.Contains(dashboard.QuerySelectorAll("#downloads a"), a => a.GetAttribute("href")!.StartsWith($"/{Trust}/board/packs/current.docx?", StringComparison.Ordinal)
            && a.GetAttribute("href")!.Contains($"phase={f.Phase}", StringComparison.Ordinal));

        var pack = await trustee.GetDocumentAsync(packLink);
        Assert.Equal(f.ThemeAims, pack.QuerySelectorAll("#glance-table tbody tr").Length);
        Assert.Equal(f.PhaseSchools, pack.QuerySelectorAll("section[aria-labelledby='schools'] h3").Length);
        var filters = pack.QuerySelector("#pack-filters")!.TextContent;
        Assert.Contains($"({f.ThemeAims} of {f.AllAims} aims)", filters, StringComparison.Ordinal);
        Assert.Contains($"({f.PhaseSchools} of {f.AllSchools} schools)", filters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_word_pack_says_it_is_filtered_to_the_chosen_phases_schools()
    {
        var f = await FiltersAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        using var response = await trustee.GetAsync(new Uri($"/{Trust}/board/packs/current.docx?theme={f.ThemeId}&phase={f.Phase}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var word = WordprocessingDocument.Open(stream, false);
        var body = word.MainDocumentPart!.Document!.Body!;
        Assert.Contains(body.Elements<W.Paragraph>(), p => p.InnerText.StartsWith("Filtered.", StringComparison.Ordinal)
            && p.InnerText.Contains($"({f.PhaseSchools} of {f.AllSchools} schools)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unfiltered_pack_says_nothing_about_filters()
    {
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var pack = await trustee.GetDocumentAsync($"/{Trust}/board/packs/current");
        Assert.Null(pack.QuerySelector("#pack-filters"));
    }
}
