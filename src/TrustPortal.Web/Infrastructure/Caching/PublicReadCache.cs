using System.Globalization;
using Microsoft.Extensions.Caching.Memory;

namespace TrustPortal.Web.Infrastructure.Caching;

/// Read models of public pages kept in memory between requests, for the people the output cache cannot serve (anyone
/// signed in). The key names the page, the trust and the audience the model was built for (public, or members of
/// one trust, who also see its staff-only items), plus the content generation at the start of the request, so it is
/// invalidated exactly when the output cache is. Only what every viewer of that audience sees goes in: never a
/// person's name, role or anything else from the request.
public sealed class PublicReadCache(IMemoryCache cache, PublicContentGeneration generation, CachingOptions options)
{
    /// <param name="keep">Whether a loaded model may be kept (e.g. not when the request named a filter that does not
    /// exist, so made-up addresses cannot fill the memory); by default every model found is kept.</param>
    public async Task<T?> GetOrLoadAsync<T>(string page, string trustSlug, int? memberOf, Func<CancellationToken, Task<T?>> load, CancellationToken ct, Func<T, bool>? keep = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(load);
        var current = generation.Current;
        var expiry = generation.ExpiryToken;
        var key = string.Create(CultureInfo.InvariantCulture, $"read:{page}:{trustSlug}:{memberOf?.ToString(CultureInfo.InvariantCulture) ?? "public"}:{current}");
        if (cache.TryGetValue(key, out T? found))
        {
            return found;
        }
        var loaded = await load(ct);
        // A page that does not exist is not kept: an unknown address must not fill the memory.
        if (loaded is not null && (keep is null || keep(loaded)))
        {
            using var entry = cache.CreateEntry(key);
            entry.Value = loaded;
            entry.AbsoluteExpirationRelativeToNow = options.Lifetime;
            entry.ExpirationTokens.Add(expiry);
        }
        return loaded;
    }
}
