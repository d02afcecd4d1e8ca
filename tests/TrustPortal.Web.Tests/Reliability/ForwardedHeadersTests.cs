using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;
using TrustPortal.Web.Infrastructure;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Reliability;

/// A portal reached through a reverse proxy: each test request says which address the connection comes from
/// (the test server has no real sockets), and the sign-in limit is low enough to reach.
public sealed class ProxiedPortalFactory : PortalFactory
{
    public const string ConnectionAddressHeader = "X-Test-Connection-Address";
    public const int PerAddressLimit = 3;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Accounts:RateLimits:PerAddressPerMinute"] = PerAddressLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["ForwardedHeaders:KnownNetworks:0"] = "10.20.0.0/16";
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, ConnectionAddressFilter>());
    }

    private sealed class ConnectionAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ConnectionAddressHeader, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    /// A client whose connection comes from <paramref name="connection"/>, sending the given forwarded headers.
    public HttpClient ClientFrom(string connection, string? forwardedFor, string? forwardedProto, bool https)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri(https ? "https://localhost" : "http://localhost"),
        });
        client.DefaultRequestHeaders.Add(ConnectionAddressHeader, connection);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
        if (forwardedProto is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        }
        return client;
    }
}

public sealed class ForwardedHeadersTests(ProxiedPortalFactory factory) : IClassFixture<ProxiedPortalFactory>
{
    private static string NewEmail() => $"nobody-{Guid.NewGuid():N}@example.org";

    private IEnumerable<string> LoggedAddresses() => factory.LogEvents.Snapshot()
        .Where(e => e.MessageTemplate.Text.StartsWith("Security: sign-in failed", StringComparison.Ordinal))
        .Select(e => e.Properties.TryGetValue("RemoteIp", out var ip) && ip is ScalarValue { Value: string s } ? s : "");

    [Fact]
    public async Task Behind_a_loopback_proxy_https_and_the_client_address_come_from_its_forwarded_headers()
    {
        // Plain http between proxy and portal, as nginx forwards it: without X-Forwarded-Proto the portal could not
        // set its Secure cookies or check antiforgery tokens.
        var overHttp = factory.ClientFrom("127.0.0.1", "203.0.113.1", "https", https: false);
        using (var page = await overHttp.GetAsync(new Uri("/account/sign-in", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.Contains(".Antiforgery=", StringComparison.Ordinal));
            Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        }
        // The browser side of the proxy is https, so the test's cookie container sends the Secure cookies back.
        var first = factory.ClientFrom("127.0.0.1", "203.0.113.1", "https", https: true);
        for (var i = 0; i < ProxiedPortalFactory.PerAddressLimit; i++)
        {
            using var allowed = await first.SignInAsync(NewEmail(), "wrong-password-attempt");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using (var limited = await first.SignInAsync(NewEmail(), "wrong-password-attempt"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }
        Assert.Contains("203.0.113.1", LoggedAddresses());

        // Another person behind the same proxy has their own allowance: the limit is per client, not per proxy.
        var second = factory.ClientFrom("127.0.0.1", "203.0.113.2", "https", https: true);
        using var other = await second.SignInAsync(NewEmail(), "wrong-password-attempt");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_from_a_connection_that_is_not_a_known_proxy_are_ignored()
    {
        // A client that forges a new X-Forwarded-For on every attempt still reaches the limit for its own address.
        for (var i = 0; i <= ProxiedPortalFactory.PerAddressLimit; i++)
        {
            var client = factory.ClientFrom("198.51.100.7", $"203.0.113.{50 + i}", "https", https: true);
            using var attempt = await client.SignInAsync(NewEmail(), "wrong-password-attempt");
            Assert.Equal(i < ProxiedPortalFactory.PerAddressLimit ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests, attempt.StatusCode);
        }
        var logged = LoggedAddresses().ToList();
        Assert.Contains("198.51.100.7", logged);
        Assert.DoesNotContain("203.0.113.50", logged);
    }

    [Fact]
    public async Task A_proxy_network_named_in_settings_is_believed()
    {
        var client = factory.ClientFrom("10.20.3.4", "203.0.113.77", "https", https: true);
        using var attempt = await client.SignInAsync(NewEmail(), "wrong-password-attempt");
        Assert.Equal(HttpStatusCode.OK, attempt.StatusCode);
        Assert.Contains("203.0.113.77", LoggedAddresses());
    }

    [Theory]
    [InlineData("KnownProxies", "not-an-address")]
    [InlineData("KnownNetworks", "10.0.0.0/99")]
    public void A_proxy_setting_that_is_not_an_address_stops_the_portal_with_a_clear_message(string name, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"ForwardedHeaders:{name}:0"] = value })
            .Build();
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTrustPortalForwardedHeaders(configuration));
        Assert.Contains($"ForwardedHeaders:{name}", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }
}
