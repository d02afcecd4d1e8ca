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

    /// The most memory the output cache of anonymous pages may hold, for all trusts together.
    public long OutputCacheMegabytes { get; set; } = 100;
}
