using System.Net;
using System.Text;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.SchoolAdmin;

namespace TrustPortal.Web.Tests.SchoolImport;

[Collection(SharedPortal.Name)]
public sealed class ImportPageTests(PortalFactory factory)
{
    private static string SamplePath() => Path.Combine(SeedDocuments.Folder(), "..", "data", "gias", "edubasealldata-sample.csv");

    /// A trust of its own for each test, so imported schools touch no other test's data.
    private async Task<(string Slug, int Id)> NewTrustAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trust = new Trust($"gias-test-{Guid.NewGuid():N}"[..20], "GIAS Test Trust");
        db.Trusts.Add(trust);
        await db.SaveChangesAsync();
        return (trust.Slug, trust.Id);
    }

    private async Task<List<School>> SchoolsOfAsync(int trustId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Schools.AsNoTracking().Where(s => s.TrustId == trustId).ToListAsync();
    }

    /// Uploads as the form does; with neither a trust nor URNs it ticks "Preview every row" unless told not to.
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[]? file, string fileName = "edubasealldata.csv", string group = "", string urns = "", bool? allRows = null)
    {
        var token = await client.TokenFromAsync("/admin/schools/import");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(group), "Form.Group" },
            { new StringContent(urns), "Form.Urns" },
        };
        if (allRows ?? (group.Length == 0 && urns.Length == 0))
        {
            content.Add(new StringContent("true"), "Form.AllRows");
        }
        if (file is not null)
        {
            var part = new ByteArrayContent(file);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            content.Add(part, "Form.File", fileName);
        }
        return await client.PostAsync(new Uri("/admin/schools/import", UriKind.Relative), content);
    }

    private static async Task<string> PreviewUrlAsync(HttpClient client, byte[] file, string group = "", string urns = "")
    {
        using var response = await UploadAsync(client, file, group: group, urns: urns);
        Assert.True(HttpStatusCode.Redirect == response.StatusCode, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/admin/schools/import/[0-9a-f]{32}$", location);
        return location;
    }

    private static string Count(IDocument page, string label) =>
        page.QuerySelectorAll("#import-counts .govuk-summary-list__row")
            .Single(r => r.QuerySelector("dt")!.TextContent == label).QuerySelector("dd")!.TextContent;

    [Fact]
    public async Task The_real_sample_is_previewed_with_rows_11_to_20_rejected_and_nothing_written_then_confirming_writes_every_readable_school()
    {
        var (slug, trustId) = await NewTrustAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var preview = await PreviewUrlAsync(admin, await File.ReadAllBytesAsync(SamplePath()));
        var page = await admin.GetDocumentAsync(preview);

        var rejected = page.QuerySelectorAll("#rejected tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToList();
        var wrongLength = rejected.Where(r => r[2] == "has 135 fields where the header has 120").Select(r => int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(11, 10), wrongLength);
        Assert.Contains(rejected, r => r[0] == "20" && r[1] == "105135");
        Assert.Contains(rejected, r => r[1] == "100001" && r[2].Contains("not a phase the portal knows", StringComparison.Ordinal));
        var toAdd = int.Parse(Count(page, "Schools to add"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(rejected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Count(page, "Rows rejected (never imported)"));
        Assert.Equal(19, toAdd + rejected.Count);
        Assert.Contains("Sir John Cass's Foundation Primary School, URN 100000", page.MainText(), StringComparison.Ordinal);
        Assert.Contains("Diocese of London", page.MainText(), StringComparison.Ordinal);
        Assert.Empty(await SchoolsOfAsync(trustId));

        var report = await admin.GetStringAsync(new Uri(preview + "/report", UriKind.Relative));
        Assert.Contains("REJECT row 11 (URN", report, StringComparison.Ordinal);

        using var confirm = await admin.PostFormAsync(preview + "/confirm", new Dictionary<string, string>(), tokenPage: preview);
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Equal("/admin/schools", confirm.Headers.Location!.OriginalString);
        var schools = await SchoolsOfAsync(trustId);
        Assert.Equal(toAdd, schools.Count);
        Assert.Equal(276, schools.Single(s => s.Urn == 100000).PupilsOnRoll);
        Assert.DoesNotContain(schools, s => s.Urn == 105135);
        var list = await admin.GetDocumentAsync("/admin/schools");
        Assert.Contains($"{toAdd} added, 0 updated, 0 unchanged; {rejected.Count} rejected rows were not imported", list.MainText(), StringComparison.Ordinal);

        // The upload is gone once confirmed: it cannot be imported twice.
        using var again = await admin.GetAsync(new Uri(preview, UriKind.Relative));
        Assert.Equal("/admin/schools/import", again.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Confirming_recomputes_the_plan_against_the_database_at_that_moment()
    {
        var (slug, trustId) = await NewTrustAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var (a, b) = (SchoolAdminTests.NewUrn(), SchoolAdminTests.NewUrn());
        var csv = Encoding.Latin1.GetBytes($"URN,EstablishmentName,PhaseOfEducation (name),StatutoryLowAge,StatutoryHighAge\r\n{a},Alpha Primary,Primary,4,11\r\n{b},Beta Primary,Primary,4,11\r\n");
        var preview = await PreviewUrlAsync(admin, csv);
        Assert.Equal("2", Count(await admin.GetDocumentAsync(preview), "Schools to add"));
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            db.Schools.Add(new School(trustId, b, "Beta Primary (added meanwhile)", Phase.Primary));
            await db.SaveChangesAsync();
        }
        var updated = await admin.GetDocumentAsync(preview);
        Assert.Equal("1", Count(updated, "Schools to update"));
        Assert.Contains("Beta Primary (added meanwhile)", updated.MainText(), StringComparison.Ordinal);

        using var confirm = await admin.PostFormAsync(preview + "/confirm", new Dictionary<string, string>(), tokenPage: preview);
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        var schools = await SchoolsOfAsync(trustId);
        Assert.Equal(["Alpha Primary", "Beta Primary"], schools.OrderBy(s => s.Name).Select(s => s.Name));
        Assert.Contains("1 added, 1 updated", (await admin.GetDocumentAsync("/admin/schools")).MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_group_and_urn_filters_choose_the_rows_and_a_bad_urn_list_is_refused_with_the_input_kept()
    {
        var (slug, trustId) = await NewTrustAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var (a, b) = (SchoolAdminTests.NewUrn(), SchoolAdminTests.NewUrn());
        var csv = Encoding.Latin1.GetBytes($"URN,EstablishmentName,PhaseOfEducation (name),Trusts (name),Trusts (code)\r\n{a},Alpha Academy,Primary,ABBEY ACADEMIES TRUST,2044\r\n{b},Beta Academy,Secondary,OTHER TRUST,9999\r\n");
        var page = await admin.GetDocumentAsync(await PreviewUrlAsync(admin, csv, group: "2044"));
        Assert.Equal(("1", "1"), (Count(page, "Schools to add"), Count(page, "Rows not selected by the filter")));
        Assert.Contains("Alpha Academy", page.MainText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Beta Academy", page.MainText(), StringComparison.Ordinal);

        using var bad = await UploadAsync(admin, csv, group: "ABBEY ACADEMIES TRUST", urns: $"{a}, 12x456");
        var doc = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(await bad.Content.ReadAsStringAsync(), CancellationToken.None);
        Assert.Contains("\"12x456\" is not a six-digit URN", doc.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("ABBEY ACADEMIES TRUST", doc.QuerySelector("#Form_Group")!.GetAttribute("value"));
        Assert.Equal($"{a}, 12x456", doc.QuerySelector("#Form_Urns")!.TextContent);
        Assert.Empty(await SchoolsOfAsync(trustId));
    }

    [Fact]
    public async Task A_preview_needs_the_trusts_name_or_uid_or_an_explicit_choice_of_every_row()
    {
        var (slug, trustId) = await NewTrustAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        using var response = await UploadAsync(admin, await File.ReadAllBytesAsync(SamplePath()), allRows: false);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(), CancellationToken.None);
        var link = doc.QuerySelector(".govuk-error-summary a")!;
        Assert.Equal("#Form_Group", link.GetAttribute("href"));
        Assert.Equal("Enter your trust's name or UID as GIAS writes it, or choose to preview every row in the file", link.TextContent.Trim());
        Assert.Empty(await SchoolsOfAsync(trustId));

        // The trust's group UID alone is enough.
        var preview = await PreviewUrlAsync(admin, await File.ReadAllBytesAsync(SamplePath()), group: "17729");
        var page = await admin.GetDocumentAsync(preview);
        Assert.Equal("0", Count(page, "Schools to add"));
        Assert.NotEqual("0", Count(page, "Rows not selected by the filter"));
    }

    [Theory]
    [InlineData(null, "edubasealldata.csv", "Select a GIAS edubasealldata CSV extract")]
    [InlineData("", "edubasealldata.csv", "The selected file is empty")]
    [InlineData("URN,EstablishmentName\r\n", "schools.xlsx", "The selected file must be a CSV file")]
    [InlineData("Name,Town\r\nA School,Anytown\r\n", "schools.csv", "This is not a GIAS establishments extract: the header has no URN or EstablishmentName column.")]
    public async Task A_file_that_is_missing_empty_or_not_an_extract_is_refused_with_a_clear_message(string? content, string fileName, string message)
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using var response = await UploadAsync(admin, content is null ? null : Encoding.Latin1.GetBytes(content), fileName, group: "Kept group");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(), CancellationToken.None);
        var link = doc.QuerySelector(".govuk-error-summary a")!;
        Assert.Equal("#Form_File", link.GetAttribute("href"));
        Assert.Contains(message, link.TextContent, StringComparison.Ordinal);
        Assert.Contains("Form_File-error", doc.QuerySelector("#Form_File")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Equal("Kept group", doc.QuerySelector("#Form_Group")!.GetAttribute("value"));
    }

    [Fact]
    public async Task An_upload_is_seen_and_confirmed_only_by_the_administrator_who_made_it_and_expires_after_an_hour()
    {
        var (slug, trustId) = await NewTrustAsync();
        var (owner, _, ownerEmail, ownerKey) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var urn = SchoolAdminTests.NewUrn();
        var preview = await PreviewUrlAsync(owner, Encoding.Latin1.GetBytes($"URN,EstablishmentName,PhaseOfEducation (name)\r\n{urn},Gamma Primary,Primary\r\n"));

        var (colleague, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var (stranger, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        foreach (var other in new[] { colleague, stranger })
        {
            using var get = await other.GetAsync(new Uri(preview, UriKind.Relative));
            Assert.Equal("/admin/schools/import", get.Headers.Location!.OriginalString);
            await AssertRefusedBesideTheFileAsync(await other.PostFormAsync(preview + "/confirm", new Dictionary<string, string>(), tokenPage: "/admin/schools/import"));
        }
        Assert.Empty(await SchoolsOfAsync(trustId));
        await owner.GetDocumentAsync(preview);

        factory.Clock.Advance(TimeSpan.FromMinutes(61));
        var later = factory.CreateSecureClient();
        await later.SignInWithMfaAsync(factory, ownerEmail, ownerKey!);
        await AssertRefusedBesideTheFileAsync(await later.PostFormAsync(preview + "/confirm", new Dictionary<string, string>(), tokenPage: "/admin/schools/import"));
        using var expired = await later.GetAsync(new Uri(preview, UriKind.Relative));
        Assert.Equal("/admin/schools/import", expired.Headers.Location!.OriginalString);
        Assert.Contains("has expired", (await later.GetDocumentAsync("/admin/schools/import")).MainText(), StringComparison.Ordinal);
        Assert.Empty(await SchoolsOfAsync(trustId));
    }

    /// A confirmation of an upload that has gone (expired, imported, or another person's) is the upload form again,
    /// the reason beside its file input.
    private static async Task AssertRefusedBesideTheFileAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var doc = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(), CancellationToken.None);
            const string Message = "That upload has expired or has already been imported: upload the file again";
            Assert.Equal(Message, doc.QuerySelector(".govuk-error-summary a[href='#Form_File']")!.TextContent.Trim());
            Assert.Contains(Message, doc.QuerySelector("#Form_File-error")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("/admin/schools/import", doc.QuerySelector("form[enctype='multipart/form-data']")!.GetAttribute("action"));
        }
    }

    [Fact]
    public async Task Confirming_a_second_upload_of_the_same_schools_imports_nothing_and_says_so()
    {
        var (slug, trustId) = await NewTrustAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var urn = SchoolAdminTests.NewUrn();
        var csv = Encoding.Latin1.GetBytes($"URN,EstablishmentName,PhaseOfEducation (name),StatutoryLowAge,StatutoryHighAge\r\n{urn},Delta Primary,Primary,4,11\r\n");
        var first = await PreviewUrlAsync(admin, csv);
        var second = await PreviewUrlAsync(admin, csv);
        using (var confirm = await admin.PostFormAsync(first + "/confirm", new Dictionary<string, string>(), tokenPage: first))
        {
            Assert.Equal("/admin/schools", confirm.Headers.Location!.OriginalString);
        }
        Assert.Equal("Imported edubasealldata.csv: 1 added, 0 updated, 0 unchanged",
            (await admin.GetDocumentAsync("/admin/schools")).QuerySelector("#success-message")!.TextContent.Trim());

        // The second preview was made before the first was confirmed; confirmed now, it finds every school up to date.
        using (var again = await admin.PostFormAsync(second + "/confirm", new Dictionary<string, string>(), tokenPage: "/admin/schools/import"))
        {
            Assert.Equal("/admin/schools", again.Headers.Location!.OriginalString);
        }
        Assert.Equal("Nothing was imported: every readable school is already up to date",
            (await admin.GetDocumentAsync("/admin/schools")).QuerySelector("#success-message")!.TextContent.Trim());
        Assert.Equal(["Delta Primary"], (await SchoolsOfAsync(trustId)).Select(s => s.Name));
        // Either way the upload is gone.
        using var gone = await admin.GetAsync(new Uri(second, UriKind.Relative));
        Assert.Equal("/admin/schools/import", gone.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Headteacher)]
    [InlineData(Roles.Trustee)]
    public async Task Other_roles_cannot_upload_preview_or_confirm_an_import(string role)
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(role);
        var token = new string('a', 32);
        foreach (var url in new[] { "/admin/schools/import", $"/admin/schools/import/{token}", $"/admin/schools/import/{token}/report" })
        {
            using var get = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        }
        var antiforgery = await client.TokenFromAsync("/me");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(antiforgery), "__RequestVerificationToken" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(SamplePath())), "Form.File", "edubasealldata.csv" },
        };
        using var upload = await client.PostAsync(new Uri("/admin/schools/import", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        using var confirm = await client.PostFormAsync($"/admin/schools/import/{token}/confirm", new Dictionary<string, string>(), tokenPage: "/me");
        Assert.Equal(HttpStatusCode.Forbidden, confirm.StatusCode);
        var trustId = await factory.TrustIdAsync();
        Assert.DoesNotContain(await SchoolsOfAsync(trustId), s => s.Urn == 100000);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_an_upload_without_a_token_is_refused()
    {
        var anonymous = factory.CreateSecureClient();
        using var get = await anonymous.GetAsync(new Uri("/admin/schools/import", UriKind.Relative));
        Assert.Contains("/account/sign-in", get.Headers.Location!.ToString(), StringComparison.Ordinal);

        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using var content = new MultipartFormDataContent { { new ByteArrayContent(Encoding.Latin1.GetBytes("URN,EstablishmentName\r\n")), "Form.File", "x.csv" } };
        using var post = await admin.PostAsync(new Uri("/admin/schools/import", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
    }
}
