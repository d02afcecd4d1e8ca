using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace TrustPortal.Web.Infrastructure;

/// Settings under "ForwardedHeaders": the reverse proxies or load balancers whose X-Forwarded-For and
/// X-Forwarded-Proto headers the portal believes. Loopback is always trusted (nginx or IIS on the same machine);
/// list anything else by address or network, e.g. "KnownNetworks": [ "10.0.1.0/24" ].
public sealed class ForwardedHeadersSettings
{
    public IList<string> KnownProxies { get; } = [];
    public IList<string> KnownNetworks { get; } = [];
}

public static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    /// The client's address (sign-in rate limit, security log) and scheme (Secure cookies, antiforgery, HSTS) come
    /// from the proxy's headers, but only when the connection itself comes from a trusted proxy: anyone else could
    /// send the same headers to dodge the rate limit or forge their address in the log.
    public static IServiceCollection AddTrustPortalForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = new ForwardedHeadersSettings();
        configuration.GetSection(Section).Bind(settings);
        var proxies = settings.KnownProxies
            .Select(p => IPAddress.TryParse(p.Trim(), out var address) ? address : throw Invalid("KnownProxies", p, "address such as 10.0.1.5"))
            .ToList();
        var networks = settings.KnownNetworks
            .Select(n => IPNetwork.TryParse(n.Trim(), out var network) ? network : throw Invalid("KnownNetworks", n, "network such as 10.0.1.0/24"))
            .ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the proxy next to us: its X-Forwarded-For entry is the client it saw; earlier entries were
            // written by the client and prove nothing.
            o.ForwardLimit = 1;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Add(new IPNetwork(IPAddress.Loopback, 8));
            o.KnownProxies.Add(IPAddress.IPv6Loopback);
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }
            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    private static InvalidOperationException Invalid(string name, string text, string expected) =>
        new($"{Section}:{name} has '{text}', which is not an IP {expected}.");
}
