using System.Net;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.Progress;
using static TrustPortal.Web.Tests.SelfEvaluation.SelfEvaluationTestData;

namespace TrustPortal.Web.Tests.SelfEvaluation;

[Collection(SharedPortal.Name)]
public sealed class SelfEvaluationPagesTests(PortalFactory factory)
{
    [Fact]
    public async Task A_head_judges_every_area_with_an_evidence_file_and_submits()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);

        await head.JudgeAllAndSubmitAsync(urn);

        var evaluation = await factory.SelfEvaluationAsync(schoolId);
        Assert.NotNull(evaluation);
        Assert.Equal(SelfEvaluationState.Submitted, evaluation.State);
        Assert.True(evaluation.SafeguardingMet);
        Assert.Equal(7, evaluation.Areas.Count);
        Assert.All(evaluation.Areas, a => Assert.Equal(ReportCardGrade.StrongStandard, a.SchoolGrade));
        var file = Assert.Single(evaluation.Files);
        Assert.Equal("Attendance analysis.pdf", file.OriginalName);
        var page = await head.GetDocumentAsync($"/{Kestrel}/self-evaluation/{urn}");
        Assert.Contains("Submitted", page.QuerySelector("#state")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("form[action$='/submit']"));
        var download = await head.GetAsync(new Uri($"/{Kestrel}/self-evaluation/{urn}/files/{file.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Submitting_with_an_area_unjudged_says_which_and_keeps_the_draft()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var area = $"/{Kestrel}/self-evaluation/{urn}/inclusion";
        (await head.PostFormAsync(area, Judgement(await head.VersionOnAsync(area)))).Dispose();
        var school = $"/{Kestrel}/self-evaluation/{urn}";

        using var response = await head.PostFormAsync($"{school}/submit", new Dictionary<string, string>
        {
            ["Form.Version"] = await head.VersionOnAsync(school),
            ["Form.Safeguarding"] = "Met",
        }, school);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("6 areas have no judgement yet", html, StringComparison.Ordinal);
        Assert.Equal(SelfEvaluationState.Draft, (await factory.SelfEvaluationAsync(schoolId))!.State);
    }

    [Fact]
    public async Task A_file_that_is_not_evidence_is_refused_beside_the_file_field_and_nothing_is_saved()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var url = $"/{Kestrel}/self-evaluation/{urn}/achievement";

        using var response = await head.PostWithFileAsync(url, Judgement(await head.VersionOnAsync(url)), "<script>alert(1)</script>"u8.ToArray(), "report.html", "text/html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("EvidenceFile-error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await factory.SelfEvaluationAsync(schoolId));
    }

    [Fact]
    public async Task The_trusts_administrator_moderates_one_area_differently_and_the_grid_shows_both_and_flags_it()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        await factory.AddReportCardAsync(schoolId, ReportCardGrade.ExpectedStandard);
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        await head.JudgeAllAndSubmitAsync(urn);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var area = $"/{Kestrel}/self-evaluation/{urn}/inclusion";

        using var response = await admin.PostFormAsync($"{area}/moderate", new Dictionary<string, string>
        {
            ["Moderation.Version"] = await admin.VersionOnAsync(area, "Moderation.Version"),
            ["Moderation.Grade"] = "NeedsAttention",
            ["Moderation.Reasons"] = "Persistent absence of pupils with SEND is above the trust's",
        }, area);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var line = (await factory.SelfEvaluationAsync(schoolId))!.For(InspectionArea.Inclusion)!;
        Assert.Equal(ReportCardGrade.StrongStandard, line.SchoolGrade);
        Assert.Equal(ReportCardGrade.NeedsAttention, line.TrustGrade);
        var grid = await admin.GetDocumentAsync($"/{Kestrel}/self-evaluation?differencesOnly=true");
        var row = grid.QuerySelector($"#grid tr[data-urn='{urn}']") ?? throw new Xunit.Sdk.XunitException("The school is not in the filtered grid.");
        var cell = Pages.Collapse(row.QuerySelector("td[data-area='inclusion']")!.TextContent);
        Assert.Contains("School: Strong standard", cell, StringComparison.Ordinal);
        Assert.Contains("Trust: Needs attention", cell, StringComparison.Ordinal);
        Assert.Contains("Inspection: Expected standard", cell, StringComparison.Ordinal);
        Assert.Contains("Differs", cell, StringComparison.Ordinal);
        Assert.DoesNotContain("Differs", row.QuerySelector("td[data-area='achievement']")!.TextContent, StringComparison.Ordinal);
        var history = (await admin.GetDocumentAsync(area)).QuerySelectorAll("#history-list li").Select(li => Pages.Collapse(li.TextContent)).ToList();
        Assert.Contains(history, h => h.StartsWith("Trust: Needs attention", StringComparison.Ordinal));
        Assert.Contains(history, h => h.StartsWith("School: Strong standard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_draft_cannot_be_moderated()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var area = $"/{Kestrel}/self-evaluation/{urn}/inclusion";
        (await head.PostFormAsync(area, Judgement(await head.VersionOnAsync(area)))).Dispose();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        Assert.Null((await admin.GetDocumentAsync(area)).QuerySelector("form[action*='/moderate']"));

        using var response = await admin.PostFormAsync($"{area}/moderate", new Dictionary<string, string>
        {
            ["Moderation.Version"] = (await factory.SelfEvaluationAsync(schoolId))!.Version.ToString(),
            ["Moderation.Grade"] = "NeedsAttention",
            ["Moderation.Reasons"] = "Too early",
        }, area);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("has not submitted its self-evaluation yet", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await factory.SelfEvaluationAsync(schoolId))!.For(InspectionArea.Inclusion)!.TrustGrade);
    }

    [Fact]
    public async Task Another_schools_head_can_neither_read_nor_write_the_self_evaluation()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (otherId, _) = await factory.NewSchoolAsync();
        var (other, _, _, _) = await factory.HeadOfAsync(Kestrel, otherId);
        var area = $"/{Kestrel}/self-evaluation/{urn}/inclusion";

        await other.GetDocumentAsync($"/{Kestrel}/self-evaluation/{urn}", HttpStatusCode.Forbidden);
        await other.GetDocumentAsync(area, HttpStatusCode.Forbidden);
        using var post = await other.PostFormAsync(area, Judgement(Guid.Empty.ToString()), $"/{Kestrel}/self-evaluation");

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Null(await factory.SelfEvaluationAsync(schoolId));
        var own = await other.GetDocumentAsync($"/{Kestrel}/self-evaluation");
        Assert.DoesNotContain($"/self-evaluation/{urn}", own.QuerySelector("main")!.InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_are_refused_the_self_evaluation_pages()
    {
        var (_, urn) = await factory.NewSchoolAsync();
        var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);

        await staff.GetDocumentAsync($"/{Kestrel}/self-evaluation", HttpStatusCode.Forbidden);
        await staff.GetDocumentAsync($"/{Kestrel}/self-evaluation/{urn}", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_trusts_administrator_is_refused_and_cannot_moderate()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        await head.JudgeAllAndSubmitAsync(urn);
        var (outsider, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, "larkspur-vale-academy-trust");
        var area = $"/{Kestrel}/self-evaluation/{urn}/inclusion";

        await outsider.GetDocumentAsync($"/{Kestrel}/self-evaluation", HttpStatusCode.Forbidden);
        await outsider.GetDocumentAsync(area, HttpStatusCode.Forbidden);
        using var post = await outsider.PostFormAsync($"{area}/moderate", new Dictionary<string, string>
        {
            ["Moderation.Version"] = (await factory.SelfEvaluationAsync(schoolId))!.Version.ToString(),
            ["Moderation.Grade"] = "UrgentImprovement",
            ["Moderation.Reasons"] = "Not ours to judge",
        }, "/admin");

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Null((await factory.SelfEvaluationAsync(schoolId))!.For(InspectionArea.Inclusion)!.TrustGrade);
    }

    [Fact]
    public async Task A_trustee_reads_the_grid_but_has_no_moderation_form()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        await head.JudgeAllAndSubmitAsync(urn);
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);

        var grid = await trustee.GetDocumentAsync($"/{Kestrel}/self-evaluation");
        var area = await trustee.GetDocumentAsync($"/{Kestrel}/self-evaluation/{urn}/inclusion");

        Assert.NotNull(grid.QuerySelector($"#grid tr[data-urn='{urn}']"));
        Assert.Null(area.QuerySelector("form[action*='/moderate']"));
    }

    [Theory]
    [InlineData(Roles.Headteacher, "/self-evaluation")]
    [InlineData(Roles.Trustee, "/self-evaluation")]
    [InlineData(Roles.TrustAdmin, "/self-evaluation")]
    public async Task Heads_trustees_and_administrators_reach_self_evaluation_from_the_trust_navigation(string role, string path)
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(role);

        var page = await client.GetDocumentAsync($"/{Kestrel}/messages");

        Assert.NotNull(page.QuerySelector($"#navigation a[href='/{Kestrel}{path}']"));
    }

    [Fact]
    public async Task An_administrator_reaches_the_grid_from_the_admin_menu()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);

        var home = await admin.GetDocumentAsync("/admin");
        using var response = await admin.GetAsync(new Uri("/admin/self-evaluation", UriKind.Relative));

        Assert.NotNull(home.QuerySelector("a[href='/admin/self-evaluation']"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/{Kestrel}/self-evaluation", response.Headers.Location!.OriginalString);
    }
}
