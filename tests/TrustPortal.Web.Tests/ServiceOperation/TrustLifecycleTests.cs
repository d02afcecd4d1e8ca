using System.IO.Compression;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;

namespace TrustPortal.Web.Tests.ServiceOperation;

/// Issue 22: the operator suspends and reactivates a trust, exports it and deletes it after export; an address no
/// trust has gets its own page (ADR 0150).
public sealed partial class OperatorTests
{
    /// A new trust with one school, so every role (a head needs a school) can be made in it.
    private async Task<string> NewTrustAsync(string name)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var slug = $"lifecycle-{Guid.NewGuid():N}"[..24];
        var trust = new Trust(slug, name);
        db.Trusts.Add(trust);
        await db.SaveChangesAsync();
        var urn = await db.Schools.MaxAsync(s => (int?)s.Urn) ?? 800000;
        db.Schools.Add(new School(trust.Id, urn + 1, $"{name} Primary", Phase.Primary));
        await db.SaveChangesAsync();
        return slug;
    }

    private static readonly string[] TrustRoles = [Roles.Staff, Roles.Headteacher, Roles.Trustee, Roles.TrustAdmin];

    [Fact]
    public async Task While_a_trust_is_suspended_every_role_and_visitor_sees_the_suspended_page_and_another_trust_is_untouched()
    {
        var suspended = await NewTrustAsync("Alder Suspended Trust");
        var other = await NewTrustAsync("Birch Active Trust");
        var people = new Dictionary<string, HttpClient>();
        var others = new Dictionary<string, HttpClient>();
        foreach (var role in TrustRoles)
        {
            people[role] = (await factory.SignedInClientAsync(role, suspended)).Client;
            others[role] = (await factory.SignedInClientAsync(role, other)).Client;
        }
        var visitor = factory.CreateBrowserLikeClient();
        using (var cached = await visitor.GetAsync(new Uri($"/{suspended}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, cached.StatusCode); // now in the output cache
        }
        var (op, _) = await SignedInOperatorAsync();
        using (var done = await op.PostFormAsync($"/operator/trusts/{suspended}/suspend", new Dictionary<string, string> { ["Form.Reason"] = "The contract ended on 30 November" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        }

        using (var page = await visitor.GetAsync(new Uri($"/{suspended}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Contains("Alder Suspended Trust&#x27;s portal is suspended", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        foreach (var (role, client) in people)
        {
            foreach (var url in new[] { $"/{suspended}", $"/{suspended}/vision-and-values", $"/{suspended}/staff", "/start" })
            {
                using var page = await client.GetAsync(new Uri(url, UriKind.Relative));
                Assert.True(page.StatusCode == HttpStatusCode.ServiceUnavailable, $"{role} on {url}: {(int)page.StatusCode}");
                Assert.Contains("portal is suspended", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
        using (var admin = await people[Roles.TrustAdmin].GetAsync(new Uri("/admin/users", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, admin.StatusCode);
        }
        foreach (var (role, client) in others)
        {
            using var page = await client.GetAsync(new Uri($"/{other}/staff", UriKind.Relative));
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{role} of the other trust: {(int)page.StatusCode}");
        }
        using (var admin = await others[Roles.TrustAdmin].GetAsync(new Uri("/admin/users", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        }

        // Signing in says so, after the right password only.
        var (_, email, _) = await factory.CreateUserAsync(Roles.Staff, suspended);
        var newcomer = factory.CreateSecureClient();
        using (var refused = await newcomer.SignInAsync(email, AccountHelpers.Password))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Your trust&#x27;s portal is suspended for now", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var wrong = await newcomer.SignInAsync(email, "Not-the-password-at-all"))
        {
            Assert.DoesNotContain("suspended", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var back = await op.PostFormAsync($"/operator/trusts/{suspended}/reactivate", new Dictionary<string, string>(), tokenPage: $"/operator/trusts/{suspended}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        }
        using (var page = await visitor.GetAsync(new Uri($"/{suspended}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        using (var page = await people[Roles.Staff].GetAsync(new Uri($"/{suspended}/staff", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        using (var signedIn = await newcomer.SignInAsync(email, AccountHelpers.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var log = await db.OperatorLog.Where(e => e.TrustSlug == suspended).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([OperatorActionKind.Suspended, OperatorActionKind.Reactivated], log.Select(e => e.Action));
        Assert.Equal("Olive Operator", log[0].OperatorName);
        Assert.Equal("The contract ended on 30 November", log[0].Reason);
        var trustId = await db.Trusts.Where(t => t.Slug == suspended).Select(t => t.Id).SingleAsync();
        Assert.Contains(await db.AuditEntries.Where(a => a.TrustId == trustId && a.EntityType == nameof(Trust)).Select(a => a.NewValues).ToListAsync(),
            v => v != null && v.Contains("The contract ended on 30 November", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Suspending_needs_a_reason_and_a_suspended_trust_cannot_be_suspended_twice()
    {
        var slug = await NewTrustAsync("Cedar Reasons Trust");
        var (op, _) = await SignedInOperatorAsync();
        using (var empty = await op.PostFormAsync($"/operator/trusts/{slug}/suspend", new Dictionary<string, string> { ["Form.Reason"] = "" }))
        {
            var html = await empty.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
            Assert.Contains("Say why the trust is suspended", html, StringComparison.Ordinal);
            Assert.Contains("href=\"#Form_Reason\"", html, StringComparison.Ordinal);
        }
        using (await op.PostFormAsync($"/operator/trusts/{slug}/suspend", new Dictionary<string, string> { ["Form.Reason"] = "Unpaid" }))
        {
        }
        using var twice = await op.PostFormAsync($"/operator/trusts/{slug}/suspend", new Dictionary<string, string> { ["Form.Reason"] = "Again" });
        Assert.Contains("This trust is suspended already", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_no_trust_has_gets_a_page_that_says_so_and_leads_home()
    {
        using var response = await factory.CreateBrowserLikeClient().GetAsync(new Uri("/no-such-trust-here/schools", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no trust at this address", html, StringComparison.Ordinal);
        Assert.Contains("/no-such-trust-here", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"govuk-link\" href=\"/\">Go to the portal's home page</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_downloads_the_same_export_as_the_command_line_and_it_is_logged()
    {
        var slug = await NewTrustAsync("Damson Export Trust");
        var (op, _) = await SignedInOperatorAsync();
        using var response = await op.PostFormAsync($"/operator/trusts/{slug}/export", new Dictionary<string, string>(), tokenPage: $"/operator/trusts/{slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        await using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.NotNull(zip.GetEntry("manifest.json"));
        Assert.NotNull(zip.GetEntry("tables/Schools.json"));
        using var scope = factory.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().OperatorLog
            .AnyAsync(e => e.TrustSlug == slug && e.Action == OperatorActionKind.Exported && e.OperatorName == "Olive Operator"));
    }

    [Fact]
    public async Task Deleting_asks_for_the_trusts_name_exports_first_and_keeps_the_record_and_the_export()
    {
        var slug = await NewTrustAsync("Elm Deleted Trust");
        var (op, _) = await SignedInOperatorAsync();
        using (var wrong = await op.PostFormAsync($"/operator/trusts/{slug}/delete", new Dictionary<string, string> { ["Form.ConfirmName"] = "Elm Trust" }))
        {
            var html = await wrong.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("Type the trust&#x27;s name exactly as it is shown, Elm Deleted Trust, to delete it", html, StringComparison.Ordinal);
        }
        using (var scope = factory.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Trusts.AnyAsync(t => t.Slug == slug));
        }
        using (var deleted = await op.PostFormAsync($"/operator/trusts/{slug}/delete", new Dictionary<string, string> { ["Form.ConfirmName"] = "Elm Deleted Trust" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
            Assert.Equal("/operator/log", deleted.Headers.Location!.OriginalString);
        }
        long entryId;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            Assert.False(await db.Trusts.AnyAsync(t => t.Slug == slug));
            var entry = await db.OperatorLog.SingleAsync(e => e.TrustSlug == slug && e.Action == OperatorActionKind.Deleted);
            Assert.Equal("Elm Deleted Trust", entry.TrustName);
            Assert.Equal("Olive Operator", entry.OperatorName);
            Assert.NotNull(entry.ExportKey);
            entryId = entry.Id;
        }
        using (var log = await op.GetAsync(new Uri("/operator/log", UriKind.Relative)))
        {
            var html = await log.Content.ReadAsStringAsync();
            Assert.Contains($"Deleted Elm Deleted Trust (/{slug}) after exporting it", html, StringComparison.Ordinal);
            Assert.Contains($"href=\"/operator/log/{entryId}/export\"", html, StringComparison.Ordinal);
        }
        using var export = await op.GetAsync(new Uri($"/operator/log/{entryId}/export", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        await using var zip = new ZipArchive(await export.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.NotNull(zip.GetEntry("tables/Schools.json"));
        using var gone = await factory.CreateBrowserLikeClient().GetAsync(new Uri($"/{slug}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData(Roles.TrustAdmin)]
    [InlineData(Roles.Trustee)]
    public async Task No_trust_role_suspends_exports_or_deletes_a_trust(string role)
    {
        var slug = await NewTrustAsync("Fir Guarded Trust");
        var (client, _, _, _) = await factory.SignedInClientAsync(role, slug);
        foreach (var url in new[] { $"/operator/trusts/{slug}", $"/operator/trusts/{slug}/suspend", $"/operator/trusts/{slug}/delete", "/operator/log" })
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} on {url}: {(int)response.StatusCode}");
        }
    }
}
