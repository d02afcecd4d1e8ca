using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.BrowserTests.Journeys;

/// The portal with "Sign in with Microsoft" and "Sign in with Google" pointed at two real OpenID Connect providers on
/// loopback; its own port is chosen first, because each provider's client names the exact redirect URI.
public sealed class SingleSignOnBrowserPortal : BrowserPortal
{
    private static readonly int Port = FreePort();

    public SingleSignOnBrowserPortal()
        : base(Port)
    {
    }

    public OidcProvider Microsoft { get; } = OidcProvider.Start("trustportal-microsoft", $"https://127.0.0.1:{Port}/signin-microsoft");
    public OidcProvider Google { get; } = OidcProvider.Start("trustportal-google", $"https://127.0.0.1:{Port}/signin-google");

    protected override void AddSettings(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Authentication:Microsoft:Authority", Microsoft.Issuer);
        builder.UseSetting("Authentication:Microsoft:ClientId", Microsoft.ClientId);
        builder.UseSetting("Authentication:Microsoft:ClientSecret", Microsoft.ClientSecret);
        builder.UseSetting("Authentication:Google:Authority", Google.Issuer);
        builder.UseSetting("Authentication:Google:ClientId", Google.ClientId);
        builder.UseSetting("Authentication:Google:ClientSecret", Google.ClientSecret);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Dispose();
        Google.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SingleSignOnBrowser : ICollectionFixture<SingleSignOnBrowserPortal>
{
    public const string Name = "single sign-on browser";
}

/// A member of staff signs in with Microsoft (linking their account the first time) and a newcomer with Google (a
/// Staff account made at first sign-in), in Chromium, with axe on every portal page on the way; the administrator's
/// sign-in settings page too.
[Collection(SingleSignOnBrowser.Name)]
public sealed class SingleSignOnJourneyTests(SingleSignOnBrowserPortal portal)
{
    private async Task<(string Tenant, string Domain)> AllowAsync()
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Trusts.Where(t => t.Slug == DemoUsers.Trust).Select(t => t.Id).SingleAsync();
        var tenant = Guid.NewGuid().ToString();
        var domain = $"school-{Guid.NewGuid():N}.org.uk";
        db.TrustSignInAllowances.Add(new TrustSignInAllowance { TrustId = trustId, Provider = ExternalProviders.Microsoft, Identifier = tenant });
        db.TrustSignInAllowances.Add(new TrustSignInAllowance { TrustId = trustId, Provider = ExternalProviders.Google, Identifier = domain });
        var policy = await db.TrustAccountPolicies.SingleOrDefaultAsync(p => p.TrustId == trustId);
        if (policy is null)
        {
            policy = new TrustAccountPolicy { TrustId = trustId };
            db.TrustAccountPolicies.Add(policy);
        }
        policy.CreateStaffAtFirstSignIn = true;
        await db.SaveChangesAsync();
        return (tenant, domain);
    }

    /// Fills the test provider's login page as the person would and presses its button.
    private static async Task AtProviderAsync(IPage page, string email, string? tid = null, string? hd = null)
    {
        await page.WaitForURLAsync(url => url.Contains("/interaction/", StringComparison.Ordinal));
        await page.GetByLabel("E-mail address").FillAsync(email);
        if (tid is not null)
        {
            await page.GetByLabel("tid (Entra tenant id)").FillAsync(tid);
        }
        if (hd is not null)
        {
            await page.GetByLabel("hd (Google Workspace domain)").FillAsync(hd);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    [Fact]
    public async Task Staff_sign_in_with_Microsoft_and_with_Google_from_the_sign_in_page()
    {
        var (tenant, domain) = await AllowAsync();
        var page = await portal.NewPageAsync();
        try
        {
            await page.OpenAsync("/account/sign-in");
            await page.ExpectPageAsync("Sign in");
            await page.ScreenshotsAsync("sign-in-with-providers");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Microsoft" }).ClickAsync();
            await AtProviderAsync(page, "staff@demo.trustportal.test", tid: tenant);
            // The provider's form post comes back; the first time, the portal asks before linking.
            await page.WaitForURLAsync(url => url.Contains("/account/external/callback", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Load });
            await page.ExpectPageAsync("Use your Microsoft account to sign in");
            await page.ScreenshotsAsync("sign-in-link-account");
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await page.WaitForURLAsync($"**/{DemoUsers.Trust}", new() { WaitUntil = WaitUntilState.Load });
            await page.ExpectPageAsync("Kestrel Ridge Learning Trust");
            await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.WaitForURLAsync("**/account/signed-out", new() { WaitUntil = WaitUntilState.Load });

            var newcomer = $"newcomer-{Guid.NewGuid():N}@{domain}";
            await page.OpenAsync("/account/sign-in");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Google" }).ClickAsync();
            await AtProviderAsync(page, newcomer, hd: domain);
            await page.WaitForURLAsync($"**/{DemoUsers.Trust}", new() { WaitUntil = WaitUntilState.Load });
            await page.ExpectPageAsync("Kestrel Ridge Learning Trust");
            await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.WaitForURLAsync("**/account/signed-out", new() { WaitUntil = WaitUntilState.Load });

            // A Google account of a domain the trust has not allowed: the refusal page. (Another browser: the provider
            // remembers the newcomer's sign-in and would not ask again.)
            await page.CloseContextAsync();
            page = await portal.NewPageAsync();
            await page.OpenAsync("/account/sign-in");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Google" }).ClickAsync();
            await AtProviderAsync(page, newcomer, hd: "elsewhere.example");
            await page.WaitForURLAsync(url => url.Contains("/account/external/refused", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Load });
            await page.ExpectPageAsync("Your Google account cannot be used here");
            await page.ScreenshotsAsync("sign-in-refused");
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Fact]
    public async Task The_administrators_sign_in_settings_page_passes_axe()
    {
        var page = await DemoUsers.SignedInPageAsync(portal, DemoUsers.TrustAdmin);
        try
        {
            await page.OpenAsync("/admin/sign-in-settings");
            await page.ExpectPageAsync("Sign-in settings");
            await page.GetByLabel("Microsoft Entra tenants allowed to sign in").FillAsync("not a tenant");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save sign-in settings" }).ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.Load);
            await page.ExpectPageAsync("Sign-in settings");
            Assert.True(await page.Locator(".govuk-error-summary").IsVisibleAsync());
            await page.ScreenshotsAsync("sign-in-settings");
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }
}
