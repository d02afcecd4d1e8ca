using System.Net;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using static TrustPortal.Web.Tests.Progress.EvidenceTestData;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;

namespace TrustPortal.Web.Tests.Progress;

/// A school's return belongs to its heads and the trust's leaders until it is submitted: the trust-wide summary
/// shows other readers submitted returns only, and a draft's evidence file cannot be opened by staff.
[Collection(SharedPortal.Name)]
public sealed class DraftsStayWithTheSchoolTests(PortalFactory factory)
{
    private const string Kestrel = DemoAccounts.TrustSlug;
    private const string Summary = $"/{Kestrel}/progress/summary";

    private sealed record Schools(string DraftText, string SubmittedText, HttpClient DraftHead, string FileLink);

    /// Two new schools in the open cycle: one with a draft (and an evidence file), one with a submitted return.
    private async Task<Schools> TwoSchoolsAsync()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (draftId, draftUrn) = await factory.NewSchoolAsync();
        var (submittedId, submittedUrn) = await factory.NewSchoolAsync();
        var draftText = $"Draft work {Guid.NewGuid():N}";
        var submittedText = $"Submitted work {Guid.NewGuid():N}";
        var (draftHead, _, _, _) = await factory.HeadOfAsync(Kestrel, draftId);
        var (submittedHead, _, _, _) = await factory.HeadOfAsync(Kestrel, submittedId);
        await RecordAsync(draftHead, draftUrn, cycle.CriterionIds[0], draftText);
        await RecordAsync(submittedHead, submittedUrn, cycle.CriterionIds[0], submittedText);
        var link = await draftHead.AddPdfAsync(Kestrel, draftUrn, cycle.CriterionIds[1], "Draft evidence.pdf");
        await factory.SubmitReturnAsync(submittedId, cycle.CycleId);
        return new Schools(draftText, submittedText, draftHead, link);
    }

    private static async Task RecordAsync(HttpClient head, int urn, int criterionId, string text)
    {
        var url = $"/{Kestrel}/progress/{urn}/criteria/{criterionId}";
        var page = await head.GetDocumentAsync(url);
        using var response = await head.PostFormAsync(url, FormFields(page, Entry(done: text)), url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Staff_read_submitted_returns_only_in_the_trust_wide_summary()
    {
        var schools = await TwoSchoolsAsync();
        var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        var page = await staff.GetDocumentAsync(Summary);
        var text = page.MainText();
        Assert.Contains(schools.SubmittedText, text, StringComparison.Ordinal);
        Assert.DoesNotContain(schools.DraftText, text, StringComparison.Ordinal);
        Assert.Contains("A school's return stays with its headteachers until they submit it", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_cannot_open_a_drafts_evidence_file_even_when_the_trust_lets_staff_see_evidence()
    {
        var schools = await TwoSchoolsAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using (var on = await admin.PostFormAsync($"/{Kestrel}/progress/returns/staff-evidence", new Dictionary<string, string> { ["staffMaySeeEvidence"] = "true" }, $"/{Kestrel}/progress/returns"))
        {
            Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        }
        try
        {
            var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
            var page = await staff.GetDocumentAsync(Summary);
            Assert.DoesNotContain(page.QuerySelectorAll("main a"), a => a.GetAttribute("href") == schools.FileLink);
            using var download = await staff.GetAsync(new Uri(schools.FileLink, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
            using var byAdmin = await admin.GetAsync(new Uri(schools.FileLink, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        }
        finally
        {
            using var off = await admin.PostFormAsync($"/{Kestrel}/progress/returns/staff-evidence", new Dictionary<string, string> { ["staffMaySeeEvidence"] = "false" }, $"/{Kestrel}/progress/returns");
        }
    }

    [Fact]
    public async Task A_head_reads_their_own_schools_draft_but_not_another_schools()
    {
        var schools = await TwoSchoolsAsync();
        var own = (await schools.DraftHead.GetDocumentAsync(Summary)).MainText();
        Assert.Contains(schools.DraftText, own, StringComparison.Ordinal);
        Assert.Contains(schools.SubmittedText, own, StringComparison.Ordinal);

        var (otherHead, _, _, _) = await factory.SignedInClientAsync(Roles.Headteacher);
        var other = (await otherHead.GetDocumentAsync(Summary)).MainText();
        Assert.DoesNotContain(schools.DraftText, other, StringComparison.Ordinal);
        Assert.Contains(schools.SubmittedText, other, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Trustee)]
    [InlineData(Roles.TrustAdmin)]
    public async Task Trust_leaders_read_drafts_and_submitted_returns(string role)
    {
        var schools = await TwoSchoolsAsync();
        var (leader, _, _, _) = await factory.SignedInClientAsync(role);
        var page = await leader.GetDocumentAsync(Summary);
        var text = page.MainText();
        Assert.Contains(schools.DraftText, text, StringComparison.Ordinal);
        Assert.Contains(schools.SubmittedText, text, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#submitted-only"));
    }
}
