using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.AdminHome;

/// After signing in, each role lands where its work is; a local return address still wins.
[Collection(SharedPortal.Name)]
public sealed class LandingTests(PortalFactory factory)
{
    private const string Trust = DemoAccounts.TrustSlug;
    private static readonly string[] ReturnStates = ["Submitted", "Draft", "Not started"];

    private static async Task<string> FollowAsync(HttpClient client, string url, int hops = 5)
    {
        for (var i = 0; i < hops; i++)
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return url;
            }
            url = response.Headers.Location!.OriginalString;
        }
        throw new Xunit.Sdk.XunitException("Too many redirects from " + url);
    }

    [Fact]
    public async Task Staff_land_on_the_trust_home_page()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        Assert.Equal($"/{Trust}", await FollowAsync(client, "/start"));
    }

    [Fact]
    public async Task A_trustee_lands_on_the_board_dashboard()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        Assert.Equal($"/{Trust}/board", await FollowAsync(client, "/start"));
    }

    [Fact]
    public async Task A_head_of_one_school_lands_on_that_schools_return()
    {
        var (client, id, _, _) = await factory.SignedInClientAsync(Roles.Headteacher);
        var urn = await UrnsOfAsync(id);
        Assert.Equal($"/{Trust}/progress/{Assert.Single(urn)}", await FollowAsync(client, "/start"));
    }

    [Fact]
    public async Task An_executive_head_chooses_between_their_schools_each_with_its_returns_state()
    {
        var (client, id, _, _) = await factory.SignedInClientAsync(Roles.Headteacher);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var trustId = await db.Trusts.Where(t => t.Slug == Trust).Select(t => t.Id).SingleAsync();
            var linked = await db.UserSchools.Where(l => l.UserId == id).Select(l => l.SchoolId).ToListAsync();
            var another = await db.Schools.Where(s => s.TrustId == trustId && !s.IsArchived && !linked.Contains(s.Id)).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            db.UserSchools.Add(new UserSchool { UserId = id, SchoolId = another });
            await db.SaveChangesAsync();
        }
        Assert.Equal($"/{Trust}/progress", await FollowAsync(client, "/start"));
        var page = await client.GetDocumentAsync($"/{Trust}/progress");
        Assert.Equal("Choose one of your schools", page.QuerySelector("caption")!.TextContent.Trim());
        var rows = page.QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("td")!.TextContent.Trim()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, state => Assert.Contains(state, ReturnStates));
    }

    [Fact]
    public async Task An_administrator_lands_on_what_needs_doing_with_pending_invitations()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var email = $"invitee-{Guid.NewGuid():N}@test.trustportal.test";
        using (var invite = await client.PostFormAsync("/admin/users/invite", new Dictionary<string, string>
               {
                   ["Form.Email"] = email, ["Form.DisplayName"] = "Ivy Invitee", ["Form.Role"] = Roles.Staff,
               }))
        {
            Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);
        }
        Assert.Equal("/admin", await FollowAsync(client, "/start"));
        var page = await client.GetDocumentAsync("/admin");
        Assert.Equal("What needs doing", page.QuerySelector("h1")!.TextContent.Trim());
        var pending = Pages.Collapse(page.QuerySelector("#pending-invitations")!.TextContent);
        Assert.Contains($"Ivy Invitee ({email}): the link works until", pending, StringComparison.Ordinal);
        // The demo trust has an open cycle: the returns still to come are counted, with the page that chases them.
        Assert.Matches("^(All [0-9]+ schools have submitted|[0-9]+ of [0-9]+ schools? ha(s|ve) not submitted)", Pages.Collapse(page.QuerySelector("#returns-outstanding")!.TextContent));
        Assert.NotNull(page.QuerySelector($"a[href='/{Trust}/progress/returns']"));
    }

    [Fact]
    public async Task A_local_return_address_wins_over_the_landing_page_and_another_site_does_not()
    {
        var (_, email, _) = await factory.CreateUserAsync(Roles.Staff);
        var client = factory.CreateSecureClient();
        using (var response = await client.PostFormAsync($"/account/sign-in?returnUrl={Uri.EscapeDataString($"/{Trust}/schools")}",
                   new Dictionary<string, string> { ["Email"] = email, ["Password"] = AccountHelpers.Password, ["RememberMe"] = "false" }, "/account/sign-in"))
        {
            Assert.Equal($"/{Trust}/schools", response.Headers.Location!.OriginalString);
        }
        var other = factory.CreateSecureClient();
        using (var response = await other.PostFormAsync($"/account/sign-in?returnUrl={Uri.EscapeDataString("https://evil.example/")}",
                   new Dictionary<string, string> { ["Email"] = email, ["Password"] = AccountHelpers.Password, ["RememberMe"] = "false" }, "/account/sign-in"))
        {
            Assert.Equal("/start", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task Signing_in_without_a_return_address_goes_to_the_landing_page()
    {
        var (_, email, _) = await factory.CreateUserAsync(Roles.Staff);
        var client = factory.CreateSecureClient();
        using var response = await client.SignInAsync(email, AccountHelpers.Password);
        Assert.Equal("/start", response.Headers.Location!.OriginalString);
        Assert.Equal($"/{Trust}", await FollowAsync(client, "/start"));
    }

    private async Task<List<int>> UrnsOfAsync(string userId)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        return await db.UserSchools.Where(l => l.UserId == userId).Join(db.Schools, l => l.SchoolId, s => s.Id, (l, s) => s.Urn).ToListAsync();
    }
}
