using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.ServiceOperation;

/// Issue 22: the service's operator, above trusts, adds a trust and hands it to its first administrator, and can
/// read none of a trust's own pages or work.
[Collection(SharedPortal.Name)]
public sealed partial class OperatorTests(PortalFactory factory)
{
    private async Task<(HttpClient Client, string Email)> SignedInOperatorAsync()
    {
        string email, key;
        using (var scope = factory.Services.CreateScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            email = $"operator-{Guid.NewGuid():N}@service.example.org";
            var (result, user) = await admin.CreateOperatorAsync(email, "Olive Operator", AccountHelpers.Password, CancellationToken.None);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
            Assert.Null(user!.TrustId);
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        var client = factory.CreateSecureClient();
        await client.SignInWithMfaAsync(factory, email, key);
        return (client, email);
    }

    private static Dictionary<string, string> Form(string name, string adminEmail, string slug = "", string gias = "") => new()
    {
        ["Name"] = name, ["Slug"] = slug, ["GiasGroupUid"] = gias, ["AdministratorName"] = "Ann Example", ["AdministratorEmail"] = adminEmail,
    };

    [Fact]
    public async Task The_operator_adds_a_trust_and_its_first_administrator_takes_it_over_through_the_invitation()
    {
        var (client, _) = await SignedInOperatorAsync();
        using (var start = await client.GetAsync(new Uri("/start", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
            Assert.Equal("/operator", start.Headers.Location!.OriginalString);
        }
        using (var me = await client.GetAsync(new Uri("/me", UriKind.Relative)))
        {
            Assert.Contains("href=\"/operator\"", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var index = await client.GetAsync(new Uri("/operator", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, index.StatusCode);
            Assert.Contains("href=\"/operator/trusts/new\"", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var suffix = Guid.NewGuid().ToString("N")[..8];
        var adminEmail = $"ceo-{suffix}@oak.example.org";
        using var added = await client.PostFormAsync("/operator/trusts/new", Form($"Oak Learning Trust {suffix}", adminEmail, gias: "2044"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("/operator", added.Headers.Location!.OriginalString);
        var slug = $"oak-learning-trust-{suffix}";
        using (var index = await client.GetAsync(new Uri("/operator", UriKind.Relative)))
        {
            var html = await index.Content.ReadAsStringAsync();
            Assert.Contains($"Oak Learning Trust {suffix} is set up at /{slug}. An invitation to be its trust administrator went to {adminEmail}.", html, StringComparison.Ordinal);
            Assert.Contains($"href=\"/operator/trusts/{slug}\"", html, StringComparison.Ordinal);
        }

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var trust = await db.Trusts.SingleAsync(t => t.Slug == slug);
            Assert.Equal("2044", trust.GiasGroupUid);
            var user = await db.Users.SingleAsync(u => u.Email == adminEmail);
            Assert.Equal(trust.Id, user.TrustId);
            Assert.Equal([Roles.TrustAdmin], await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().GetRolesAsync(user));
        }

        // The e-mail says which trust, which role, who invited and until when; its link hands the trust over.
        var mail = factory.Emails.Sent.Last(m => m.To == adminEmail);
        Assert.Contains($"Oak Learning Trust {suffix}", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"Olive Operator (the portal's service operator) has invited you to Oak Learning Trust {suffix}'s portal as a trust administrator.", mail.Body, StringComparison.Ordinal);
        Assert.Matches(@"The link works once, until \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d UTC", mail.Body);
        var link = InvitationLink().Match(mail.Body).Value;
        var invitee = factory.CreateSecureClient();
        using var accepted = await invitee.PostFormAsync(link, new Dictionary<string, string>
        {
            ["Form.Password"] = "Oak-trust-administrator-pass", ["Form.ConfirmPassword"] = "Oak-trust-administrator-pass",
        });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var signedIn = await invitee.SignInAsync(adminEmail, "Oak-trust-administrator-pass");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var trustHome = await invitee.GetAsync(new Uri($"/{slug}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, trustHome.StatusCode);
    }

    [Theory]
    [InlineData("admin", "", "ceo@valid.example.org", "Slug", "a word the portal uses in its own addresses")]
    [InlineData("Bad Slug!", "", "ceo@valid.example.org", "Slug", "The web address must be 2 to 80 lower-case letters, digits and single hyphens")]
    [InlineData("", "20x4", "ceo@valid.example.org", "GiasGroupUid", "a number of up to 10 digits")]
    [InlineData("", "", "not-an-address", "AdministratorEmail", "Enter an e-mail address in the correct format")]
    [InlineData("", "", "trustadmin@demo.trustportal.test", "AdministratorEmail", "already has an account on this installation")]
    [InlineData("kestrel-ridge-learning-trust", "", "ceo@valid.example.org", "Slug", "Another trust already has the web address /kestrel-ridge-learning-trust")]
    public async Task A_problem_is_shown_against_its_field_with_everything_typed_kept_and_nothing_made(string slug, string gias, string email, string field, string message)
    {
        var (client, _) = await SignedInOperatorAsync();
        var name = $"Refused Trust {Guid.NewGuid():N}";
        using var response = await client.PostFormAsync("/operator/trusts/new", Form(name, email, slug, gias), tokenPage: "/operator/trusts/new");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"href=\"#{field}\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{name}\"", html, StringComparison.Ordinal);
        using var scope = factory.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Trusts.AnyAsync(t => t.Name == name));
    }

    [Theory]
    [InlineData("/kestrel-ridge-learning-trust/staff")]
    [InlineData("/kestrel-ridge-learning-trust/board")]
    [InlineData("/kestrel-ridge-learning-trust/progress/summary")]
    [InlineData("/kestrel-ridge-learning-trust/challenges")]
    [InlineData("/admin/users")]
    [InlineData("/admin/plans")]
    [InlineData("/admin/audit")]
    public async Task The_operator_reads_none_of_a_trusts_own_pages_or_work(string url)
    {
        var (client, _) = await SignedInOperatorAsync();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.TrustAdmin)]
    [InlineData(Roles.Trustee)]
    [InlineData(Roles.Headteacher)]
    [InlineData(Roles.Staff)]
    public async Task No_trust_role_reaches_the_operators_pages(string role)
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(role);
        using var index = await client.GetAsync(new Uri("/operator", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, index.StatusCode);
        using var form = await client.GetAsync(new Uri("/operator/trusts/new", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
    }

    [GeneratedRegex(@"/account/invitation/[A-Za-z0-9_\-]+")]
    private static partial Regex InvitationLink();
}

/// Issue 22: an installation with no trust says what the portal is and how its operator adds the first trust.
public sealed class EmptyInstallationTests(TrustPortal.Web.Tests.PublicPages.EmptyPortalFactory factory)
    : IClassFixture<TrustPortal.Web.Tests.PublicPages.EmptyPortalFactory>
{
    [Fact]
    public async Task With_no_trust_the_home_page_explains_the_portal_and_how_to_add_the_first_trust()
    {
        using var response = await factory.CreateBrowserLikeClient().GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("No trust is set up here yet", html, StringComparison.Ordinal);
        Assert.Contains("dotnet TrustPortal.Web.dll users add --email you@example.org --name \"Your name\" --role ServiceOperator", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/account/sign-in?returnUrl=%2Foperator\"", html, StringComparison.Ordinal);
    }
}
