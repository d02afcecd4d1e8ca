using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.PlanAdmin;
using static TrustPortal.Web.Tests.Progress.EvidenceTestData;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;

namespace TrustPortal.Web.Tests.Progress;

[Collection(SharedPortal.Name)]
public sealed class EvidenceFilesTests(PortalFactory factory)
{
    private static string CriterionUrl(int urn, int criterionId) => $"/{Kestrel}/progress/{urn}/criteria/{criterionId}";

    private async Task<(int SchoolId, int Urn, int CriterionId, HttpClient Head, string Url)> HeadWithFormAsync()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        return (schoolId, urn, cycle.CriterionIds[0], head, CriterionUrl(urn, cycle.CriterionIds[0]));
    }

    [Fact]
    public async Task Head_adds_a_pdf_with_the_entry_and_sees_it_listed_with_name_size_and_who_added_it()
    {
        var (schoolId, _, _, head, url) = await HeadWithFormAsync();
        var form = await head.GetDocumentAsync(url);
        Assert.Equal("multipart/form-data", form.QuerySelector("main form[method=post]")!.GetAttribute("enctype"));

        using var response = await head.PostWithFileAsync(url, FormFields(form, Entry()), Pdf(3 * 1024), "Reading report.pdf");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var file = Assert.Single(await factory.FilesAsync(schoolId));
        Assert.Equal("Reading report.pdf", file.OriginalName);
        Assert.Equal("application/pdf", file.ContentType);
        Assert.Equal(3 * 1024, file.Size);
        Assert.Equal("Reading recovery for Year 2", Assert.Single(await factory.UpdatesAsync(schoolId)).Entry.WhatWasDone);
        var page = await head.GetDocumentAsync(url);
        var row = page.QuerySelector("#evidence-table tbody tr")!;
        Assert.Equal("Reading report.pdf", row.QuerySelector("a")!.TextContent);
        Assert.Contains("3 KB", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(file.UploadedBy, row.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("minutes.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("photo.png", "image/png")]
    [InlineData("budget.xls", "application/vnd.ms-excel")]
    public async Task Office_files_and_images_are_accepted_by_their_bytes(string name, string expectedType)
    {
        var (schoolId, _, _, head, url) = await HeadWithFormAsync();
        var bytes = name.EndsWith(".docx", StringComparison.Ordinal) ? Docx() : name.EndsWith(".png", StringComparison.Ordinal) ? Png() : Ole2();

        using var response = await head.PostWithFileAsync(url, FormFields(await head.GetDocumentAsync(url), Entry()), bytes, name, "application/octet-stream");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expectedType, Assert.Single(await factory.FilesAsync(schoolId)).ContentType);
    }

    [Theory]
    [InlineData("page.pdf", "<html><script>alert(1)</script></html>")]
    [InlineData("archive.docx", "zip-without-content-types")]
    [InlineData("macro.doc.exe", "MZ executable")]
    public async Task A_file_of_a_refused_type_is_refused_with_a_message_and_the_typed_text_is_kept(string name, string content)
    {
        var (schoolId, _, _, head, url) = await HeadWithFormAsync();
        var bytes = content == "zip-without-content-types" ? Zip("word/document.xml") : Encoding.UTF8.GetBytes(content);
        var fields = FormFields(await head.GetDocumentAsync(url), Entry(done: "Phonics catch-up groups every morning"));

        using var response = await head.PostWithFileAsync(url, fields, bytes, name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains("must be a PDF, Word, Excel, PowerPoint, PNG or JPEG file", page.FileError()!.TextContent, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll(".govuk-error-summary a"), a => a.GetAttribute("href") == "#EvidenceFile");
        Assert.Equal("Phonics catch-up groups every morning", page.QuerySelector("#Form_WhatWasDone")!.TextContent.Trim());
        Assert.Contains("EvidenceFile-error", page.QuerySelector("#EvidenceFile")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Empty(await factory.UpdatesAsync(schoolId));
        Assert.Empty(await factory.FilesAsync(schoolId));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_and_the_typed_text_is_kept()
    {
        var (schoolId, _, _, head, url) = await HeadWithFormAsync();
        var fields = FormFields(await head.GetDocumentAsync(url), Entry(done: "Typed before a big upload"));

        using var response = await head.PostWithFileAsync(url, fields, Pdf(10 * 1024 * 1024 + 1), "huge.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains("must be 10 MB or smaller", page.FileError()!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Typed before a big upload", page.QuerySelector("#Form_WhatWasDone")!.TextContent.Trim());
        Assert.Empty(await factory.FilesAsync(schoolId));
    }

    [Fact]
    public async Task A_path_traversal_name_is_kept_as_its_last_segment_only()
    {
        var (schoolId, _, _, head, url) = await HeadWithFormAsync();

        using var response = await head.PostWithFileAsync(url, FormFields(await head.GetDocumentAsync(url), Entry()), Pdf(), "../../etc/passwd");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var file = Assert.Single(await factory.FilesAsync(schoolId));
        Assert.Equal("passwd.pdf", file.OriginalName);
        Assert.Matches("^[0-9a-f]{32}\\.pdf$", file.StoredKey);
    }

    [Fact]
    public async Task Download_is_an_attachment_with_a_safe_name_and_nosniff()
    {
        var (_, urn, criterion, head, _) = await HeadWithFormAsync();
        var link = await head.AddPdfAsync(Kestrel, urn, criterion, "Évaluation \"final\".pdf");

        using var response = await head.GetAsync(new Uri(link, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("_valuation final.pdf", disposition.FileName!.Trim('"'));
        Assert.Equal("Évaluation final.pdf", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''%C3%89valuation%20final.pdf", disposition.ToString(), StringComparison.Ordinal);
        Assert.Equal(Pdf(), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("minutes.hta")]
    [InlineData("minutes.cmd")]
    [InlineData("minutes.pdf.exe")]
    public async Task A_pdf_with_a_dangerous_name_is_downloaded_with_the_pdf_extension(string name)
    {
        var (schoolId, urn, criterion, head, _) = await HeadWithFormAsync();
        var link = await head.AddPdfAsync(Kestrel, urn, criterion, name);

        using var response = await head.GetAsync(new Uri(link, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(name + ".pdf", Assert.Single(await factory.FilesAsync(schoolId)).OriginalName);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal(name + ".pdf", disposition.FileName!.Trim('"'));
        Assert.Equal(name + ".pdf", disposition.FileNameStar);
    }

    [Fact]
    public async Task A_file_stored_before_names_were_made_safe_is_still_downloaded_with_its_recognised_extension()
    {
        var (schoolId, urn, criterion, head, _) = await HeadWithFormAsync();
        var link = await head.AddPdfAsync(Kestrel, urn, criterion, "minutes.pdf");
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var id = Assert.Single(await factory.FilesAsync(schoolId)).Id;
            await db.EvidenceFiles.Where(f => f.Id == id).ExecuteUpdateAsync(u => u.SetProperty(f => f.OriginalName, "minutes.hta"));
        }

        using var response = await head.GetAsync(new Uri(link, UriKind.Relative));

        Assert.Equal("minutes.hta.pdf", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
    }

    [Theory]
    [InlineData("photo.jpeg", ".jpg", "photo.jpeg")]
    [InlineData("Report.PDF", ".pdf", "Report.PDF")]
    [InlineData("..", ".pdf", "evidence.pdf")]
    [InlineData("notes.", ".docx", "notes.docx")]
    [InlineData("C:\\Users\\head\\run.bat", ".png", "run.bat.png")]
    public void The_stored_name_ends_in_the_recognised_extension(string uploaded, string extension, string expected) =>
        Assert.Equal(expected, TrustPortal.Web.Features.Progress.EvidenceFiles.SafeName(uploaded, extension));

    [Theory]
    [InlineData(Roles.Trustee, HttpStatusCode.OK)]
    [InlineData(Roles.TrustAdmin, HttpStatusCode.OK)]
    [InlineData(Roles.Headteacher, HttpStatusCode.Forbidden)]
    public async Task Download_is_allowed_to_trustees_and_administrators_but_not_heads_of_other_schools(string role, HttpStatusCode expected)
    {
        var (_, urn, criterion, head, _) = await HeadWithFormAsync();
        var link = await head.AddPdfAsync(Kestrel, urn, criterion);
        var (other, _, _, _) = role == Roles.Headteacher
            ? await factory.HeadOfAsync(Kestrel, (await factory.NewSchoolAsync()).Id)
            : await factory.SignedInClientAsync(role);

        using var response = await other.GetAsync(new Uri(link, UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Download_is_forbidden_to_another_trusts_administrator_and_sends_anonymous_users_to_sign_in()
    {
        var (_, urn, criterion, head, _) = await HeadWithFormAsync();
        var link = await head.AddPdfAsync(Kestrel, urn, criterion);
        var (stranger, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, "innovate-2-educate-partnership");

        using var forbidden = await stranger.GetAsync(new Uri(link, UriKind.Relative));
        using var anonymous = await factory.CreateSecureClient().GetAsync(new Uri(link, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/sign-in", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_see_and_open_evidence_files_only_while_their_trust_allows_it()
    {
        var trust = await factory.TrustWithHistoryAsync(cycles: 1);
        var (head, _, _, _) = await factory.HeadOfAsync(trust.Slug, trust.SchoolId);
        var link = await head.AddPdfAsync(trust.Slug, trust.Urn, trust.CriterionIds[0], "Staff can read.pdf");
        // Staff read submitted returns only (DraftsStayWithTheSchoolTests): the head submits first.
        await factory.SubmitReturnAsync(trust.SchoolId, await factory.ReadAsync(db => db.ReviewCycles
            .Where(c => c.State == TrustPortal.Domain.Progress.CycleState.Open && db.Schools.Any(s => s.Id == trust.SchoolId
                && db.StrategicPlans.Any(p => p.Id == c.StrategicPlanId && p.TrustId == s.TrustId)))
            .Select(c => c.Id).SingleAsync()));
        var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff, trust.Slug);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        var summary = $"/{trust.Slug}/progress/summary";

        var off = await staff.GetDocumentAsync(summary);
        using var offDownload = await staff.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Contains("What schools said", off.MainText(), StringComparison.Ordinal);
        Assert.DoesNotContain(off.QuerySelectorAll("main a"), a => a.GetAttribute("href") == link);
        Assert.Equal(HttpStatusCode.Forbidden, offDownload.StatusCode);
        Assert.Contains((await admin.GetDocumentAsync(summary)).QuerySelectorAll("main a"), a => a.GetAttribute("href") == link);

        using (var on = await admin.PostFormAsync($"/{trust.Slug}/progress/returns/staff-evidence", new Dictionary<string, string> { ["staffMaySeeEvidence"] = "true" }, $"/{trust.Slug}/progress/returns"))
        {
            Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        }
        var returns = await admin.GetDocumentAsync($"/{trust.Slug}/progress/returns");
        Assert.Contains("Staff may open", returns.QuerySelector("#staff-evidence-state")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Staff can now open schools' evidence files from the trust-wide summary", returns.QuerySelector("#success-message")!.TextContent.Trim());
        var onPage = await staff.GetDocumentAsync(summary);
        using var onDownload = await staff.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Contains(onPage.QuerySelectorAll("main a"), a => a.GetAttribute("href") == link && a.TextContent == "Staff can read.pdf");
        Assert.Equal(HttpStatusCode.OK, onDownload.StatusCode);

        using (var offAgain = await admin.PostFormAsync($"/{trust.Slug}/progress/returns/staff-evidence", new Dictionary<string, string> { ["staffMaySeeEvidence"] = "false" }, $"/{trust.Slug}/progress/returns"))
        {
            Assert.Equal(HttpStatusCode.Redirect, offAgain.StatusCode);
        }
        Assert.Equal("Staff can no longer open schools' evidence files", (await admin.GetDocumentAsync($"/{trust.Slug}/progress/returns")).QuerySelector("#success-message")!.TextContent.Trim());
        using var forbiddenAgain = await staff.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbiddenAgain.StatusCode);
    }

    [Fact]
    public async Task The_staff_evidence_setting_saved_at_the_same_moment_as_the_other_settings_on_a_trust_with_none_yet_lands_in_its_one_policy()
    {
        // The staff evidence setting shares the trust's one settings row with staff MFA and the sign-in settings: the
        // first save makes it, and saves at the same moment must each land rather than answer 500 on its key.
        var trust = await AdminContent.ContentTrust.CreateAsync(factory);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        var returns = $"/{trust.Slug}/progress/returns";
        var token = await admin.TokenFromAsync(returns);
        var posts = Enumerable.Range(0, 8).Select(i => admin.PostAsync(new Uri(i % 4 == 3 ? "/admin/users/staff-mfa" : $"{returns}/staff-evidence", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["staffMaySeeEvidence"] = "true", ["RequireMfaForStaff"] = "true",
            }))).ToList();
        foreach (var response in await Task.WhenAll(posts))
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            }
        }
        var policy = await factory.ReadAsync(db => db.TrustAccountPolicies.AsNoTracking().SingleAsync(p => p.TrustId == trust.Id));
        Assert.True(policy.StaffMaySeeEvidence);
        Assert.True(policy.RequireMfaForStaff);
    }

    [Fact]
    public async Task Only_administrators_change_the_staff_evidence_setting()
    {
        var trust = await factory.TrustWithHistoryAsync(cycles: 1);
        var (head, _, _, _) = await factory.HeadOfAsync(trust.Slug, trust.SchoolId);
        var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff, trust.Slug);
        var (otherAdmin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var fields = new Dictionary<string, string> { ["staffMaySeeEvidence"] = "true" };

        using var byHead = await head.PostFormAsync($"/{trust.Slug}/progress/returns/staff-evidence", fields, $"/{trust.Slug}/progress/{trust.Urn}");
        using var byStaff = await staff.PostFormAsync($"/{trust.Slug}/progress/returns/staff-evidence", fields, $"/{trust.Slug}/progress/summary");
        using var byOtherTrust = await otherAdmin.PostFormAsync($"/{trust.Slug}/progress/returns/staff-evidence", fields, $"/{Kestrel}/progress/returns");
        using var noToken = await otherAdmin.PostAsync(new Uri($"/{Kestrel}/progress/returns/staff-evidence", UriKind.Relative), new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Forbidden, byHead.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byStaff.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOtherTrust.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Trusts.Where(t => t.Slug == trust.Slug).Select(t => t.Id).SingleAsync();
        Assert.False(await db.TrustAccountPolicies.AnyAsync(p => p.TrustId == trustId && p.StaffMaySeeEvidence));
    }

    [Fact]
    public async Task Head_removes_a_file_while_the_return_is_editable_and_its_content_is_deleted()
    {
        var (schoolId, urn, criterion, head, url) = await HeadWithFormAsync();
        await head.AddPdfAsync(Kestrel, urn, criterion);
        var file = Assert.Single(await factory.FilesAsync(schoolId));
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);

        using var byTrustee = await trustee.PostFormAsync($"{url}/files/{file.Id}/remove", new Dictionary<string, string>(), url);
        Assert.Equal(HttpStatusCode.Forbidden, byTrustee.StatusCode);
        Assert.Single(await factory.FilesAsync(schoolId));

        using var removed = await head.PostFormAsync($"{url}/files/{file.Id}/remove", new Dictionary<string, string>(), url);

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Empty(await factory.FilesAsync(schoolId));
        using var gone = await head.GetAsync(new Uri($"/{Kestrel}/progress/{urn}/files/{file.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("No files added", (await head.GetDocumentAsync(url)).MainText(), StringComparison.Ordinal);
    }

    private string StoredAt(string key) => Path.Combine(factory.Services.GetRequiredService<IConfiguration>()["Files:Root"]!, key);

    [Fact]
    public async Task Removing_a_file_says_which_file_went_deletes_its_content_and_a_second_click_says_it_is_removed()
    {
        var (schoolId, urn, criterion, head, url) = await HeadWithFormAsync();
        await head.AddPdfAsync(Kestrel, urn, criterion, "Phonics scores.pdf");
        var file = Assert.Single(await factory.FilesAsync(schoolId));
        Assert.True(File.Exists(StoredAt(file.StoredKey)));

        using var removed = await head.PostFormAsync($"{url}/files/{file.Id}/remove", new Dictionary<string, string>(), url);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(url, removed.Headers.Location!.OriginalString);
        Assert.Equal("Phonics scores.pdf removed", (await head.GetDocumentAsync(url)).QuerySelector("#success-message")!.TextContent.Trim());
        Assert.False(File.Exists(StoredAt(file.StoredKey)));
        Assert.Single(await factory.UpdatesAsync(schoolId));

        using var again = await head.PostFormAsync($"{url}/files/{file.Id}/remove", new Dictionary<string, string>(), url);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("The file has been removed", (await head.GetDocumentAsync(url)).QuerySelector("#success-message")!.TextContent.Trim());
    }

    [Fact]
    public async Task Removing_a_file_twice_at_the_same_moment_removes_it_once_and_both_clicks_end_on_the_criterion()
    {
        var (schoolId, urn, criterion, head, url) = await HeadWithFormAsync();
        await head.AddPdfAsync(Kestrel, urn, criterion);
        var file = Assert.Single(await factory.FilesAsync(schoolId));
        var token = await head.TokenFromAsync(url);

        var posts = Enumerable.Range(0, 3).Select(_ => head.PostAsync(new Uri($"{url}/files/{file.Id}/remove", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }))).ToList();

        foreach (var response in await Task.WhenAll(posts))
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Equal(url, response.Headers.Location!.OriginalString);
            }
        }
        Assert.Empty(await factory.FilesAsync(schoolId));
        Assert.False(File.Exists(StoredAt(file.StoredKey)));
    }

    [Fact]
    public async Task Another_schools_file_is_neither_removed_through_its_own_school_nor_through_the_heads_school()
    {
        var (schoolId, urn, criterion, head, url) = await HeadWithFormAsync();
        await head.AddPdfAsync(Kestrel, urn, criterion);
        var file = Assert.Single(await factory.FilesAsync(schoolId));
        var (otherId, otherUrn) = await factory.NewSchoolAsync();
        var (otherHead, _, _, _) = await factory.HeadOfAsync(Kestrel, otherId);
        var otherUrl = CriterionUrl(otherUrn, criterion);

        using var throughTheirSchool = await otherHead.PostFormAsync($"{url}/files/{file.Id}/remove", new Dictionary<string, string>(), otherUrl);
        using var throughOwnSchool = await otherHead.PostFormAsync($"{otherUrl}/files/{file.Id}/remove", new Dictionary<string, string>(), otherUrl);

        Assert.Equal(HttpStatusCode.Forbidden, throughTheirSchool.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, throughOwnSchool.StatusCode);
        Assert.Single(await factory.FilesAsync(schoolId));
        Assert.True(File.Exists(StoredAt(file.StoredKey)));
    }

    [Fact]
    public async Task A_submitted_return_makes_its_files_read_only()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var criterion = cycle.CriterionIds[^1];
        var url = CriterionUrl(urn, criterion);
        var link = await head.AddPdfAsync(Kestrel, urn, criterion);
        await factory.RecordAllButAsync(schoolId, cycle, 1);
        using (var submit = await head.PostFormAsync($"/{Kestrel}/progress/{urn}/submit", new Dictionary<string, string>(), $"/{Kestrel}/progress/{urn}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        }
        var file = Assert.Single(await factory.FilesAsync(schoolId));

        var page = await head.GetDocumentAsync(url);
        using var remove = await head.PostFormAsync($"{url}/files/{file.Id}/remove", new Dictionary<string, string>(), url);

        Assert.Null(page.QuerySelector("#EvidenceFile"));
        Assert.Empty(page.QuerySelectorAll("#evidence-table form"));
        Assert.Contains(page.QuerySelectorAll("#evidence-table a"), a => a.GetAttribute("href") == link);
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        Assert.Equal("This return has been submitted. Ask a trust administrator to reopen it to make changes", (await head.GetDocumentAsync(url)).QuerySelector("#problem-message")!.TextContent.Trim());
        Assert.Single(await factory.FilesAsync(schoolId));
        using var download = await head.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
    }

    [Fact]
    public async Task Criterion_page_issues_as_many_queries_with_five_files_as_with_one()
    {
        var (_, urn, criterion, head, url) = await HeadWithFormAsync();
        await head.AddPdfAsync(Kestrel, urn, criterion, "one.pdf");
        await head.GetDocumentAsync(url);
        factory.Queries.Reset();
        await head.GetDocumentAsync(url);
        var withOne = factory.Queries.Count;

        for (var i = 2; i <= 5; i++)
        {
            await head.AddPdfAsync(Kestrel, urn, criterion, $"file {i}.pdf");
        }
        factory.Queries.Reset();
        var page = await head.GetDocumentAsync(url);
        var withFive = factory.Queries.Count;

        Assert.Equal(5, page.QuerySelectorAll("#evidence-table tbody tr").Length);
        Assert.Equal(withOne, withFive);
    }
}
