using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using static TrustPortal.Web.Tests.Progress.EvidenceTestData;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;

namespace TrustPortal.Web.Tests.Progress;

[Collection(SharedPortal.Name)]
public sealed class SchoolPrioritiesTests(PortalFactory factory)
{
    private static string SchoolUrl(int urn) => $"/{Kestrel}/progress/{urn}";

    private async Task<List<SchoolPriority>> PrioritiesAsync(int schoolId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().SchoolPriorities.AsNoTracking()
            .Where(p => p.SchoolId == schoolId).OrderBy(p => p.Id).ToListAsync();
    }

    private async Task<List<PriorityUpdate>> PriorityUpdatesAsync(int priorityId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().PriorityUpdates.AsNoTracking()
            .Where(u => u.SchoolPriorityId == priorityId).ToListAsync();
    }

    private static async Task<string> FirstAimAsync(HttpClient head, int urn)
    {
        var form = await head.GetDocumentAsync($"{SchoolUrl(urn)}/priorities/new");
        return form.QuerySelectorAll("#Form_AimId option").Select(o => o.GetAttribute("value")).First(v => !string.IsNullOrEmpty(v))!;
    }

    private async Task<(int SchoolId, int Urn, HttpClient Head, SchoolPriority Priority)> SchoolWithPriorityAsync(string title = "Attendance of disadvantaged pupils to 95%")
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var aim = await FirstAimAsync(head, urn);
        using var response = await head.PostFormAsync($"{SchoolUrl(urn)}/priorities/new",
            new Dictionary<string, string> { ["Form.AimId"] = aim, ["Form.Title"] = title, ["Form.Description"] = "Daily calls home" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (schoolId, urn, head, Assert.Single(await PrioritiesAsync(schoolId)));
    }

    [Fact]
    public async Task Head_adds_a_priority_linked_to_a_trust_aim_and_sees_it_under_that_aim()
    {
        var (_, urn, head, priority) = await SchoolWithPriorityAsync();

        Assert.Equal("Attendance of disadvantaged pupils to 95%", priority.Title);
        Assert.Equal("Daily calls home", priority.Description);
        var page = await head.GetDocumentAsync(SchoolUrl(urn));
        var table = page.QuerySelector(".app-own-priorities")!;
        Assert.StartsWith("Serving aim 1:", table.QuerySelector("caption")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(table.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"{SchoolUrl(urn)}/priorities/{priority.Id}" && a.TextContent == priority.Title);
        Assert.Contains("To do", table.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_priority_without_an_aim_or_title_is_refused_with_the_input_kept()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);

        using var response = await head.PostFormAsync($"{SchoolUrl(urn)}/priorities/new",
            new Dictionary<string, string> { ["Form.AimId"] = "", ["Form.Title"] = "", ["Form.Description"] = "Kept description" });
        using var badAim = await head.PostFormAsync($"{SchoolUrl(urn)}/priorities/new",
            new Dictionary<string, string> { ["Form.AimId"] = "999999", ["Form.Title"] = "Real title" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains("Choose the trust aim this priority serves", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Enter the priority", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Kept description", page.QuerySelector("#Form_Description")!.TextContent.Trim());
        Assert.Contains("Choose one of the plan's aims", (await badAim.ReadDocumentAsync()).MainText(), StringComparison.Ordinal);
        Assert.Empty(await PrioritiesAsync(schoolId));
    }

    [Fact]
    public async Task An_added_priority_goes_back_to_the_schools_priorities_saying_it_was_added_and_a_long_title_is_refused_beside_it()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var aim = await FirstAimAsync(head, urn);

        using var tooLong = await head.PostFormAsync($"{SchoolUrl(urn)}/priorities/new",
            new Dictionary<string, string> { ["Form.AimId"] = aim, ["Form.Title"] = new string('a', 301), ["Form.Description"] = "Daily calls home" });
        using var added = await head.PostFormAsync($"{SchoolUrl(urn)}/priorities/new",
            new Dictionary<string, string> { ["Form.AimId"] = aim, ["Form.Title"] = "Reading for pleasure in every class", ["Form.Description"] = "Daily calls home" });

        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        var refused = await tooLong.ReadDocumentAsync();
        Assert.Contains("The priority must be 300 characters or fewer", refused.QuerySelector("#Form_Title-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Daily calls home", refused.QuerySelector("#Form_Description")!.TextContent.Trim());
        Assert.Equal(aim, refused.QuerySelector("#Form_AimId option[selected]")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal($"{SchoolUrl(urn)}#own-priorities", added.Headers.Location!.OriginalString);
        var page = await head.GetDocumentAsync(added.Headers.Location.OriginalString);
        Assert.Equal("Priority added: Reading for pleasure in every class", page.QuerySelector("#success-message")!.TextContent.Trim());
        var priority = Assert.Single(await PrioritiesAsync(schoolId));
        Assert.Equal(("Reading for pleasure in every class", 1), (priority.Title, priority.Position));
    }

    [Fact]
    public async Task Head_records_progress_against_a_priority_like_a_criterion()
    {
        var (schoolId, urn, head, priority) = await SchoolWithPriorityAsync();
        var url = $"{SchoolUrl(urn)}/priorities/{priority.Id}";
        var form = await head.GetDocumentAsync(url);

        using var response = await head.PostFormAsync(url, FormFields(form, Entry(status: "AtRisk", done: "Attendance officer appointed")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var update = Assert.Single(await PriorityUpdatesAsync(priority.Id));
        Assert.Equal(ProgressStatus.AtRisk, update.Entry.Status);
        Assert.Equal("Attendance officer appointed", update.Entry.WhatWasDone);
        Assert.Contains("At risk", (await head.GetDocumentAsync(SchoolUrl(urn))).QuerySelector(".app-own-priorities")!.TextContent, StringComparison.Ordinal);

        using var invalid = await head.PostFormAsync(url, FormFields(await head.GetDocumentAsync(url), new Dictionary<string, string> { ["Form.DueOn.Day"] = "31", ["Form.DueOn.Month"] = "2", ["Form.DueOn.Year"] = "2027", ["Form.WhatWasDone"] = "Typed again" }));
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var page = await invalid.ReadDocumentAsync();
        Assert.Contains("Due date must be a real date", page.MainText(), StringComparison.Ordinal);
        Assert.Equal("Typed again", page.QuerySelector("#Form_WhatWasDone")!.TextContent.Trim());
        Assert.Equal("Attendance officer appointed", Assert.Single(await PriorityUpdatesAsync(priority.Id)).Entry.WhatWasDone);
    }

    [Fact]
    public async Task A_stale_priority_form_is_shown_the_other_entry_and_overwrites_nothing()
    {
        var (_, urn, head, priority) = await SchoolWithPriorityAsync();
        var url = $"{SchoolUrl(urn)}/priorities/{priority.Id}";
        var stale = await head.GetDocumentAsync(url);
        using (var first = await head.PostFormAsync(url, FormFields(await head.GetDocumentAsync(url), Entry(done: "First save"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        using var second = await head.PostFormAsync(url, FormFields(stale, Entry(done: "Second save")));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = await second.ReadDocumentAsync();
        Assert.NotNull(page.QuerySelector("#conflict"));
        Assert.Equal("Second save", page.QuerySelector("#Form_WhatWasDone")!.TextContent.Trim());
        Assert.Equal("First save", Assert.Single(await PriorityUpdatesAsync(priority.Id)).Entry.WhatWasDone);
    }

    [Fact]
    public async Task A_replayed_priority_form_says_saved_only_when_its_content_is_the_same()
    {
        var (_, urn, head, priority) = await SchoolWithPriorityAsync();
        var url = $"{SchoolUrl(urn)}/priorities/{priority.Id}";
        var rendered = await head.GetDocumentAsync(url);
        var fields = FormFields(rendered, Entry(done: "first text"));
        using (var first = await head.PostFormAsync(url, fields))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        // A double click: the same form, the same answers. Saved once, and said so.
        using (var same = await head.PostFormAsync(url, fields))
        {
            Assert.Equal(HttpStatusCode.Redirect, same.StatusCode);
            Assert.StartsWith("Progress saved:", (await head.GetDocumentAsync(SchoolUrl(urn))).QuerySelector("#success-message")!.TextContent.Trim(), StringComparison.Ordinal);
        }

        // Back, edit, save: the same form with other answers is a conflict with both versions; nothing is overwritten.
        using var other = await head.PostFormAsync(url, FormFields(rendered, Entry(status: "OffTrack", done: "second text")));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        var page = await other.ReadDocumentAsync();
        Assert.Contains("your changes have not been saved", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("first text", page.QuerySelector("#conflict")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("second text", page.QuerySelector("#Form_WhatWasDone")!.TextContent.Trim());
        var update = Assert.Single(await PriorityUpdatesAsync(priority.Id));
        Assert.Equal("first text", update.Entry.WhatWasDone);

        using var again = await head.PostFormAsync(url, FormFields(page, Entry(status: "OffTrack", done: "second text")), url);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("second text", Assert.Single(await PriorityUpdatesAsync(priority.Id)).Entry.WhatWasDone);
    }

    [Fact]
    public async Task Head_changes_and_retires_a_priority_and_retired_ones_leave_the_school_page()
    {
        var (schoolId, urn, head, priority) = await SchoolWithPriorityAsync();
        var edit = await head.GetDocumentAsync($"{SchoolUrl(urn)}/priorities/{priority.Id}/edit");
        Assert.Equal(priority.Title, edit.QuerySelector("#Form_Title")!.GetAttribute("value"));

        using (var saved = await head.PostFormAsync($"{SchoolUrl(urn)}/priorities/{priority.Id}/edit",
            new Dictionary<string, string> { ["Form.AimId"] = priority.StrategicAimId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.Title"] = "Attendance to 96%" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        Assert.Equal("Attendance to 96%", Assert.Single(await PrioritiesAsync(schoolId)).Title);

        using var retired = await head.PostFormAsync($"{SchoolUrl(urn)}/priorities/{priority.Id}/retire", new Dictionary<string, string>(), SchoolUrl(urn));

        Assert.Equal(HttpStatusCode.Redirect, retired.StatusCode);
        Assert.True(Assert.Single(await PrioritiesAsync(schoolId)).IsRetired);
        Assert.Null((await head.GetDocumentAsync(SchoolUrl(urn))).QuerySelector(".app-own-priorities"));
        var page = await head.GetDocumentAsync($"{SchoolUrl(urn)}/priorities/{priority.Id}");
        Assert.Contains("Retired", page.MainText(), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form[method=post]"));
    }

    [Fact]
    public async Task Heads_of_another_school_trustees_and_other_trusts_cannot_change_a_schools_priorities()
    {
        var (schoolId, urn, head, priority) = await SchoolWithPriorityAsync();
        var (otherSchool, otherUrn) = await factory.NewSchoolAsync();
        var (otherHead, _, _, _) = await factory.HeadOfAsync(Kestrel, otherSchool);
        var own = SchoolUrl(otherUrn);
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var (stranger, _, _, _) = await factory.SignedInClientAsync(Roles.Headteacher, "innovate-2-educate-partnership");
        var fields = new Dictionary<string, string> { ["Form.AimId"] = priority.StrategicAimId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.Title"] = "Hijacked" };
        var url = $"{SchoolUrl(urn)}/priorities/{priority.Id}";
        var token = SchoolUrl(urn);

        using var add = await otherHead.PostFormAsync($"{SchoolUrl(urn)}/priorities/new", fields, own);
        using var edit = await otherHead.PostFormAsync($"{url}/edit", fields, own);
        using var retire = await otherHead.PostFormAsync($"{url}/retire", new Dictionary<string, string>(), own);
        using var record = await otherHead.PostFormAsync(url, Entry(), own);
        using var read = await otherHead.GetAsync(new Uri(url, UriKind.Relative));
        using var byTrustee = await trustee.PostFormAsync($"{SchoolUrl(urn)}/priorities/new", fields, token);
        using var strangerRead = await stranger.GetAsync(new Uri(url, UriKind.Relative));
        using var anonymous = await factory.CreateSecureClient().GetAsync(new Uri(url, UriKind.Relative));
        using var noToken = await head.PostAsync(new Uri($"{SchoolUrl(urn)}/priorities/new", UriKind.Relative), new FormUrlEncodedContent(fields));

        Assert.All([add, edit, retire, record, read, byTrustee, strangerRead], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/sign-in", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        var unchanged = Assert.Single(await PrioritiesAsync(schoolId));
        Assert.Equal(priority.Title, unchanged.Title);
        Assert.False(unchanged.IsRetired);
        Assert.Empty(await PriorityUpdatesAsync(priority.Id));
        var trusteeView = await trustee.GetDocumentAsync(url);
        Assert.Equal(priority.Title, trusteeView.QuerySelector("h1")!.TextContent);
        Assert.Null(trusteeView.QuerySelector("main form[method=post]"));
    }

    [Fact]
    public async Task School_page_issues_as_many_queries_with_five_priorities_as_with_one()
    {
        var (schoolId, urn, head, priority) = await SchoolWithPriorityAsync();
        await head.GetDocumentAsync(SchoolUrl(urn));
        // Counted from the database each time: the page's read model is cached between requests (docs/adr/0091).
        await factory.ForgetCachedPagesAsync();
        factory.Queries.Reset();
        await head.GetDocumentAsync(SchoolUrl(urn));
        var withOne = factory.Queries.Count;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            for (var i = 2; i <= 5; i++)
            {
                db.SchoolPriorities.Add(new SchoolPriority(schoolId, priority.StrategicAimId, $"Priority {i}", null, i));
            }
            await db.SaveChangesAsync();
        }

        await factory.ForgetCachedPagesAsync();
        factory.Queries.Reset();
        var page = await head.GetDocumentAsync(SchoolUrl(urn));

        Assert.Equal(5, page.QuerySelectorAll(".app-own-priorities tbody tr").Length);
        Assert.Equal(withOne, factory.Queries.Count);
    }
}
