using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.AdminContent;

/// Staff-only items are shown, marked, to signed-in people of the same trust, and to nobody else.
[Collection(SharedPortal.Name)]
public sealed class StaffOnlyContentTests(PortalFactory factory)
{
    [Fact]
    public async Task A_member_of_the_trust_sees_its_staff_only_value_marked_as_such()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff, trust.Slug);
        var page = await staff.GetDocumentAsync($"/{trust.Slug}/vision-and-values");
        var card = page.QuerySelectorAll(".app-value-card").Single(c => c.TextContent.Contains("Staff wellbeing", StringComparison.Ordinal));
        Assert.Contains("Staff only", card.TextContent, StringComparison.Ordinal);
        Assert.Contains("Integrity", page.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_visitors_and_people_of_other_trusts_do_not_see_staff_only_items()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var other = await ContentTrust.CreateAsync(factory);
        var (outsider, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, other.Slug);
        foreach (var client in new[] { factory.CreateSecureClient(), outsider })
        {
            var text = (await client.GetDocumentAsync($"/{trust.Slug}/vision-and-values")).MainText();
            Assert.Contains("Integrity", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Staff wellbeing", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Staff only", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_session_that_still_owes_its_authenticator_enrolment_sees_the_public_page_as_a_visitor()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (_, email, _) = await factory.CreateUserAsync(Roles.Trustee, trust.Slug, enrolMfa: false);
        var client = factory.CreateSecureClient();
        using (var password = await client.SignInAsync(email, AccountHelpers.Password))
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, password.StatusCode);
        }

        var text = (await client.GetDocumentAsync($"/{trust.Slug}/vision-and-values")).MainText();

        Assert.Contains("Integrity", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Staff wellbeing", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Staff only", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staff_only_message_is_listed_and_shown_only_to_the_trusts_people()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        using (await admin.PostFormAsync($"/admin/content/message/{trust.MessageId}", new Dictionary<string, string>
        {
            ["Fields[title]"] = "Welcome", ["Fields[author]"] = "Alex Chief", ["Fields[authorRole]"] = "CEO",
            ["Fields[body]"] = "Welcome back.", ["Fields[audience]"] = "Staff", ["LoadedVersion"] = "0", ["action"] = "save",
        }))
        {
        }
        var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff, trust.Slug);
        var list = await staff.GetDocumentAsync($"/{trust.Slug}/messages");
        Assert.Contains("Staff only", list.MainText(), StringComparison.Ordinal);
        await staff.GetDocumentAsync($"/{trust.Slug}/messages/welcome");
        var anonymous = factory.CreateSecureClient();
        Assert.DoesNotContain("Welcome", (await anonymous.GetDocumentAsync($"/{trust.Slug}/messages")).MainText(), StringComparison.Ordinal);
        await anonymous.GetDocumentAsync($"/{trust.Slug}/messages/welcome", System.Net.HttpStatusCode.NotFound);
    }
}
