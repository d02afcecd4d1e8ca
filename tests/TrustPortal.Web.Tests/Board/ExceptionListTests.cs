using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Seeding;
using TrustPortal.Web.Features.Board;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Board;

/// A trust of many schools has hundreds of off-track and at-risk criteria: the dashboard lists the most serious few
/// and links to the whole list, a page at a time; nothing is dropped.
[Collection(SharedPortal.Name)]
public sealed class ExceptionListTests(PortalFactory factory)
{
    private async Task<(string Slug, int Exceptions, int OffTrack)> GenerateAsync()
    {
        var slug = $"exc-{Guid.NewGuid():N}"[..20];
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var generator = new LargeTrustGenerator(db, factory.Clock);
        var firstUrn = await generator.FreeUrnBlockAsync(12, CancellationToken.None) ?? throw new Xunit.Sdk.XunitException("No free URN block.");
        var trustId = await generator.GenerateAsync(new LargeTrustSpec(slug, "Exception List Trust", 12, Aims: 7, CriteriaPerAim: 4, Cycles: 1, Seed: 7, firstUrn, Challenges: 0), CancellationToken.None);
        var statuses = await db.ProgressUpdates.Where(u => db.Schools.Any(s => s.Id == u.SchoolId && s.TrustId == trustId)).Select(u => u.Entry.Status).ToListAsync();
        return (slug, statuses.Count(s => s is ProgressStatus.OffTrack or ProgressStatus.AtRisk), statuses.Count(s => s == ProgressStatus.OffTrack));
    }

    [Fact]
    public async Task The_dashboard_lists_the_most_serious_few_and_links_to_every_one_a_page_at_a_time()
    {
        var (slug, total, offTrack) = await GenerateAsync();
        Assert.True(total > ExceptionsViewModel.PageSize, $"the generated trust needs more than a page of exceptions (has {total})");
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, slug);

        var dashboard = await client.GetDocumentAsync($"/{slug}/board");
        var shown = dashboard.QuerySelectorAll("#exception-list tbody tr");
        Assert.Equal(DashboardViewModel.ExceptionLimit, shown.Length);
        Assert.All(shown.Take(Math.Min(offTrack, shown.Length)), r => Assert.Equal("Off track", r.QuerySelector("td .govuk-tag")!.TextContent.Trim()));
        Assert.Contains($"{offTrack} off track, {total - offTrack} at risk", dashboard.QuerySelector("#exceptions-summary")!.TextContent, StringComparison.Ordinal);
        var more = dashboard.QuerySelector("#exceptions-more a")!;
        Assert.Contains($"See all {total}", more.TextContent, StringComparison.Ordinal);

        var criteria = new List<string>();
        var href = more.GetAttribute("href");
        var pages = 0;
        while (href is not null)
        {
            var page = await client.GetDocumentAsync(href);
            pages++;
            criteria.AddRange(page.QuerySelectorAll("#exception-list tbody tr").Select(r => r.QuerySelectorAll("td")[3].QuerySelector("a")!.GetAttribute("href")!));
            Assert.Contains($"{total} success criteria are off track or at risk", page.QuerySelector("#exceptions-count")!.TextContent, StringComparison.Ordinal);
            href = page.QuerySelector(".govuk-pagination__next a")?.GetAttribute("href");
        }
        Assert.Equal((total + ExceptionsViewModel.PageSize - 1) / ExceptionsViewModel.PageSize, pages);
        Assert.Equal(total, criteria.Count);
        Assert.Equal(total, criteria.Distinct().Count());

        // The board pack keeps every one.
        var pack = await client.GetDocumentAsync($"/{slug}/board/packs/current");
        Assert.Equal(total, pack.QuerySelectorAll("section[aria-labelledby='exceptions'] h3").Length);
    }

    [Fact]
    public async Task A_page_that_does_not_exist_shows_the_first_with_a_message()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        foreach (var page in new[] { "0", "999", "abc", "-1" })
        {
            var doc = await client.GetDocumentAsync($"/{DemoAccounts.TrustSlug}/board/exceptions?page={page}");
            Assert.Contains($"There is no page {page} of this list, so the first page is shown.", doc.MainText(), StringComparison.Ordinal);
        }
    }
}
