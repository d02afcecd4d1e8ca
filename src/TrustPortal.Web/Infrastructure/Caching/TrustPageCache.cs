using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Infrastructure.Caching;

/// Read models of a trust's pages kept in memory between requests: its public pages (for the people the output cache
/// cannot serve: anyone signed in) and the pages of its work (the board, a school's progress). Each trust has its own
/// store, bounded by Caching:ReadModelsPerTrust, so one trust can neither evict another's models nor grow without
/// limit. A key names the page and the audience the model was built for (public, or members of the trust, who also
/// see its staff-only items), plus the generations current at the start of the request: a public page's model hangs
/// on the trust's published content; a work page's on its content AND its work (it shows the plan's aims too).
/// Only what every viewer of that audience sees goes in: never a person's name, role or anything else from the request.
/// A miss is loaded once per instance: requests that miss the same model while it is loading wait for that load
/// (single flight), so a save in a busy trust or a cold start does not send every waiting request to the database.
public sealed class TrustPageCache : IDisposable
{
    private readonly ConcurrentDictionary<int, MemoryCache> _stores = new();
    // The loads under way, by trust and key: a request that misses while one runs waits for it.
    private readonly ConcurrentDictionary<(int TrustId, string Key), Task<object?>> _loading = new();
    // When each trust's store was last used (a counter of uses), to choose the one to give up past TrustsInMemory.
    private readonly ConcurrentDictionary<int, long> _lastUsed = new();
    private long _uses;
    private readonly TrustCacheGenerations _generations;
    private readonly TrustCacheStampPoller _poller;
    private readonly CachingOptions _options;
    private readonly Telemetry.PortalMetrics? _metrics;

    public TrustPageCache(TrustCacheGenerations generations, TrustCacheStampPoller poller, CachingOptions options, Telemetry.PortalMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(generations);
        _generations = generations;
        _poller = poller;
        _options = options;
        _metrics = metrics;
        generations.TrustRemoved += Forget;
    }

    /// A trust that is gone gives up its store. The store is emptied, not disposed: a request may still be using it.
    private void Forget(int trustId)
    {
        _lastUsed.TryRemove(trustId, out _);
        if (_stores.TryRemove(trustId, out var store))
        {
            store.Compact(1.0);
        }
    }

    private MemoryCache StoreOf(int trustId)
    {
        _lastUsed[trustId] = Interlocked.Increment(ref _uses);
        if (_stores.TryGetValue(trustId, out var store))
        {
            return store;
        }
        store = _stores.GetOrAdd(trustId, _ => new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.ReadModelsPerTrust }));
        // Only a new store can take the count past the bound, so the scan runs only then (rarely, once trusts are warm).
        while (_stores.Count > Math.Max(1, _options.TrustsInMemory))
        {
            var coldest = _lastUsed.Where(u => u.Key != trustId).OrderBy(u => u.Value).Select(u => (int?)u.Key).FirstOrDefault();
            if (coldest is not { } id)
            {
                break;
            }
            Forget(id);
        }
        return store;
    }

    /// How many trusts have read models in memory (for tests and diagnostics).
    public int TrustsInMemory => _stores.Count;

    /// A model of a public page of the trust at <paramref name="trustSlug"/>; nothing is kept for a slug no trust has.
    /// <param name="keep">Whether a loaded model may be kept (e.g. not when the request named a filter that does not
    /// exist, so made-up addresses cannot fill the memory); by default every model found is kept.</param>
    public async Task<T?> GetOrLoadAsync<T>(string page, string trustSlug, int? memberOf, Func<CancellationToken, Task<T?>> load, CancellationToken ct, Func<T, bool>? keep = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(load);
        if (await _poller.TrustIdOfAsync(trustSlug, ct) is not { } trustId)
        {
            return await load(ct);
        }
        var content = _generations.Current(trustId, CachedArea.PublicContent);
        return await GetOrLoadAsync(trustId, Telemetry.PortalMetrics.TrustPublicPages, Key("public", page, memberOf, content, null), [content], load, keep, ct);
    }

    /// A model of a page of the trust's work (its board, a school's progress): it hangs on both of the trust's stamps.
    public Task<T?> GetOrLoadWorkAsync<T>(string page, int trustId, Func<CancellationToken, Task<T?>> load, CancellationToken ct, Func<T, bool>? keep = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(load);
        var content = _generations.Current(trustId, CachedArea.PublicContent);
        var work = _generations.Current(trustId, CachedArea.TrustWork);
        return GetOrLoadAsync(trustId, Telemetry.PortalMetrics.TrustWorkPages, Key("work", page, trustId, content, work), [content, work], load, keep, ct);
    }

    /// How many read models are kept for the trust (for tests and diagnostics).
    public int CountFor(int trustId) => _stores.TryGetValue(trustId, out var store) ? store.Count : 0;

    private async Task<T?> GetOrLoadAsync<T>(int trustId, string cacheName, string key, CacheGeneration[] generationsAtStart, Func<CancellationToken, Task<T?>> load, Func<T, bool>? keep, CancellationToken ct)
        where T : class
    {
        var store = StoreOf(trustId);
        if (store.TryGetValue(key, out T? found))
        {
            _metrics?.CacheLookup(cacheName, hit: true);
            return found;
        }
        _metrics?.CacheLookup(cacheName, hit: false);
        var mine = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flight = _loading.GetOrAdd((trustId, key), mine.Task);
        if (flight != mine.Task)
        {
            try
            {
                var shared = await flight.WaitAsync(ct);
                return shared is null or T ? (T?)shared : await load(ct);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The request that was loading ended or failed first: this one loads for itself.
                return await load(ct);
            }
        }
        try
        {
            var loaded = await load(ct);
            Keep(store, key, loaded, keep, generationsAtStart);
            mine.SetResult(loaded);
            return loaded;
        }
        finally
        {
            // Cancelled, not failed, for the waiters: they load for themselves, and no exception goes unobserved.
            mine.TrySetCanceled(CancellationToken.None);
            _loading.TryRemove(new KeyValuePair<(int, string), Task<object?>>((trustId, key), mine.Task));
        }
    }

    private void Keep<T>(MemoryCache store, string key, T? loaded, Func<T, bool>? keep, CacheGeneration[] generationsAtStart)
        where T : class
    {
        // A page that does not exist is not kept: an unknown address must not fill the memory.
        if (loaded is not null && (keep is null || keep(loaded)))
        {
            using var entry = store.CreateEntry(key);
            entry.Value = loaded;
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = _options.Lifetime;
            foreach (var generation in generationsAtStart)
            {
                // A generation that ended while the model was loading expires the entry at once.
                entry.ExpirationTokens.Add(generation.Expiry);
            }
        }
    }

    private static string Key(string kind, string page, int? audience, CacheGeneration content, CacheGeneration? work) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}:{page}:{audience?.ToString(CultureInfo.InvariantCulture) ?? "public"}:{content}:{work}");

    public void Dispose()
    {
        _generations.TrustRemoved -= Forget;
        foreach (var store in _stores.Values)
        {
            store.Dispose();
        }
    }
}
