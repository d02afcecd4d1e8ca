using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;

namespace TrustPortal.BrowserTests.Journeys;

/// Issue 15, parts 2 and 3 in a browser: "Forgotten your password?" through the e-mailed link, and the import
/// preview of a pasted list; axe on every page at desktop and phone widths.
[Collection(SharedBrowser.Name)]
public sealed partial class AccountRecoveryAndImportTests(BrowserPortal portal)
{
    [GeneratedRegex(@"https://[^\s]+/account/reset-password\?token=[A-Za-z0-9_-]+")]
    private static partial Regex ResetLink();

    private static async Task ExpectAtBothWidthsAsync(IPage page, string heading, string screenshots)
    {
        await page.ExpectPageAsync(heading);
        await page.SetViewportSizeAsync(375, 812);
        await page.ExpectPageAsync(heading);
        await page.SetViewportSizeAsync(1280, 900);
        await page.ScreenshotsAsync(screenshots);
    }

    [Fact]
    public async Task A_member_of_staff_who_forgot_their_password_chooses_a_new_one_from_the_emailed_link()
    {
        // A member of staff of their own, so no other journey's demo password changes.
        var email = $"forgetful.{Guid.NewGuid():N}"[..22] + "@example.org";
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var trustId = await db.Trusts.Where(t => t.Slug == DemoUsers.Trust).Select(t => t.Id).SingleAsync();
            var (result, _) = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .CreateAsync(email, "Forgetful Teacher", Roles.Staff, trustId, [], "Original-long-passphrase", CancellationToken.None);
            Assert.True(result.Succeeded);
        }
        var page = await portal.NewPageAsync();
        try
        {
            await page.OpenAsync("/account/sign-in");
            await page.FollowAsync("Forgotten your password?");
            await ExpectAtBothWidthsAsync(page, "Forgotten your password?", "forgotten-password");
            await page.GetByLabel("E-mail address").FillAsync(email);
            await page.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
            await page.WaitForURLAsync("**/account/forgotten-password");
            await ExpectAtBothWidthsAsync(page, "Check your e-mail", "forgotten-password-sent");

            var message = Directory.GetFiles(portal.MailFolder, "*.eml").Select(File.ReadAllText).Single(m => m.Contains($"To: {email}", StringComparison.Ordinal));
            await page.GotoAsync(ResetLink().Match(message).Value);
            await ExpectAtBothWidthsAsync(page, "Choose a new password", "reset-password");
            await page.GetByLabel("New password", new() { Exact = true }).FillAsync("Brand-new-long-passphrase");
            await page.GetByLabel("New password again").FillAsync("Brand-new-long-passphrase");
            await page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
            await page.WaitForURLAsync("**/account/reset-password");
            await ExpectAtBothWidthsAsync(page, "Your password has been changed", "reset-password-done");

            await page.FollowAsync("Sign in", page.Locator("main"));
            await page.GetByLabel("E-mail address").FillAsync(email);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Brand-new-long-passphrase");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync($"**/{DemoUsers.Trust}", new() { WaitUntil = WaitUntilState.Load });
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Fact]
    public async Task A_trust_administrator_pastes_a_list_and_sees_what_each_row_would_do_before_anything_is_saved()
    {
        var page = await DemoUsers.SignedInPageAsync(portal, DemoUsers.TrustAdmin);
        try
        {
            await page.OpenAsync("/admin/users");
            await page.FollowAsync("Import people from a spreadsheet");
            await ExpectAtBothWidthsAsync(page, "Import people from a spreadsheet", "import-people");
            var urn = await UrnAsync();
            await page.GetByLabel("Or paste the list").FillAsync(
                "name\temail\trole\tschools\n" +
                $"Ada Newcomer\tada.newcomer@example.org\tStaff\t{urn}\n" +
                "Ben Trustee\tben.trustee@example.org\tTrustee\t\n" +
                "No Address\t\tStaff\t\n" +
                $"Demo Member of Staff\tstaff@demo.trustportal.test\tHeadteacher\t{urn}\n");
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview the import" }).ClickAsync();
            await page.WaitForURLAsync(url => Regex.IsMatch(url, "/admin/users/import/[0-9a-f]{32}$"));
            await ExpectAtBothWidthsAsync(page, "Check the import", "import-preview");
            var summary = await page.Locator(".govuk-error-summary").InnerTextAsync();
            Assert.Contains("Row 4: The e-mail address is missing", summary, StringComparison.Ordinal);
            Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Import and send", Exact = false }).CountAsync());
            Assert.Contains("Role: Staff → Headteacher", await page.Locator("#row-5").InnerTextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Fact]
    public async Task An_administrator_who_confirms_a_preview_left_too_long_is_given_the_list_back_to_preview_again()
    {
        var page = await DemoUsers.SignedInPageAsync(portal, DemoUsers.TrustAdmin);
        try
        {
            await page.OpenAsync("/admin/users/import");
            var email = $"late-{Guid.NewGuid():N}@example.org";
            await page.GetByLabel("Or paste the list").FillAsync($"name\temail\trole\nLate Newcomer\t{email}\tStaff\n");
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview the import" }).ClickAsync();
            await page.WaitForURLAsync(url => Regex.IsMatch(url, "/admin/users/import/[0-9a-f]{32}$"));
            var id = page.Url.Split('/')[^1];
            using (var scope = portal.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
                var old = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-2);
                await db.UserImportBatches.Where(b => b.PublicId == id).ExecuteUpdateAsync(b => b.SetProperty(x => x.CreatedUtc, old));
            }
            await page.GetByRole(AriaRole.Button, new() { Name = "Import and send 1 invitation" }).ClickAsync();
            await page.Locator("#Form_Text-error").WaitForAsync();
            await ExpectAtBothWidthsAsync(page, "Import people from a spreadsheet", "import-people-expired");
            Assert.Contains("That preview has expired: your list is in the box below, preview it again", await page.Locator("#Form_Text-error").InnerTextAsync(), StringComparison.Ordinal);

            // The list is given back: previewing it again is one click.
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview the import" }).ClickAsync();
            await page.WaitForURLAsync(url => Regex.IsMatch(url, "/admin/users/import/[0-9a-f]{32}$") && !url.EndsWith(id, StringComparison.Ordinal));
            Assert.Contains(email, await page.Locator("#import-rows").InnerTextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    private async Task<int> UrnAsync()
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        return await db.Schools.Where(s => db.Trusts.Any(t => t.Id == s.TrustId && t.Slug == DemoUsers.Trust) && !s.IsArchived)
            .OrderBy(s => s.Urn).Select(s => s.Urn).FirstAsync();
    }
}
