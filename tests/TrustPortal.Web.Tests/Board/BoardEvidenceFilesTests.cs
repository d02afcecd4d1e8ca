using System.Net;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using static TrustPortal.Web.Tests.Progress.EvidenceTestData;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;

namespace TrustPortal.Web.Tests.Board;

/// Trustees drilling into a school's criterion see the evidence files the head attached, as the head's page shows them.
[Collection(SharedPortal.Name)]
public sealed class BoardEvidenceFilesTests(PortalFactory factory)
{
    private const string Kestrel = DemoAccounts.TrustSlug;

    [Fact]
    public async Task A_trustee_sees_and_opens_the_evidence_files_on_the_criterion_drill_down()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var link = await head.AddPdfAsync(Kestrel, urn, cycle.CriterionIds[0], "Phonics screening results.pdf");
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);

        var page = await trustee.GetDocumentAsync($"/{Kestrel}/board/schools/{urn}/criteria/{cycle.CriterionIds[0]}");
        var files = page.QuerySelector($"#files-{cycle.CycleId}")!;
        var anchor = Assert.Single(files.QuerySelectorAll("a"));
        Assert.Equal(link, anchor.GetAttribute("href"));
        Assert.Equal("Phonics screening results.pdf", anchor.TextContent);
        Assert.Contains("added by", Pages.Collapse(files.TextContent), StringComparison.Ordinal);
        using var download = await trustee.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);

        // A criterion with no file says so.
        var other = await trustee.GetDocumentAsync($"/{Kestrel}/board/schools/{urn}/criteria/{cycle.CriterionIds[1]}");
        Assert.Null(other.QuerySelector($"#files-{cycle.CycleId} a"));
    }
}
