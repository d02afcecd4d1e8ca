using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.PlanAdmin;

namespace TrustPortal.Web.Tests.Accounts;

/// The trust administrator's sign-in settings, and the portal with no identity provider configured (the README's
/// `dotnet run`): single sign-on is simply not offered.
[Collection(SharedPortal.Name)]
public sealed class SignInSettingsTests(PortalFactory factory)
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public async Task With_no_identity_provider_configured_the_sign_in_page_offers_only_the_password()
    {
        using var client = factory.CreateSecureClient();
        using var page = await client.GetAsync(new Uri("/account/sign-in", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("Sign in with Microsoft", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign in with Google", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Password\"", html, StringComparison.Ordinal);
        using var pressed = await client.PostFormAsync("/account/external/microsoft", new Dictionary<string, string>(), "/account/sign-in");
        Assert.Equal(HttpStatusCode.NotFound, pressed.StatusCode);
        using var callback = await client.GetAsync(new Uri("/signin-microsoft", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, callback.StatusCode);
    }

    [Fact]
    public async Task An_administrator_allows_tenants_and_domains_and_switches_accounts_at_first_sign_in_on()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, "larkspur-vale-academy-trust");
        using var form = await client.GetAsync(new Uri("/admin/sign-in-settings", UriKind.Relative));
        var html = await form.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("not yet set up to sign in with Microsoft or Google", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/sign-in-settings\"", html, StringComparison.Ordinal);
        var tenant = Guid.NewGuid().ToString().ToUpperInvariant();
        using var saved = await client.PostFormAsync("/admin/sign-in-settings", new Dictionary<string, string>
        {
            ["Form.MicrosoftTenants"] = tenant + "\r\n" + tenant,
            ["Form.GoogleDomains"] = "Brightwater.org.uk, staff.brightwater.org.uk",
            ["Form.CreateStaffAtFirstSignIn"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await factory.TrustIdAsync("larkspur-vale-academy-trust");
        var allowed = await db.TrustSignInAllowances.Where(a => a.TrustId == trustId).OrderBy(a => a.Provider).ThenBy(a => a.Identifier).Select(a => a.Provider + " " + a.Identifier).ToListAsync();
        Assert.Equal(["Google brightwater.org.uk", "Google staff.brightwater.org.uk", "Microsoft " + tenant.ToLowerInvariant()], allowed);
        var policy = await db.TrustAccountPolicies.SingleAsync(p => p.TrustId == trustId);
        Assert.True(policy.CreateStaffAtFirstSignIn);
        Assert.False(policy.TenantEnforcesMfa);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.TrustId == trustId && a.EntityType == nameof(TrustSignInAllowance)));
        using var again = await client.GetAsync(new Uri("/admin/sign-in-settings", UriKind.Relative));
        Assert.Contains("staff.brightwater.org.uk", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Saved again with one domain kept, one gone and the tenant unchanged: only the difference is written.
        using var resaved = await client.PostFormAsync("/admin/sign-in-settings", new Dictionary<string, string>
        {
            ["Form.MicrosoftTenants"] = tenant,
            ["Form.GoogleDomains"] = "brightwater.org.uk",
        });
        Assert.Equal(HttpStatusCode.Redirect, resaved.StatusCode);
        var now = await db.TrustSignInAllowances.AsNoTracking().Where(a => a.TrustId == trustId).OrderBy(a => a.Provider).Select(a => a.Provider + " " + a.Identifier).ToListAsync();
        Assert.Equal(["Google brightwater.org.uk", "Microsoft " + tenant.ToLowerInvariant()], now);
    }

    [Fact]
    public async Task A_tenant_that_is_not_a_tenant_id_and_a_domain_that_is_not_a_domain_are_explained_and_nothing_is_saved()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, "larkspur-vale-academy-trust");
        using var refused = await client.PostFormAsync("/admin/sign-in-settings", new Dictionary<string, string>
        {
            ["Form.MicrosoftTenants"] = "contoso.onmicrosoft.com",
            ["Form.GoogleDomains"] = "https://brightwater.org.uk/",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await Parser.ParseDocumentAsync(await refused.Content.ReadAsStringAsync());
        var summary = page.QuerySelector(".govuk-error-summary")!.TextContent;
        Assert.Contains("“contoso.onmicrosoft.com” is not a tenant id", summary, StringComparison.Ordinal);
        Assert.Contains("“https://brightwater.org.uk/” is not a domain", summary, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#Form_MicrosoftTenants-error, [id$=MicrosoftTenants-error]"));
        using var scope = factory.Services.CreateScope();
        var trustId = await factory.TrustIdAsync("larkspur-vale-academy-trust");
        Assert.False(await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().TrustSignInAllowances.AnyAsync(a => a.TrustId == trustId && a.Identifier.Contains("contoso")));
    }

    [Fact]
    public async Task Settings_saved_at_the_same_moment_on_a_trust_with_none_yet_all_land_in_its_one_policy()
    {
        // Three pages save a trust's account settings; the first save makes the trust's one row. Several at once (two
        // administrators, or one with two tabs) must each be saved, not answer 500 on the row's key.
        var trust = await AdminContent.ContentTrust.CreateAsync(factory);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        var tenant = Guid.NewGuid().ToString();
        var posts = Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? admin.PostFormAsync("/admin/users/staff-mfa", new Dictionary<string, string> { ["RequireMfaForStaff"] = "true" }, "/admin/users")
            : admin.PostFormAsync("/admin/sign-in-settings", new Dictionary<string, string>
            {
                ["Form.MicrosoftTenants"] = tenant, ["Form.GoogleDomains"] = "", ["Form.CreateStaffAtFirstSignIn"] = "true",
            })).ToList();
        foreach (var response in await Task.WhenAll(posts))
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            }
        }
        var policy = await factory.ReadAsync(db => db.TrustAccountPolicies.AsNoTracking().SingleAsync(p => p.TrustId == trust.Id));
        Assert.True(policy.RequireMfaForStaff);
        Assert.True(policy.CreateStaffAtFirstSignIn);
    }

    [Fact]
    public async Task Staff_cannot_open_the_sign_in_settings()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        using var response = await client.GetAsync(new Uri("/admin/sign-in-settings", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
