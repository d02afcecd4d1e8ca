using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Audit;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

[CollectionDefinition(Name)]
public sealed class SingleSignOnPortal : ICollectionFixture<SingleSignOnFactory>
{
    public const string Name = "single sign-on";
}

/// Sign in with Microsoft and with Google against real OpenID Connect providers on loopback: linking, accounts made at
/// first sign-in, MFA from the token, and a refusal page for each bad case, with the provider made to send exactly it.
[Collection(SingleSignOnPortal.Name)]
public sealed class SingleSignOnTests(SingleSignOnFactory factory)
{
    private const string Microsoft = ExternalProviders.Microsoft;
    private const string Google = ExternalProviders.Google;

    private static string PathOf(HttpResponseMessage response) => response.RequestMessage!.RequestUri!.PathAndQuery;

    private void AssertRefused(HttpResponseMessage response, ExternalRefusal reason)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True("/account/external/refused?reason=" + reason == PathOf(response), PathOf(response) + "\n" + RecentWarnings());
    }

    /// The portal's last warnings, to say why a journey ended where it did when an assertion fails.
    private string RecentWarnings() => string.Join('\n', factory.LogEvents.Snapshot()
        .Where(e => e.Level >= Serilog.Events.LogEventLevel.Warning).TakeLast(6)
        .Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + " " + e.Exception?.Message));

    private static async Task AssertSignedInAsync(SsoBrowser browser, string expectedUserEmail)
    {
        using var me = await browser.Portal.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains(expectedUserEmail, await me.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task AssertNotSignedInAsync(SsoBrowser browser)
    {
        using var me = await browser.Portal.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, me.StatusCode);
        Assert.StartsWith("/account/sign-in", me.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = factory.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    private Task<List<AuditEntry>> AuditOfAsync(string userId) => InScopeAsync(s =>
        s.GetRequiredService<TrustPortalDbContext>().AuditEntries.AsNoTracking().Where(a => a.EntityId == userId).ToListAsync());

    /// Confirms the first-time link page and returns the page after it.
    private async Task<HttpResponseMessage> ConfirmLinkAsync(SsoBrowser browser, HttpResponseMessage linkPage)
    {
        Assert.True("/account/external/callback" == linkPage.RequestMessage!.RequestUri!.AbsolutePath, PathOf(linkPage) + "\n" + RecentWarnings());
        Assert.Contains("Use your", await linkPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var returnUrl = System.Web.HttpUtility.ParseQueryString(linkPage.RequestMessage.RequestUri.Query)["returnUrl"] ?? "/start";
        var token = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await linkPage.Content.ReadAsStringAsync())
            .QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        return await browser.FollowAsync(await browser.Portal.PostAsync(new Uri("/account/external/link?returnUrl=" + Uri.EscapeDataString(returnUrl), UriKind.Relative), content));
    }

    [Fact]
    public async Task A_member_of_staff_links_their_Microsoft_account_once_then_signs_straight_in()
    {
        var tenant = await factory.AllowAsync(Microsoft);
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        using (var browser = new SsoBrowser(factory))
        {
            // Entra vouches for the address with xms_edov rather than email_verified.
            using var linkPage = await browser.SignInAsync(Microsoft, new ProviderLogin(email, Tid: tenant, EmailVerified: "", XmsEdov: "true"));
            using var signedIn = await ConfirmLinkAsync(browser, linkPage);
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            await AssertSignedInAsync(browser, email);
        }
        var logins = await InScopeAsync(s => s.GetRequiredService<UserManager<PortalUser>>().GetLoginsAsync(new PortalUser { Id = id }));
        Assert.Equal(Microsoft, Assert.Single(logins).LoginProvider);
        Assert.Contains(await AuditOfAsync(id), a => a.EntityType == AuditTrail.ExternalLogin && a.Action == "Linked" && a.NewValues!.Contains(Microsoft, StringComparison.Ordinal));

        using var again = new SsoBrowser(factory);
        using var second = await again.SignInAsync(Microsoft, new ProviderLogin(email, Tid: tenant));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotEqual("/account/external/callback", second.RequestMessage!.RequestUri!.AbsolutePath);
        await AssertSignedInAsync(again, email);
    }

    [Fact]
    public async Task A_member_of_staff_links_their_Google_Workspace_account_and_is_signed_in()
    {
        var domain = await factory.AllowAsync(Google);
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        using var browser = new SsoBrowser(factory);
        using var linkPage = await browser.SignInAsync(Google, new ProviderLogin(email, Hd: domain));
        using var signedIn = await ConfirmLinkAsync(browser, linkPage);
        await AssertSignedInAsync(browser, email);
        Assert.Contains(await AuditOfAsync(id), a => a.EntityType == AuditTrail.ExternalLogin && a.Action == "Linked");
    }

    [Fact]
    public async Task Declining_the_link_leaves_the_account_unlinked_and_nobody_signed_in()
    {
        var tenant = await factory.AllowAsync(Microsoft);
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        using var browser = new SsoBrowser(factory);
        using var linkPage = await browser.SignInAsync(Microsoft, new ProviderLogin(email, Tid: tenant));
        Assert.Equal("/account/external/callback", linkPage.RequestMessage!.RequestUri!.AbsolutePath);
        await AssertNotSignedInAsync(browser);
        var logins = await InScopeAsync(s => s.GetRequiredService<UserManager<PortalUser>>().GetLoginsAsync(new PortalUser { Id = id }));
        Assert.Empty(logins);
    }

    [Fact]
    public async Task A_newcomer_from_an_allowed_tenant_gets_a_Staff_account_when_the_trust_has_switched_that_on()
    {
        var tenant = await factory.AllowAsync(Microsoft, createStaff: true);
        var email = $"newcomer-{Guid.NewGuid():N}@school.example";
        using var browser = new SsoBrowser(factory);
        using var signedIn = await browser.SignInAsync(Microsoft, new ProviderLogin(email, Tid: tenant, Name: "Nia Newcomer"));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        await AssertSignedInAsync(browser, email);
        var (user, roles) = await InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<PortalUser>>();
            var made = (await users.FindByEmailAsync(email))!;
            return (made, await users.GetRolesAsync(made));
        });
        Assert.Equal(Roles.Staff, Assert.Single(roles));
        Assert.Equal("Nia Newcomer", user.DisplayName);
        Assert.Equal(await factory.TrustIdAsync(), user.TrustId);
        Assert.Null(user.PasswordHash);
        Assert.Contains(await AuditOfAsync(user.Id), a => a.EntityType == AuditTrail.ExternalLogin && a.Action == "Created");
    }

    [Fact]
    public async Task A_newcomer_is_refused_when_the_trust_has_not_switched_accounts_at_first_sign_in_on()
    {
        var domain = await factory.AllowAsync(Google, createStaff: false);
        var email = $"newcomer-{Guid.NewGuid():N}@{domain}";
        using var browser = new SsoBrowser(factory);
        using var refused = await browser.SignInAsync(Google, new ProviderLogin(email, Hd: domain));
        AssertRefused(refused, ExternalRefusal.NoAccount);
        await AssertNotSignedInAsync(browser);
        Assert.Null(await InScopeAsync(s => s.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email)));
    }

    [Fact]
    public async Task A_tenant_that_no_trust_allows_is_refused_and_logged()
    {
        await factory.AllowAsync(Microsoft, createStaff: true);
        var (_, email, _) = await factory.CreateUserAsync(Roles.Staff);
        using var browser = new SsoBrowser(factory);
        using var refused = await browser.SignInAsync(Microsoft, new ProviderLogin(email, Tid: Guid.NewGuid().ToString()));
        AssertRefused(refused, ExternalRefusal.Tenant);
        await AssertNotSignedInAsync(browser);
        Assert.Contains(factory.LogEvents.Snapshot(), e => e.MessageTemplate.Text.Contains("sign-in refused ({Reason})", StringComparison.Ordinal)
            && e.Properties["Reason"].ToString() == "Tenant");
    }

    [Fact]
    public async Task A_tenant_allowed_by_another_trust_does_not_let_this_trusts_user_in()
    {
        var othersTenant = await factory.AllowAsync(Microsoft, trustSlug: await OtherTrustSlugAsync());
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        using var browser = new SsoBrowser(factory);
        using var refused = await browser.SignInAsync(Microsoft, new ProviderLogin(email, Tid: othersTenant));
        AssertRefused(refused, ExternalRefusal.Tenant);
        Assert.Contains(await AuditOfAsync(id), a => a.EntityType == AuditTrail.SignIn && a.Action == "RefusedMicrosoft");
    }

    [Fact]
    public async Task A_Google_account_of_another_domain_is_refused_even_when_the_address_is_at_an_allowed_domain()
    {
        var domain = await factory.AllowAsync(Google);
        var (_, email, _) = await factory.CreateUserAsync(Roles.Staff);
        using var browser = new SsoBrowser(factory);
        // The e-mail's domain is not what counts: the token's hd is.
        using var refused = await browser.SignInAsync(Google, new ProviderLogin($"someone@{domain}", Hd: "another-school.example"));
        AssertRefused(refused, ExternalRefusal.Domain);
        using var personal = new SsoBrowser(factory);
        using var noHd = await personal.SignInAsync(Google, new ProviderLogin(email));
        AssertRefused(noHd, ExternalRefusal.Domain);
    }

    [Fact]
    public async Task A_Google_account_whose_address_is_not_verified_is_refused()
    {
        var domain = await factory.AllowAsync(Google, createStaff: true);
        var (_, email, _) = await factory.CreateUserAsync(Roles.Staff);
        using var browser = new SsoBrowser(factory);
        using var refused = await browser.SignInAsync(Google, new ProviderLogin(email, Hd: domain, EmailVerified: "false"));
        AssertRefused(refused, ExternalRefusal.Unverified);
        await AssertNotSignedInAsync(browser);
    }

    [Fact]
    public async Task A_disabled_user_is_refused()
    {
        var tenant = await factory.AllowAsync(Microsoft);
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        await InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByIdAsync(id))!;
            user.IsDisabled = true;
            return await users.UpdateAsync(user);
        });
        using var browser = new SsoBrowser(factory);
        using var refused = await browser.SignInAsync(Microsoft, new ProviderLogin(email, Tid: tenant, Amr: "pwd mfa"));
        AssertRefused(refused, ExternalRefusal.Disabled);
        await AssertNotSignedInAsync(browser);
        Assert.Contains(await AuditOfAsync(id), a => a.EntityType == AuditTrail.SignIn && a.Action == "RefusedMicrosoft");
    }

    [Fact]
    public async Task A_headteacher_whose_token_says_mfa_is_signed_in_without_the_portals_code()
    {
        var tenant = await factory.AllowAsync(Microsoft);
        var (id, email, _) = await factory.CreateUserAsync(Roles.Headteacher);
        await LinkDirectlyAsync(id, Microsoft, email);
        using var browser = new SsoBrowser(factory);
        using var signedIn = await browser.SignInAsync(Microsoft, new ProviderLogin(email, Tid: tenant, Amr: "pwd mfa"));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.DoesNotContain("/account/mfa", PathOf(signedIn), StringComparison.Ordinal);
        await AssertSignedInAsync(browser, email);
    }

    [Fact]
    public async Task A_headteacher_never_enrolled_whose_token_says_mfa_is_not_sent_to_enrol()
    {
        var domain = await factory.AllowAsync(Google);
        var (id, email, _) = await factory.CreateUserAsync(Roles.Headteacher, enrolMfa: false);
        await LinkDirectlyAsync(id, Google, email);
        using var browser = new SsoBrowser(factory);
        using var signedIn = await browser.SignInAsync(Google, new ProviderLogin(email, Hd: domain, Amr: "pwd mfa"));
        Assert.DoesNotContain("/account/mfa/setup", PathOf(signedIn), StringComparison.Ordinal);
        await AssertSignedInAsync(browser, email);
    }

    [Fact]
    public async Task A_trustee_whose_token_does_not_say_mfa_is_asked_for_the_portals_code()
    {
        var tenant = await factory.AllowAsync(Microsoft);
        var (id, email, key) = await factory.CreateUserAsync(Roles.Trustee);
        await LinkDirectlyAsync(id, Microsoft, email);
        using var browser = new SsoBrowser(factory);
        using var codePage = await browser.SignInAsync(Microsoft, new ProviderLogin(email, Tid: tenant, Amr: "pwd"));
        Assert.StartsWith("/account/mfa", PathOf(codePage), StringComparison.Ordinal);
        await AssertNotSignedInAsync(browser);
        using var code = await browser.Portal.PostFormAsync("/account/mfa", new Dictionary<string, string> { ["Code"] = AccountHelpers.Code(key!, factory.Clock.GetUtcNow()) }, PathOf(codePage));
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        await AssertSignedInAsync(browser, email);
    }

    [Fact]
    public async Task A_second_factor_in_amr_counts_only_when_the_trust_says_its_tenant_enforces_mfa()
    {
        var (id, email, _) = await factory.CreateUserAsync(Roles.TrustAdmin);
        var tenant = await factory.AllowAsync(Microsoft, tenantEnforcesMfa: false);
        await LinkDirectlyAsync(id, Microsoft, email);
        using (var browser = new SsoBrowser(factory))
        {
            using var asked = await browser.SignInAsync(Microsoft, new ProviderLogin(email, Tid: tenant, Amr: "pwd otp"));
            Assert.StartsWith("/account/mfa", PathOf(asked), StringComparison.Ordinal);
        }
        await factory.AllowAsync(Microsoft, tenantEnforcesMfa: true);
        using (var browser = new SsoBrowser(factory))
        {
            using var straightIn = await browser.SignInAsync(Microsoft, new ProviderLogin(email, Tid: tenant, Amr: "pwd otp"));
            Assert.DoesNotContain("/account/mfa", PathOf(straightIn), StringComparison.Ordinal);
            await AssertSignedInAsync(browser, email);
        }
        using (var browser = new SsoBrowser(factory))
        {
            using var passwordOnly = await browser.SignInAsync(Microsoft, new ProviderLogin(email, Tid: tenant, Amr: "pwd"));
            Assert.StartsWith("/account/mfa", PathOf(passwordOnly), StringComparison.Ordinal);
        }
        await factory.AllowAsync(Microsoft, tenantEnforcesMfa: false);
    }

    [Theory]
    [InlineData("audience", ExternalRefusal.Untrusted)]
    [InlineData("signature", ExternalRefusal.Untrusted)]
    [InlineData("nonce", ExternalRefusal.Untrusted)]
    [InlineData("expired", ExternalRefusal.Expired)]
    public async Task A_token_that_cannot_be_trusted_is_refused(string fault, ExternalRefusal reason)
    {
        var tenant = await factory.AllowAsync(Microsoft);
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        await LinkDirectlyAsync(id, Microsoft, email);
        using var browser = new SsoBrowser(factory);
        using var refused = await browser.SignInAsync(Microsoft, new ProviderLogin(email, Tid: tenant, Fault: fault));
        AssertRefused(refused, reason);
        await AssertNotSignedInAsync(browser);
        Assert.Contains(factory.LogEvents.Snapshot(), e => e.MessageTemplate.Text.Contains("sign-in refused ({Reason})", StringComparison.Ordinal)
            && e.Properties["Reason"].ToString() == reason.ToString());
    }

    [Fact]
    public async Task A_sign_in_cancelled_at_the_provider_says_so()
    {
        var (_, email, _) = await factory.CreateUserAsync(Roles.Staff);
        using var browser = new SsoBrowser(factory);
        using var page = await browser.SignInAsync(Google, new ProviderLogin(email, Fault: "cancel"));
        AssertRefused(page, ExternalRefusal.Cancelled);
        await AssertNotSignedInAsync(browser);
    }

    [Fact]
    public async Task A_replayed_answer_is_refused_in_the_same_browser_and_in_another()
    {
        var domain = await factory.AllowAsync(Google);
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        await LinkDirectlyAsync(id, Google, email);
        using var browser = new SsoBrowser(factory);
        var answer = await browser.AtProviderAsync(Google, new ProviderLogin(email, Hd: domain));
        using (var first = await browser.PostAnswerAsync(answer))
        {
            await AssertSignedInAsync(browser, email);
        }
        using var replayed = await browser.PostAnswerAsync(answer);
        AssertRefused(replayed, ExternalRefusal.Untrusted);
        using var attacker = new SsoBrowser(factory);
        using var stolen = await attacker.PostAnswerAsync(answer);
        AssertRefused(stolen, ExternalRefusal.Untrusted);
        await AssertNotSignedInAsync(attacker);
    }

    [Fact]
    public async Task An_answer_with_a_forged_state_is_refused()
    {
        var domain = await factory.AllowAsync(Google);
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        await LinkDirectlyAsync(id, Google, email);
        using var browser = new SsoBrowser(factory);
        var (action, fields) = await browser.AtProviderAsync(Google, new ProviderLogin(email, Hd: domain));
        fields["state"] = "CfDJ8" + fields["state"][10..];
        using var refused = await browser.PostAnswerAsync((action, fields));
        AssertRefused(refused, ExternalRefusal.Untrusted);
        await AssertNotSignedInAsync(browser);
    }

    [Fact]
    public async Task An_unreachable_provider_gets_its_own_page()
    {
        await factory.Google.DownAsync();
        try
        {
            using var browser = new SsoBrowser(factory);
            using var pressed = await browser.PressAsync(Google);
            using var page = await browser.FollowAsync(pressed);
            AssertRefused(page, ExternalRefusal.Unreachable);
        }
        finally
        {
            await factory.Google.UpAsync();
        }
    }

    [Fact]
    public async Task A_provider_that_goes_away_before_the_code_is_redeemed_gets_the_same_page()
    {
        var tenant = await factory.AllowAsync(Microsoft);
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        await LinkDirectlyAsync(id, Microsoft, email);
        using var browser = new SsoBrowser(factory);
        var answer = await browser.AtProviderAsync(Microsoft, new ProviderLogin(email, Tid: tenant));
        await factory.Microsoft.DownAsync();
        try
        {
            using var page = await browser.PostAnswerAsync(answer);
            AssertRefused(page, ExternalRefusal.Unreachable);
            await AssertNotSignedInAsync(browser);
        }
        finally
        {
            await factory.Microsoft.UpAsync();
        }
    }

    [Fact]
    public async Task Signing_out_ends_the_session_so_a_copy_of_the_cookie_stops_working()
    {
        var tenant = await factory.AllowAsync(Microsoft);
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        await LinkDirectlyAsync(id, Microsoft, email);
        using var browser = new SsoBrowser(factory);
        using var signedIn = await browser.SignInAsync(Microsoft, new ProviderLogin(email, Tid: tenant));
        using var me = await browser.Portal.GetAsync(new Uri("/me", UriKind.Relative));
        var cookie = me.RequestMessage!.Headers.GetValues("Cookie").Single();
        using (var signOut = await browser.Portal.PostFormAsync("/account/sign-out", new Dictionary<string, string>(), "/me"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }
        using var copy = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("Cookie", cookie);
        using var refused = await copy.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/sign-in", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sign_in_page_offers_both_providers()
    {
        using var browser = new SsoBrowser(factory);
        var html = await (await browser.Portal.GetAsync(new Uri("/account/sign-in", UriKind.Relative))).Content.ReadAsStringAsync();
        Assert.Contains("Sign in with Microsoft", html, StringComparison.Ordinal);
        Assert.Contains("Sign in with Google", html, StringComparison.Ordinal);
    }

    /// Links the account as a first sign-in would have (the link itself is tested above), so the test can start at
    /// the second sign-in.
    private async Task LinkDirectlyAsync(string userId, string provider, string email)
    {
        var result = await InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<PortalUser>>();
            return await users.AddLoginAsync((await users.FindByIdAsync(userId))!, new UserLoginInfo(provider, ProviderLogin.SubjectOf(email), provider));
        });
        Assert.True(result.Succeeded);
    }

    private Task<string> OtherTrustSlugAsync() => InScopeAsync(s =>
        s.GetRequiredService<TrustPortalDbContext>().Trusts.Where(t => t.Slug != DemoAccounts.TrustSlug).OrderBy(t => t.Id).Select(t => t.Slug).FirstAsync());
}
