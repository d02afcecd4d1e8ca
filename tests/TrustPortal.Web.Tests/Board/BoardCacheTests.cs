using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Seeding;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Board;

/// The trustees' dashboard is kept in memory between requests (docs/adr/0091) and is never out of date: any save of
/// progress or board work renews it at once on this instance (and, through the stamp, on every other).
[Collection(SharedPortal.Name)]
public sealed class BoardCacheTests(PortalFactory factory)
{
    private async Task<(string Slug, int TrustId)> GenerateAsync()
    {
        var slug = $"bc-{Guid.NewGuid():N}"[..18];
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var generator = new LargeTrustGenerator(db, factory.Clock);
        var firstUrn = await generator.FreeUrnBlockAsync(2, CancellationToken.None) ?? throw new Xunit.Sdk.XunitException("No free URN block.");
        var id = await generator.GenerateAsync(new LargeTrustSpec(slug, "Board Cache Trust", 2, Aims: 2, CriteriaPerAim: 2, Cycles: 1, Seed: 3, firstUrn, Challenges: 0), CancellationToken.None);
        // The poller counts a trust it sees for the first time as changed; let it see this one before anything is cached.
        await factory.SettleCachesAsync();
        return (slug, id);
    }

    [Fact]
    public async Task A_second_look_at_the_dashboard_reads_less_and_a_progress_save_shows_at_once()
    {
        var (slug, trustId) = await GenerateAsync();
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, slug);
        await client.GetDocumentAsync($"/{slug}/board");

        factory.Queries.Reset();
        var first = await client.GetDocumentAsync($"/{slug}/board");
        var cached = factory.Queries.Count;
        var summary = first.QuerySelector("#exceptions-summary")!.TextContent;

        // A headteacher's save (here straight through the domain, as the progress form does) of one criterion to off track.
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var update = await db.ProgressUpdates
                .Where(u => u.Entry.Status != ProgressStatus.OffTrack && db.Schools.Any(s => s.Id == u.SchoolId && s.TrustId == trustId))
                .OrderBy(u => u.Id).FirstAsync();
            Assert.True(update.Record(update.Entry with { Status = ProgressStatus.OffTrack }, "Test head", factory.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }
        factory.Queries.Reset();
        var after = await client.GetDocumentAsync($"/{slug}/board");
        var rebuilt = factory.Queries.Count;

        Assert.True(rebuilt > cached, $"the save must rebuild the dashboard from the database ({cached} queries cached, {rebuilt} after the save)");
        var offTrackBefore = int.Parse(summary.Split(' ')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var offTrackAfter = int.Parse(after.QuerySelector("#exceptions-summary")!.TextContent.Split(' ')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(offTrackBefore + 1, offTrackAfter);
    }

    [Fact]
    public async Task The_parts_kept_with_the_dashboard_are_served_whole_the_second_time_and_to_another_trustee()
    {
        var (slug, _) = await GenerateAsync();
        var (first, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, slug);
        var (second, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, slug);
        var rendered = await first.GetDocumentAsync($"/{slug}/board");
        var kept = await second.GetDocumentAsync($"/{slug}/board");

        foreach (var part in new[] { "#exceptions", "#heatmap", "#movement" })
        {
            var html = rendered.QuerySelector(part)?.OuterHtml;
            Assert.False(string.IsNullOrEmpty(html), $"{part} is on the dashboard");
            Assert.Equal(html, kept.QuerySelector(part)?.OuterHtml);
        }
        Assert.Equal(1, kept.QuerySelectorAll("#heatmap").Length);
    }

    [Fact]
    public async Task A_dashboard_asked_for_with_a_cycle_that_does_not_exist_is_not_kept()
    {
        var (slug, _) = await GenerateAsync();
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, slug);
        var url = $"/{slug}/board?cycle=987654";
        var first = await client.GetDocumentAsync(url);
        Assert.Contains("The cycle chosen is not one of this plan's review cycles", first.MainText(), StringComparison.Ordinal);
        factory.Queries.Reset();
        await client.GetDocumentAsync(url);
        var unknown = factory.Queries.Count;
        await client.GetDocumentAsync($"/{slug}/board");
        factory.Queries.Reset();
        await client.GetDocumentAsync($"/{slug}/board");
        Assert.True(unknown > factory.Queries.Count, $"a made-up cycle must be read from the database each time ({unknown} queries), a real one is kept ({factory.Queries.Count})");
    }

    [Fact]
    public async Task The_cached_dashboard_is_still_refused_to_a_trustee_of_another_trust()
    {
        var (slug, _) = await GenerateAsync();
        var (own, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, slug);
        await own.GetDocumentAsync($"/{slug}/board");
        var (other, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        using var response = await other.GetAsync(new Uri($"/{slug}/board", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
    }
}
