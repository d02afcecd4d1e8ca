using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace TrustPortal.Web.Infrastructure.Caching;

/// Output cache for the public pages, per trust: each entry is tagged with its trust and keyed by that trust's
/// published-content generation, so a change in one trust drops only that trust's pages (and the landing page's list). (`[OutputCache(PolicyName = PublicPageCache.PolicyName)]` on their actions).
/// Only anonymous GET/HEAD requests — no sign-in cookie, no Authorization header — are looked up or stored, and only
/// a 200 response that sets no cookie and is not marked no-store/private is stored: a signed-in person's page (their
/// name, staff-only items) can never be stored, and they never get an anonymous copy.
public sealed class PublicPageCachePolicy : IOutputCachePolicy
{
    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var request = http.Request;
        var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !request.Headers.ContainsKey(HeaderNames.Authorization)
            && !PublicPageCache.HasSignInCookie(http);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        // Many visitors asking for the same page at once: one renders it, the others wait for that copy.
        context.AllowLocking = true;
        if (!cacheable)
        {
            return;
        }
        var services = http.RequestServices;
        var generations = services.GetRequiredService<TrustCacheGenerations>();
        context.ResponseExpirationTimeSpan = services.GetRequiredService<CachingOptions>().Lifetime;
        // The generation at the start of the request: see TrustCacheGenerations for why this makes saves race-free.
        if (http.GetRouteValue("trustSlug") is string slug)
        {
            if (await services.GetRequiredService<TrustCacheStampPoller>().TrustIdOfAsync(slug, cancellation) is not { } trustId)
            {
                // No trust has this slug (as of the last poll): the page is a 404, and nothing is kept for it.
                context.AllowCacheLookup = false;
                context.AllowCacheStorage = false;
                return;
            }
            context.Tags.Add(TrustCacheGenerations.TagOf(trustId));
            context.CacheVaryByRules.VaryByValues["generation"] = string.Create(CultureInfo.InvariantCulture,
                $"{trustId}:{generations.Current(trustId, Data.CachedArea.PublicContent)}");
        }
        else
        {
            // The landing page lists every trust.
            context.Tags.Add(TrustCacheGenerations.DirectoryTag);
            context.CacheVaryByRules.VaryByValues["generation"] = "directory:" + generations.Directory;
        }
        context.CacheVaryByRules.VaryByValues["method"] = request.Method;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.HttpContext.RequestServices.GetService<Telemetry.PortalMetrics>()?.CacheLookup(Telemetry.PortalMetrics.PublicPageOutput, hit: true);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        if (context.AllowCacheLookup)
        {
            // Looked up and not found: this response was rendered.
            http.RequestServices.GetService<Telemetry.PortalMetrics>()?.CacheLookup(Telemetry.PortalMetrics.PublicPageOutput, hit: false);
        }
        var response = http.Response;
        var cacheControl = response.Headers.CacheControl.ToString();
        if (response.StatusCode != StatusCodes.Status200OK
            || !StringValuesEmpty(response.Headers.SetCookie)
            || http.User.Identity?.IsAuthenticated == true
            || cacheControl.Contains("no-store", StringComparison.OrdinalIgnoreCase)
            || cacheControl.Contains("private", StringComparison.OrdinalIgnoreCase))
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }

    private static bool StringValuesEmpty(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0;
}

public static class PublicPageCache
{
    public const string PolicyName = "public-page";

    /// True when the request carries the sign-in cookie, whatever name it has in this environment (`__Host-TrustPortal`
    /// over HTTPS, `TrustPortal` in local plain-http development). A cookie too large for one header is split into
    /// chunks, but the first keeps the plain name, so the exact name is enough.
    public static bool HasSignInCookie(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var name = http.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme).Cookie.Name;
        return name is not null && http.Request.Cookies.ContainsKey(name);
    }

    public static IServiceCollection AddPublicPageCache(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Caching").Get<CachingOptions>() ?? new CachingOptions();
        services.AddSingleton(options);
        services.AddOutputCache(o =>
        {
            o.AddPolicy(PolicyName, new PublicPageCachePolicy());
            o.DefaultExpirationTimeSpan = options.Lifetime;
            o.SizeLimit = options.OutputCacheMegabytes * 1024 * 1024;
        });
        services.AddMemoryCache();
        services.AddSingleton<TrustCacheGenerations>();
        services.AddSingleton<TrustPageCache>();
        services.AddSingleton<TrustCacheStampInterceptor>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<TrustCacheStampInterceptor>());
        services.AddSingleton<TrustCacheStampPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<TrustCacheStampPoller>());
        return services;
    }
}
