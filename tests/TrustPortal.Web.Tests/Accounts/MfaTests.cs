using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

[Collection(SharedPortal.Name)]
public sealed class MfaTests(PortalFactory factory)
{
    private static async Task<HttpResponseMessage> PasswordThenCodeAsync(HttpClient client, string email, string code)
    {
        using var first = await client.SignInAsync(email, AccountHelpers.Password);
        Assert.StartsWith("/account/mfa", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        return await client.PostFormAsync("/account/mfa", new Dictionary<string, string> { ["Code"] = code });
    }

    [Theory]
    [InlineData(Roles.TrustAdmin)]
    [InlineData(Roles.Trustee)]
    [InlineData(Roles.Headteacher)]
    public async Task First_sign_in_forces_authenticator_enrolment_for_roles_that_need_it(string role)
    {
        var (_, email, _) = await factory.CreateUserAsync(role, enrolMfa: false);
        var client = factory.CreateSecureClient();
        using (await client.SignInAsync(email, AccountHelpers.Password))
        {
        }
        using var me = await client.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, me.StatusCode);
        Assert.Equal("/account/mfa/setup", me.Headers.Location!.OriginalString);

        var setup = await client.GetDocumentAsync("/account/mfa/setup");
        var key = setup.QuerySelector("#authenticator-key")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        Assert.StartsWith("data:image/png;base64,", setup.QuerySelector("img.app-qr-code")!.GetAttribute("src"), StringComparison.Ordinal);

        using var enrol = await client.PostFormAsync("/account/mfa/setup", new Dictionary<string, string> { ["Form.Code"] = AccountHelpers.Code(key, factory.Clock.GetUtcNow()) });
        var html = await enrol.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        var codes = new HtmlParser().ParseDocument(html).QuerySelectorAll(".app-recovery-codes code");
        Assert.Equal(10, codes.Length);
        var page = await client.GetDocumentAsync("/me");
        Assert.StartsWith("On", page.QuerySelector("#mfa-status")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_are_not_forced_to_enrol()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        var page = await client.GetDocumentAsync("/me");
        Assert.Equal("Off", page.QuerySelector("#mfa-status")!.TextContent.Trim());
    }

    [Fact]
    public async Task Password_alone_does_not_sign_in_a_user_with_mfa()
    {
        var (_, email, _) = await factory.CreateUserAsync(Roles.Trustee);
        var client = factory.CreateSecureClient();
        using (await client.SignInAsync(email, AccountHelpers.Password))
        {
        }
        using var me = await client.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, me.StatusCode);
        Assert.Contains("/account/sign-in", me.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-30, true)]
    [InlineData(0, true)]
    [InlineData(30, true)]
    [InlineData(-60, false)]
    [InlineData(60, false)]
    public async Task A_code_is_accepted_one_time_step_either_side_and_refused_two_steps_away(int offsetSeconds, bool accepted)
    {
        var (_, email, key) = await factory.CreateUserAsync(Roles.Headteacher);
        var client = factory.CreateSecureClient();
        // Start early in a 30-second step, so the request cannot cross into the next one and shift the offset.
        var intoStep = factory.Clock.GetUtcNow().ToUnixTimeMilliseconds() % 30_000;
        if (intoStep > 15_000)
        {
            factory.Clock.Advance(TimeSpan.FromMilliseconds(30_000 - intoStep + 500));
        }
        var code = AccountHelpers.Code(key!, factory.Clock.GetUtcNow().AddSeconds(offsetSeconds));
        // Codes from two steps away can collide with the current window's codes one time in a million; skip that case.
        var now = factory.Clock.GetUtcNow();
        if (!accepted && new[] { -30, 0, 30 }.Any(s => AccountHelpers.Code(key!, now.AddSeconds(s)) == code))
        {
            return;
        }
        using var response = await PasswordThenCodeAsync(client, email, code);
        Assert.Equal(accepted ? HttpStatusCode.Redirect : HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_same_code_cannot_be_used_twice()
    {
        var (_, email, key) = await factory.CreateUserAsync(Roles.TrustAdmin);
        var code = AccountHelpers.Code(key!, factory.Clock.GetUtcNow());
        using (var first = await PasswordThenCodeAsync(factory.CreateSecureClient(), email, code))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }
        using var second = await PasswordThenCodeAsync(factory.CreateSecureClient(), email, code);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("already been used", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        var (id, email, _) = await factory.CreateUserAsync(Roles.Trustee);
        string recovery;
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            recovery = (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByIdAsync(id))!, 10))!.First();
        }
        async Task<HttpResponseMessage> UseAsync()
        {
            var client = factory.CreateSecureClient();
            using (await client.SignInAsync(email, AccountHelpers.Password))
            {
            }
            return await client.PostFormAsync("/account/mfa/recovery", new Dictionary<string, string> { ["RecoveryCode"] = recovery });
        }
        using var first = await UseAsync();
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using var second = await UseAsync();
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("not correct or has been used", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_headteacher_signs_in_with_the_published_demo_key()
    {
        var client = factory.CreateSecureClient();
        using (await client.SignInAsync("executive.head@demo.trustportal.test", DemoAccounts.Password))
        {
        }
        // The demo key is shared by three demo accounts and tests may run in the same 30 seconds: use the next step.
        var code = AccountHelpers.Code(DemoAccounts.AuthenticatorKey, factory.Clock.GetUtcNow().AddSeconds(30));
        using var response = await client.PostFormAsync("/account/mfa", new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var staff = await client.GetDocumentAsync($"/{DemoAccounts.TrustSlug}/staff");
        Assert.Equal(2, staff.QuerySelector("#schools")!.TextContent.Split(',').Length);
    }

    [Fact]
    public async Task Resetting_mfa_ends_every_session()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        using var reset = await client.PostFormAsync("/me/mfa/reset", new Dictionary<string, string>(), tokenPage: "/me");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        using var after = await client.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/sign-in", after.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
