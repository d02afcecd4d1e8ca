using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// "Forgotten your password?" end to end through the e-mail the portal sends (issue 15, part 2; ADR 0148).
[Collection(SharedPortal.Name)]
public sealed partial class PasswordResetTests(PortalFactory factory)
{
    private const string NewPassword = "Freshly-chosen-passphrase";

    [GeneratedRegex(@"/account/reset-password\?token=[A-Za-z0-9_-]+")]
    private static partial Regex ResetLink();

    private static Dictionary<string, string> NewPasswordFields(string link, string password = NewPassword) => new()
    {
        ["Form.Token"] = link[(link.IndexOf('=', StringComparison.Ordinal) + 1)..],
        ["Form.Password"] = password,
        ["Form.ConfirmPassword"] = password,
    };

    private static async Task<string> AskForLinkAsync(HttpClient client, string email)
    {
        using var response = await client.PostFormAsync("/account/forgotten-password", new Dictionary<string, string> { ["Email"] = email });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private string LinkSentTo(string email) =>
        ResetLink().Match(factory.Emails.Sent.Last(m => m.To == email && m.Subject.Contains("new password", StringComparison.Ordinal)).Body).Value;

    private IEnumerable<string> LoggedText() =>
        factory.LogEvents.Snapshot().Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + " " + string.Join(" ", e.Properties.Select(p => p.Value.ToString())));

    [Fact]
    public async Task The_sign_in_page_offers_forgotten_your_password()
    {
        var page = await factory.CreateSecureClient().GetDocumentAsync("/account/sign-in");
        Assert.Equal("/account/forgotten-password", page.QuerySelectorAll("main a").Single(a => a.TextContent.Trim() == "Forgotten your password?").GetAttribute("href"));
    }

    [Fact]
    public async Task A_headteacher_resets_their_password_by_the_emailed_link_every_session_ends_and_the_authenticator_stays()
    {
        var (signedIn, id, email, key) = await factory.SignedInClientAsync(Roles.Headteacher);
        using (var before = await signedIn.GetAsync(new Uri("/me", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var visitor = factory.CreateSecureClient();
        Assert.Contains("Check your e-mail", await AskForLinkAsync(visitor, email), StringComparison.Ordinal);
        var link = LinkSentTo(email);
        Assert.NotEmpty(link);
        var token = link[(link.IndexOf('=', StringComparison.Ordinal) + 1)..];

        using (var page = await visitor.GetAsync(new Uri(link, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("no-referrer", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
            Assert.Contains("Choose a new password", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var done = await visitor.PostFormAsync("/account/reset-password", NewPasswordFields(link), link))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            Assert.Contains("Your password has been changed", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Signed out everywhere: the browser that was signed in is sent to sign in.
        using (var after = await signedIn.GetAsync(new Uri("/me", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
            Assert.StartsWith("/account/sign-in", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        // The old password no longer works; the new one does, and the authenticator is still asked for.
        var fresh = factory.CreateSecureClient();
        using (var old = await fresh.SignInAsync(email, AccountHelpers.Password))
        {
            Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        }
        using (var signIn = await fresh.SignInAsync(email, NewPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.StartsWith("/account/mfa", signIn.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        // The sign-in above used this time step's code already; a code is accepted once.
        factory.Clock.Advance(TimeSpan.FromSeconds(31));
        using (var code = await fresh.PostFormAsync("/account/mfa", new Dictionary<string, string> { ["Code"] = AccountHelpers.Code(key!, factory.Clock.GetUtcNow()) }))
        {
            Assert.Equal("/start", code.Headers.Location!.OriginalString);
        }

        // The link was single use.
        var again = await factory.CreateSecureClient().GetDocumentAsync(link);
        Assert.Contains("This link cannot be used", again.MainText(), StringComparison.Ordinal);

        // In the audit trail, and the token in no log line.
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var actions = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "SignIn" && a.EntityId == id).Select(a => a.Action).ToListAsync();
        Assert.Contains("ResetLinkSent", actions);
        Assert.Contains("PasswordReset", actions);
        var logged = LoggedText().ToList();
        Assert.Equal("https://portal.example.org/account/reset-password?token=[redacted]", TrustPortal.Web.Infrastructure.SecretRedaction.Redact("https://portal.example.org" + link));
        Assert.DoesNotContain(logged, l => l.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(await db.AuditEntries.AsNoTracking().Select(a => a.NewValues ?? "").ToListAsync(), v => v.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_address_with_no_account_gets_the_same_answer_and_no_email()
    {
        var (_, _, known, _) = await factory.SignedInClientAsync(Roles.Staff);
        var unknown = $"nobody-{Guid.NewGuid():N}@test.trustportal.test";
        var sentBefore = factory.Emails.Sent.Count(m => m.To == unknown);

        var knownAnswer = await factory.CreateSecureClient().PostFormAsync("/account/forgotten-password", new Dictionary<string, string> { ["Email"] = known });
        var unknownAnswer = await factory.CreateSecureClient().PostFormAsync("/account/forgotten-password", new Dictionary<string, string> { ["Email"] = unknown });

        Assert.Equal(knownAnswer.StatusCode, unknownAnswer.StatusCode);
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        var knownText = parser.ParseDocument(await knownAnswer.Content.ReadAsStringAsync()).MainText().Replace(known, "ADDRESS", StringComparison.Ordinal);
        var unknownText = parser.ParseDocument(await unknownAnswer.Content.ReadAsStringAsync()).MainText().Replace(unknown, "ADDRESS", StringComparison.Ordinal);
        Assert.Equal(knownText, unknownText);
        Assert.Equal(sentBefore, factory.Emails.Sent.Count(m => m.To == unknown));
        Assert.NotEmpty(LinkSentTo(known));
        knownAnswer.Dispose();
        unknownAnswer.Dispose();
    }

    [Fact]
    public async Task A_link_older_than_thirty_minutes_is_refused_and_the_password_stays()
    {
        var (_, _, email, _) = await factory.SignedInClientAsync(Roles.Staff);
        var client = factory.CreateSecureClient();
        await AskForLinkAsync(client, email);
        var link = LinkSentTo(email);
        var page = await client.GetDocumentAsync(link);
        var token = page.QuerySelector("input[name='Form.Token']")!.GetAttribute("value")!;

        factory.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Contains("This link cannot be used", (await client.GetDocumentAsync(link)).MainText(), StringComparison.Ordinal);
        var fields = NewPasswordFields(link);
        fields["Form.Token"] = token;
        using (var refused = await client.PostFormAsync("/account/reset-password", fields, "/account/forgotten-password"))
        {
            Assert.Contains("This link cannot be used", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var signIn = await factory.CreateSecureClient().SignInAsync(email, AccountHelpers.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task A_used_link_is_refused_when_posted_again()
    {
        var (_, _, email, _) = await factory.SignedInClientAsync(Roles.Staff);
        var client = factory.CreateSecureClient();
        await AskForLinkAsync(client, email);
        var link = LinkSentTo(email);
        using (var first = await client.PostFormAsync("/account/reset-password", NewPasswordFields(link), link))
        {
            Assert.Contains("Your password has been changed", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var second = await client.PostFormAsync("/account/reset-password", NewPasswordFields(link, "Another-chosen-passphrase"), "/account/forgotten-password"))
        {
            Assert.Contains("This link cannot be used", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var signIn = await factory.CreateSecureClient().SignInAsync(email, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task The_new_password_follows_the_password_rules_and_the_link_still_works_after_a_refusal()
    {
        var (_, _, email, _) = await factory.SignedInClientAsync(Roles.Staff);
        var client = factory.CreateSecureClient();
        await AskForLinkAsync(client, email);
        var link = LinkSentTo(email);
        using (var common = await client.PostFormAsync("/account/reset-password", NewPasswordFields(link, "passwordpassword"), link))
        {
            var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await common.Content.ReadAsStringAsync());
            Assert.NotNull(page.QuerySelector(".govuk-error-summary"));
            Assert.Contains("Choose a new password", page.MainText(), StringComparison.Ordinal);
        }
        using (var accepted = await client.PostFormAsync("/account/reset-password", NewPasswordFields(link), link))
        {
            Assert.Contains("Your password has been changed", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Disabled_accounts_and_people_still_to_accept_their_invitation_get_no_link_but_the_same_answer()
    {
        var (_, id, disabled, _) = await factory.SignedInClientAsync(Roles.Staff);
        using (var scope = factory.Services.CreateScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            await admin.DisableAsync((await users.FindByIdAsync(id))!, CancellationToken.None);
        }
        var invited = $"invited-{Guid.NewGuid():N}@test.trustportal.test";
        using (var scope = factory.Services.CreateScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var (result, _) = await admin.CreateAsync(invited, "Not Yet Accepted", Roles.Staff, await factory.TrustIdAsync(), [], null, CancellationToken.None);
            Assert.True(result.Succeeded);
        }

        foreach (var address in new[] { disabled, invited })
        {
            Assert.Contains("Check your e-mail", await AskForLinkAsync(factory.CreateSecureClient(), address), StringComparison.Ordinal);
            Assert.DoesNotContain(factory.Emails.Sent, m => m.To == address && m.Body.Contains("/account/reset-password", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Outside_development_an_account_with_published_demo_credentials_gets_no_link()
    {
        using var scope = factory.Services.CreateScope();
        var production = new ProductionEnvironment();
        var resets = ActivatorUtilities.CreateInstance<PasswordResets>(scope.ServiceProvider, (IHostEnvironment)production);
        var before = factory.Emails.Sent.Count(m => m.To == "staff@demo.trustportal.test");

        await resets.RequestAsync("staff@demo.trustportal.test", "https://portal.example.org", CancellationToken.None);

        Assert.Equal(before, factory.Emails.Sent.Count(m => m.To == "staff@demo.trustportal.test"));
        // The same account in the tests' own environment (where demo credentials work) does get one.
        await scope.ServiceProvider.GetRequiredService<PasswordResets>().RequestAsync("staff@demo.trustportal.test", "https://portal.example.org", CancellationToken.None);
        Assert.Equal(before + 1, factory.Emails.Sent.Count(m => m.To == "staff@demo.trustportal.test"));
    }

    private sealed class ProductionEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;
        public string ApplicationName { get; set; } = "TrustPortal.Web";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

/// A portal with low limits on reset links, so the limiter does not disturb the shared portal's tests.
public sealed class PasswordResetRateLimitedFactory : PortalFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Accounts:PasswordReset:PerEmailPerHour"] = "2";
            settings["Accounts:PasswordReset:PerClientPerHour"] = "4";
            return settings;
        }
    }
}

public sealed class PasswordResetRateLimitTests(PasswordResetRateLimitedFactory factory) : IClassFixture<PasswordResetRateLimitedFactory>
{
    private static Task<HttpResponseMessage> AskAsync(HttpClient client, string email) =>
        client.PostFormAsync("/account/forgotten-password", new Dictionary<string, string> { ["Email"] = email });

    [Fact]
    public async Task Reset_links_are_limited_per_address_and_per_client_with_a_clear_message()
    {
        var client = factory.CreateSecureClient();
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await AskAsync(client, "someone@example.org");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using (var perAddress = await AskAsync(client, "SOMEONE@example.org"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, perAddress.StatusCode);
            Assert.InRange(perAddress.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 3600);
            Assert.Contains("Too many reset links have been asked for in the last hour", await perAddress.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // The client has used three of its four; the fourth (another address) fits, the fifth does not.
        using (var fourth = await AskAsync(client, "another@example.org"))
        {
            Assert.Equal(HttpStatusCode.OK, fourth.StatusCode);
        }
        using var perClient = await AskAsync(client, "yet-another@example.org");
        Assert.Equal(HttpStatusCode.TooManyRequests, perClient.StatusCode);
        Assert.Contains("Too many reset links", await perClient.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
