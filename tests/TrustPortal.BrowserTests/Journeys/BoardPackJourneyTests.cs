using System.Text;
using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Journeys;

/// A trustee reads the board pack and takes it away as a PDF; the central team writes the executive summary.
/// axe runs on each page at desktop and phone widths.
[Collection(SharedBrowser.Name)]
public sealed class BoardPackJourneyTests(BrowserPortal portal)
{
    [Theory]
    [InlineData(1280, "desktop")]
    [InlineData(390, "phone")]
    public async Task A_trustee_opens_the_board_pack_reads_it_without_the_site_chrome_and_downloads_the_pdf(int width, string name)
    {
        var page = await DemoUsers.SignedInPageAsync(portal, DemoUsers.Trustee, width: width, height: 900);
        try
        {
            await page.OpenAsync($"/{DemoUsers.Trust}/board/packs");
            await page.ExpectPageAsync("Board packs");
            await page.FollowAsync("Read or print the pack");
            await page.ExpectPageAsync("Board pack: ", startsWith: true);
            Assert.Equal(0, await page.Locator("header").CountAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, $"board-pack-print-{name}.png"), FullPage = false });

            var download = await page.RunAndWaitForDownloadAsync(() =>
                page.Locator("#pack-downloads").GetByRole(AriaRole.Link, new() { Name = "PDF", Exact = true }).ClickAsync());
            Assert.Matches(@"^kestrel-ridge-learning-trust-board-pack-[a-z0-9-]+\.pdf$", download.SuggestedFilename);
            var saved = Path.Combine(BrowserPortal.OutputFolder, $"{name}-{download.SuggestedFilename}");
            await download.SaveAsAsync(saved);
            var bytes = await File.ReadAllBytesAsync(saved);
            Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Fact]
    public async Task The_central_team_writes_the_executive_summary_and_it_opens_the_pack()
    {
        var page = await DemoUsers.SignedInPageAsync(portal, DemoUsers.TrustAdmin);
        try
        {
            await page.OpenAsync($"/{DemoUsers.Trust}/board/packs");
            await page.FollowAsync("Write the executive summary");
            await page.ExpectPageAsync("Executive summary");
            var words = $"Reading is ahead of plan in every primary school ({Guid.NewGuid():N}).";
            await page.GetByLabel("Summary for the board").FillAsync($"# Headlines\n\n{words}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save the draft" }).ClickAsync();
            await page.WaitForLoadStateAsync();
            await page.ExpectPageAsync("Board packs");
            await page.OpenAsync($"/{DemoUsers.Trust}/board/packs/current");
            Assert.Contains(words, await page.Locator("#summary-text").InnerTextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }
}
