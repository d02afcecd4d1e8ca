using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Journeys;

/// The trust's own self-review (ADR 0162): the administrator reaches it from the administration menu and judges a
/// pillar with evidence and a file; a trustee reaches it from the board, reads the judgement and sees which pillars the
/// plan leaves uncovered. axe on every page, screenshots at desktop and phone widths.
[Collection(SharedBrowser.Name)]
public sealed class TrustReviewJourneyTests(BrowserPortal portal)
{
    private const string Reasons = "Retention improved this year; recruitment of specialist teachers is still hard.";

    [Fact]
    public async Task The_administrator_judges_a_pillar_with_evidence_and_a_trustee_reads_it_with_the_uncovered_pillars()
    {
        var admin = await DemoUsers.SignedInPageAsync(portal, DemoUsers.TrustAdmin);
        try
        {
            await admin.OpenAsync("/admin");
            await admin.Locator("#admin-navigation").GetByRole(AriaRole.Link, new() { Name = "Trust self-review", Exact = true }).ClickAsync();
            await admin.WaitForURLAsync($"**/{DemoUsers.Trust}/trust-review");
            await admin.ExpectPageAsync("The trust's self-review");
            await admin.FollowAsync("Workforce", admin.Locator("#pillars"));
            await admin.ExpectPageAsync("Workforce");
            await admin.GetByLabel("Established: most of it fits").CheckAsync();
            await admin.GetByLabel("Reasons", new() { Exact = true }).FillAsync(Reasons);
            await admin.GetByLabel("Evidence (optional)").FillAsync("Staff survey and exit interviews, summer term.");
            await admin.GetByLabel("Add an evidence file (optional)").SetInputFilesAsync(new FilePayload
            {
                Name = "Workforce survey.pdf",
                MimeType = "application/pdf",
                Buffer = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[2000]],
            });
            await admin.ScreenshotsAsync("trust-review-pillar-form");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Save judgement" }).ClickAsync();
            await admin.WaitForURLAsync("**/trust-review?year=*");
            await admin.ExpectPageAsync("The trust's self-review");
            Assert.Contains("Workforce", await admin.Locator("#success-message").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("Established", (await admin.Locator("#pillars tr[data-pillar='tqd-workforce'] .app-grade").InnerTextAsync()).Trim());
            await admin.ScreenshotsAsync("trust-review-admin");
        }
        finally
        {
            await admin.CloseContextAsync();
        }

        var trustee = await DemoUsers.SignedInPageAsync(portal, DemoUsers.Trustee);
        try
        {
            await trustee.OpenAsync($"/{DemoUsers.Trust}/board");
            await trustee.FollowAsync("The trust's self-review", trustee.Locator("#board-links"));
            await trustee.ExpectPageAsync("The trust's self-review");
            // Either list of uncovered pillars or the sentence that none is: the section is always there.
            Assert.Equal(1, await trustee.Locator("#uncovered, #uncovered-none").CountAsync());
            Assert.Equal(0, await trustee.Locator("form[action$='/trust-review/settings']").CountAsync());
            await trustee.ScreenshotsAsync("trust-review-trustee");
            await trustee.ExpectPageAtPhoneWidthAsync("The trust's self-review");
            await trustee.FollowAsync("Workforce", trustee.Locator("#pillars"));
            await trustee.ExpectPageAsync("Workforce");
            Assert.Equal(Reasons, (await trustee.Locator("#reasons").InnerTextAsync()).Trim());
            Assert.Equal(1, await trustee.Locator("#files a", new() { HasText = "Workforce survey.pdf" }).CountAsync());
            Assert.Equal(0, await trustee.Locator("form[enctype='multipart/form-data']").CountAsync());
            await trustee.ScreenshotsAsync("trust-review-pillar-trustee");
            await trustee.ExpectPageAtPhoneWidthAsync("Workforce");
        }
        finally
        {
            await trustee.CloseContextAsync();
        }
    }
}
