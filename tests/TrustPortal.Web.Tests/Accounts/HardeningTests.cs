using System.Net;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

[Collection(SharedPortal.Name)]
public sealed class HardeningTests(PortalFactory factory)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/sign-in")]
    [InlineData("/no-such-page")]
    public async Task Every_response_has_the_security_headers_and_no_server_header(string url)
    {
        using var response = await factory.CreateSecureClient().GetAsync(new Uri(url, UriKind.Relative));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Signed_in_pages_are_not_stored_and_public_pages_may_be()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        using var me = await client.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.True(me.Headers.CacheControl!.NoStore);
        using var anonymous = await factory.CreateSecureClient().GetAsync(new Uri($"/{DemoAccounts.TrustSlug}", UriKind.Relative));
        Assert.False(anonymous.Headers.CacheControl?.NoStore ?? false);
    }

    [Fact]
    public async Task Cookies_are_host_prefixed_secure_http_only_and_same_site()
    {
        var client = factory.CreateSecureClient();
        using var page = await client.GetAsync(new Uri("/account/sign-in", UriKind.Relative));
        var antiforgery = AccountHelpers.CookieFrom(page, AccountsSetup.CookieName + ".Antiforgery")!;
        using var signIn = await client.SignInAsync("staff@demo.trustportal.test", DemoAccounts.Password);
        var auth = AccountHelpers.CookieFrom(signIn, AccountsSetup.CookieName)!;
        foreach (var cookie in new[] { antiforgery, auth })
        {
            var lower = cookie.ToLowerInvariant();
            Assert.StartsWith("__Host-", cookie, StringComparison.Ordinal);
            Assert.Contains("; secure", lower, StringComparison.Ordinal);
            Assert.Contains("; httponly", lower, StringComparison.Ordinal);
            Assert.Contains("; samesite=", lower, StringComparison.Ordinal);
            Assert.Contains("; path=/", lower, StringComparison.Ordinal);
            Assert.DoesNotContain("domain=", lower, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_temp_data_cookie_is_host_prefixed_secure_and_http_only()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);

        using var changed = await client.PostFormAsync("/me/name", new Dictionary<string, string> { ["NameForm.DisplayName"] = "Temp Data Tester" }, tokenPage: "/me");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, changed.StatusCode);
        var cookie = AccountHelpers.CookieFrom(changed, AccountsSetup.CookieName + ".TempData");
        Assert.NotNull(cookie);
        var lower = cookie.ToLowerInvariant();
        Assert.StartsWith("__Host-", cookie, StringComparison.Ordinal);
        Assert.Contains("; secure", lower, StringComparison.Ordinal);
        Assert.Contains("; httponly", lower, StringComparison.Ordinal);
        Assert.Contains("; path=/", lower, StringComparison.Ordinal);
        Assert.DoesNotContain("domain=", lower, StringComparison.Ordinal);
    }

    [Fact]
    public void Hsts_lasts_365_days()
    {
        var options = factory.Services.GetService(typeof(Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.HttpsPolicy.HstsOptions>))
            as Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.HttpsPolicy.HstsOptions>;
        Assert.Equal(TimeSpan.FromDays(365), options!.Value.MaxAge);
    }

    [Fact]
    public async Task Member_of_a_trust_sees_its_staff_home_and_a_member_of_another_trust_gets_403()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        var home = await client.GetDocumentAsync($"/{DemoAccounts.TrustSlug}/staff");
        Assert.Equal("Staff", home.QuerySelector("#role")!.TextContent.Trim());
        using var other = await client.GetAsync(new Uri("/create-partnership-trust/staff", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("You do not have permission", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
