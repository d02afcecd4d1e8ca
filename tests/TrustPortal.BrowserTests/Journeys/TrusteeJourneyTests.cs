using System.Text;
using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Journeys;

/// A trustee reviews progress, holds school leaders to account with a challenge and takes the board pack away;
/// the headteacher answers. axe runs on every page reached.
[Collection(SharedBrowser.Name)]
public sealed class TrusteeJourneyTests(BrowserPortal portal)
{
    private static readonly string[] StatusWords = ["Not started", "Off track", "At risk", "On track", "Achieved"];

    [Fact]
    public async Task A_trustee_signs_in_with_MFA_reviews_the_board_dashboard_raises_a_challenge_and_downloads_the_board_pack()
    {
        var page = await portal.NewPageAsync();
        try
        {
            await DemoUsers.SignInAsync(page, DemoUsers.Trustee);
            // A trustee lands on the board dashboard.
            Assert.EndsWith($"/{DemoUsers.Trust}/board", page.Url, StringComparison.Ordinal);
            await page.ExpectPageAsync("Board dashboard", startsWith: true);
            await page.ScreenshotsAsync("landing-trustee");

            // The heatmap says each status in words, not only in colour.
            var heatmap = page.Locator("table", new() { Has = page.Locator("caption", new() { HasTextRegex = new("^Heatmap") }) });
            var tags = await heatmap.Locator(".app-rag").AllInnerTextsAsync();
            Assert.NotEmpty(tags);
            Assert.All(tags, tag => Assert.Contains(tag.Trim(), StatusWords));
            await page.ScreenshotsAsync("board-dashboard");

            // The board pack as a Word document: a .docx is a zip, so it starts with "PK".
            var download = await page.RunAndWaitForDownloadAsync(() =>
                page.GetByRole(AriaRole.Link, new() { Name = "Board pack as a Word document (.docx)" }).ClickAsync());
            Assert.Matches(@"^kestrel-ridge-learning-trust-board-pack-[a-z0-9-]+\.docx$", download.SuggestedFilename);
            var saved = Path.Combine(BrowserPortal.OutputFolder, download.SuggestedFilename);
            await download.SaveAsAsync(saved);
            var bytes = await File.ReadAllBytesAsync(saved);
            Assert.True(bytes.Length > 1000, $"The board pack is only {bytes.Length} bytes.");
            Assert.Equal("PK", Encoding.ASCII.GetString(bytes, 0, 2));

            const string question = "Why has reading at Larchfield slipped this term?";
            await RaiseChallengeAsync(page, "Larchfield Primary Academy", question);
            await page.ScreenshotsAsync("challenge-thread");
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Fact]
    public async Task The_headteacher_answers_a_challenge_and_the_trustee_sees_the_answer()
    {
        var school = await JourneyData.SchoolLedByAsync(portal, DemoUsers.Head, "Willow Reach Primary", leftToDo: 0);
        var question = $"How will {school.Name} know the new reading scheme has worked?";
        var answer = "By the share of Year 2 pupils reading at the expected standard in the summer check.";

        var trustee = await DemoUsers.SignedInPageAsync(portal, DemoUsers.Trustee);
        try
        {
            await trustee.OpenAsync($"/{DemoUsers.Trust}/board");
            await RaiseChallengeAsync(trustee, school.Name, question);

            var head = await DemoUsers.SignedInPageAsync(portal, DemoUsers.Head);
            try
            {
                await head.OpenAsync($"/{DemoUsers.Trust}/staff");
                await head.FollowAsync("Challenges", TrustMenu(head));
                await head.ExpectPageAsync("Challenges");
                await head.FollowAsync(question);
                await head.ExpectPageAsync(question);
                await head.GetByLabel("Your answer").FillAsync(answer);
                await head.GetByRole(AriaRole.Button, new() { Name = "Post answer" }).ClickAsync();
                await head.WaitForLoadStateAsync();
                await head.ExpectPageAsync(question);
                Assert.Contains(answer, await head.Locator(".app-thread__body").AllInnerTextsAsync());
            }
            finally
            {
                await head.CloseContextAsync();
            }

            await trustee.FollowAsync("Challenges", TrustMenu(trustee));
            await trustee.ExpectPageAsync("Challenges");
            await trustee.FollowAsync(question);
            await trustee.ExpectPageAsync(question);
            Assert.Contains(answer, await trustee.Locator(".app-thread__body").AllInnerTextsAsync());
        }
        finally
        {
            await trustee.CloseContextAsync();
        }
    }

    private static ILocator TrustMenu(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Trust menu" });

    /// From any page of the trust: Challenges, Raise a challenge, choose the school, ask, and land on the thread.
    private static async Task RaiseChallengeAsync(IPage page, string school, string question)
    {
        await page.FollowAsync("Challenges", TrustMenu(page));
        await page.ExpectPageAsync("Challenges");
        await page.FollowAsync("Raise a challenge");
        await page.ExpectPageAsync("Raise a challenge");
        await page.GetByLabel("School", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = school });
        await page.GetByLabel("Your question").FillAsync(question);
        await page.GetByRole(AriaRole.Button, new() { Name = "Raise the challenge" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/challenges/\d+$"));
        await page.ExpectPageAsync(question);
        Assert.Contains("Challenge raised.", await page.Locator(".govuk-notification-banner").InnerTextAsync(), StringComparison.Ordinal);
    }
}
