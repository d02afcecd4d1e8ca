using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure.Caching;

namespace TrustPortal.Web.Tests.Infrastructure;

public static class CacheHelpers
{
    /// Moves every trust's generations on this instance, so the next request builds its page from the database (for
    /// tests that count a page's queries). Its own query runs before the caller resets the counter.
    public static async Task ForgetCachedPagesAsync(this PortalFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var scope = factory.Services.CreateScope();
        var ids = await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Trusts.Select(t => t.Id).ToListAsync();
        var generations = factory.Services.GetRequiredService<TrustCacheGenerations>();
        foreach (var id in ids)
        {
            generations.Changed(id, CachedArea.PublicContent);
            generations.Changed(id, CachedArea.TrustWork);
        }
    }

    /// The trust's stamps as stored.
    public static async Task<(Guid PublicContent, Guid TrustWork)> StampsAsync(this PortalFactory factory, int trustId)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var scope = factory.Services.CreateScope();
        var stamp = await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().TrustCacheStamps.AsNoTracking().SingleAsync(s => s.TrustId == trustId);
        return (stamp.PublicContent, stamp.TrustWork);
    }

    /// Lets the poller take in every change saved so far.
    public static async Task SettleCachesAsync(this PortalFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Assert.True(await factory.Services.GetRequiredService<TrustCacheStampPoller>().PollOnceAsync(CancellationToken.None));
    }
}
