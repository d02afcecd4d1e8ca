using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Reliability;

[Collection(SharedPortal.Name)]
public sealed class HealthTests(PortalFactory factory)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy_without_signing_in(string url)
    {
        using var response = await factory.CreateSecureClient().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Data_protection_keys_are_kept_in_the_database_and_not_in_the_audit_trail()
    {
        await factory.CreateSecureClient().TokenFromAsync("/account/sign-in");
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        Assert.True(await db.DataProtectionKeys.AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync(a => a.EntityType == "DataProtectionKey"));
    }
}

/// A portal whose database cannot be reached: a closed PostgreSQL port.
public sealed class UnreachableDatabaseFactory : PortalFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Database:Provider"] = "PostgreSql";
            settings["ConnectionStrings:TrustPortal"] = "Host=127.0.0.1;Port=1;Username=nobody;Password=nothing;Database=none;Timeout=2";
            settings["Database:MigrateOnStartup"] = "false";
            settings["Database:SeedDemoData"] = "false";
            settings["Database:SeedDemoAccounts"] = "false";
            return settings;
        }
    }
}

public sealed class DatabaseOutageTests(UnreachableDatabaseFactory factory) : IClassFixture<UnreachableDatabaseFactory>
{
    [Fact]
    public async Task Without_its_database_the_portal_answers_a_friendly_503_and_is_not_ready_but_alive()
    {
        var client = factory.CreateSecureClient();
        using var page = await client.GetAsync(new Uri("/create-partnership-trust", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("10", page.Headers.RetryAfter!.ToString());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Sorry, the portal is unavailable", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", html, StringComparison.Ordinal);

        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}

/// Two portal instances on one database, as behind a load balancer: a cookie made by one is good on the other.
public sealed class TwoInstancesTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "trustportal-two", Guid.NewGuid().ToString("N"));
    private readonly SharedDatabaseFactory _a;
    private readonly SharedDatabaseFactory _b;

    public TwoInstancesTests()
    {
        Directory.CreateDirectory(_folder);
        _a = new SharedDatabaseFactory(Path.Combine(_folder, "shared.db"));
        _b = new SharedDatabaseFactory(Path.Combine(_folder, "shared.db"));
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    private sealed class SharedDatabaseFactory(string path) : PortalFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["ConnectionStrings:TrustPortal"] = $"Data Source={path}";
                return settings;
            }
        }
    }

    [Fact]
    public async Task A_sign_in_cookie_from_one_instance_works_on_the_other_and_sign_out_on_one_ends_it_on_both()
    {
        var (_, email, _) = await _a.CreateUserAsync(Roles.Staff, enrolMfa: false);
        var clientA = _a.CreateSecureClient();
        using var signIn = await clientA.SignInAsync(email, AccountHelpers.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = AccountHelpers.CookieFrom(signIn, "__Host-TrustPortal")!.Split(';')[0];

        var clientB = _b.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/me"))
        {
            request.Headers.Add("Cookie", cookie);
            using var onB = await clientB.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        }

        using var signOut = await clientA.PostFormAsync("/account/sign-out", new Dictionary<string, string>(), tokenPage: "/me");
        using (var again = new HttpRequestMessage(HttpMethod.Get, "/me"))
        {
            again.Headers.Add("Cookie", cookie);
            using var afterSignOut = await clientB.SendAsync(again);
            Assert.Equal(HttpStatusCode.Redirect, afterSignOut.StatusCode);
            Assert.Contains("/account/sign-in", afterSignOut.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }
}
