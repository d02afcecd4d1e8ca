namespace TrustPortal.Web.Infrastructure.Caching;

/// Settings under "Caching".
public sealed class CachingOptions
{
    /// How often each instance reads the trusts' cache stamps (one query, whatever the load).
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// The longest a cached page or read model is kept, whatever happens (a safety net).
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// The most read models kept in memory for one trust; past it, the least recently used make room. A trust with
    /// many schools or many board filters cannot crowd out the others (national scale: thousands of trusts).
    public int ReadModelsPerTrust { get; set; } = 500;

    /// The most trusts whose read models are kept in memory at once; past it, the trust used least recently gives up
    /// its store. With ReadModelsPerTrust this bounds the read models an instance holds, whatever the number of
    /// trusts hosted (England: about 1,200), while the trusts in use stay cached (docs/capacity.md).
    public int TrustsInMemory { get; set; } = 400;

    /// The most memory the output cache of anonymous pages may hold, for all trusts together.
    public long OutputCacheMegabytes { get; set; } = 100;
}
