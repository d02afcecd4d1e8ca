using System.Text;
using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Journeys;

/// Issue 16's meeting journey: the central team issues the pack to the example meeting; a trustee opens the meeting
/// from the board dashboard by clicking, downloads its pack as a PDF and records the board's decision with an action
/// for a school's head; the head sees the decision about their school. axe on every page, screenshots at 1280 and 390.
[Collection(SharedBrowser.Name)]
public sealed class BoardMeetingJourneyTests(BrowserPortal portal)
{
    [Fact]
    public async Task A_trustee_opens_the_meeting_downloads_its_pack_records_the_decision_with_an_action_and_the_head_sees_it()
    {
        var school = await JourneyData.SchoolLedByAsync(portal, DemoUsers.Head, "Kingfisher Reach Primary", leftToDo: 0);
        var minute = $"FB/{Guid.NewGuid():N}"[..11];

        var admin = await DemoUsers.SignedInPageAsync(portal, DemoUsers.TrustAdmin);
        try
        {
            await admin.OpenAsync($"/{DemoUsers.Trust}/board/meetings");
            await admin.ExpectPageAsync("Board meetings");
            Assert.Equal("", await Axe.ViolationsAsync(admin));
            await admin.Locator("#meetings a").First.ClickAsync();
            await admin.WaitForLoadStateAsync();
            await admin.GetByText("Issue a pack to this meeting").ClickAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = "Issue the pack" }).ClickAsync();
            // Issuing builds and stores the pack's PDF and Word files: on a loaded CI machine that has taken over 20 s.
            await admin.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 60_000 });
            Assert.Contains("Pack issued to this meeting", await admin.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await admin.CloseContextAsync();
        }

        var trustee = await DemoUsers.SignedInPageAsync(portal, DemoUsers.Trustee);
        try
        {
            await trustee.OpenAsync($"/{DemoUsers.Trust}/board");
            await trustee.FollowAsync("Board meetings, papers and decisions");
            await trustee.ExpectPageAsync("Board meetings");
            await ShotsAsync(trustee, "board-meetings");
            await trustee.Locator("#meetings a").First.ClickAsync();
            await trustee.WaitForLoadStateAsync();
            Assert.StartsWith("Full board, ", await trustee.HeadingAsync(), StringComparison.Ordinal);
            Assert.Equal("", await Axe.ViolationsAsync(trustee));
            await ShotsAsync(trustee, "board-meeting");

            var download = await trustee.RunAndWaitForDownloadAsync(() =>
                trustee.Locator("#paper-list a").Filter(new() { HasText = "PDF" }).First.ClickAsync());
            var saved = Path.Combine(BrowserPortal.OutputFolder, $"meeting-{download.SuggestedFilename}");
            await download.SaveAsAsync(saved);
            Assert.Equal("%PDF", Encoding.ASCII.GetString(await File.ReadAllBytesAsync(saved), 0, 4));

            await trustee.FollowAsync("Record a decision");
            await trustee.ExpectPageAsync("Record a decision");
            Assert.Equal("", await Axe.ViolationsAsync(trustee));
            await trustee.GetByLabel("Accepted with actions", new() { Exact = true }).CheckAsync();
            await trustee.GetByLabel("Minute reference").FillAsync(minute);
            await trustee.GetByLabel(school.Name, new() { Exact = true }).CheckAsync();
            var first = trustee.Locator("fieldset").Filter(new() { Has = trustee.GetByText("Action 1", new() { Exact = true }) });
            await first.GetByLabel("What will be done").FillAsync("Report the phonics screening results to the next full board");
            await first.GetByLabel("Owner").SelectOptionAsync(new SelectOptionValue { Label = "Demo Headteacher" });
            await first.GetByLabel("Day").FillAsync("27");
            await first.GetByLabel("Month").FillAsync("3");
            await first.GetByLabel("Year").FillAsync("2027");
            await ShotsAsync(trustee, "board-decision-form");
            await trustee.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
            await trustee.WaitForLoadStateAsync();
            Assert.Contains("Decision recorded: accepted with actions", await trustee.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains(minute, await trustee.Locator("#decisions ~ div").Last.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("", await Axe.ViolationsAsync(trustee));
            await ShotsAsync(trustee, "board-meeting-decided");
        }
        finally
        {
            await trustee.CloseContextAsync();
        }

        var head = await DemoUsers.SignedInPageAsync(portal, DemoUsers.Head);
        try
        {
            await head.OpenAsync($"/{DemoUsers.Trust}/progress/{school.Urn}");
            await head.FollowAsync($"Board decisions about {school.Name}");
            await head.ExpectPageAsync("Board decisions");
            var text = await head.Locator("main").InnerTextAsync();
            Assert.Contains(minute, text, StringComparison.Ordinal);
            Assert.Contains("Report the phonics screening results to the next full board", text, StringComparison.Ordinal);
            Assert.Equal("", await Axe.ViolationsAsync(head));
            await ShotsAsync(head, "board-decisions-head");
        }
        finally
        {
            await head.CloseContextAsync();
        }
    }

    /// The whole page at 1280 and at 390 pixels wide.
    private static async Task ShotsAsync(IPage page, string name)
    {
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, $"{name}-{width}.png"), FullPage = true });
        }
        await page.SetViewportSizeAsync(1280, 900);
    }
}
