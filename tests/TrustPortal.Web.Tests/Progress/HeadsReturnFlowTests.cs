using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;

namespace TrustPortal.Web.Tests.Progress;

/// The head's return as one flow (issue 14): save and continue, last cycle beside the form, the check page, submit
/// and its confirmation, and the administrator's reopening with a reason the heads are sent.
[Collection(SharedPortal.Name)]
public sealed class HeadsReturnFlowTests(PortalFactory factory)
{
    private static string SchoolUrl(int urn) => $"/{Kestrel}/progress/{urn}";

    private static string CriterionUrl(int urn, int criterionId) => $"/{Kestrel}/progress/{urn}/criteria/{criterionId}";

    private static Dictionary<string, string> AndContinue(Dictionary<string, string> fields) => new(fields) { ["then"] = "continue" };

    [Fact]
    public async Task Save_and_continue_goes_to_the_next_criterion_and_after_the_last_to_the_check_page()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var first = CriterionUrl(urn, cycle.CriterionIds[0]);

        using var saved = await head.PostFormAsync(first, AndContinue(FormFields(await head.GetDocumentAsync(first), Entry())));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(CriterionUrl(urn, cycle.CriterionIds[1]), saved.Headers.Location!.OriginalString);
        var next = await head.GetDocumentAsync(saved.Headers.Location.OriginalString);
        Assert.StartsWith("Progress saved:", next.QuerySelector("#success-message")?.TextContent.Trim() ?? next.MainText(), StringComparison.Ordinal);
        Assert.Contains($"Criterion 2 of {cycle.CriterionIds.Count}", next.QuerySelector(".govuk-caption-l")!.TextContent, StringComparison.Ordinal);

        var last = CriterionUrl(urn, cycle.CriterionIds[^1]);
        using var atTheEnd = await head.PostFormAsync(last, AndContinue(FormFields(await head.GetDocumentAsync(last), Entry())));
        Assert.Equal($"{SchoolUrl(urn)}/check", atTheEnd.Headers.Location!.OriginalString);
        Assert.Equal(2, (await factory.UpdatesAsync(schoolId)).Count);
    }

    [Fact]
    public async Task Last_cycles_status_and_narrative_are_beside_the_form_and_can_start_this_cycles_text()
    {
        var history = await factory.TrustWithHistoryAsync(cycles: 2);
        var (head, _, _, _) = await factory.HeadOfAsync(history.Slug, history.SchoolId);
        var url = $"/{history.Slug}/progress/{history.Urn}/criteria/{history.CriterionIds[3]}";

        var page = await head.GetDocumentAsync(url);
        var aside = page.QuerySelector("#last-cycle")!;
        Assert.Equal("Last cycle: Cycle 1", aside.QuerySelector("h2")!.TextContent.Trim());
        Assert.Contains("Work 0 revised", aside.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("main form textarea"));

        var started = await head.GetDocumentAsync(page.QuerySelector("#start-from-last")!.GetAttribute("href")!);
        Assert.NotNull(started.QuerySelector("#started-from-last"));
        Assert.Equal("Work 0 revised", started.QuerySelector("textarea[name='Form.WhatWasDone']")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_check_page_lists_what_is_in_the_return_and_what_is_still_missing_and_offers_no_submit_until_complete()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        await factory.RecordAllButAsync(schoolId, cycle, 2);
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);

        var school = await head.GetDocumentAsync(SchoolUrl(urn));
        Assert.Equal($"{SchoolUrl(urn)}/check", school.QuerySelector("#check-return")!.GetAttribute("href"));
        var check = await head.GetDocumentAsync($"{SchoolUrl(urn)}/check");

        Assert.Equal([CriterionUrl(urn, cycle.CriterionIds[^2]), CriterionUrl(urn, cycle.CriterionIds[^1])],
            check.QuerySelectorAll("#missing a").Select(a => a.GetAttribute("href")));
        Assert.Contains("2 success criteria have no update yet", check.QuerySelector("#still-missing")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(cycle.CriterionIds.Count, check.QuerySelectorAll("main .govuk-summary-list__row").Length);
        Assert.Equal(cycle.CriterionIds.Count - 2, check.QuerySelectorAll("main .govuk-summary-list__value .govuk-tag:not(.govuk-tag--grey)").Length);
        Assert.Null(check.QuerySelector($"form[action='{SchoolUrl(urn)}/submit']"));
    }

    [Fact]
    public async Task Submitting_from_the_check_page_locks_the_return_confirms_it_and_stops_offering_to_record()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        await factory.RecordAllButAsync(schoolId, cycle, 0);
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var check = await head.GetDocumentAsync($"{SchoolUrl(urn)}/check");
        Assert.Empty(check.QuerySelectorAll("#missing a"));
        Assert.NotNull(check.QuerySelector($"form[action='{SchoolUrl(urn)}/submit'] button"));

        using var submit = await head.PostFormAsync($"{SchoolUrl(urn)}/submit", new Dictionary<string, string>(), $"{SchoolUrl(urn)}/check");

        Assert.Equal($"{SchoolUrl(urn)}/submitted", submit.Headers.Location!.OriginalString);
        var confirmation = await head.GetDocumentAsync($"{SchoolUrl(urn)}/submitted");
        Assert.Equal("Return submitted", confirmation.QuerySelector(".govuk-panel__title")!.TextContent.Trim());
        var school = await head.GetDocumentAsync(SchoolUrl(urn));
        Assert.StartsWith("Submitted by", school.QuerySelector("#return-state")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("You can record progress", school.MainText(), StringComparison.Ordinal);
        Assert.Null(school.QuerySelector("#check-return"));
        using var again = await head.GetAsync(new Uri($"{SchoolUrl(urn)}/check", UriKind.Relative));
        Assert.Equal($"{SchoolUrl(urn)}/submitted", again.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Reopening_a_return_needs_a_reason_and_e_mails_it_to_the_schools_heads()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        await factory.RecordAllButAsync(schoolId, cycle, 0);
        await factory.SubmitReturnAsync(schoolId, cycle.CycleId);
        var (_, _, headEmail, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var school = await admin.GetDocumentAsync(SchoolUrl(urn));
        var form = await admin.GetDocumentAsync(school.QuerySelector("#reopen-return")!.GetAttribute("href")!);
        Assert.NotNull(form.QuerySelector("textarea[name='Form.Reason']"));

        using var noReason = await admin.PostFormAsync($"{SchoolUrl(urn)}/reopen", new Dictionary<string, string> { ["Form.Reason"] = " " }, $"{SchoolUrl(urn)}/reopen");
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("Say why you are reopening the return: the school&#x27;s heads will read it", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Emails.Sent, m => m.To == headEmail);

        using var reopened = await admin.PostFormAsync($"{SchoolUrl(urn)}/reopen", new Dictionary<string, string> { ["Form.Reason"] = "Aim 2 needs the phonics evidence" }, $"{SchoolUrl(urn)}/reopen");
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        Assert.Equal(SchoolUrl(urn), reopened.Headers.Location!.OriginalString);
        Assert.Equal($"Test School {urn}'s return is reopened: its heads can change it and submit again. We have e-mailed 1 headteacher your reason",
            (await admin.GetDocumentAsync(SchoolUrl(urn))).QuerySelector("#success-message")!.TextContent.Trim());
        var mail = Assert.Single(factory.Emails.Sent, m => m.To == headEmail);
        Assert.Contains("Aim 2 needs the phonics evidence", mail.Body, StringComparison.Ordinal);
        Assert.Contains("is open for changes", mail.Subject, StringComparison.Ordinal);
        using var scope = factory.Services.CreateScope();
        var ret = await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().SchoolReturns.SingleAsync(r => r.SchoolId == schoolId);
        Assert.Equal((ReturnState.Draft, "Aim 2 needs the phonics evidence"), (ret.State, ret.ReopenReason));
    }

    [Fact]
    public async Task Another_schools_head_and_staff_are_refused_every_step_of_the_flow()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (otherId, _) = await factory.NewSchoolAsync();
        await factory.RecordAllButAsync(schoolId, cycle, 0);
        var (otherHead, _, _, _) = await factory.HeadOfAsync(Kestrel, otherId);
        var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);

        foreach (var client in new[] { otherHead, staff })
        {
            await client.GetDocumentAsync($"{SchoolUrl(urn)}/check", HttpStatusCode.Forbidden);
            await client.GetDocumentAsync($"{SchoolUrl(urn)}/submitted", HttpStatusCode.Forbidden);
            await client.GetDocumentAsync($"{SchoolUrl(urn)}/reopen", HttpStatusCode.Forbidden);
            using var submit = await client.PostFormAsync($"{SchoolUrl(urn)}/submit", new Dictionary<string, string>(), $"/{Kestrel}/progress/summary");
            Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);
            using var reopen = await client.PostFormAsync($"{SchoolUrl(urn)}/reopen", new Dictionary<string, string> { ["Form.Reason"] = "Because" }, $"/{Kestrel}/progress/summary");
            Assert.Equal(HttpStatusCode.Forbidden, reopen.StatusCode);
        }
        using var scope = factory.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().SchoolReturns.AnyAsync(r => r.SchoolId == schoolId));
    }
}
