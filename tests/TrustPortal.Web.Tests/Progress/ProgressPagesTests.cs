using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;

namespace TrustPortal.Web.Tests.Progress;

[Collection(SharedPortal.Name)]
public sealed class ProgressPagesTests(PortalFactory factory)
{
    private static string SchoolUrl(int urn) => $"/{Kestrel}/progress/{urn}";

    private static string CriterionUrl(int urn, int criterionId) => $"/{Kestrel}/progress/{urn}/criteria/{criterionId}";

    [Fact]
    public async Task Head_sees_every_criterion_grouped_by_aim_with_how_many_are_still_to_do()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (client, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);

        using var index = await client.GetAsync(new Uri($"/{Kestrel}/progress", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, index.StatusCode);
        Assert.Equal(SchoolUrl(urn), index.Headers.Location!.OriginalString);

        var page = await client.GetDocumentAsync(SchoolUrl(urn));
        Assert.Equal($"{cycle.CriterionIds.Count} of {cycle.CriterionIds.Count} success criteria still to do", page.QuerySelector("#to-do")!.TextContent.Trim());
        Assert.Contains("Autumn 2026", page.MainText(), StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll("caption"), c => c.TextContent.StartsWith("Aim 1:", StringComparison.Ordinal));
        var links = page.QuerySelectorAll("main table a[href*='/criteria/']").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(cycle.CriterionIds.Select(id => CriterionUrl(urn, id)), links);
        Assert.Contains(page.QuerySelectorAll(".govuk-service-navigation__link"), a => a.TextContent.Trim() == "Progress");
    }

    [Fact]
    public async Task A_head_of_several_schools_picks_one_and_sees_only_their_own()
    {
        var (first, firstUrn) = await factory.NewSchoolAsync();
        var (second, secondUrn) = await factory.NewSchoolAsync();
        var (_, otherUrn) = await factory.NewSchoolAsync();
        var (client, _, _, _) = await factory.HeadOfAsync(Kestrel, first, second);

        var page = await client.GetDocumentAsync($"/{Kestrel}/progress");

        var links = page.QuerySelectorAll("main table a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(2, links.Count);
        Assert.Contains(SchoolUrl(firstUrn), links);
        Assert.Contains(SchoolUrl(secondUrn), links);
        Assert.DoesNotContain(SchoolUrl(otherUrn), links);
        Assert.Contains("You can record progress", (await client.GetDocumentAsync(SchoolUrl(secondUrn))).MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_saves_a_draft_and_sees_it_with_its_history_and_trend()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (client, headId, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var criterion = cycle.CriterionIds[0];
        var url = CriterionUrl(urn, criterion);

        var form = await client.GetDocumentAsync(url);
        using var response = await client.PostFormAsync(url, FormFields(form, Entry()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SchoolUrl(urn), response.Headers.Location!.OriginalString);
        var update = Assert.Single(await factory.UpdatesAsync(schoolId));
        Assert.Equal(ProgressStatus.OnTrack, update.Entry.Status);
        Assert.Equal(Confidence.Medium, update.Entry.Confidence);
        Assert.Equal("Reading recovery for Year 2", update.Entry.WhatWasDone);
        Assert.Equal(new DateOnly(2027, 3, 27), update.Entry.DueOn);
        Assert.Equal(await factory.DisplayNameAsync(headId), update.UpdatedBy);

        var school = await client.GetDocumentAsync(SchoolUrl(urn));
        Assert.Contains("Progress saved", school.QuerySelector("#success-message")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"{cycle.CriterionIds.Count - 1} of {cycle.CriterionIds.Count} success criteria still to do", school.QuerySelector("#to-do")!.TextContent.Trim());
        Assert.Equal("Draft: not submitted yet", school.QuerySelector("#return-state")!.TextContent.Trim());
        Assert.Contains(school.QuerySelectorAll("strong.app-rag--on-track"), t => t.TextContent == "On track");

        var page = await client.GetDocumentAsync(url);
        Assert.Equal("OnTrack", page.QuerySelector("input[name='Form.Status'][checked]")!.GetAttribute("value"));
        Assert.Equal("Extend to Year 3", page.QuerySelector("textarea[name='Form.NextSteps']")!.TextContent);
        var svg = page.QuerySelector("svg[role=img]")!;
        Assert.Equal("trend-title trend-summary", svg.GetAttribute("aria-labelledby"));
        Assert.Null(page.QuerySelector("main [style]"));
        var trendRows = page.QuerySelectorAll("#trend-table tbody tr").Select(r => Pages.Collapse(r.TextContent)).ToList();
        Assert.Equal(["Autumn 2025 No update", "Spring 2026 No update", "Summer 2026 No update", "Autumn 2026 On track"], trendRows);
        Assert.Contains($"Autumn 2026: On track, by {await factory.DisplayNameAsync(headId)}", page.QuerySelector("#history + ol")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_history_shows_how_a_criterion_moved_across_past_cycles()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        int urn;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            urn = await db.Schools.Where(s => s.TrustId == cycle.TrustId && s.Urn >= 900000).OrderBy(s => s.Urn).Select(s => s.Urn).FirstAsync();
        }
        var page = await client.GetDocumentAsync(CriterionUrl(urn, cycle.CriterionIds[0]));

        var rows = page.QuerySelectorAll("#trend-table tbody tr").ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows.Take(3), r => Assert.NotNull(r.QuerySelector(".app-rag")));
        Assert.Equal(3, page.QuerySelectorAll("svg[role=img] circle").Length + (rows[3].QuerySelector(".app-rag") is null ? 0 : -1));
        Assert.Contains("Example data", page.MainText(), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form[method=post] textarea"));
    }

    [Fact]
    public async Task A_validation_error_keeps_every_field_and_records_nothing()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (client, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var url = CriterionUrl(urn, cycle.CriterionIds[1]);
        var fields = Entry();
        fields.Remove("Form.Status");
        fields["Form.DueOn.Day"] = "31";
        fields["Form.DueOn.Month"] = "2";

        using var response = await client.PostFormAsync(url, FormFields(await client.GetDocumentAsync(url), fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var summary = page.QuerySelector(".govuk-error-summary")!;
        Assert.Contains("Choose a status", summary.TextContent, StringComparison.Ordinal);
        Assert.Contains("Due date must be a real date", summary.TextContent, StringComparison.Ordinal);
        Assert.Contains(summary.QuerySelectorAll("a"), a => a.GetAttribute("href") == "#Form_Status");
        Assert.Contains(summary.QuerySelectorAll("a"), a => a.GetAttribute("href") == "#Form_DueOn_Day");
        Assert.NotNull(page.QuerySelector("#Form_Status"));
        Assert.Contains("Form_Status-error", page.QuerySelector("fieldset[aria-describedby*='Form_Status']")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        foreach (var name in new[] { "WhatWasDone", "Impact", "Evidence", "NextSteps" })
        {
            Assert.Equal(fields["Form." + name], page.QuerySelector($"textarea[name='Form.{name}']")!.TextContent);
        }
        Assert.Equal("Deputy head", page.QuerySelector("input[name='Form.Owner']")!.GetAttribute("value"));
        Assert.Equal("31", page.QuerySelector("input[name='Form.DueOn.Day']")!.GetAttribute("value"));
        Assert.Equal("Medium", page.QuerySelector("input[name='Form.Confidence'][checked]")!.GetAttribute("value"));
        Assert.Empty(await factory.UpdatesAsync(schoolId));
    }

    [Fact]
    public async Task A_replayed_form_with_the_same_content_records_once_and_says_saved()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (client, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var url = CriterionUrl(urn, cycle.CriterionIds[2]);
        var fields = FormFields(await client.GetDocumentAsync(url), Entry());

        using var first = await client.PostFormAsync(url, fields);
        using var second = await client.PostFormAsync(url, fields);

        Assert.All([first, second], r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(SchoolUrl(urn), second.Headers.Location!.OriginalString);
        Assert.StartsWith("Progress saved:", (await client.GetDocumentAsync(SchoolUrl(urn))).QuerySelector("#success-message")!.TextContent.Trim(), StringComparison.Ordinal);
        var update = Assert.Single(await factory.UpdatesAsync(schoolId));
        Assert.Single(update.Revisions);
        Assert.Equal("Reading recovery for Year 2", update.Entry.WhatWasDone);
    }

    [Fact]
    public async Task A_replayed_form_with_other_content_is_shown_as_a_conflict_with_both_versions_not_said_to_be_saved()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (client, userId, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var url = CriterionUrl(urn, cycle.CriterionIds[2]);
        var rendered = await client.GetDocumentAsync(url);
        using (var first = await client.PostFormAsync(url, FormFields(rendered, Entry("OnTrack", "first text"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        // The browser's back button, an edit, and save again: the same rendered form (same key) with other answers.
        using var replay = await client.PostFormAsync(url, FormFields(rendered, Entry("OffTrack", "second text")));

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var page = await replay.ReadDocumentAsync();
        var summary = page.QuerySelector(".govuk-error-summary")!.TextContent;
        Assert.Contains("saved already", summary, StringComparison.Ordinal);
        Assert.Contains("your changes have not been saved", summary, StringComparison.Ordinal);
        Assert.Contains(await factory.DisplayNameAsync(userId), summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Progress saved", page.MainText(), StringComparison.Ordinal);
        Assert.Contains("first text", page.QuerySelector("#conflict")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("second text", page.QuerySelector("textarea[name='Form.WhatWasDone']")!.TextContent);
        Assert.Equal("OffTrack", page.QuerySelector("input[name='Form.Status'][checked]")!.GetAttribute("value"));
        Assert.NotEqual(rendered.QuerySelector("input[name='Form.IdempotencyKey']")!.GetAttribute("value"), page.QuerySelector("input[name='Form.IdempotencyKey']")!.GetAttribute("value"));
        var stored = Assert.Single(await factory.UpdatesAsync(schoolId));
        Assert.Equal("first text", stored.Entry.WhatWasDone);

        // Having compared the two, the head saves the second version on purpose.
        using var again = await client.PostFormAsync(url, FormFields(page, Entry("OffTrack", "second text")), url);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        stored = Assert.Single(await factory.UpdatesAsync(schoolId));
        Assert.Equal("second text", stored.Entry.WhatWasDone);
        Assert.Equal(ProgressStatus.OffTrack, stored.Entry.Status);
    }

    [Fact]
    public void A_receipts_fingerprint_changes_with_every_field_a_head_can_change()
    {
        var form = new TrustPortal.Web.Features.Progress.RecordProgressForm
        {
            Status = ProgressStatus.OnTrack, Confidence = Confidence.High, WhatWasDone = "a", Impact = "b", Evidence = "c",
            NextSteps = "d", Owner = "e", DueOn = new() { Day = "1", Month = "2", Year = "2027" },
        };
        var original = TrustPortal.Web.Features.Progress.ProgressFormReceipts.Fingerprint("criterion:1:2", form);
        Assert.Equal(original, TrustPortal.Web.Features.Progress.ProgressFormReceipts.Fingerprint("criterion:1:2", form));
        Assert.NotEqual(original, TrustPortal.Web.Features.Progress.ProgressFormReceipts.Fingerprint("criterion:1:3", form));
        foreach (var change in new Action<TrustPortal.Web.Features.Progress.RecordProgressForm>[]
        {
            f => f.Status = ProgressStatus.AtRisk, f => f.Confidence = null, f => f.WhatWasDone = "a ", f => f.Impact = null,
            f => f.Evidence = "C", f => f.NextSteps = "", f => f.Owner = "f", f => f.DueOn.Day = "2", f => f.DueOn.Month = "3", f => f.DueOn.Year = "2028",
            // The length prefix keeps text moved from one field to the next apart.
            f => (f.WhatWasDone, f.Impact) = ("ab", ""),
        })
        {
            var changed = new TrustPortal.Web.Features.Progress.RecordProgressForm
            {
                Status = form.Status, Confidence = form.Confidence, WhatWasDone = form.WhatWasDone, Impact = form.Impact, Evidence = form.Evidence,
                NextSteps = form.NextSteps, Owner = form.Owner, DueOn = new() { Day = form.DueOn.Day, Month = form.DueOn.Month, Year = form.DueOn.Year },
            };
            change(changed);
            Assert.NotEqual(original, TrustPortal.Web.Features.Progress.ProgressFormReceipts.Fingerprint("criterion:1:2", changed));
        }
    }

    [Fact]
    public async Task Two_heads_editing_the_same_criterion_are_told_and_neither_is_overwritten()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (alice, aliceId, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var (bob, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var url = CriterionUrl(urn, cycle.CriterionIds[3]);
        var aliceForm = await alice.GetDocumentAsync(url);
        var bobForm = await bob.GetDocumentAsync(url);

        using var saved = await alice.PostFormAsync(url, FormFields(aliceForm, Entry("AtRisk", "Alice's work")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        using var clash = await bob.PostFormAsync(url, FormFields(bobForm, Entry("Achieved", "Bob's work")));

        Assert.Equal(HttpStatusCode.OK, clash.StatusCode);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await clash.Content.ReadAsStringAsync());
        var aliceName = await factory.DisplayNameAsync(aliceId);
        Assert.Contains($"{aliceName} saved this criterion while you were editing it", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Alice's work", page.QuerySelector("#conflict")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("At risk", page.QuerySelector("#conflict")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Bob's work", page.QuerySelector("textarea[name='Form.WhatWasDone']")!.TextContent);
        Assert.Equal("Achieved", page.QuerySelector("input[name='Form.Status'][checked]")!.GetAttribute("value"));
        var stored = Assert.Single(await factory.UpdatesAsync(schoolId));
        Assert.Equal("Alice's work", stored.Entry.WhatWasDone);

        // Having seen Alice's entry, Bob saves his on purpose.
        using var again = await bob.PostFormAsync(url, FormFields(page, Entry("Achieved", "Bob's work")), url);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        stored = Assert.Single(await factory.UpdatesAsync(schoolId));
        Assert.Equal("Bob's work", stored.Entry.WhatWasDone);
        Assert.Equal(2, stored.Revisions.Count);
    }

    [Fact]
    public async Task Head_of_school_A_gets_403_reading_or_writing_school_B_and_the_database_is_unchanged()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolA, urnA) = await factory.NewSchoolAsync();
        var (schoolB, urnB) = await factory.NewSchoolAsync();
        await factory.RecordAllButAsync(schoolB, cycle, cycle.CriterionIds.Count - 1);
        var (client, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolA);
        var before = await factory.UpdatesAsync(schoolB);

        await client.GetDocumentAsync(SchoolUrl(urnB), HttpStatusCode.Forbidden);
        await client.GetDocumentAsync(CriterionUrl(urnB, cycle.CriterionIds[0]), HttpStatusCode.Forbidden);
        var ownPage = CriterionUrl(urnA, cycle.CriterionIds[0]);
        var fields = FormFields(await client.GetDocumentAsync(ownPage), Entry("OffTrack", "Overwritten"));
        using var write = await client.PostFormAsync(CriterionUrl(urnB, cycle.CriterionIds[0]), fields, ownPage);
        using var create = await client.PostFormAsync(CriterionUrl(urnB, cycle.CriterionIds[1]), fields, ownPage);
        using var submit = await client.PostFormAsync($"{SchoolUrl(urnB)}/submit", new Dictionary<string, string>(), ownPage);

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);
        var after = await factory.UpdatesAsync(schoolB);
        Assert.Equal(before.Select(u => (u.Id, u.Version, u.Entry.WhatWasDone, u.Revisions.Count)), after.Select(u => (u.Id, u.Version, u.Entry.WhatWasDone, u.Revisions.Count)));
        using var scope = factory.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().SchoolReturns.AnyAsync(r => r.SchoolId == schoolB));
    }

    [Fact]
    public async Task Trustees_and_administrators_read_any_school_of_the_trust_but_cannot_record()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        foreach (var role in new[] { Roles.Trustee, Roles.TrustAdmin })
        {
            var (client, _, _, _) = await factory.SignedInClientAsync(role);
            var page = await client.GetDocumentAsync(SchoolUrl(urn));
            Assert.Contains("Read only", page.MainText(), StringComparison.Ordinal);
            Assert.Null(page.QuerySelector($"form[action='{SchoolUrl(urn)}/submit']"));
            var criterion = await client.GetDocumentAsync(CriterionUrl(urn, cycle.CriterionIds[0]));
            Assert.Null(criterion.QuerySelector("main textarea"));
            var index = await client.GetDocumentAsync($"/{Kestrel}/progress");
            Assert.NotNull(index.QuerySelector($"a[href='{SchoolUrl(urn)}']"));
            using var post = await client.PostFormAsync(CriterionUrl(urn, cycle.CriterionIds[0]), Entry(), $"/{Kestrel}/progress/summary");
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }
        Assert.Empty(await factory.UpdatesAsync(schoolId));
    }

    [Fact]
    public async Task Staff_read_the_trust_wide_summary_without_evidence_but_not_a_schools_page()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        int urn;
        string evidence;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            urn = await db.Schools.Where(s => s.TrustId == cycle.TrustId && s.Urn >= 900000).OrderBy(s => s.Urn).Select(s => s.Urn).FirstAsync();
            evidence = await db.ProgressUpdates.Where(u => u.ReviewCycleId == cycle.CycleId && u.Entry.Evidence != null).Select(u => u.Entry.Evidence!).FirstAsync();
        }

        await client.GetDocumentAsync(SchoolUrl(urn), HttpStatusCode.Forbidden);
        using var index = await client.GetAsync(new Uri($"/{Kestrel}/progress", UriKind.Relative));
        Assert.Equal($"/{Kestrel}/progress/summary", index.Headers.Location!.OriginalString);
        var summary = await client.GetDocumentAsync($"/{Kestrel}/progress/summary");
        var text = summary.MainText();
        Assert.Contains("Autumn 2026", text, StringComparison.Ordinal);
        Assert.Contains("Aim 1:", text, StringComparison.Ordinal);
        Assert.NotEmpty(summary.QuerySelectorAll("main .app-rag"));
        Assert.Contains("What schools said", text, StringComparison.Ordinal);
        Assert.DoesNotContain(evidence, text, StringComparison.Ordinal);
        Assert.Null(summary.QuerySelector("main form"));

        var past = summary.QuerySelector("a[href*='summary?cycle=']")!.GetAttribute("href")!;
        await client.GetDocumentAsync(past);
        await client.GetDocumentAsync($"/{Kestrel}/progress/summary?cycle=999999", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_trusts_user_gets_403_and_anonymous_users_are_sent_to_sign_in()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (other, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, "care-foundation-trust");
        foreach (var url in new[] { $"/{Kestrel}/progress", SchoolUrl(urn), CriterionUrl(urn, cycle.CriterionIds[0]), $"/{Kestrel}/progress/summary", $"/{Kestrel}/progress/returns" })
        {
            await other.GetDocumentAsync(url, HttpStatusCode.Forbidden);
            using var anonymous = await factory.CreateSecureClient().GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Contains("/account/sign-in", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        using var reopen = await other.PostFormAsync($"{SchoolUrl(urn)}/reopen", new Dictionary<string, string>(), "/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, reopen.StatusCode);
        var page = await factory.CreateSecureClient().GetDocumentAsync($"/{Kestrel}");
        Assert.DoesNotContain(page.QuerySelectorAll(".govuk-service-navigation__link"), a => a.TextContent.Trim() == "Progress");
        Assert.Empty(await factory.UpdatesAsync(schoolId));
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_is_refused()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (client, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var url = CriterionUrl(urn, cycle.CriterionIds[0]);
        using var content = new FormUrlEncodedContent(FormFields(await client.GetDocumentAsync(url), Entry()));

        using var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await factory.UpdatesAsync(schoolId));
    }

    [Fact]
    public async Task A_return_submits_only_when_complete_then_locks_until_an_administrator_reopens_it()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        await factory.RecordAllButAsync(schoolId, cycle, 1);
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var last = CriterionUrl(urn, cycle.CriterionIds[^1]);

        using var early = await head.PostFormAsync($"{SchoolUrl(urn)}/submit", new Dictionary<string, string>(), SchoolUrl(urn));
        Assert.Equal(HttpStatusCode.Redirect, early.StatusCode);
        Assert.Equal($"{SchoolUrl(urn)}/check", early.Headers.Location!.OriginalString);
        var refused = await head.GetDocumentAsync($"{SchoolUrl(urn)}/check");
        Assert.Equal("1 success criterion has no update yet; record each before submitting", refused.QuerySelector("#problem-message")!.TextContent.Trim());

        using (var saved = await head.PostFormAsync(last, FormFields(await head.GetDocumentAsync(last), Entry())))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        using var submitted = await head.PostFormAsync($"{SchoolUrl(urn)}/submit", new Dictionary<string, string>(), SchoolUrl(urn));
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal($"{SchoolUrl(urn)}/submitted", submitted.Headers.Location!.OriginalString);
        var page = await head.GetDocumentAsync(SchoolUrl(urn));
        Assert.StartsWith("Submitted by", page.QuerySelector("#return-state")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"form[action='{SchoolUrl(urn)}/submit']"));

        // Locked: the form is gone and a POST (an old tab) records nothing.
        var lockedPage = await head.GetDocumentAsync(last);
        Assert.Null(lockedPage.QuerySelector("main textarea"));
        var before = (await factory.UpdatesAsync(schoolId)).Single(u => u.SuccessCriterionId == cycle.CriterionIds[^1]);
        using var locked = await head.PostFormAsync(last, new Dictionary<string, string>(Entry("OffTrack")) { ["Form.IdempotencyKey"] = Guid.NewGuid().ToString(), ["Form.Version"] = before.Version.ToString() }, SchoolUrl(urn));
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("Ask a trust administrator to reopen it", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ProgressStatus.OnTrack, (await factory.UpdatesAsync(schoolId)).Single(u => u.SuccessCriterionId == cycle.CriterionIds[^1]).Entry.Status);

        // A head cannot reopen; an administrator can.
        using var headReopen = await head.PostFormAsync($"{SchoolUrl(urn)}/reopen", new Dictionary<string, string>(), SchoolUrl(urn));
        Assert.Equal(HttpStatusCode.Forbidden, headReopen.StatusCode);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using var reopen = await admin.PostFormAsync($"{SchoolUrl(urn)}/reopen", new Dictionary<string, string> { ["Form.Reason"] = "Please add the phonics evidence" }, SchoolUrl(urn));
        Assert.Equal(HttpStatusCode.Redirect, reopen.StatusCode);
        using var scope = factory.Services.CreateScope();
        var ret = await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().SchoolReturns.SingleAsync(r => r.SchoolId == schoolId);
        Assert.Equal(ReturnState.Draft, ret.State);
        Assert.NotNull(ret.ReopenedBy);
        Assert.NotNull((await head.GetDocumentAsync(last)).QuerySelector("main textarea"));
    }

    [Fact]
    public async Task Administrators_see_who_has_submitted_and_remind_the_heads_of_schools_that_have_not()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (_, _, headEmail, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);

        var page = await admin.GetDocumentAsync($"/{Kestrel}/progress/returns");
        var row = page.QuerySelectorAll("#returns tbody tr").Single(r => r.QuerySelector($"a[href='{SchoolUrl(urn)}']") is not null);
        Assert.Contains("Not started", row.TextContent, StringComparison.Ordinal);

        using var remind = await admin.PostFormAsync($"/{Kestrel}/progress/returns/{urn}/remind", new Dictionary<string, string>(), $"/{Kestrel}/progress/returns");
        Assert.Equal(HttpStatusCode.Redirect, remind.StatusCode);
        Assert.Equal($"/{Kestrel}/progress/returns", remind.Headers.Location!.OriginalString);
        Assert.Equal($"Reminder sent to 1 headteacher of Test School {urn}",
            (await admin.GetDocumentAsync($"/{Kestrel}/progress/returns")).QuerySelector("#success-message")!.TextContent.Trim());
        var mail = Assert.Single(factory.Emails.Sent, m => m.To == headEmail);
        Assert.Contains($"/{Kestrel}/progress/{urn}", mail.Body, StringComparison.Ordinal);
        Assert.Contains("Autumn 2026", mail.Subject, StringComparison.Ordinal);

        using var all = await admin.PostFormAsync($"/{Kestrel}/progress/returns/remind-all", new Dictionary<string, string>(), $"/{Kestrel}/progress/returns");
        Assert.Equal(HttpStatusCode.Redirect, all.StatusCode);
        Assert.Equal(2, factory.Emails.Sent.Count(m => m.To == headEmail));
        var after = await admin.GetDocumentAsync($"/{Kestrel}/progress/returns");
        Assert.Matches("^Reminders sent to [0-9]+ headteachers? of [0-9]+ schools? that have not submitted$", after.QuerySelector("#success-message")!.TextContent.Trim());
    }

    [Fact]
    public async Task Heads_trustees_and_staff_cannot_open_the_returns_page_or_send_reminders()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, headEmail, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var sent = factory.Emails.Sent.Count(m => m.To == headEmail);
        await head.GetDocumentAsync($"/{Kestrel}/progress/returns", HttpStatusCode.Forbidden);
        using var remind = await head.PostFormAsync($"/{Kestrel}/progress/returns/{urn}/remind", new Dictionary<string, string>(), SchoolUrl(urn));
        Assert.Equal(HttpStatusCode.Forbidden, remind.StatusCode);
        foreach (var role in new[] { Roles.Trustee, Roles.Staff })
        {
            var (client, _, _, _) = await factory.SignedInClientAsync(role);
            await client.GetDocumentAsync($"/{Kestrel}/progress/returns", HttpStatusCode.Forbidden);
            using var all = await client.PostFormAsync($"/{Kestrel}/progress/returns/remind-all", new Dictionary<string, string>(), $"/{Kestrel}/progress/summary");
            Assert.Equal(HttpStatusCode.Forbidden, all.StatusCode);
        }
        Assert.Equal(sent, factory.Emails.Sent.Count(m => m.To == headEmail));
    }

    [Fact]
    public async Task A_head_whose_session_timed_out_gets_back_what_they_typed_after_signing_in_again()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (client, _, email, key) = await factory.HeadOfAsync(Kestrel, schoolId);
        var url = CriterionUrl(urn, cycle.CriterionIds[4]);
        var form = await client.GetDocumentAsync(url);
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fields = FormFields(form, Entry("AtRisk", "Typed before the tea break"));
        fields["__RequestVerificationToken"] = token;

        factory.Clock.Advance(TimeSpan.FromMinutes(31));
        using var content = new FormUrlEncodedContent(fields);
        using var expired = await client.PostAsync(new Uri(url, UriKind.Relative), content);

        Assert.True(HttpStatusCode.Redirect == expired.StatusCode, await expired.Content.ReadAsStringAsync());
        var signIn = expired.Headers.Location!;
        Assert.Contains("/account/sign-in", signIn.OriginalString, StringComparison.Ordinal);
        var returnUrl = QueryHelpers.ParseQuery(new Uri(new Uri("https://localhost"), signIn).Query)["ReturnUrl"].ToString();
        Assert.StartsWith(url + "?draft=", returnUrl, StringComparison.Ordinal);
        Assert.Empty(await factory.UpdatesAsync(schoolId));

        var signInUrl = $"/account/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}";
        using var password = await client.PostFormAsync(signInUrl, new Dictionary<string, string> { ["Email"] = email, ["Password"] = AccountHelpers.Password, ["RememberMe"] = "false" });
        var mfa = password.Headers.Location!.OriginalString;
        using var code = await client.PostFormAsync(mfa, new Dictionary<string, string> { ["Code"] = AccountHelpers.Code(key, factory.Clock.GetUtcNow()) });
        Assert.Equal(returnUrl, code.Headers.Location!.OriginalString);

        var restored = await client.GetDocumentAsync(returnUrl);
        Assert.NotNull(restored.QuerySelector("#draft-restored"));
        Assert.Equal("Typed before the tea break", restored.QuerySelector("textarea[name='Form.WhatWasDone']")!.TextContent);
        Assert.Equal("AtRisk", restored.QuerySelector("input[name='Form.Status'][checked]")!.GetAttribute("value"));
        Assert.Equal("27", restored.QuerySelector("input[name='Form.DueOn.Day']")!.GetAttribute("value"));

        // Nobody else can open the draft, and saving it records once and clears it.
        var (other, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        Assert.Null((await other.GetDocumentAsync(returnUrl)).QuerySelector("#draft-restored"));
        using var save = await client.PostFormAsync(url, FormFields(restored, new Dictionary<string, string>()), returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        Assert.Equal("Typed before the tea break", Assert.Single(await factory.UpdatesAsync(schoolId)).Entry.WhatWasDone);
        Assert.Null((await client.GetDocumentAsync(returnUrl)).QuerySelector("#draft-restored"));
    }
}
