using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

[Collection(SharedPortal.Name)]
public sealed class SignInTests(PortalFactory factory)
{
    private async Task<PortalUser> UserAsync(string id)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }

    [Fact]
    public async Task Demo_staff_member_signs_in_and_sees_their_account()
    {
        var client = factory.CreateSecureClient();
        using var response = await client.SignInAsync("staff@demo.trustportal.test", DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/start", response.Headers.Location!.OriginalString);
        var page = await client.GetDocumentAsync("/me");
        Assert.Contains("Demo Member of Staff", page.QuerySelector("header")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Staff", page.QuerySelector("#role")!.TextContent.Trim());
    }

    [Fact]
    public async Task Signed_out_visitor_of_a_private_page_is_sent_to_sign_in()
    {
        using var response = await factory.CreateSecureClient().GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/account/sign-in?ReturnUrl=%2Fme", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_message_and_counted()
    {
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        var client = factory.CreateSecureClient();
        using var response = await client.SignInAsync(email, "not-the-right-password");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a correct e-mail address and password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, (await UserAsync(id)).AccessFailedCount);
        using var me = await client.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, me.StatusCode);
    }

    [Fact]
    public async Task Five_failed_attempts_make_the_account_wait_even_against_the_right_password_without_saying_so()
    {
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        var client = factory.CreateSecureClient();
        for (var i = 1; i < SignInThrottle.FreeAttempts; i++)
        {
            using var failed = await client.SignInAsync(email, "wrong-password-" + i);
            Assert.Equal(i, (await UserAsync(id)).AccessFailedCount);
        }
        Assert.Null((await UserAsync(id)).LockoutEnd);
        using (await client.SignInAsync(email, "wrong-password-5"))
        {
        }
        Assert.NotNull((await UserAsync(id)).LockoutEnd);
        using var waiting = await client.SignInAsync(email, AccountHelpers.Password);
        Assert.Equal(HttpStatusCode.OK, waiting.StatusCode);
        var html = await waiting.Content.ReadAsStringAsync();
        Assert.Contains("Enter a correct e-mail address and password", html, StringComparison.Ordinal);
        Assert.DoesNotContain("locked", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_non_boolean_remember_me_gives_a_validation_message_not_an_error()
    {
        var client = factory.CreateSecureClient();
        using var response = await client.SignInAsync("staff@demo.trustportal.test", DemoAccounts.Password, rememberMe: "banana");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("govuk-error-summary", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#RememberMe\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_account_cannot_sign_in()
    {
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().DisableAsync((await users.FindByIdAsync(id))!, CancellationToken.None);
        }
        using var response = await factory.CreateSecureClient().SignInAsync(email, AccountHelpers.Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a correct e-mail address and password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/account/sign-in")]
    [InlineData("/account/sign-out")]
    [InlineData("/me/name")]
    [InlineData("/me/password")]
    [InlineData("/admin/users/invite")]
    public async Task A_post_without_an_antiforgery_token_is_refused_with_400(string url)
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "x@example.org", ["Password"] = "whatever-long-enough" });
        using var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_a_copy_of_the_old_cookie_is_refused()
    {
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        var client = factory.CreateSecureClient();
        using var signIn = await client.SignInAsync(email, AccountHelpers.Password);
        var cookie = AccountHelpers.CookieFrom(signIn, AccountsSetup.CookieName)!;
        var cookiePair = cookie.Split(';')[0];

        using (var before = await Replay(cookiePair))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        using var signOut = await client.PostFormAsync("/account/sign-out", new Dictionary<string, string>(), tokenPage: "/me");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using var after = await Replay(cookiePair);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/sign-in", after.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var scope = factory.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().UserSessions.AnyAsync(s => s.UserId == id));
    }

    private async Task<HttpResponseMessage> Replay(string cookiePair)
    {
        var fresh = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("Cookie", cookiePair);
        return await fresh.SendAsync(request);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_and_keeps_this_one()
    {
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        var other = factory.CreateSecureClient();
        using (await other.SignInAsync(email, AccountHelpers.Password))
        {
        }
        await other.GetDocumentAsync("/me");
        var client = factory.CreateSecureClient();
        using (await client.SignInAsync(email, AccountHelpers.Password))
        {
        }
        using var change = await client.PostFormAsync("/me/password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = AccountHelpers.Password,
            ["NewPassword"] = "A-brand-new-long-passphrase",
            ["ConfirmPassword"] = "A-brand-new-long-passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        await client.GetDocumentAsync("/me");
        using var stale = await other.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
    }

    [Fact]
    public async Task A_deny_listed_password_is_refused_with_a_message()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        foreach (var bad in new[] { "Password1234", "qwerty 123456", "Kestrel Ridge Learning Trust 1" })
        {
            using var response = await client.PostFormAsync("/me/password", new Dictionary<string, string>
            {
                ["CurrentPassword"] = AccountHelpers.Password,
                ["NewPassword"] = bad,
                ["ConfirmPassword"] = bad,
            });
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(html.Contains("Password is too common", StringComparison.Ordinal) || html.Contains("must not contain the name of your trust", StringComparison.Ordinal), bad);
        }
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_sessions()
    {
        var (client, id, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        await client.GetDocumentAsync("/me");
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using var disable = await admin.PostFormAsync($"/admin/users/{id}/disable", new Dictionary<string, string>(), tokenPage: "/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        Assert.True((await UserAsync(id)).IsDisabled);
        using var after = await client.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task Idle_session_times_out_after_30_minutes_but_activity_keeps_it()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        factory.Clock.Advance(TimeSpan.FromMinutes(25));
        await client.GetDocumentAsync("/me");
        factory.Clock.Advance(TimeSpan.FromMinutes(25));
        await client.GetDocumentAsync("/me");
        factory.Clock.Advance(TimeSpan.FromMinutes(31));
        using var response = await client.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Session_ends_after_12_hours_however_active()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.5); elapsed += TimeSpan.FromMinutes(20))
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(20));
            await client.GetDocumentAsync("/me");
        }
        factory.Clock.Advance(TimeSpan.FromMinutes(40));
        using var response = await client.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
