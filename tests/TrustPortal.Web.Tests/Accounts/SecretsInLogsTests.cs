using System.Net;
using System.Text.RegularExpressions;
using Serilog.Events;
using Serilog.Parsing;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Infrastructure;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// No secret token reaches a log line: request path, query string or referrer (issue 18, item 2).
[Collection(SharedPortal.Name)]
public sealed partial class SecretsInLogsTests(PortalFactory factory)
{
    private IEnumerable<string> LoggedText() =>
        factory.LogEvents.Snapshot().Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + " " + string.Join(" ", e.Properties.Select(p => p.Value.ToString())));

    [Fact]
    public async Task The_invitation_token_never_reaches_the_log_through_the_whole_invitation_flow()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var email = $"logged-{Guid.NewGuid():N}@test.trustportal.test";
        using (var invite = await admin.PostFormAsync("/admin/users/invite", new Dictionary<string, string>
        {
            ["Form.DisplayName"] = "Invited Person",
            ["Form.Email"] = email,
            ["Form.Role"] = Roles.Staff,
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);
        }
        var link = InvitationLink().Match(factory.Emails.Sent.Last(m => m.To == email).Body).Value;
        var token = link["/account/invitation/".Length..];

        var client = factory.CreateSecureClient();
        client.DefaultRequestHeaders.Referrer = new Uri("https://localhost" + link + "?token=" + token);
        using (var page = await client.GetAsync(new Uri(link, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("no-referrer", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
        }
        var fields = new Dictionary<string, string> { ["Form.Password"] = "Logged-person-passphrase", ["Form.ConfirmPassword"] = "Logged-person-passphrase" };
        using (var accepted = await client.PostFormAsync(link, fields))
        {
            Assert.Contains("Your password is set", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var used = await client.GetAsync(new Uri(link + "?code=" + token, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        }

        var logged = LoggedText().ToList();
        Assert.Contains(logged, l => l.Contains("/account/invitation/[redacted]", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, l => l.Contains(token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/account/reset-password/{0}")]
    [InlineData("/signin-oidc?code={0}&state={0}x")]
    [InlineData("/signin-oidc?id_token={0}")]
    [InlineData("/account/sign-in?returnUrl=%2Fme&token={0}")]
    public async Task Password_reset_and_sso_secrets_in_the_address_are_redacted_in_the_request_log(string pattern)
    {
        var secret = "S3cret" + Guid.NewGuid().ToString("N");
        var client = factory.CreateSecureClient();
        using var response = await client.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, secret), UriKind.Relative));

        var logged = LoggedText().ToList();
        if (pattern.StartsWith("/account/reset-password/", StringComparison.Ordinal))
        {
            Assert.Contains(logged, l => l.Contains("/account/reset-password/[redacted]", StringComparison.Ordinal));
        }
        Assert.DoesNotContain(logged, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://portal.example.org/account/invitation/abcDEF-123_x?x=1", "https://portal.example.org/account/invitation/[redacted]?x=1")]
    [InlineData("/account/INVITATION/abc", "/account/INVITATION/[redacted]")]
    [InlineData("?code=123&state=abc&other=keep", "?code=[redacted]&state=[redacted]&other=keep")]
    [InlineData("/schools/12345?page=2", "/schools/12345?page=2")]
    [InlineData("/account/invitation", "/account/invitation")]
    public void Secrets_are_redacted_from_any_text(string text, string expected) =>
        Assert.Equal(expected, SecretRedaction.Redact(text));

    [Fact]
    public void The_enricher_redacts_a_referrer_logged_by_anyone()
    {
        var logEvent = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null,
            new MessageTemplateParser().Parse("Request from {Referer}"),
            [new LogEventProperty("Referer", new ScalarValue("https://portal.example.org/account/invitation/SecretToken1"))]);

        new SecretRedactingEnricher().Enrich(logEvent, null!);

        Assert.Equal("\"https://portal.example.org/account/invitation/[redacted]\"", logEvent.Properties["Referer"].ToString());
    }

    [GeneratedRegex("/account/invitation/[A-Za-z0-9_-]+")]
    private static partial Regex InvitationLink();
}
