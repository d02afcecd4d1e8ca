using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Infrastructure.Caching;

/// One generation: a number that goes into every cache key made under it, and a token that expires what was cached
/// under it. The two are one immutable object, swapped in whole, so a reader can never see the number of one
/// generation with the token of another, nor a token whose source has gone.
#pragma warning disable CA1001 // Never disposed on purpose: see End().
public sealed class CacheGeneration
#pragma warning restore CA1001
{
    private readonly CancellationTokenSource _source = new();

    internal CacheGeneration(long value)
    {
        Value = value;
        Expiry = new CancellationChangeToken(_source.Token);
    }

    public long Value { get; }

    /// Expires every read model cached under this generation.
    public IChangeToken Expiry { get; }

    // Cancelled, never disposed: a request may still hold this generation's token, and a source with no timer and
    // no wait handle holds nothing for Dispose to free.
    internal void End() => _source.Cancel();

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// This instance's cache generations, one per trust and per area (its published content; its work), plus one for
/// the list of trusts on the landing page. Every cache key includes the generation current when the request STARTED,
/// so a response built from data read before a change is stored under a key that no request looks up once the
/// change is known: no race between a save and a slow request can store a stale page. A change in one trust moves
/// only that trust's generation: the other trusts' pages stay cached.
public sealed class TrustCacheGenerations(IOutputCacheStore pages, ILogger<TrustCacheGenerations> logger)
{
    public const string DirectoryTag = "trust-directory";

    private readonly ConcurrentDictionary<(int Trust, CachedArea Area), CacheGeneration> _generations = new();
    private long _next;
    private CacheGeneration _directory = new(0);
    private FrozenDictionary<string, int> _slugs = FrozenDictionary<string, int>.Empty;
    private FrozenSet<int> _suspended = FrozenSet<int>.Empty;

    /// The output cache tag of one trust's public pages.
    public static string TagOf(int trustId) => string.Create(CultureInfo.InvariantCulture, $"trust:{trustId}");

    public CacheGeneration Current(int trustId, CachedArea area) => _generations.GetOrAdd((trustId, area), _ => New());

    /// The landing page's generation: it lists every trust, so it moves when any trust's published content does.
    public CacheGeneration Directory => Volatile.Read(ref _directory);

    /// The trust a public address names, as of the last poll (null for a slug no trust has).
    public int? TrustIdOf(string slug) => Volatile.Read(ref _slugs).TryGetValue(slug, out var id) ? id : null;

    /// Whether the trust was suspended at the last poll (the saving instance polls at once after a suspension).
    public bool IsSuspended(int trustId) => Volatile.Read(ref _suspended).Contains(trustId);

    /// What the poller read: every trust's slug, and the trusts that are suspended.
    public void KnowSlugs(IEnumerable<KeyValuePair<string, int>> slugs, IEnumerable<int>? suspended = null)
    {
        Volatile.Write(ref _suspended, (suspended ?? []).ToFrozenSet());
        Volatile.Write(ref _slugs, slugs.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// A trust's cached pages of one area are out of date: new keys from now on, old entries dropped to free memory.
    public void Changed(int trustId, CachedArea area)
    {
        var key = (trustId, area);
        var next = New();
        while (true)
        {
            if (_generations.TryGetValue(key, out var previous))
            {
                if (_generations.TryUpdate(key, next, previous))
                {
                    previous.End();
                    break;
                }
            }
            else if (_generations.TryAdd(key, next))
            {
                break;
            }
        }
        if (area == CachedArea.PublicContent)
        {
            _ = EvictAsync(TagOf(trustId));
            DirectoryChanged();
        }
    }

    /// A trust was added or removed, or its published content changed: the landing page's list is out of date.
    public void DirectoryChanged()
    {
        Interlocked.Exchange(ref _directory, New()).End();
        _ = EvictAsync(DirectoryTag);
    }

    /// Raised when a trust is gone, so stores kept per trust can let it go.
    public event Action<int>? TrustRemoved;

    /// A trust is gone: its generations end and its pages are dropped.
    public void Removed(int trustId)
    {
        foreach (var area in Enum.GetValues<CachedArea>())
        {
            if (_generations.TryRemove((trustId, area), out var gone))
            {
                gone.End();
            }
        }
        _ = EvictAsync(TagOf(trustId));
        DirectoryChanged();
        TrustRemoved?.Invoke(trustId);
    }

    private CacheGeneration New() => new(Interlocked.Increment(ref _next));

    private async Task EvictAsync(string tag)
    {
        try
        {
            await pages.EvictByTagAsync(tag, CancellationToken.None);
        }
#pragma warning disable CA1031 // Eviction only frees memory (the generation already hides old entries); a failure must not fail the save.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Cached pages tagged {Tag} could not be evicted", tag);
        }
    }
}
