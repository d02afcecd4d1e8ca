using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.AdminContent;

/// The introduction, vision, mission and values introduction each have an audience, set on their edit pages;
/// the overview and the vision and values page show a staff-only one, marked, only to the trust's own people.
/// The trust's title for its vision and values page is edited on the content pages too.
[Collection(SharedPortal.Name)]
public sealed class StatementAudienceTests(PortalFactory factory)
{
    private static Dictionary<string, string> TextFields(string text, string audience) => new()
    {
        ["Fields[text]"] = text, ["Fields[audience]"] = audience, ["LoadedVersion"] = "0", ["action"] = "save",
    };

    private async Task<(ContentTrust Trust, HttpClient Admin)> TrustWithStaffOnlyStatementsAsync()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        foreach (var (type, text) in new[] { ("introduction", "Inside introduction"), ("vision", "Inside vision"), ("mission", "Inside mission"), ("values-introduction", "Inside values introduction") })
        {
            using var response = await admin.PostFormAsync($"/admin/content/{type}/0", TextFields(text, "Staff"));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        return (trust, admin);
    }

    [Fact]
    public async Task A_statement_made_staff_only_on_its_edit_page_is_stored_with_its_audience()
    {
        var (trust, admin) = await TrustWithStaffOnlyStatementsAsync();
        var saved = await ContentTrust.ReadAsync(factory, db => db.Trusts.AsNoTracking().SingleAsync(t => t.Id == trust.Id));
        Assert.Equal(("Inside vision", Audience.Staff, Audience.Staff, Audience.Staff, Audience.Staff),
            (saved.Vision, saved.VisionAudience, saved.MissionAudience, saved.IntroductionAudience, saved.ValuesIntroductionAudience));
        var edit = await admin.GetDocumentAsync("/admin/content/vision/0");
        Assert.Equal("Staff", edit.QuerySelector("input[name='Fields[audience]'][checked]")!.GetAttribute("value"));
        var index = await admin.GetDocumentAsync("/admin/content");
        Assert.Contains("Staff only", index.QuerySelector("#vision-0")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trusts_staff_see_staff_only_statements_marked_on_the_overview_and_the_vision_page()
    {
        var (trust, _) = await TrustWithStaffOnlyStatementsAsync();
        var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff, trust.Slug);
        var about = (await staff.GetDocumentAsync($"/{trust.Slug}/vision-and-values")).MainText();
        foreach (var text in new[] { "Inside introduction", "Inside vision", "Inside mission", "Inside values introduction", "Staff only" })
        {
            Assert.Contains(text, about, StringComparison.Ordinal);
        }
        // The trust home carries the vision in a sentence (the introduction and mission are on the vision page): marked.
        var overview = await staff.GetDocumentAsync($"/{trust.Slug}");
        Assert.Contains("Inside vision", overview.MainText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Inside mission", overview.MainText(), StringComparison.Ordinal);
        Assert.Equal("Staff only", overview.QuerySelector("section[aria-labelledby='home-vision'] .govuk-tag")?.TextContent);
    }

    [Fact]
    public async Task Anonymous_visitors_and_people_of_other_trusts_do_not_see_staff_only_statements()
    {
        var (trust, _) = await TrustWithStaffOnlyStatementsAsync();
        var other = await ContentTrust.CreateAsync(factory);
        var (outsider, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, other.Slug);
        foreach (var client in new[] { factory.CreateSecureClient(), outsider })
        {
            foreach (var page in new[] { $"/{trust.Slug}/vision-and-values", $"/{trust.Slug}" })
            {
                var text = (await client.GetDocumentAsync(page)).MainText();
                Assert.DoesNotContain("Inside", text, StringComparison.Ordinal);
                Assert.DoesNotContain("Staff only", text, StringComparison.Ordinal);
            }
            // The public values are still there.
            Assert.Contains("Integrity", (await client.GetDocumentAsync($"/{trust.Slug}/vision-and-values")).MainText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_public_statement_is_shown_to_everyone_without_a_staff_only_mark()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var anonymous = factory.CreateSecureClient();
        var text = (await anonymous.GetDocumentAsync($"/{trust.Slug}/vision-and-values")).MainText();
        Assert.Contains("Our introduction", text, StringComparison.Ordinal);
        Assert.Contains("Our mission", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Staff only", text, StringComparison.Ordinal);
        var home = (await anonymous.GetDocumentAsync($"/{trust.Slug}")).MainText();
        Assert.Contains("Our vision", home, StringComparison.Ordinal);
        Assert.DoesNotContain("Staff only", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_statement_without_a_choice_of_audience_is_refused_with_the_text_kept()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        using var response = await admin.PostFormAsync("/admin/content/mission/0", new Dictionary<string, string>
        {
            ["Fields[text]"] = "Kept mission", ["Fields[audience]"] = "Everyone", ["LoadedVersion"] = "0", ["action"] = "save",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains("Choose public or staff only", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Kept mission", page.QuerySelector("textarea#Fields_text_")!.TextContent);
        Assert.Equal("Our mission", await ContentTrust.ReadAsync(factory, db => db.Trusts.Where(t => t.Id == trust.Id).Select(t => t.Mission).SingleAsync()));
    }

    [Fact]
    public async Task Restoring_a_version_from_before_statements_had_an_audience_keeps_todays_audience()
    {
        var (trust, admin) = await TrustWithStaffOnlyStatementsAsync();
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortal.Web.Data.TrustPortalDbContext>();
            var first = await db.ContentVersions.SingleAsync(v => v.TrustId == trust.Id && v.ItemType == "vision" && v.Number == 1);
            db.Entry(first).Property(v => v.Snapshot).CurrentValue = "{\"text\":\"An old vision\"}";
            await db.SaveChangesAsync();
        }
        using var restore = await admin.PostFormAsync("/admin/content/vision/0/history/1/restore", new Dictionary<string, string>(), "/admin/content/vision/0/history/1");
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        var saved = await ContentTrust.ReadAsync(factory, db => db.Trusts.AsNoTracking().SingleAsync(t => t.Id == trust.Id));
        Assert.Equal(("An old vision", Audience.Staff), (saved.Vision, saved.VisionAudience));
    }

    [Fact]
    public async Task The_title_of_the_vision_page_is_edited_on_the_content_pages_and_shown_on_the_public_pages()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        Assert.NotNull((await admin.GetDocumentAsync("/admin/content")).QuerySelector("a[href='/admin/content/about-title/0']"));
        using var response = await admin.PostFormAsync("/admin/content/about-title/0", new Dictionary<string, string>
        {
            ["Fields[title]"] = "Who we are", ["LoadedVersion"] = "0", ["action"] = "save",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var anonymous = factory.CreateSecureClient();
        Assert.Equal("Who we are", (await anonymous.GetDocumentAsync($"/{trust.Slug}/vision-and-values")).QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull((await anonymous.GetDocumentAsync($"/{trust.Slug}")).QuerySelectorAll("a").FirstOrDefault(a => a.TextContent == "Who we are"));
    }

    [Fact]
    public async Task Too_long_a_title_is_refused_with_the_input_kept()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        var title = new string('t', Limits.Heading + 1);
        using var response = await admin.PostFormAsync("/admin/content/about-title/0", new Dictionary<string, string>
        {
            ["Fields[title]"] = title, ["LoadedVersion"] = "0", ["action"] = "save",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.NotNull(page.QuerySelector(".govuk-error-summary"));
        Assert.Equal(title, page.QuerySelector("input[name='Fields[title]']")!.GetAttribute("value"));
        Assert.Null(await ContentTrust.ReadAsync(factory, db => db.Trusts.Where(t => t.Id == trust.Id).Select(t => t.AboutTitle).SingleAsync()));
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Trustee)]
    [InlineData(Roles.Headteacher)]
    public async Task Other_roles_cannot_change_a_statements_audience(string role)
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (client, _, _, _) = await factory.SignedInClientAsync(role, trust.Slug);
        using var response = await client.PostFormAsync("/admin/content/vision/0", TextFields("Hidden", "Staff"), "/me");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var saved = await ContentTrust.ReadAsync(factory, db => db.Trusts.AsNoTracking().SingleAsync(t => t.Id == trust.Id));
        Assert.Equal(("Our **vision**", Audience.Public), (saved.Vision, saved.VisionAudience));
    }
}
