using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Seeding;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.BoardMeetings;

/// The board's meetings and decisions (ADR 0153, 0154): quorum, papers, decisions with tracked actions carried to
/// later meetings, the school's decisions for its heads, who may do what, and a bounded number of queries.
[Collection(SharedPortal.Name)]
public sealed class BoardMeetingsTests(PortalFactory factory)
{
    public sealed record MeetingTrust(string Slug, int TrustId, int FirstSchoolId, int FirstUrn, string FirstSchool, int SecondSchoolId, int SecondUrn);

    private static readonly ConditionalWeakTable<PortalFactory, Task<MeetingTrust>> Trusts = new();

    private Task<MeetingTrust> TrustAsync() => Trusts.GetValue(factory, SetUpAsync);

    private static async Task<MeetingTrust> SetUpAsync(PortalFactory factory)
    {
        var slug = $"meet-{Guid.NewGuid():N}"[..20];
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var generator = new LargeTrustGenerator(db, factory.Clock);
        var firstUrn = await generator.FreeUrnBlockAsync(3, CancellationToken.None) ?? throw new Xunit.Sdk.XunitException("No free URN block.");
        var trustId = await generator.GenerateAsync(new LargeTrustSpec(slug, "Meeting Test Trust", 3, Aims: 2, CriteriaPerAim: 2, Cycles: 2, Seed: 53, firstUrn, Challenges: 1), CancellationToken.None);
        var schools = await db.Schools.Where(s => s.TrustId == trustId).OrderBy(s => s.Urn).Select(s => new { s.Id, s.Urn, s.Name }).ToListAsync();
        return new MeetingTrust(slug, trustId, schools[0].Id, schools[0].Urn, schools[0].Name, schools[1].Id, schools[1].Urn);
    }

    private DateOnly Today => DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);

    private static Dictionary<string, string> Date(string prefix, DateOnly date) => new()
    {
        [$"{prefix}.Day"] = date.Day.ToString(CultureInfo.InvariantCulture),
        [$"{prefix}.Month"] = date.Month.ToString(CultureInfo.InvariantCulture),
        [$"{prefix}.Year"] = date.Year.ToString(CultureInfo.InvariantCulture),
    };

    /// Records a meeting through the form and returns its page's address.
    private static async Task<string> RecordMeetingAsync(HttpClient client, string slug, DateOnly heldOn, IReadOnlyList<string> present, string kind = "FullBoard", string? committee = null)
    {
        var fields = Date("Form.HeldOn", heldOn);
        fields["Form.Kind"] = kind;
        if (committee is not null)
        {
            fields["Form.Committee"] = committee;
        }
        for (var i = 0; i < present.Count; i++)
        {
            fields[$"Form.Present[{i}]"] = present[i];
        }
        using var response = await client.PostFormAsync($"/{slug}/board/meetings/new", fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Recording the meeting: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString;
    }

    private static Task<HttpResponseMessage> DecideAsync(HttpClient client, string meeting, string outcome, string minute, IReadOnlyList<int> schools,
        params (string Description, string OwnerId, DateOnly Due)[] actions) =>
        DecideAsync(client, meeting, outcome, minute, schools, actions, null);

    private static async Task<HttpResponseMessage> DecideAsync(HttpClient client, string meeting, string outcome, string minute, IReadOnlyList<int> schools,
        (string Description, string OwnerId, DateOnly Due)[] actions, string? tokenPage)
    {
        var fields = new Dictionary<string, string> { ["Form.Outcome"] = outcome, ["Form.MinuteReference"] = minute, ["Form.Notes"] = "The board asked for a report." };
        for (var i = 0; i < schools.Count; i++)
        {
            fields[$"Form.Schools[{i}]"] = schools[i].ToString(CultureInfo.InvariantCulture);
        }
        for (var i = 0; i < actions.Length; i++)
        {
            fields[$"Form.Actions[{i}].Description"] = actions[i].Description;
            fields[$"Form.Actions[{i}].OwnerId"] = actions[i].OwnerId;
            foreach (var (k, v) in Date($"Form.Actions[{i}].DueOn", actions[i].Due))
            {
                fields[k] = v;
            }
        }
        return await client.PostFormAsync($"{meeting}/decisions/new", fields, tokenPage);
    }

    [Fact]
    public async Task A_trustee_records_a_meeting_with_the_trustees_present_and_the_page_says_whether_it_was_quorate()
    {
        var t = await TrustAsync();
        var (trustee, trusteeId, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var (otherId, _, _) = await factory.CreateUserAsync(Roles.Trustee, t.Slug);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, t.Slug);

        var index = await admin.GetDocumentAsync($"/{t.Slug}/board/meetings");
        using var quorum = await admin.PostFormAsync($"/{t.Slug}/board/meetings/quorum", new Dictionary<string, string>
        {
            ["QuorumForm.Quorum"] = "2", ["QuorumForm.Version"] = index.QuerySelector("input[name='QuorumForm.Version']")!.GetAttribute("value")!,
        }, $"/{t.Slug}/board/meetings");
        Assert.Equal(HttpStatusCode.Redirect, quorum.StatusCode);

        var form = await trustee.GetDocumentAsync($"/{t.Slug}/board/meetings/new");
        Assert.Contains("at least 2 trustees", form.QuerySelector("#Form_Present-hint")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(form.QuerySelector($"input[name='Form.Present'][value='{trusteeId}']"));

        var quorate = await trustee.GetDocumentAsync(await RecordMeetingAsync(trustee, t.Slug, Today.AddDays(-20), [trusteeId, otherId]));
        Assert.Contains("Quorate", quorate.QuerySelector("#quorate")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Test Trustee", quorate.QuerySelector("#present")!.TextContent, StringComparison.Ordinal);

        var short_ = await trustee.GetDocumentAsync(await RecordMeetingAsync(trustee, t.Slug, Today.AddDays(-19), [trusteeId], "Committee", "Standards committee"));
        Assert.Contains("Not quorate", short_.QuerySelector("#quorate")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Standards committee", short_.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_committee_meeting_without_its_name_and_a_stranger_among_the_present_are_refused_beside_their_inputs()
    {
        var t = await TrustAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var (staffId, _, _) = await factory.CreateUserAsync(Roles.Staff, t.Slug);
        var fields = Date("Form.HeldOn", Today);
        fields["Form.Kind"] = "Committee";
        fields["Form.Present[0]"] = staffId;
        using var response = await trustee.PostFormAsync($"/{t.Slug}/board/meetings/new", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await ParseAsync(response);
        Assert.Contains("Choose trustees from the list", page.QuerySelector("#Form_Present-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recorded_meeting_opens_on_its_page_saying_it_was_recorded_and_whether_it_was_quorate()
    {
        var t = await TrustAsync();
        var (trustee, trusteeId, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var heldOn = Today.AddDays(-40);

        var meeting = await RecordMeetingAsync(trustee, t.Slug, heldOn, [trusteeId], "Committee", "Finance committee");

        var page = await trustee.GetDocumentAsync(meeting);
        Assert.Equal($"Finance committee meeting on {heldOn.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))} recorded: not quorate.",
            page.QuerySelector("#success-message")!.TextContent.Trim());
        using var scope = factory.Services.CreateScope();
        var id = int.Parse(meeting[(meeting.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        var saved = await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().BoardMeetings.AsNoTracking().Include(m => m.Attendees).SingleAsync(m => m.Id == id);
        Assert.Equal((t.TrustId, heldOn, "Finance committee", trusteeId), (saved.TrustId, saved.HeldOn, saved.Committee, Assert.Single(saved.Attendees).UserId));
    }

    [Fact]
    public async Task A_committee_meeting_without_its_name_is_refused_beside_the_name_and_keeps_the_date_and_who_was_present()
    {
        var t = await TrustAsync();
        var (trustee, trusteeId, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var heldOn = new DateOnly(2026, 3, 17);
        var fields = Date("Form.HeldOn", heldOn);
        fields["Form.Kind"] = "Committee";
        fields["Form.Present[0]"] = trusteeId;

        using var response = await trustee.PostFormAsync($"/{t.Slug}/board/meetings/new", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await ParseAsync(response);
        Assert.Contains("committee", page.QuerySelector("#Form_Committee-error")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("17", page.QuerySelector("input[name='Form.HeldOn.Day']")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector($"input[name='Form.Present'][value='{trusteeId}'][checked]"));
        using var scope = factory.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().BoardMeetings.AnyAsync(m => m.TrustId == t.TrustId && m.HeldOn == heldOn));
    }

    [Fact]
    public async Task An_administrator_issues_the_pack_from_the_meeting_and_a_trustee_downloads_its_PDF()
    {
        var t = await TrustAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, t.Slug);
        var meeting = await RecordMeetingAsync(admin, t.Slug, Today.AddDays(-10), []);
        using var issue = await admin.PostFormAsync($"{meeting}/issue", new Dictionary<string, string> { ["Issue.Scope"] = "Full" }, meeting);
        Assert.Equal(HttpStatusCode.Redirect, issue.StatusCode);

        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var page = await trustee.GetDocumentAsync(meeting);
        var pdf = page.QuerySelectorAll("#paper-list a").Select(a => a.GetAttribute("href")!).Single(h => h.EndsWith(".pdf", StringComparison.Ordinal));
        var bytes = await trustee.GetByteArrayAsync(new Uri(pdf, UriKind.Relative));
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Null(page.QuerySelector("#issue-pack"));
    }

    [Fact]
    public async Task A_paper_that_is_not_an_issued_pack_or_is_already_another_meetings_is_refused_in_the_banner_on_the_papers()
    {
        var t = await TrustAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, t.Slug);
        var first = await RecordMeetingAsync(admin, t.Slug, Today.AddDays(-12), []);
        var second = await RecordMeetingAsync(admin, t.Slug, Today.AddDays(-11), []);
        using (var issue = await admin.PostFormAsync($"{first}/issue", new Dictionary<string, string> { ["Issue.Scope"] = "Full" }, first))
        {
            Assert.Equal($"{first}#papers", issue.Headers.Location!.OriginalString);
        }
        var firstId = int.Parse(first[(first.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        int packId;
        using (var scope = factory.Services.CreateScope())
        {
            packId = await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().IssuedPacks
                .Where(p => p.BoardMeetingId == firstId).Select(p => p.Id).SingleAsync();
        }

        using (var unknown = await admin.PostFormAsync($"{second}/papers", new Dictionary<string, string> { ["Paper.PackId"] = "999999999" }, second))
        {
            Assert.Equal($"{second}#papers", unknown.Headers.Location!.OriginalString);
        }
        var page = await admin.GetDocumentAsync(second);
        Assert.Equal("Choose one of the packs issued so far.", page.QuerySelector("#problem-message")!.TextContent.Trim());

        using (var taken = await admin.PostFormAsync($"{second}/papers", new Dictionary<string, string> { ["Paper.PackId"] = packId.ToString(CultureInfo.InvariantCulture) }, second))
        {
            Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        }
        page = await admin.GetDocumentAsync(second);
        Assert.Equal("This pack is already one of another meeting's papers.", page.QuerySelector("#problem-message")!.TextContent.Trim());

        using var missing = await admin.PostFormAsync($"/{t.Slug}/board/meetings/999999999/papers", new Dictionary<string, string> { ["Paper.PackId"] = packId.ToString(CultureInfo.InvariantCulture) }, second);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_decision_with_actions_makes_tracked_actions_carried_to_the_next_meeting_until_done()
    {
        var t = await TrustAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var (headId, _, _) = await factory.CreateUserAsync(Roles.Headteacher, t.Slug);
        var minute = $"FB/{Guid.NewGuid():N}"[..12];
        var first = await RecordMeetingAsync(trustee, t.Slug, Today.AddDays(-30), []);
        using var decided = await DecideAsync(trustee, first, "AcceptedWithActions", minute, [t.FirstSchoolId],
            ("Report on attendance to the next board", headId, Today.AddDays(40)));
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);

        int actionId;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var decision = await db.BoardDecisions.SingleAsync(d => d.MinuteReference == minute);
            var action = await db.ImprovementActions.SingleAsync(a => a.BoardDecisionId == decision.Id);
            Assert.Equal((t.FirstSchoolId, headId, ActionSource.BoardDecision), (action.SchoolId!.Value, action.OwnerId, action.Source));
            actionId = action.Id;
        }
        var decidedPage = await trustee.GetDocumentAsync(first);
        Assert.Contains("Accepted with actions", decidedPage.QuerySelector("#decisions ~ div")!.TextContent, StringComparison.Ordinal);

        var next = await RecordMeetingAsync(trustee, t.Slug, Today.AddDays(-2), []);
        var carried = await trustee.GetDocumentAsync(next);
        Assert.Contains("Report on attendance to the next board", carried.QuerySelector("#carried-actions")!.TextContent, StringComparison.Ordinal);
        Assert.Null((await trustee.GetDocumentAsync(first)).QuerySelector("#carried-actions a[href$='/actions/" + actionId + "']"));

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            (await db.ImprovementActions.SingleAsync(a => a.Id == actionId)).ChangeStatus(ActionStatus.Done, null);
            await db.SaveChangesAsync();
        }
        var done = await trustee.GetDocumentAsync(next);
        Assert.Null(done.QuerySelector($"#carried-actions a[href$='/actions/{actionId}']"));
    }

    [Fact]
    public async Task Accepted_with_actions_but_no_action_is_refused_and_a_half_filled_action_names_what_is_missing()
    {
        var t = await TrustAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var meeting = await RecordMeetingAsync(trustee, t.Slug, Today.AddDays(-5), []);
        using var none = await DecideAsync(trustee, meeting, "AcceptedWithActions", "FB/1", []);
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Contains("Enter at least one action", (await ParseAsync(none)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);

        using var half = await DecideAsync(trustee, meeting, "AcceptedWithActions", "FB/1", [], ("Review the plan", "", Today.AddDays(5)));
        Assert.Equal(HttpStatusCode.OK, half.StatusCode);
        Assert.Contains("Choose who owns action 1", (await ParseAsync(half)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        using var scope = factory.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().BoardDecisions.AnyAsync(d => d.TrustId == t.TrustId && d.MinuteReference == "FB/1"));
    }

    [Fact]
    public async Task A_decision_goes_back_to_the_meetings_decisions_saying_what_was_decided_with_its_actions_saved_with_it()
    {
        var t = await TrustAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var (headId, _, _) = await factory.CreateUserAsync(Roles.Headteacher, t.Slug);
        var minute = $"FB/{Guid.NewGuid():N}"[..12];
        var meeting = await RecordMeetingAsync(trustee, t.Slug, Today.AddDays(-12), []);

        using var decided = await DecideAsync(trustee, meeting, "AcceptedWithActions", minute, [t.FirstSchoolId, t.SecondSchoolId],
            ("Report on attendance", headId, Today.AddDays(40)), ("Review the phonics scheme", headId, Today.AddDays(60)));

        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        Assert.Equal($"{meeting}#decisions", decided.Headers.Location!.OriginalString);
        var page = await trustee.GetDocumentAsync(meeting);
        Assert.Equal("Decision recorded: accepted with actions, with 2 actions now tracked until done.", page.QuerySelector("#success-message")!.TextContent.Trim());
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var decision = await db.BoardDecisions.AsNoTracking().SingleAsync(d => d.MinuteReference == minute);
        var actions = await db.ImprovementActions.AsNoTracking().Where(a => a.BoardDecisionId == decision.Id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["Report on attendance", "Review the phonics scheme"], actions.Select(a => a.Description));
        Assert.All(actions, a => Assert.Null(a.SchoolId));
    }

    [Fact]
    public async Task Accepted_with_an_action_is_refused_beside_the_outcome_with_what_was_typed_kept_and_nothing_saved()
    {
        var t = await TrustAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var (headId, _, _) = await factory.CreateUserAsync(Roles.Headteacher, t.Slug);
        var minute = $"FB/{Guid.NewGuid():N}"[..12];
        var meeting = await RecordMeetingAsync(trustee, t.Slug, Today.AddDays(-4), []);

        using var refused = await DecideAsync(trustee, meeting, "Accepted", minute, [], ("Report on attendance", headId, Today.AddDays(40)));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await ParseAsync(refused);
        Assert.Contains("Choose \"Accepted with actions\" to record actions", page.QuerySelector("#Form_Outcome-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(minute, page.QuerySelector("#Form_MinuteReference")!.GetAttribute("value"));
        Assert.Equal("Report on attendance", page.QuerySelector("textarea[name='Form.Actions[0].Description']")!.TextContent.Trim());
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        Assert.False(await db.BoardDecisions.AnyAsync(d => d.MinuteReference == minute));
        Assert.False(await db.ImprovementActions.AnyAsync(a => a.TrustId == t.TrustId && a.Description == "Report on attendance" && a.OwnerId == headId));
    }

    [Fact]
    public async Task A_decision_on_another_trusts_meeting_is_not_found_under_this_trust_and_refused_under_that_one()
    {
        var t = await TrustAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var otherSlug = $"other-{Guid.NewGuid():N}"[..20];
        int otherMeeting;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var trust = new Trust(otherSlug, $"Other Trust {otherSlug}");
            db.Trusts.Add(trust);
            await db.SaveChangesAsync();
            var meeting = new BoardMeeting(trust.Id, Today.AddDays(-3), MeetingKind.FullBoard, null, 3, "Clerk", factory.Clock.GetUtcNow());
            db.BoardMeetings.Add(meeting);
            await db.SaveChangesAsync();
            otherMeeting = meeting.Id;
        }
        var minute = $"XT/{Guid.NewGuid():N}"[..12];

        using var here = await DecideAsync(trustee, $"/{t.Slug}/board/meetings/{otherMeeting}", "NotAccepted", minute, [], [], $"/{t.Slug}/board/meetings");
        using var there = await DecideAsync(trustee, $"/{otherSlug}/board/meetings/{otherMeeting}", "NotAccepted", minute, [], [], $"/{t.Slug}/board/meetings");

        Assert.Equal(HttpStatusCode.NotFound, here.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, there.StatusCode);
        using var check = factory.Services.CreateScope();
        Assert.False(await check.ServiceProvider.GetRequiredService<TrustPortalDbContext>().BoardDecisions.AnyAsync(d => d.MinuteReference == minute));
    }

    [Fact]
    public async Task The_head_sees_the_decision_about_their_school_and_a_head_of_another_school_is_refused()
    {
        var t = await TrustAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var minute = $"SC/{Guid.NewGuid():N}"[..12];
        var meeting = await RecordMeetingAsync(trustee, t.Slug, Today.AddDays(-3), []);
        using var decided = await DecideAsync(trustee, meeting, "NotAccepted", minute, [t.FirstSchoolId]);
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);

        var (head, _, _, _) = await factory.SignedInClientAsync(Roles.Headteacher, t.Slug);
        var progress = await head.GetDocumentAsync($"/{t.Slug}/progress/{t.FirstUrn}");
        var link = progress.QuerySelector("#board-decisions")!.GetAttribute("href")!;
        var decisions = await head.GetDocumentAsync(link);
        Assert.Contains(minute, decisions.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Not accepted", decisions.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var (other, otherId, _, _) = await factory.SignedInClientAsync(Roles.Headteacher, t.Slug);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var links = await db.UserSchools.Where(l => l.UserId == otherId).ToListAsync();
            db.UserSchools.RemoveRange(links);
            db.UserSchools.Add(new UserSchool { UserId = otherId, SchoolId = t.SecondSchoolId });
            await db.SaveChangesAsync();
        }
        await other.GetDocumentAsync(link, HttpStatusCode.Forbidden);
        var own = await other.GetDocumentAsync($"/{t.Slug}/board/decisions/{t.SecondUrn}");
        Assert.DoesNotContain(minute, own.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_heads_and_another_trusts_trustees_cannot_open_meetings_and_trustees_cannot_set_the_quorum_or_issue()
    {
        var t = await TrustAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var meeting = await RecordMeetingAsync(trustee, t.Slug, Today.AddDays(-1), []);
        foreach (var role in new[] { Roles.Staff, Roles.Headteacher })
        {
            var (client, _, _, _) = await factory.SignedInClientAsync(role, t.Slug);
            foreach (var path in new[] { $"/{t.Slug}/board/meetings", $"/{t.Slug}/board/meetings/new", meeting, $"{meeting}/decisions/new" })
            {
                await client.GetDocumentAsync(path, HttpStatusCode.Forbidden);
            }
        }
        var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff, t.Slug);
        await staff.GetDocumentAsync($"/{t.Slug}/board/decisions/{t.FirstUrn}", HttpStatusCode.Forbidden);
        var (outsider, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        await outsider.GetDocumentAsync(meeting, HttpStatusCode.Forbidden);
        await outsider.GetDocumentAsync($"/{t.Slug}/board/decisions/{t.FirstUrn}", HttpStatusCode.Forbidden);

        using var quorum = await trustee.PostFormAsync($"/{t.Slug}/board/meetings/quorum", new Dictionary<string, string> { ["QuorumForm.Quorum"] = "9" }, $"/{t.Slug}/board/meetings");
        Assert.Equal(HttpStatusCode.Forbidden, quorum.StatusCode);
        using var issue = await trustee.PostFormAsync($"{meeting}/issue", new Dictionary<string, string> { ["Issue.Scope"] = "Full" }, meeting);
        Assert.Equal(HttpStatusCode.Forbidden, issue.StatusCode);
    }

    [Fact]
    public async Task The_old_pack_and_sign_off_addresses_move_permanently_to_the_new_pages_with_their_filters()
    {
        var t = await TrustAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        foreach (var (old, now) in new[]
        {
            ("board/pack?cycle=4&phase=Primary", "board/packs/current?cycle=4&phase=Primary"),
            ("board/pack.docx", "board/packs/current.docx"),
            ("board/progress.xlsx?cycle=4", "board/packs/current.xlsx?cycle=4"),
            ("board/progress.csv", "board/packs/current.csv"),
            ("board/sign-off", "board/meetings"),
        })
        {
            using var response = await trustee.GetAsync(new Uri($"/{t.Slug}/{old}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
            Assert.Equal($"/{t.Slug}/{now}", response.Headers.Location!.OriginalString);
        }
        var dashboard = await trustee.GetDocumentAsync($"/{t.Slug}/board");
        Assert.DoesNotContain(dashboard.QuerySelectorAll("a"), a => a.GetAttribute("href") is { } h
            && (h.Contains("/board/pack?", StringComparison.Ordinal) || h.EndsWith("/board/pack", StringComparison.Ordinal) || h.Contains("/board/pack.", StringComparison.Ordinal)
                || h.Contains("/board/progress.", StringComparison.Ordinal) || h.Contains("sign-off", StringComparison.Ordinal)));
        Assert.NotNull(dashboard.QuerySelector($"a#meetings-link[href='/{t.Slug}/board/meetings']"));
    }

    [Fact]
    public async Task A_meetings_page_runs_the_same_number_of_queries_with_one_decision_or_many_and_many_earlier_meetings()
    {
        var t = await TrustAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, t.Slug);
        var (headId, _, _) = await factory.CreateUserAsync(Roles.Headteacher, t.Slug);
        var few = await RecordMeetingAsync(admin, t.Slug, Today.AddDays(-60), []);
        using (var d = await DecideAsync(admin, few, "AcceptedWithActions", "Q/1", [t.FirstSchoolId], ("One", headId, Today.AddDays(9))))
        {
            Assert.Equal(HttpStatusCode.Redirect, d.StatusCode);
        }
        var (head, _, _, _) = await factory.SignedInClientAsync(Roles.Headteacher, t.Slug);
        var smallCount = await CountAsync(admin, few);
        var smallIndex = await CountAsync(admin, $"/{t.Slug}/board/meetings");
        var smallHead = await CountAsync(head, $"/{t.Slug}/board/decisions/{t.FirstUrn}");
        for (var i = 0; i < 4; i++)
        {
            var earlier = await RecordMeetingAsync(admin, t.Slug, Today.AddDays(-50 + i), []);
            using var d = await DecideAsync(admin, earlier, "AcceptedWithActions", $"Q/{i + 2}", [t.FirstSchoolId, t.SecondSchoolId],
                ("Two", headId, Today.AddDays(9)), ("Three", headId, Today.AddDays(19)));
            Assert.Equal(HttpStatusCode.Redirect, d.StatusCode);
        }
        var many = await RecordMeetingAsync(admin, t.Slug, Today.AddDays(-4), []);
        for (var i = 0; i < 3; i++)
        {
            using var d = await DecideAsync(admin, many, "AcceptedWithActions", $"M/{i}", [t.FirstSchoolId], ("Four", headId, Today.AddDays(9)), ("Five", headId, Today.AddDays(9)));
            Assert.Equal(HttpStatusCode.Redirect, d.StatusCode);
        }
        var manyCount = await CountAsync(admin, many);
        Assert.True(smallCount == manyCount, $"{smallCount} commands for one decision, {manyCount} for three decisions and eight carried actions.");
        Assert.Equal(smallIndex, await CountAsync(admin, $"/{t.Slug}/board/meetings"));
        Assert.Equal(smallHead, await CountAsync(head, $"/{t.Slug}/board/decisions/{t.FirstUrn}"));
    }

    private static async Task<AngleSharp.Dom.IDocument> ParseAsync(HttpResponseMessage response) =>
        await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    private async Task<int> CountAsync(HttpClient client, string url)
    {
        using (var warm = await client.GetAsync(new Uri(url, UriKind.Relative)))
        {
            Assert.True(warm.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)warm.StatusCode}");
        }
        await factory.ForgetCachedPagesAsync();
        factory.Queries.Reset();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return factory.Queries.Count;
    }
}
