using System.Net;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Features.AdminContent;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.AdminContent;

[Collection(SharedPortal.Name)]
public sealed class AdminContentTests(PortalFactory factory)
{
    private static readonly AngleSharp.Html.Parser.HtmlParser Parser = new();

    private static async Task<AngleSharp.Dom.IDocument> DocumentOf(HttpResponseMessage response) =>
        Parser.ParseDocument(await response.Content.ReadAsStringAsync());

    private async Task<(ContentTrust Trust, HttpClient Admin)> AdminOfNewTrustAsync(int extraValues = 0)
    {
        var trust = await ContentTrust.CreateAsync(factory, extraValues);
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        return (trust, client);
    }

    private static Dictionary<string, string> ValueFields(string name, string meaning, string audience = "Public", int loaded = 0) => new()
    {
        ["Fields[name]"] = name, ["Fields[meaning]"] = meaning, ["Fields[audience]"] = audience,
        ["LoadedVersion"] = loaded.ToString(System.Globalization.CultureInfo.InvariantCulture), ["action"] = "save",
    };

    [Fact]
    public async Task The_content_index_lists_every_item_with_edit_links()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        var page = await admin.GetDocumentAsync("/admin/content");
        var text = page.MainText();
        foreach (var expected in new[] { "Integrity", "Care", "Ambition", "Staff wellbeing", "What we believe", "Every child can succeed.", "Community", "Develop outstanding teaching", "Sharing practice", "Our history", "Welcome", "Our **vision**" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        Assert.NotNull(page.QuerySelector($"a[href='/admin/content/value/{trust.ValueIds[0]}']"));
        Assert.NotNull(page.QuerySelector($"a[href='/admin/content/statement/{trust.StatementIds[1]}']"));
        Assert.NotNull(page.QuerySelector($"a[href='/admin/content/section/{trust.SectionId}']"));
        Assert.NotNull(page.QuerySelector($"a[href='/admin/content/message/{trust.MessageId}']"));
        Assert.NotNull(page.QuerySelector("a[href='/admin/content/vision/0']"));
        Assert.Contains("Staff only", page.QuerySelector($"#value-{trust.StaffValueId}")!.TextContent, StringComparison.Ordinal);
        // The first value offers no "Move up", the last no "Move down".
        Assert.DoesNotContain("Move up", page.QuerySelector($"#value-{trust.ValueIds[0]}")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_a_value_changes_it_and_keeps_the_state_before_as_version_one()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        var id = trust.ValueIds[0];
        using var response = await admin.PostFormAsync($"/admin/content/value/{id}", ValueFields("Honesty", "We tell the truth.", "Staff"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var value = await ContentTrust.ValueAsync(factory, id);
        Assert.Equal(("Honesty", "We tell the truth.", Audience.Staff), (value.Name, value.Meaning, value.Audience));
        var versions = await trust.VersionsAsync(factory, "value", id);
        Assert.Equal([1, 2], versions.Select(v => v.Number));
        Assert.Contains("Integrity", versions[0].Snapshot, StringComparison.Ordinal);
        Assert.Contains("Honesty", versions[1].Snapshot, StringComparison.Ordinal);
        Assert.StartsWith("Test ", versions[1].SavedBy, StringComparison.Ordinal);
        var index = await admin.GetDocumentAsync("/admin/content");
        Assert.Contains("Value saved", index.QuerySelector(".govuk-notification-banner")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_without_a_name_or_with_too_long_a_meaning_is_refused_with_the_input_kept()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        var id = trust.ValueIds[1];
        var tooLong = new string('m', Limits.Statement + 1);
        using var response = await admin.PostFormAsync($"/admin/content/value/{id}", ValueFields("  ", tooLong, "Staff"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await DocumentOf(response);
        var summary = page.QuerySelector(".govuk-error-summary")!;
        Assert.NotNull(summary.QuerySelector("a[href='#Fields_name_']"));
        Assert.Contains("Enter value", summary.TextContent, StringComparison.Ordinal);
        Assert.Contains("4,000 characters or fewer", summary.TextContent, StringComparison.Ordinal);
        Assert.Equal(tooLong, page.QuerySelector("#Fields_meaning_")!.TextContent);
        Assert.Contains("Fields_meaning_-error", page.QuerySelector("#Fields_meaning_")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.True(page.QuerySelector("#Fields_audience_-staff")!.HasAttribute("checked"));
        Assert.Equal("Care", (await ContentTrust.ValueAsync(factory, id)).Name);
        Assert.Empty(await trust.VersionsAsync(factory, "value", id));
    }

    [Fact]
    public async Task A_duplicate_value_name_is_refused_by_the_domain_with_the_input_kept()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        using var response = await admin.PostFormAsync($"/admin/content/value/{trust.ValueIds[1]}", ValueFields("integrity", "Kept meaning"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("already has the value", html, StringComparison.Ordinal);
        Assert.Contains("Kept meaning", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_renders_the_markdown_safely_and_saves_nothing()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        var fields = new Dictionary<string, string>
        {
            ["Fields[text]"] = "A **bold** vision\n\n- one\n- two\n\n<script>alert(1)</script> [x](javascript:alert(1))",
            ["Fields[audience]"] = "Public", ["LoadedVersion"] = "0", ["action"] = "preview",
        };
        using var response = await admin.PostFormAsync("/admin/content/vision/0", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await DocumentOf(response);
        var preview = page.QuerySelector("#preview-text")!;
        Assert.Equal("bold", preview.QuerySelector("strong")!.TextContent);
        Assert.Equal(2, preview.QuerySelectorAll("li").Length);
        Assert.Null(preview.QuerySelector("script"));
        Assert.DoesNotContain("javascript:", preview.InnerHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(fields["Fields[text]"], page.QuerySelector("textarea#Fields_text_")!.TextContent);
        Assert.Equal("Our **vision**", await ContentTrust.ReadAsync(factory, db => db.Trusts.Where(t => t.Id == trust.Id).Select(t => t.Vision).SingleAsync()));
    }

    [Fact]
    public async Task Saving_the_vision_shows_on_the_public_page()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        using var response = await admin.PostFormAsync("/admin/content/vision/0", new Dictionary<string, string> { ["Fields[text]"] = "A *new* vision for every child", ["Fields[audience]"] = "Public", ["LoadedVersion"] = "0", ["action"] = "save" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var about = await factory.CreateSecureClient().GetDocumentAsync($"/{trust.Slug}/vision-and-values");
        Assert.Contains("A new vision for every child", about.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_save_over_someone_elses_is_refused_with_their_version_shown_and_the_input_kept()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        var (other, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        var id = trust.ValueIds[2];
        // Both loaded the value before any version existed (LoadedVersion 0); the other administrator saves first.
        using (var first = await other.PostFormAsync($"/admin/content/value/{id}", ValueFields("Aspiration", "Theirs")))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }
        using var second = await admin.PostFormAsync($"/admin/content/value/{id}", ValueFields("Ambition for all", "Mine"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = await DocumentOf(second);
        Assert.Contains(AdminContentController.ConflictMessage, page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Ambition for all", page.QuerySelector("#Fields_name_")!.GetAttribute("value"));
        Assert.Contains("Aspiration", page.QuerySelector("#their-version")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2", page.QuerySelector("input[name=LoadedVersion]")!.GetAttribute("value"));
        Assert.Equal("Aspiration", (await ContentTrust.ValueAsync(factory, id)).Name);

        // Saving again from the version now seen replaces theirs on purpose.
        using var third = await admin.PostFormAsync($"/admin/content/value/{id}", ValueFields("Ambition for all", "Mine", loaded: 2));
        Assert.Equal(HttpStatusCode.Redirect, third.StatusCode);
        Assert.Equal("Ambition for all", (await ContentTrust.ValueAsync(factory, id)).Name);
        Assert.Equal([1, 2, 3], (await trust.VersionsAsync(factory, "value", id)).Select(v => v.Number));
    }

    [Fact]
    public async Task The_edit_page_carries_the_latest_version_number()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        var id = trust.ValueIds[0];
        var before = await admin.GetDocumentAsync($"/admin/content/value/{id}");
        Assert.Equal("0", before.QuerySelector("input[name=LoadedVersion]")!.GetAttribute("value"));
        Assert.Equal("Integrity", before.QuerySelector("#Fields_name_")!.GetAttribute("value"));
        using (await admin.PostFormAsync($"/admin/content/value/{id}", ValueFields("Integrity", "Changed")))
        {
        }
        var after = await admin.GetDocumentAsync($"/admin/content/value/{id}");
        Assert.Equal("2", after.QuerySelector("input[name=LoadedVersion]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Restoring_an_old_version_adds_a_new_version_and_keeps_the_history()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        var id = trust.SectionId;
        using (var r = await admin.PostFormAsync($"/admin/content/section/{id}", new Dictionary<string, string>
        {
            ["Fields[heading]"] = "Our story", ["Fields[body]"] = "Changed **history**.", ["Fields[audience]"] = "Public", ["LoadedVersion"] = "0", ["action"] = "save",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var history = await admin.GetDocumentAsync($"/admin/content/section/{id}/history");
        Assert.Contains("Version 1", history.MainText(), StringComparison.Ordinal);
        var v1 = await admin.GetDocumentAsync($"/admin/content/section/{id}/history/1");
        Assert.Contains("Founded in 2012.", v1.QuerySelector("#version-content")!.TextContent, StringComparison.Ordinal);
        var v2 = await admin.GetDocumentAsync($"/admin/content/section/{id}/history/2");
        Assert.Equal("history", v2.QuerySelector("#version-content strong")!.TextContent);
        Assert.Null(v2.QuerySelector("form[action$='/restore']"));

        using var restore = await admin.PostFormAsync($"/admin/content/section/{id}/history/1/restore", new Dictionary<string, string>(), $"/admin/content/section/{id}/history/1");
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        var section = await ContentTrust.ReadAsync(factory, db => db.ContentSections.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal(("Our history", "Founded in 2012."), (section.Heading, section.Body));
        var versions = await trust.VersionsAsync(factory, "section", id);
        Assert.Equal([1, 2, 3], versions.Select(v => v.Number));
        Assert.Equal("Restored from version 1", versions[2].Note);
    }

    [Fact]
    public async Task Move_up_and_down_reorder_values_without_javascript()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        using (var r = await admin.PostFormAsync($"/admin/content/value/{trust.ValueIds[2]}/move", new Dictionary<string, string> { ["Direction"] = "Up" }, "/admin/content"))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        using (await admin.PostFormAsync($"/admin/content/value/{trust.ValueIds[0]}/move", new Dictionary<string, string> { ["Direction"] = "Down" }, "/admin/content"))
        {
        }
        var order = await ContentTrust.ReadAsync(factory, db => db.TrustValues.Where(v => v.TrustId == trust.Id).OrderBy(v => v.Position).Select(v => v.Name).ToListAsync());
        Assert.Equal(["Ambition", "Integrity", "Care", "Staff wellbeing"], order);
        // Moving the first up again is refused with a message, not an error page.
        using var refused = await admin.PostFormAsync($"/admin/content/value/{trust.ValueIds[2]}/move", new Dictionary<string, string> { ["Direction"] = "Up" }, "/admin/content");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("already first", (await admin.GetDocumentAsync("/admin/content")).MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_is_added_with_its_first_version_and_removed_after_confirming()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        using (var r = await admin.PostFormAsync("/admin/content/value/new", ValueFields("Courage", "We try new things.", "Staff")))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var added = await ContentTrust.ReadAsync(factory, db => db.TrustValues.AsNoTracking().SingleAsync(v => v.TrustId == trust.Id && v.Name == "Courage"));
        Assert.Equal((5, Audience.Staff), (added.Position, added.Audience));
        Assert.Equal("Added", (await trust.VersionsAsync(factory, "value", added.Id)).Single().Note);

        var confirm = await admin.GetDocumentAsync($"/admin/content/value/{added.Id}/remove");
        Assert.Contains("Courage", confirm.MainText(), StringComparison.Ordinal);
        using (var r = await admin.PostFormAsync($"/admin/content/value/{added.Id}/remove", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        Assert.False(await ContentTrust.ReadAsync(factory, db => db.TrustValues.AnyAsync(v => v.Id == added.Id)));
    }

    [Fact]
    public async Task A_statement_is_added_to_its_list_and_a_point_to_its_aim()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        using (var r = await admin.PostFormAsync("/admin/content/statement/new", new Dictionary<string, string>
        {
            ["Fields[title]"] = "", ["Fields[text]"] = "Learning never stops.", ["ParentId"] = trust.ListId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["action"] = "save",
        }, $"/admin/content/statement/new?parentId={trust.ListId}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        using (var r = await admin.PostFormAsync("/admin/content/aim-point/new", new Dictionary<string, string>
        {
            ["Fields[text]"] = "Coaching every teacher", ["ParentId"] = trust.AimId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["action"] = "save",
        }, $"/admin/content/aim-point/new?parentId={trust.AimId}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var about = await factory.CreateSecureClient().GetDocumentAsync($"/{trust.Slug}/vision-and-values");
        Assert.Contains("Learning never stops.", about.MainText(), StringComparison.Ordinal);
        Assert.Contains("Coaching every teacher", about.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_is_written_as_a_draft_then_published_and_unpublished()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        using (var r = await admin.PostFormAsync("/admin/content/message/new", new Dictionary<string, string>
        {
            ["Fields[title]"] = "Summer term", ["Fields[author]"] = "Alex Chief", ["Fields[authorRole]"] = "CEO",
            ["Fields[body]"] = "Thank you **all**.", ["Fields[audience]"] = "Public", ["action"] = "save",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var id = await ContentTrust.ReadAsync(factory, db => db.CeoMessages.Where(m => m.TrustId == trust.Id && m.Slug == "summer-term").Select(m => m.Id).SingleAsync());
        var anonymous = factory.CreateSecureClient();
        await anonymous.GetDocumentAsync($"/{trust.Slug}/messages/summer-term", HttpStatusCode.NotFound);

        using (var r = await admin.PostFormAsync($"/admin/content/message/{id}/publish", new Dictionary<string, string>(), $"/admin/content/message/{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var shown = await anonymous.GetDocumentAsync($"/{trust.Slug}/messages/summer-term");
        Assert.Equal("all", shown.QuerySelector("main strong")!.TextContent);
        Assert.Equal(DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime),
            await ContentTrust.ReadAsync(factory, db => db.CeoMessages.Where(m => m.Id == id).Select(m => m.PublishedOn).SingleAsync()));

        using (var r = await admin.PostFormAsync($"/admin/content/message/{id}/unpublish", new Dictionary<string, string>(), $"/admin/content/message/{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        await anonymous.GetDocumentAsync($"/{trust.Slug}/messages/summer-term", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Headteacher)]
    [InlineData(Roles.Trustee)]
    public async Task Other_roles_of_the_trust_are_forbidden_and_change_nothing(string role)
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (client, _, _, _) = await factory.SignedInClientAsync(role, trust.Slug);
        var id = trust.ValueIds[0];
        await client.GetDocumentAsync("/admin/content", HttpStatusCode.Forbidden);
        await client.GetDocumentAsync($"/admin/content/value/{id}", HttpStatusCode.Forbidden);
        await client.GetDocumentAsync($"/admin/content/value/{id}/history", HttpStatusCode.Forbidden);
        foreach (var (url, fields) in new (string, Dictionary<string, string>)[]
        {
            ($"/admin/content/value/{id}", ValueFields("Hacked", "x")),
            ("/admin/content/value/new", ValueFields("Hacked", "x")),
            ($"/admin/content/value/{id}/move", new() { ["Direction"] = "Down" }),
            ($"/admin/content/value/{id}/remove", []),
            ($"/admin/content/message/{trust.MessageId}/unpublish", []),
        })
        {
            using var response = await client.PostFormAsync(url, fields, "/me");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        var value = await ContentTrust.ValueAsync(factory, id);
        Assert.Equal(("Integrity", 1), (value.Name, value.Position));
        Assert.Equal(4, await ContentTrust.ReadAsync(factory, db => db.TrustValues.CountAsync(v => v.TrustId == trust.Id)));
        Assert.True(await ContentTrust.ReadAsync(factory, db => db.CeoMessages.Where(m => m.Id == trust.MessageId).Select(m => m.IsPublished).SingleAsync()));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        using var response = await factory.CreateSecureClient().GetAsync(new Uri($"/admin/content/value/{trust.ValueIds[0]}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_of_another_trust_cannot_see_or_touch_this_trusts_items()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (_, otherAdmin) = await AdminOfNewTrustAsync();
        var id = trust.ValueIds[0];
        await otherAdmin.GetDocumentAsync($"/admin/content/value/{id}", HttpStatusCode.Forbidden);
        await otherAdmin.GetDocumentAsync($"/admin/content/section/{trust.SectionId}/history", HttpStatusCode.Forbidden);
        using (var r = await otherAdmin.PostFormAsync($"/admin/content/value/{id}", ValueFields("Hacked", "x"), "/admin/content"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        using (var r = await otherAdmin.PostFormAsync($"/admin/content/value/{id}/remove", new Dictionary<string, string>(), "/admin/content"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        using (var r = await otherAdmin.PostFormAsync("/admin/content/statement/new", new Dictionary<string, string>
        {
            ["Fields[text]"] = "Hacked", ["ParentId"] = trust.ListId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["action"] = "save",
        }, "/admin/content"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        Assert.Equal("Integrity", (await ContentTrust.ValueAsync(factory, id)).Name);
        Assert.Equal(2, await ContentTrust.ReadAsync(factory, db => db.StatementLists.Where(l => l.Id == trust.ListId).Select(l => l.Items.Count).SingleAsync()));
        // Its own index shows only its own trust.
        Assert.DoesNotContain(trust.Slug, (await otherAdmin.GetDocumentAsync("/admin/content")).Source.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        using var content = new FormUrlEncodedContent(ValueFields("NoToken", "x"));
        using var response = await admin.PostAsync(new Uri($"/admin/content/value/{trust.ValueIds[0]}", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Integrity", (await ContentTrust.ValueAsync(factory, trust.ValueIds[0])).Name);
    }

    [Fact]
    public async Task The_content_index_runs_the_same_number_of_queries_however_many_items_there_are()
    {
        var (_, small) = await AdminOfNewTrustAsync();
        var (_, large) = await AdminOfNewTrustAsync(extraValues: 25);
        await small.GetDocumentAsync("/admin/content");
        await large.GetDocumentAsync("/admin/content");
        factory.Queries.Reset();
        await small.GetDocumentAsync("/admin/content");
        var fewItems = factory.Queries.Count;
        factory.Queries.Reset();
        await large.GetDocumentAsync("/admin/content");
        Assert.Equal(fewItems, factory.Queries.Count);
        Assert.InRange(fewItems, 1, 15);
    }
}
