using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.Progress;
using static TrustPortal.Web.Tests.Progress.EvidenceTestData;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;

namespace TrustPortal.Web.Tests.Reliability;

/// Uploads larger than the limits and file names that try to leave the file store.
[Collection(SharedPortal.Name)]
public sealed class HostileUploadTests(PortalFactory factory)
{
    private string StoreRoot => factory.Services.GetRequiredService<IConfiguration>()["Files:Root"]!;

    private async Task<(int SchoolId, HttpClient Head, string Url)> HeadWithFormAsync()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        return (schoolId, head, $"/{Kestrel}/progress/{urn}/criteria/{cycle.CriterionIds[0]}");
    }

    [Fact]
    public async Task An_evidence_file_over_the_limit_is_refused_on_the_form_with_the_typed_text_kept_and_nothing_saved()
    {
        var (schoolId, head, url) = await HeadWithFormAsync();
        var fields = FormFields(await head.GetDocumentAsync(url), Entry(done: "Typed before the big file"));

        using var response = await head.PostWithFileAsync(url, fields, Pdf(11 * 1024 * 1024), "Scan of every book.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains("must be 10 MB or smaller", page.FileError()!.TextContent, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll(".govuk-error-summary a"), a => a.GetAttribute("href") == "#EvidenceFile");
        Assert.Contains("Typed before the big file", page.QuerySelector("main form")!.InnerHtml, StringComparison.Ordinal);
        Assert.Empty(await factory.UpdatesAsync(schoolId));
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_gets_a_page_saying_the_form_expired_not_an_empty_400()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, Kestrel);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = "123456", ["Form.Name"] = "x" });

        using var response = await admin.PostAsync(new Uri("/admin/branding", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Equal("The form has expired", page.QuerySelector("main h1")!.TextContent.Trim());
        Assert.Contains("Nothing was saved", page.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_body_that_cannot_be_read_gets_a_page_saying_so_not_a_404()
    {
        var client = factory.CreateSecureClient();
        var token = await client.TokenFromAsync("/account/sign-in");
        using var content = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes("Email=a%00b&Password=x&__RequestVerificationToken=" + Uri.EscapeDataString(token)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");

        using var response = await client.PostAsync(new Uri("/account/sign-in", UriKind.Relative), content);

        Assert.True((int)response.StatusCode is 400 or 200, $"answered {(int)response.StatusCode}");
        var page = await response.ReadDocumentAsync();
        Assert.DoesNotContain("problem with the portal", page.QuerySelector("main h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_logo_over_the_request_limit_gets_a_friendly_too_large_page_and_the_logo_is_unchanged()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, Kestrel);
        var before = await LogoKeyAsync();
        admin.DefaultRequestHeaders.Referrer = new Uri("https://localhost/admin/branding");
        var png = new byte[3 * 1024 * 1024];
        Png().CopyTo(png, 0);

        using var response = await UploadLogoAsync(admin, png, "huge.png");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Equal("The file is too large", page.QuerySelector("main h1")!.TextContent.Trim());
        Assert.Contains("logo up to 1 MB", page.MainText(), StringComparison.Ordinal);
        Assert.Equal("/admin/branding", page.QuerySelector("main a[href^='/']")!.GetAttribute("href"));
        Assert.Equal(before, await LogoKeyAsync());
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("..\\..\\..\\x.pdf", "x.pdf")]
    [InlineData("/etc/cron.d/evil.pdf", "evil.pdf")]
    [InlineData("evil\0.pdf\0.exe", "evil.pdf.exe.pdf")] // the bytes are a PDF: the name ends as one (issue 18, item 1)
    [InlineData("....//....//report.pdf", "report.pdf")]
    [InlineData("<script>alert(1)<\\script>.pdf", "script.pdf")]
    public async Task An_evidence_file_name_with_path_tricks_is_stored_sanitised_and_nothing_is_written_outside_the_store(string name, string stored)
    {
        var (schoolId, head, url) = await HeadWithFormAsync();
        var outside = Directory.GetParent(StoreRoot)!.FullName;
        var filesOutsideBefore = Directory.GetFiles(outside).Length;

        using var response = await head.PostWithFileAsync(url, FormFields(await head.GetDocumentAsync(url), Entry()), Pdf(), name);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var file = Assert.Single(await factory.FilesAsync(schoolId));
        Assert.Equal(stored, file.OriginalName);
        Assert.Matches("^[0-9a-f]{32}\\.pdf$", file.StoredKey);
        Assert.True(File.Exists(Path.Combine(StoreRoot, file.StoredKey)));
        Assert.Equal(filesOutsideBefore, Directory.GetFiles(outside).Length);
        Assert.DoesNotContain(Directory.GetFiles(StoreRoot), f => !System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(f), "^[0-9a-f]{32}\\.[a-z0-9]{1,8}$"));
        var page = await head.GetAsync(new Uri(url, UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../../../tmp/logo.png")]
    [InlineData("..\\..\\logo.png")]
    [InlineData("logo\0.png")]
    public async Task A_logo_with_a_path_in_its_name_is_stored_under_a_key_the_store_makes(string name)
    {
        var (trust, admin) = await AdminOfOwnTrustAsync();
        var outside = Directory.GetParent(StoreRoot)!.FullName;
        var filesOutsideBefore = Directory.GetFiles(outside).Length;

        using var response = await UploadLogoAsync(admin, Png(), name);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var key = await ContentTrustReadAsync(db => db.Trusts.Where(t => t.Slug == trust).Select(t => t.LogoKey).SingleAsync());
        Assert.Matches("^[0-9a-f]{32}\\.png$", key);
        Assert.True(File.Exists(Path.Combine(StoreRoot, key!)));
        Assert.Equal(filesOutsideBefore, Directory.GetFiles(outside).Length);
    }

    private async Task<(string Slug, HttpClient Admin)> AdminOfOwnTrustAsync()
    {
        var trust = await AdminContent.ContentTrust.CreateAsync(factory);
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        return (trust.Slug, client);
    }

    private Task<T> ContentTrustReadAsync<T>(Func<TrustPortalDbContext, Task<T>> read) => AdminContent.ContentTrust.ReadAsync(factory, read);

    private Task<string?> LogoKeyAsync() => ContentTrustReadAsync(db => db.Trusts.Where(t => t.Slug == Kestrel).Select(t => t.LogoKey).SingleAsync());

    private static async Task<HttpResponseMessage> UploadLogoAsync(HttpClient client, byte[] bytes, string fileName)
    {
        var token = await client.TokenFromAsync("/admin/branding");
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"logo\"", FileNameStar = fileName };
        content.Add(file);
        return await client.PostAsync(new Uri("/admin/branding/logo", UriKind.Relative), content);
    }
}
