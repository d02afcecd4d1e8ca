using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure.Caching;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Caching;

/// The stamp rows and the poller's plain SQL on a real PostgreSQL server (quoted identifiers, uuid column).
public sealed class PostgreSqlCacheTests : IDisposable
{
    private readonly PostgresPortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [PostgresFact]
    public async Task A_school_change_renews_the_stamp_and_the_poller_reads_it_on_PostgreSQL()
    {
        var client = _factory.CreateSecureClient();
        await client.GetDocumentAsync("/create-partnership-trust/schools");
        var poller = _factory.Services.GetRequiredService<TrustCacheStampPoller>();
        var generations = _factory.Services.GetRequiredService<TrustCacheGenerations>();
        Assert.True(await poller.PollOnceAsync(CancellationToken.None));

        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var school = await db.Schools.OrderBy(s => s.Urn).FirstAsync(s => db.Trusts.Any(t => t.Id == s.TrustId && t.Slug == "create-partnership-trust"));
        var before = await db.TrustCacheStamps.AsNoTracking().Where(s => s.TrustId == school.TrustId).Select(s => s.PublicContent).SingleAsync();
        school.SetLocation("Postgreshire", "Postgrestown");
        await db.SaveChangesAsync();
        Assert.NotEqual(before, await db.TrustCacheStamps.AsNoTracking().Where(s => s.TrustId == school.TrustId).Select(s => s.PublicContent).SingleAsync());

        var seen = generations.Current(school.TrustId, CachedArea.PublicContent).Value;
        Assert.True(await poller.PollOnceAsync(CancellationToken.None));
        Assert.True(generations.Current(school.TrustId, CachedArea.PublicContent).Value > seen, "The poller saw the new stamp.");
        Assert.Contains("Postgrestown", (await client.GetDocumentAsync("/create-partnership-trust/schools")).MainText(), StringComparison.Ordinal);
    }
}
