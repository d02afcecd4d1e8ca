using Microsoft.Playwright;
using OtpNet;

namespace TrustPortal.BrowserTests.Infrastructure;

/// The demo accounts of kestrel-ridge-learning-trust (docs/accounts.md) and signing in as a person does: e-mail and
/// password, then the code from the authenticator app.
public static class DemoUsers
{
    public const string Trust = "kestrel-ridge-learning-trust";
    public const string Password = "Demo-portal-2026";
    public const string Head = "head@demo.trustportal.test";
    public const string ExecutiveHead = "executive.head@demo.trustportal.test";
    public const string Trustee = "trustee@demo.trustportal.test";
    public const string TrustAdmin = "trustadmin@demo.trustportal.test";
    public const string Operator = "operator@demo.trustportal.test";
    public const string Staff = "staff@demo.trustportal.test";
    private const string AuthenticatorKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static readonly Totp Authenticator = new(Base32Encoding.ToBytes(AuthenticatorKey));

    // The portal accepts each 30-second step once per account and the steps either side of now. The last step this
    // run used for each account, so a second sign-in within the same step uses the next step's code (as a person
    // whose app has just rolled over), and a third waits for the clock.
    private static readonly Dictionary<string, long> LastStep = new(StringComparer.OrdinalIgnoreCase);
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private static readonly Dictionary<string, string> Sessions = new(StringComparer.OrdinalIgnoreCase);

    /// A new browser context already signed in as the account: the cookies of this run's earlier sign-in through
    /// the pages (server-side sessions stay valid for 30 idle minutes), or a sign-in now when there was none.
    public static async Task<IPage> SignedInPageAsync(BrowserPortal portal, string email, int width = 1280, int height = 900, bool javaScript = true)
    {
        ArgumentNullException.ThrowIfNull(portal);
        // Per portal: the single sign-on fixture runs a second portal with its own database.
        var key = new Uri(portal.BaseUrl).Authority + " " + email;
        if (!Sessions.ContainsKey(key))
        {
            // Signing in runs axe on its pages, which needs JavaScript: sign in on a page of its own.
            var first = await portal.NewPageAsync();
            await SignInAsync(first, email);
            await first.CloseContextAsync();
        }
        return await portal.NewPageAsync(width, height, javaScript, storageState: Sessions[key]);
    }

    /// Signs in from /account/sign-in through the MFA page and returns once the page after sign-in has loaded.
    public static async Task SignInAsync(IPage page, string email)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.OpenAsync("/account/sign-in");
        Assert.Equal("Sign in", await page.HeadingAsync());
        Assert.Equal("", await Axe.ViolationsAsync(page));
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/mfa", StringComparison.Ordinal));
        Assert.Equal("Enter the code from your authenticator app", await page.HeadingAsync());
        Assert.Equal("", await Axe.ViolationsAsync(page));

        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(await NextCodeAsync(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal) && !url.EndsWith("/start", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Load });
        // Each role lands where its work is (a head on their return, a trustee on the board, …): the journeys check where.
        Assert.NotEqual("", await page.HeadingAsync());
        Sessions[new Uri(page.Url).Authority + " " + email] = await page.Context.StorageStateAsync();
    }

    /// A code for a time step this account has not used yet in this run: now, else the next step, else (after
    /// waiting for the clock) the one after.
    public static async Task<string> NextCodeAsync(string email)
    {
        await Gate.WaitAsync();
        try
        {
            while (true)
            {
                var now = DateTime.UtcNow;
                var current = new DateTimeOffset(now).ToUnixTimeSeconds() / 30;
                var step = LastStep.TryGetValue(email, out var last) ? Math.Max(current, last + 1) : current;
                if (step <= current + 1)
                {
                    LastStep[email] = step;
                    return Authenticator.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);
                }
                await Task.Delay(TimeSpan.FromSeconds(30 - (new DateTimeOffset(now).ToUnixTimeSeconds() % 30) + 0.2));
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
