using System.Net;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.PlanAdmin;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;

namespace TrustPortal.Web.Tests.Progress;

/// The buttons on schools' returns (the head's submit; the administrator's reopen, remind one school, remind all) when
/// there is nothing to do, nobody to tell, the school is not theirs, or two clicks meet; the plain successes are in
/// HeadsReturnFlowTests and ProgressPagesTests.
[Collection(SharedPortal.Name)]
public sealed class ReturnButtonsTests(PortalFactory factory)
{
    private static string SchoolUrl(string slug, int urn) => $"/{slug}/progress/{urn}";

    private Task<ReturnState?> StateAsync(int schoolId, int cycleId) =>
        factory.ReadAsync(db => db.SchoolReturns.Where(r => r.SchoolId == schoolId && r.ReviewCycleId == cycleId).Select(r => (ReturnState?)r.State).SingleOrDefaultAsync());

    /// A new Kestrel school whose return is complete and submitted, and its head's address.
    private async Task<(OpenCycle Cycle, int SchoolId, int Urn, string HeadEmail)> SubmittedReturnAsync()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        await factory.RecordAllButAsync(schoolId, cycle, 0);
        await factory.SubmitReturnAsync(schoolId, cycle.CycleId);
        var (_, _, headEmail, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        return (cycle, schoolId, urn, headEmail);
    }

    [Fact]
    public async Task Submits_at_the_same_moment_all_end_at_the_confirmation_with_one_submitted_return()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        await factory.RecordAllButAsync(schoolId, cycle, 0);
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var url = SchoolUrl(Kestrel, urn);
        var token = await head.TokenFromAsync($"{url}/check");

        var posts = Enumerable.Range(0, 4).Select(_ => head.PostAsync(new Uri($"{url}/submit", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }))).ToList();

        foreach (var response in await Task.WhenAll(posts))
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Equal($"{url}/submitted", response.Headers.Location!.OriginalString);
            }
        }
        Assert.Equal(1, await factory.ReadAsync(db => db.SchoolReturns.CountAsync(r => r.SchoolId == schoolId)));
        Assert.Equal(ReturnState.Submitted, await StateAsync(schoolId, cycle.CycleId));
    }

    [Fact]
    public async Task With_no_open_cycle_submitting_is_refused_with_the_reason_and_no_return_is_made()
    {
        var trust = await AdminContent.ContentTrust.CreateAsync(factory);
        var (schoolId, urn) = await factory.NewSchoolAsync(trust.Slug);
        var (head, _, _, _) = await factory.HeadOfAsync(trust.Slug, schoolId);
        var url = SchoolUrl(trust.Slug, urn);

        using var refused = await head.PostFormAsync($"{url}/submit", new Dictionary<string, string>(), url);

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(url, refused.Headers.Location!.OriginalString);
        Assert.Equal("No review cycle is open, so there is no return to submit", (await head.GetDocumentAsync(url)).QuerySelector("#problem-message")!.TextContent.Trim());
        Assert.False(await factory.ReadAsync(db => db.SchoolReturns.AnyAsync(r => r.SchoolId == schoolId)));
    }

    [Fact]
    public async Task Reopening_a_return_again_says_it_is_open_for_changes_and_e_mails_nobody_a_second_time()
    {
        var (cycle, schoolId, urn, headEmail) = await SubmittedReturnAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var url = SchoolUrl(Kestrel, urn);
        var reason = new Dictionary<string, string> { ["Form.Reason"] = "Aim 1 needs its evidence" };
        using (var first = await admin.PostFormAsync($"{url}/reopen", reason, $"{url}/reopen"))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        using var again = await admin.PostFormAsync($"{url}/reopen", reason, url);

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(url, again.Headers.Location!.OriginalString);
        Assert.Equal($"Test School {urn}'s return is open for changes", (await admin.GetDocumentAsync(url)).QuerySelector("#success-message")!.TextContent.Trim());
        Assert.Single(factory.Emails.Sent, m => m.To == headEmail);
        Assert.Equal(ReturnState.Draft, await StateAsync(schoolId, cycle.CycleId));
    }

    [Fact]
    public async Task Two_reopenings_at_the_same_moment_both_land_on_the_school_and_its_heads_are_e_mailed_once()
    {
        var (cycle, schoolId, urn, headEmail) = await SubmittedReturnAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var url = SchoolUrl(Kestrel, urn);
        var token = await admin.TokenFromAsync($"{url}/reopen");

        var posts = Enumerable.Range(0, 3).Select(i => admin.PostAsync(new Uri($"{url}/reopen", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Form.Reason"] = $"Reason {i}" }))).ToList();

        foreach (var response in await Task.WhenAll(posts))
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Equal(url, response.Headers.Location!.OriginalString);
            }
        }
        Assert.Single(factory.Emails.Sent, m => m.To == headEmail);
        Assert.Equal(ReturnState.Draft, await StateAsync(schoolId, cycle.CycleId));
    }

    [Fact]
    public async Task Reopening_a_return_never_submitted_changes_nothing_and_an_unknown_school_is_not_found()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (_, _, headEmail, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var reason = new Dictionary<string, string> { ["Form.Reason"] = "Because" };

        using var draft = await admin.PostFormAsync($"{SchoolUrl(Kestrel, urn)}/reopen", reason, SchoolUrl(Kestrel, urn));
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        Assert.Equal($"Test School {urn}'s return is open for changes", (await admin.GetDocumentAsync(SchoolUrl(Kestrel, urn))).QuerySelector("#success-message")!.TextContent.Trim());
        Assert.Null(await StateAsync(schoolId, cycle.CycleId));
        Assert.DoesNotContain(factory.Emails.Sent, m => m.To == headEmail);

        using var unknown = await admin.PostFormAsync($"{SchoolUrl(Kestrel, 999_999)}/reopen", reason, SchoolUrl(Kestrel, urn));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Another_trusts_administrator_can_neither_reopen_a_return_nor_remind_its_heads()
    {
        var (cycle, schoolId, urn, headEmail) = await SubmittedReturnAsync();
        var outsiderTrust = await AdminContent.ContentTrust.CreateAsync(factory);
        var (outsider, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, outsiderTrust.Slug);
        var own = $"/{outsiderTrust.Slug}/progress/returns";

        using var reopen = await outsider.PostFormAsync($"{SchoolUrl(Kestrel, urn)}/reopen", new Dictionary<string, string> { ["Form.Reason"] = "Because" }, own);
        using var remind = await outsider.PostFormAsync($"/{Kestrel}/progress/returns/{urn}/remind", new Dictionary<string, string>(), own);
        using var remindAll = await outsider.PostFormAsync($"/{Kestrel}/progress/returns/remind-all", new Dictionary<string, string>(), own);

        Assert.Equal(HttpStatusCode.Forbidden, reopen.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, remind.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, remindAll.StatusCode);
        Assert.Equal(ReturnState.Submitted, await StateAsync(schoolId, cycle.CycleId));
        Assert.DoesNotContain(factory.Emails.Sent, m => m.To == headEmail);
    }

    [Fact]
    public async Task Reminding_a_school_with_no_headteacher_says_so_and_an_unknown_school_is_not_found()
    {
        var (_, urn) = await factory.NewSchoolAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var returns = $"/{Kestrel}/progress/returns";

        using var nobody = await admin.PostFormAsync($"{returns}/{urn}/remind", new Dictionary<string, string>(), returns);
        Assert.Equal(HttpStatusCode.Redirect, nobody.StatusCode);
        Assert.Equal($"Test School {urn} has no headteacher account to remind", (await admin.GetDocumentAsync(returns)).QuerySelector("#success-message")!.TextContent.Trim());

        using var unknown = await admin.PostFormAsync($"{returns}/999999/remind", new Dictionary<string, string>(), returns);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task With_no_open_cycle_reminders_are_refused_with_the_reason_and_nobody_is_e_mailed()
    {
        var trust = await AdminContent.ContentTrust.CreateAsync(factory);
        var (schoolId, urn) = await factory.NewSchoolAsync(trust.Slug);
        var (_, _, headEmail, _) = await factory.HeadOfAsync(trust.Slug, schoolId);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        var returns = $"/{trust.Slug}/progress/returns";

        foreach (var button in new[] { $"{returns}/{urn}/remind", $"{returns}/remind-all" })
        {
            using var refused = await admin.PostFormAsync(button, new Dictionary<string, string>(), returns);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal(returns, refused.Headers.Location!.OriginalString);
            var page = await admin.GetDocumentAsync(returns);
            Assert.Equal("No review cycle is open, so there is nothing to remind schools about", page.QuerySelector("#problem-message")!.TextContent.Trim());
            Assert.Null(page.QuerySelector("#success-message"));
        }
        Assert.DoesNotContain(factory.Emails.Sent, m => m.To == headEmail);
    }
}
