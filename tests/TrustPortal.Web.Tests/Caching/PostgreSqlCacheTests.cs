using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure.Caching;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Caching;

/// The version row and the poller's plain SQL on a real PostgreSQL server (quoted identifiers, uuid column).
public sealed class PostgreSqlCacheTests : IDisposable
{
    private readonly PostgresPortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [PostgresFact]
    public async Task A_school_change_renews_the_stamp_and_the_poller_reads_it_on_PostgreSQL()
    {
        var client = _factory.CreateSecureClient();
        await client.GetDocumentAsync("/create-partnership-trust/schools");
        var poller = _factory.Services.GetRequiredService<PublicContentPoller>();
        var generation = _factory.Services.GetRequiredService<PublicContentGeneration>();
        Assert.True(await poller.PollOnceAsync(CancellationToken.None));

        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var before = await db.PublicContentVersions.AsNoTracking().Select(v => v.Stamp).SingleAsync();
        var school = await db.Schools.OrderBy(s => s.Urn).FirstAsync(s => db.Trusts.Any(t => t.Id == s.TrustId && t.Slug == "create-partnership-trust"));
        school.SetLocation("Postgreshire", "Postgrestown");
        await db.SaveChangesAsync();
        Assert.NotEqual(before, await db.PublicContentVersions.AsNoTracking().Select(v => v.Stamp).SingleAsync());

        var seen = generation.Current;
        Assert.True(await poller.PollOnceAsync(CancellationToken.None));
        Assert.True(generation.Current > seen, "The poller saw the new stamp.");
        Assert.Contains("Postgrestown", (await client.GetDocumentAsync("/create-partnership-trust/schools")).MainText(), StringComparison.Ordinal);
    }
}
