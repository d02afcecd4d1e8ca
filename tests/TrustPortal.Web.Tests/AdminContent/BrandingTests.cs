using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Features.Branding;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.AdminContent;

[Collection(SharedPortal.Name)]
public sealed class BrandingTests(PortalFactory factory)
{
    private static readonly HtmlParser Parser = new();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    private async Task<(ContentTrust Trust, HttpClient Admin)> AdminOfNewTrustAsync()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        return (trust, client);
    }

    private static async Task<Dictionary<string, string>> FormAsync(HttpClient client, string name, string strapline, string colour)
    {
        var page = await client.GetDocumentAsync("/admin/branding");
        return new Dictionary<string, string>
        {
            ["Form.Name"] = name, ["Form.Strapline"] = strapline, ["Form.BrandColour"] = colour,
            ["Form.Version"] = page.QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!,
        };
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string fileName, string claimedType)
    {
        var token = await client.TokenFromAsync("/admin/branding");
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(claimedType);
        content.Add(file, "logo", fileName);
        return await client.PostAsync(new Uri("/admin/branding/logo", UriKind.Relative), content);
    }

    private Task<(string Name, string? Strapline, string Colour, string? Logo)> TrustAsync(ContentTrust trust) =>
        ContentTrust.ReadAsync(factory, db => db.Trusts.Where(t => t.Id == trust.Id).Select(t => ValueTuple.Create(t.Name, t.Strapline, t.BrandColour, t.LogoKey)).SingleAsync());

    [Fact]
    public async Task Saving_branding_changes_the_header_and_the_brand_stylesheet_at_once()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        using var response = await admin.PostFormAsync("/admin/branding", await FormAsync(admin, "Renamed Learning Trust", "Learning together", "#0b0c0c"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(("Renamed Learning Trust", "Learning together", "#0b0c0c", (string?)null), await TrustAsync(trust));
        var anonymous = factory.CreateSecureClient();
        var home = await anonymous.GetDocumentAsync($"/{trust.Slug}");
        Assert.Equal("Renamed Learning Trust", home.QuerySelector(".govuk-generic-header__homepage-link")!.TextContent.Trim());
        Assert.Contains("Learning together", home.QuerySelector(".app-strapline")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/{trust.Slug}/brand.css?c=0b0c0c", home.QuerySelector("link[href*='brand.css']")!.GetAttribute("href"));
        using var css = await anonymous.GetAsync(new Uri($"/{trust.Slug}/brand.css?c=0b0c0c", UriKind.Relative));
        Assert.Contains("#0b0c0c", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#ffdd00", "4.5:1")]
    [InlineData("yellow", "six hexadecimal digits")]
    public async Task A_colour_that_white_text_cannot_be_read_on_is_refused_with_the_input_kept(string colour, string message)
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        using var response = await admin.PostFormAsync("/admin/branding", await FormAsync(admin, "Kept name", "Kept strapline", colour));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, page.QuerySelector(".govuk-error-summary a[href='#Form_BrandColour']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(colour, page.QuerySelector("#Form_BrandColour")!.GetAttribute("value"));
        Assert.Equal("Kept name", page.QuerySelector("#Form_Name")!.GetAttribute("value"));
        Assert.Equal("#1d4f76", (await TrustAsync(trust)).Colour);
    }

    [Fact]
    public async Task An_empty_or_too_long_name_is_refused()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        using var response = await admin.PostFormAsync("/admin/branding", await FormAsync(admin, "", new string('s', 301), "#1d4f76"));
        var page = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.NotNull(page.QuerySelector(".govuk-error-summary a[href='#Form_Name']"));
        Assert.NotNull(page.QuerySelector(".govuk-error-summary a[href='#Form_Strapline']"));
        Assert.StartsWith("Content Test Trust", (await TrustAsync(trust)).Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_save_over_another_administrators_is_refused_with_theirs_shown()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        var (other, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        var mine = await FormAsync(admin, "My name", "Mine", "#1d4f76");
        using (var first = await other.PostFormAsync("/admin/branding", await FormAsync(other, "Their name", "Theirs", "#0b0c0c")))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }
        using var second = await admin.PostFormAsync("/admin/branding", mine);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = Parser.ParseDocument(await second.Content.ReadAsStringAsync());
        Assert.Contains(BrandingController.ConflictMessage, page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Their name", page.QuerySelector("#their-version")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("My name", page.QuerySelector("#Form_Name")!.GetAttribute("value"));
        Assert.Equal("Their name", (await TrustAsync(trust)).Name);
    }

    [Fact]
    public async Task A_png_logo_is_stored_served_with_its_type_and_shown_in_the_header()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        using (var response = await UploadAsync(admin, Png, "logo.png", "image/png"))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        var anonymous = factory.CreateSecureClient();
        using var logo = await anonymous.GetAsync(new Uri($"/{trust.Slug}/logo", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, logo.StatusCode);
        Assert.Equal("image/png", logo.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Png, await logo.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", logo.Headers.GetValues("X-Content-Type-Options").Single());
        var home = await anonymous.GetDocumentAsync($"/{trust.Slug}");
        Assert.NotNull(home.QuerySelector($"header img[src='/{trust.Slug}/logo']"));

        using (var response = await admin.PostFormAsync("/admin/branding/logo/remove", new Dictionary<string, string>(), "/admin/branding"))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        Assert.Null((await TrustAsync(trust)).Logo);
        using var gone = await anonymous.GetAsync(new Uri($"/{trust.Slug}/logo", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "logo.svg", "image/svg+xml")]
    [InlineData("<html><script>alert(1)</script></html>", "logo.png", "image/png")]
    public async Task A_file_that_is_not_a_raster_image_is_refused_whatever_its_name(string body, string name, string type)
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        using var response = await UploadAsync(admin, System.Text.Encoding.UTF8.GetBytes(body), name, type);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        var page = Parser.ParseDocument(html);
        Assert.True(page.QuerySelector(".govuk-error-summary") is not null, html);
        var link = page.QuerySelector(".govuk-error-summary a[href='#logo']");
        Assert.True(link is not null, page.QuerySelector(".govuk-error-summary")!.OuterHtml);
        Assert.Contains("SVG is not accepted", link.TextContent, StringComparison.Ordinal);
        Assert.Null((await TrustAsync(trust)).Logo);
    }

    [Fact]
    public async Task A_logo_over_one_megabyte_is_refused()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        var big = new byte[BrandingController.MaxLogoBytes + 1];
        Png.CopyTo(big, 0);
        using var response = await UploadAsync(admin, big, "big.png", "image/png");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("1 MB or smaller", html, StringComparison.Ordinal);
        Assert.Null((await TrustAsync(trust)).Logo);
    }

    private string StoredAt(string key) =>
        Path.Combine(factory.Services.GetRequiredService<IConfiguration>()["Files:Root"]!, key);

    /// How many files the store holds (none before the first is stored).
    private int StoredFiles() => Directory.Exists(Path.GetDirectoryName(StoredAt("x"))) ? Directory.GetFiles(Path.GetDirectoryName(StoredAt("x"))!).Length : 0;

    private static async Task<string?> BannerAsync(HttpClient client, HttpResponseMessage response, string selector)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/branding", response.Headers.Location!.OriginalString);
        return (await client.GetDocumentAsync("/admin/branding")).QuerySelector(selector)?.TextContent.Trim();
    }

    [Fact]
    public async Task A_new_logo_replaces_the_old_one_whose_file_is_deleted_and_removing_it_deletes_its_file()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        using (var first = await UploadAsync(admin, Png, "first.png", "image/png"))
        {
            Assert.Equal("Logo uploaded", await BannerAsync(admin, first, "#success-message"));
        }
        var firstKey = (await TrustAsync(trust)).Logo!;
        Assert.True(File.Exists(StoredAt(firstKey)));

        using (var second = await UploadAsync(admin, Png, "second.png", "image/png"))
        {
            Assert.Equal("Logo uploaded", await BannerAsync(admin, second, "#success-message"));
        }
        var secondKey = (await TrustAsync(trust)).Logo!;
        Assert.NotEqual(firstKey, secondKey);
        Assert.False(File.Exists(StoredAt(firstKey)));
        Assert.True(File.Exists(StoredAt(secondKey)));

        using (var removed = await admin.PostFormAsync("/admin/branding/logo/remove", new Dictionary<string, string>(), "/admin/branding"))
        {
            Assert.Equal("Logo removed", await BannerAsync(admin, removed, "#success-message"));
        }
        Assert.Null((await TrustAsync(trust)).Logo);
        Assert.False(File.Exists(StoredAt(secondKey)));
    }

    [Fact]
    public async Task Logos_uploaded_at_the_same_moment_all_land_and_only_the_last_ones_file_is_kept()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        var before = StoredFiles();

        var uploads = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => UploadAsync(admin, Png, $"logo-{i}.png", "image/png")));

        foreach (var response in uploads)
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            }
        }
        var kept = (await TrustAsync(trust)).Logo!;
        Assert.True(File.Exists(StoredAt(kept)));
        Assert.Equal(before + 1, StoredFiles());
    }

    [Fact]
    public async Task Removing_the_logo_when_there_is_none_says_it_is_removed_and_changes_nothing_else()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        var before = await TrustAsync(trust);
        using var removed = await admin.PostFormAsync("/admin/branding/logo/remove", new Dictionary<string, string>(), "/admin/branding");
        Assert.Equal("Logo removed", await BannerAsync(admin, removed, "#success-message"));
        Assert.Equal(before, await TrustAsync(trust));
    }

    [Fact]
    public async Task Uploading_with_no_file_chosen_keeps_the_page_with_the_error_beside_the_logo_input_and_the_logo_unchanged()
    {
        var (trust, admin) = await AdminOfNewTrustAsync();
        using (var first = await UploadAsync(admin, Png, "kept.png", "image/png"))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }
        var kept = (await TrustAsync(trust)).Logo!;
        var token = await admin.TokenFromAsync("/admin/branding");
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };

        using var response = await admin.PostAsync(new Uri("/admin/branding/logo", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("Choose an image file for the logo", page.QuerySelector(".govuk-error-summary a[href='#logo']")!.TextContent.Trim());
        Assert.Equal((await TrustAsync(trust)).Name, page.QuerySelector("#Form_Name")!.GetAttribute("value"));
        Assert.Equal(kept, (await TrustAsync(trust)).Logo);
        Assert.True(File.Exists(StoredAt(kept)));
    }

    [Fact]
    public async Task A_refused_logo_leaves_no_file_in_the_store()
    {
        var (_, admin) = await AdminOfNewTrustAsync();
        var before = StoredFiles();
        using var response = await UploadAsync(admin, System.Text.Encoding.UTF8.GetBytes("<svg/>"), "logo.png", "image/png");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, StoredFiles());
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Headteacher)]
    [InlineData(Roles.Trustee)]
    public async Task Other_roles_cannot_change_the_branding(string role)
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (client, _, _, _) = await factory.SignedInClientAsync(role, trust.Slug);
        await client.GetDocumentAsync("/admin/branding", HttpStatusCode.Forbidden);
        using (var r = await client.PostFormAsync("/admin/branding", new Dictionary<string, string> { ["Form.Name"] = "Hacked", ["Form.BrandColour"] = "#000000" }, "/me"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        using (var r = await client.PostFormAsync("/admin/branding/logo/remove", new Dictionary<string, string>(), "/me"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        Assert.StartsWith("Content Test Trust", (await TrustAsync(trust)).Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        using var response = await factory.CreateSecureClient().GetAsync(new Uri("/admin/branding", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_changes_only_their_own_trusts_branding()
    {
        var (mine, admin) = await AdminOfNewTrustAsync();
        var other = await ContentTrust.CreateAsync(factory);
        using (await admin.PostFormAsync("/admin/branding", await FormAsync(admin, "Only mine", "", "#1d4f76")))
        {
        }
        Assert.Equal("Only mine", (await TrustAsync(mine)).Name);
        Assert.StartsWith("Content Test Trust", (await TrustAsync(other)).Name, StringComparison.Ordinal);
    }
}
