using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.UserImport;

/// A portal of its own: the imports add a thousand people to a trust, which the shared portal's tests should not see.
public sealed class UserImportPortalFactory : PortalFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["UserImport:SenderEnabled"] = "true";
            settings["UserImport:PollInterval"] = "00:00:01";
            return settings;
        }
    }
}

/// Bulk onboarding at /admin/users/import (issue 15, part 3; ADR 0149).
public sealed class UserImportTests(UserImportPortalFactory factory) : IClassFixture<UserImportPortalFactory>
{
    private const string Trust = "create-partnership-trust";

    private async Task<IReadOnlyList<int>> UrnsAsync(string slug = Trust)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await factory.TrustIdAsync(slug);
        return await db.Schools.Where(s => s.TrustId == trustId && !s.IsArchived).OrderBy(s => s.Urn).Select(s => s.Urn).ToListAsync();
    }

    private async Task<T> ReadAsync<T>(Func<TrustPortalDbContext, Task<T>> read)
    {
        using var scope = factory.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>());
    }

    /// Uploads a file as a browser does; returns the preview page's address.
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string fileName = "people.csv")
    {
        var token = await client.TokenFromAsync("/admin/users/import");
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"Form.File\"", FileName = $"\"{fileName}\"" };
        content.Add(file);
        return await client.PostAsync(new Uri("/admin/users/import", UriKind.Relative), content);
    }

    private static async Task<string> PreviewAddressAsync(HttpClient client, string csv, string fileName = "people.csv")
    {
        // What Excel writes for "CSV UTF-8": a byte-order mark, then CRLF line ends.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal))).ToArray();
        using var response = await UploadAsync(client, bytes, fileName);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.OriginalString;
    }

    private static string Count(IDocument page, string id) => page.QuerySelector($"#{id}")!.TextContent.Trim();

    /// A thousand people: columns in an unusual order, names with commas and quotes; badRows puts a mistake on rows 101, 502 and 903.
    private static string Thousand(string domain, IReadOnlyList<int> urns, bool badRows)
    {
        var csv = new StringBuilder("email,Role,Schools,Name\n");
        for (var i = 0; i < 1000; i++)
        {
            var row = i + 2;
            var email = badRows && row == 101 ? "not-an-address" : $"person{i:D4}@{domain}";
            var role = badRows && row == 903 ? "Caretaker" : i % 50 == 0 ? "Headteacher" : i % 97 == 0 ? "Trustee" : "Staff";
            var schools = role == "Trustee" ? "" : badRows && row == 502 ? "999999" : string.Join(";", urns.Skip(i % urns.Count).Take(1 + (i % 2)).Select(u => u.ToString(CultureInfo.InvariantCulture)));
            csv.Append(CultureInfo.InvariantCulture, $"{email},{role},\"{schools}\",\"Surname{i}, \"\"Jo\"\" {i}\"\n");
        }
        return csv.ToString();
    }

    [Fact]
    public async Task A_thousand_people_with_three_bad_rows_are_refused_by_row_number_then_the_corrected_list_sends_a_thousand_invitations()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, Trust);
        var urns = await UrnsAsync();
        var domain = $"import-{Guid.NewGuid():N}.test";

        var badPreview = await PreviewAddressAsync(admin, Thousand(domain, urns, badRows: true));
        var page = await admin.GetDocumentAsync(badPreview);
        Assert.Equal("3", Count(page, "count-rejected"));
        Assert.Null(page.QuerySelector("#confirm-import"));
        var summary = Pages.Collapse(page.QuerySelector(".govuk-error-summary")!.TextContent);
        Assert.Contains("3 rows cannot be imported, so nothing will be", summary, StringComparison.Ordinal);
        Assert.Contains("Row 101: \"not-an-address\" is not an e-mail address", summary, StringComparison.Ordinal);
        Assert.Contains("Row 502: No school of your trust has the URN 999999", summary, StringComparison.Ordinal);
        Assert.Contains("Row 903: \"Caretaker\" is not a role", summary, StringComparison.Ordinal);

        // Confirming anyway (a forged post) writes nothing: the preview again, its rows still the reason.
        using (var forced = await admin.PostFormAsync(badPreview + "/confirm", new Dictionary<string, string>(), badPreview))
        {
            Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
            var again = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await forced.Content.ReadAsStringAsync());
            Assert.Single(again.QuerySelectorAll(".govuk-error-summary"));
            Assert.Contains("Row 502: No school of your trust has the URN 999999", Pages.Collapse(again.QuerySelector(".govuk-error-summary")!.TextContent), StringComparison.Ordinal);
            Assert.Null(again.QuerySelector("#confirm-import"));
        }
        Assert.Equal(0, await ReadAsync(db => db.Users.CountAsync(u => u.Email!.EndsWith("@" + domain))));

        var goodPreview = await PreviewAddressAsync(admin, Thousand(domain, urns, badRows: false));
        page = await admin.GetDocumentAsync(goodPreview);
        Assert.Equal("1000", Count(page, "count-invite"));
        Assert.Equal("0", Count(page, "count-rejected"));
        Assert.Equal(0, await ReadAsync(db => db.Users.CountAsync(u => u.Email!.EndsWith("@" + domain))));
        var row2 = Pages.Collapse(page.QuerySelector("#row-2")!.TextContent);
        Assert.Contains("Surname0, \"Jo\" 0", row2, StringComparison.Ordinal);
        Assert.Contains("Invite", row2, StringComparison.Ordinal);

        using (var confirmed = await admin.PostFormAsync(goodPreview + "/confirm", new Dictionary<string, string>(), goodPreview))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
            Assert.Equal(goodPreview + "/progress", confirmed.Headers.Location!.OriginalString);
        }
        Assert.Equal(1000, await ReadAsync(db => db.Users.CountAsync(u => u.Email!.EndsWith("@" + domain))));

        // The progress page refreshes itself until every invitation has gone; the test waits for the sender, it times nothing.
        var deadline = DateTime.UtcNow.AddMinutes(5);
        string progress;
        while (true)
        {
            using var response = await admin.GetAsync(new Uri(goodPreview + "/progress", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            progress = Pages.Collapse(doc.QuerySelector("#import-progress")!.TextContent);
            if (progress.StartsWith("1000 of 1000", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                Assert.False(response.Headers.Contains("Refresh"));
                break;
            }
            Assert.True(response.Headers.Contains("Refresh"));
            await Task.Delay(500);
        }
        Assert.Equal("1000 of 1000 invitations sent.", progress);
        var invitations = factory.Emails.Sent.Where(m => m.To.EndsWith("@" + domain, StringComparison.Ordinal)).ToList();
        Assert.Equal(1000, invitations.Count);
        Assert.Equal(1000, invitations.Select(m => m.To).Distinct().Count());
        Assert.All(invitations, m => Assert.Contains("/account/invitation/", m.Body, StringComparison.Ordinal));
        Assert.Equal(1000, await ReadAsync(db => db.Invitations.Join(db.Users, i => i.UserId, u => u.Id, (i, u) => u.Email!).CountAsync(e => e.EndsWith("@" + domain))));
        // A head's schools are those of the file.
        var head = await ReadAsync(db => db.Users.Where(u => u.Email == $"person0000@{domain}")
            .Select(u => db.UserSchools.Where(l => l.UserId == u.Id).Join(db.Schools, l => l.SchoolId, s => s.Id, (l, s) => s.Urn).Count()).SingleAsync());
        Assert.Equal(1, head);
    }

    [Fact]
    public async Task A_pasted_list_updates_a_role_leaves_an_unchanged_person_alone_and_signs_the_changed_person_out()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, Trust);
        var (staff, staffId, staffEmail, _) = await factory.SignedInClientAsync(Roles.Staff, Trust);
        var (_, _, sameEmail, _) = await factory.SignedInClientAsync(Roles.Staff, Trust);
        var urn = (await UrnsAsync())[0];
        var newEmail = $"pasted-{Guid.NewGuid():N}@test.trustportal.test";
        var text = $"Name\tE-mail\tRole\tSchools\nNew Person\t{newEmail}\tstaff\t\nPromoted Person\t{staffEmail}\tHeadteacher\t{urn}\nSame Person\t{sameEmail}\tStaff\t\n";

        using var upload = await admin.PostFormAsync("/admin/users/import", new Dictionary<string, string> { ["Form.Text"] = text });
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var preview = upload.Headers.Location!.OriginalString;
        var page = await admin.GetDocumentAsync(preview);
        Assert.Equal(("1", "1", "1"), (Count(page, "count-invite"), Count(page, "count-update"), Count(page, "count-unchanged")));
        Assert.Contains("Role: Staff → Headteacher", Pages.Collapse(page.QuerySelector("#row-3")!.TextContent), StringComparison.Ordinal);
        Assert.Contains("No change", Pages.Collapse(page.QuerySelector("#row-4")!.TextContent), StringComparison.Ordinal);

        using (var confirmed = await admin.PostFormAsync(preview + "/confirm", new Dictionary<string, string>(), preview))
        {
            Assert.Equal(preview + "/progress", confirmed.Headers.Location!.OriginalString);
        }
        Assert.Matches("^Imported .+: 1 to invite, 1 updated, 1 unchanged$",
            (await admin.GetDocumentAsync(preview + "/progress")).QuerySelector("#success-message")!.TextContent.Trim());
        var role = await ReadAsync(db => db.UserRoles.Where(r => r.UserId == staffId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).SingleAsync());
        Assert.Equal(Roles.Headteacher, role);
        using var after = await staff.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        // The same preview cannot be confirmed twice.
        using var twice = await admin.PostFormAsync(preview + "/confirm", new Dictionary<string, string>(), preview + "/progress");
        Assert.Equal(preview + "/progress", twice.Headers.Location!.OriginalString);
        Assert.Equal(1, await ReadAsync(db => db.Users.CountAsync(u => u.Email == newEmail)));
    }

    [Fact]
    public async Task The_export_is_the_import_format_safe_in_a_spreadsheet_and_reads_back_as_no_change()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, "larkspur-vale-academy-trust");
        var (_, formulaId, _, _) = await factory.SignedInClientAsync(Roles.Staff, "larkspur-vale-academy-trust");
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var user = await db.Users.SingleAsync(u => u.Id == formulaId);
            user.DisplayName = "=HYPERLINK(\"https://evil.example\")";
            await db.SaveChangesAsync();
        }

        using var response = await admin.GetAsync(new Uri("/admin/users/people.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var csv = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        Assert.StartsWith("name,email,role,schools\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example\"\")\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\n=", csv, StringComparison.Ordinal);

        var preview = await PreviewAddressAsync(admin, csv, "people.csv");
        var page = await admin.GetDocumentAsync(preview);
        Assert.Equal("0", Count(page, "count-invite"));
        Assert.Equal("0", Count(page, "count-update"));
        Assert.Equal("0", Count(page, "count-rejected"));
        Assert.NotNull(page.QuerySelector("#nothing-to-do"));

        // Confirming anyway (a forged post) writes nothing and says why, on the preview.
        using var forced = await admin.PostFormAsync(preview + "/confirm", new Dictionary<string, string>(), preview);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        var again = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await forced.Content.ReadAsStringAsync());
        Assert.Equal("Nothing was imported: everyone in the list is already up to date", Pages.Collapse(again.QuerySelector(".govuk-error-summary li")!.TextContent));
        Assert.NotNull(again.QuerySelector("#nothing-to-do"));
        var id = preview.Split('/')[^1];
        Assert.Null(await ReadAsync(db => db.UserImportBatches.Where(b => b.PublicId == id).Select(b => b.ConfirmedUtc).SingleAsync()));
    }

    [Fact]
    public async Task Confirming_an_expired_preview_writes_nothing_and_gives_the_list_back_to_preview_again()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, Trust);
        var email = $"expired-{Guid.NewGuid():N}@test.trustportal.test";
        using var upload = await admin.PostFormAsync("/admin/users/import", new Dictionary<string, string> { ["Form.Text"] = $"name,email,role\nA Person,{email},staff\n" });
        var preview = upload.Headers.Location!.OriginalString;
        var id = preview.Split('/')[^1];
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var old = factory.Clock.GetUtcNow().UtcDateTime - TrustPortal.Web.Features.UserImport.UserImportController.PreviewLifetime - TimeSpan.FromMinutes(1);
            await db.UserImportBatches.Where(b => b.PublicId == id).ExecuteUpdateAsync(b => b.SetProperty(x => x.CreatedUtc, old));
        }

        using var confirm = await admin.PostFormAsync(preview + "/confirm", new Dictionary<string, string>(), "/admin/users/import");
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await confirm.Content.ReadAsStringAsync());
        const string Message = "That preview has expired: your list is in the box below, preview it again";
        Assert.Equal(Message, page.QuerySelector(".govuk-error-summary a[href='#Form_Text']")!.TextContent.Trim());
        Assert.Contains(Message, page.QuerySelector("#Form_Text-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"name,email,role\nA Person,{email},staff", page.QuerySelector("#Form_Text")!.TextContent.Trim().ReplaceLineEndings("\n"));
        Assert.Equal("/admin/users/import", page.QuerySelector("form[enctype='multipart/form-data']")!.GetAttribute("action"));
        Assert.Equal(0, await ReadAsync(db => db.Users.CountAsync(u => u.Email == email)));
        Assert.Null(await ReadAsync(db => db.UserImportBatches.Where(b => b.PublicId == id).Select(b => b.ConfirmedUtc).SingleAsync()));
    }

    [Theory]
    [InlineData("", "Choose a CSV file, or paste the list into the box")]
    [InlineData("name,role\nA Person,staff\n", "It has no \"email\" column")]
    [InlineData("name,email,role,schools\n", "has nobody in it")]
    public async Task A_list_that_cannot_be_read_is_refused_on_the_upload_page_with_a_reason(string text, string message)
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, Trust);
        using var response = await admin.PostFormAsync("/admin/users/import", new Dictionary<string, string> { ["Form.Text"] = text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, Pages.Collapse(page.QuerySelector(".govuk-error-summary")!.TextContent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_two_megabytes_is_refused_with_a_clear_message()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, Trust);
        var big = Encoding.UTF8.GetBytes("name,email,role,schools\n" + string.Concat(Enumerable.Repeat("A Person,a@example.org,staff,\n", 80_000)));
        using var response = await UploadAsync(admin, big);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("larger than 2 MB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_trust_administrator_imports_and_exports_and_never_another_trusts_list()
    {
        var (admin, _, adminEmail, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, Trust);
        var email = $"other-trust-{Guid.NewGuid():N}@test.trustportal.test";
        using var upload = await admin.PostFormAsync("/admin/users/import", new Dictionary<string, string> { ["Form.Text"] = $"name,email,role\nA Person,{email},staff\n" });
        var preview = upload.Headers.Location!.OriginalString;

        foreach (var role in new[] { Roles.Staff, Roles.Headteacher, Roles.Trustee })
        {
            var (client, _, _, _) = await factory.SignedInClientAsync(role, Trust);
            foreach (var url in new[] { "/admin/users/import", preview, preview + "/progress", "/admin/users/people.csv" })
            {
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} {url}: {(int)response.StatusCode}");
            }
            using var confirm = await client.PostFormAsync(preview + "/confirm", new Dictionary<string, string>(), "/me");
            Assert.True(confirm.StatusCode == HttpStatusCode.Forbidden, $"{role} confirm: {(int)confirm.StatusCode}");
        }

        var (otherAdmin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, "larkspur-vale-academy-trust");
        using (var look = await otherAdmin.GetAsync(new Uri(preview, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, look.StatusCode);
        }
        using (var confirm = await otherAdmin.PostFormAsync(preview + "/confirm", new Dictionary<string, string>(), "/admin/users/import"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, confirm.StatusCode);
        }
        Assert.Equal(0, await ReadAsync(db => db.Users.CountAsync(u => u.Email == email)));
        // The other trust's export holds none of this trust's people.
        var theirs = await otherAdmin.GetStringAsync(new Uri("/admin/users/people.csv", UriKind.Relative));
        Assert.DoesNotContain(adminEmail, theirs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_with_an_account_in_another_trust_reads_as_an_invitation_and_its_owner_is_told_instead()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, Trust);
        var (_, otherId, otherEmail, _) = await factory.SignedInClientAsync(Roles.Staff, "larkspur-vale-academy-trust");
        using var upload = await admin.PostFormAsync("/admin/users/import", new Dictionary<string, string> { ["Form.Text"] = $"name,email,role\nSomeone Else,{otherEmail},staff\n" });
        var preview = upload.Headers.Location!.OriginalString;
        var page = await admin.GetDocumentAsync(preview);
        Assert.Equal("1", Count(page, "count-invite"));
        Assert.DoesNotContain("organisation", page.MainText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("already has", page.MainText(), StringComparison.OrdinalIgnoreCase);

        using (var confirmed = await admin.PostFormAsync(preview + "/confirm", new Dictionary<string, string>(), preview))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        }
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!factory.Emails.Sent.Any(m => m.To == otherEmail && m.Subject.Contains("could not be made", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.Contains(factory.Emails.Sent, m => m.To == otherEmail && m.Subject.Contains("could not be made", StringComparison.Ordinal));
        Assert.Equal(await factory.TrustIdAsync("larkspur-vale-academy-trust"), await ReadAsync(db => db.Users.Where(u => u.Id == otherId).Select(u => u.TrustId).SingleAsync()));
    }
}
