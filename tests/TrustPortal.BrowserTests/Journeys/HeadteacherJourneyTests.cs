using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Journeys;

/// A headteacher records progress and submits the school's return, as a person would: clicking links and buttons by
/// their names, with axe on every page reached.
[Collection(SharedBrowser.Name)]
public sealed class HeadteacherJourneyTests(BrowserPortal portal)
{
    [Fact]
    public async Task A_headteacher_signs_in_completes_a_whole_return_with_save_and_continue_checks_it_and_submits_it()
    {
        // A school of the head's own with nothing recorded yet: the journey records every criterion of the plan.
        var school = await JourneyData.SchoolLedByAsync(portal, DemoUsers.Head, "Heron Brook Primary Academy", leftToDo: int.MaxValue);
        var page = await portal.NewPageAsync();
        try
        {
            await DemoUsers.SignInAsync(page, DemoUsers.Head);
            // A head of several schools lands on the choice of their schools, each with its return's state.
            Assert.EndsWith($"/{DemoUsers.Trust}/progress", page.Url, StringComparison.Ordinal);
            await page.ExpectPageAsync("Progress against the strategic plan");
            await page.ScreenshotsAsync("landing-headteacher");

            await page.FollowAsync(school.Name);
            await ExpectAtBothWidthsAsync(page, school.Name);
            Assert.Equal("Draft: not submitted yet", (await page.Locator("#return-state").InnerTextAsync()).Trim());
            await page.ScreenshotsAsync("head-progress-school");
            await page.GetByRole(AriaRole.Link, new() { Name = "Start your return" }).ClickAsync();

            string[] statuses = ["On track", "At risk", "Achieved", "Not started", "Off track"];
            for (var i = 0; i < school.ToDo.Count; i++)
            {
                var criterion = school.ToDo[i];
                await page.WaitForURLAsync($"**/progress/{school.Urn}/criteria/*");
                if (i is 0 or 1)
                {
                    await ExpectAtBothWidthsAsync(page, criterion);
                }
                else
                {
                    await page.ExpectPageAsync(criterion);
                }
                Assert.Contains($"Criterion {i + 1} of {school.ToDo.Count}", await page.Locator(".govuk-caption-l").InnerTextAsync(), StringComparison.Ordinal);
                await page.GetByLabel(statuses[i % statuses.Length], new() { Exact = true }).CheckAsync();
                await page.GetByLabel("What was done (optional)").FillAsync($"Journey step {i + 1}: staff training and a new reading scheme.");
                if (i == 0)
                {
                    await page.ScreenshotsAsync("head-criterion-form");
                }
                await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
                if (i + 1 < school.ToDo.Count)
                {
                    await page.WaitForURLAsync($"**/progress/{school.Urn}/criteria/*");
                    Assert.StartsWith("Progress saved:", await page.Locator("#success-message").InnerTextAsync(), StringComparison.Ordinal);
                }
            }

            // After the last criterion: the check page, with nothing missing and every criterion's status.
            await page.WaitForURLAsync($"**/progress/{school.Urn}/check");
            await ExpectAtBothWidthsAsync(page, "Check your return before you submit it");
            Assert.Equal(0, await page.Locator("#missing").CountAsync());
            Assert.Equal(school.ToDo.Count, await page.Locator("main .govuk-summary-list__row").CountAsync());
            await page.ScreenshotsAsync("head-check-return");

            await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Submit return for ") }).ClickAsync();
            await page.WaitForURLAsync($"**/progress/{school.Urn}/submitted");
            await ExpectAtBothWidthsAsync(page, "Return submitted");
            await page.ScreenshotsAsync("head-return-submitted");

            await page.FollowAsync("View your return");
            await page.ExpectPageAsync(school.Name);
            Assert.StartsWith("Submitted by Demo Headteacher", (await page.Locator("#return-state").InnerTextAsync()).Trim(), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("#your-access").CountAsync());
            Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Check your return and submit" }).CountAsync());
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    /// The heading, and axe at desktop width and again at phone width.
    private static async Task ExpectAtBothWidthsAsync(IPage page, string heading)
    {
        await page.ExpectPageAsync(heading);
        var size = page.ViewportSize;
        await page.SetViewportSizeAsync(375, 812);
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Length == 0, $"axe found violations at phone width on {page.Url}:\n{violations}");
        await page.SetViewportSizeAsync(size?.Width ?? 1280, size?.Height ?? 900);
    }

    [Fact]
    public async Task A_headteacher_saves_a_draft_with_the_keyboard_only_and_sees_where_focus_is_at_every_step()
    {
        var school = await JourneyData.SchoolLedByAsync(portal, DemoUsers.Head, "Kingfisher Lane Primary", leftToDo: 1);
        var page = await DemoUsers.SignedInPageAsync(portal, DemoUsers.Head);
        try
        {
            await page.OpenAsync($"/{DemoUsers.Trust}/progress/{school.Urn}");
            await page.ExpectPageAsync(school.Name);

            var criterion = school.ToDo[0];
            await page.TabToAsync(page.Locator("main").GetByRole(AriaRole.Link, new() { Name = criterion, Exact = true }));
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync($"**/progress/{school.Urn}/criteria/*");
            await page.ExpectPageAsync(criterion);

            // Tab into the status radios (the first, Not started, takes focus) and choose it with Space.
            var notStarted = page.GetByLabel("Not started", new() { Exact = true });
            await page.TabToAsync(notStarted);
            await page.Keyboard.PressAsync("Space");
            Assert.True(await notStarted.IsCheckedAsync(), "Space did not choose the focused radio.");

            await page.TabToAsync(page.GetByLabel("Next steps (optional)"));
            await page.Keyboard.TypeAsync("Start the new phonics scheme after half term.");
            await page.TabToAsync(page.GetByRole(AriaRole.Button, new() { Name = "Save and return to the list" }));
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync($"**/progress/{school.Urn}");
            await page.ExpectPageAsync(school.Name);
            var row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = criterion, Exact = true }) }).First;
            Assert.Equal("Not started", (await row.Locator(".app-rag").First.InnerTextAsync()).Trim());
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Fact]
    public async Task A_headteacher_saves_a_draft_with_JavaScript_turned_off()
    {
        var school = await JourneyData.SchoolLedByAsync(portal, DemoUsers.Head, "Otter Bank Primary", leftToDo: 1);
        // axe needs JavaScript to run, so these pages are checked by the journeys with JavaScript on.
        var page = await DemoUsers.SignedInPageAsync(portal, DemoUsers.Head, javaScript: false);
        try
        {
            await page.OpenAsync($"/{DemoUsers.Trust}/progress");
            await page.ExpectHeadingAsync("Progress against the strategic plan");
            await page.FollowAsync(school.Name);
            await page.ExpectHeadingAsync(school.Name);
            var criterion = school.ToDo[0];
            await page.FollowAsync(criterion);
            await page.ExpectHeadingAsync(criterion);

            await page.GetByLabel("Off track", new() { Exact = true }).CheckAsync();
            await page.GetByLabel("Evidence (optional)").FillAsync("Attendance data for the autumn half term.");
            await page.GetByLabel("Day", new() { Exact = true }).FillAsync("31");
            await page.GetByLabel("Month", new() { Exact = true }).FillAsync("3");
            await page.GetByLabel("Year", new() { Exact = true }).FillAsync("2027");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and return to the list" }).ClickAsync();
            await page.WaitForURLAsync($"**/progress/{school.Urn}");
            await page.ExpectHeadingAsync(school.Name);
            Assert.StartsWith("Progress saved:", await page.Locator("#success-message").InnerTextAsync(), StringComparison.Ordinal);
            var row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = criterion, Exact = true }) }).First;
            Assert.Equal("Off track", (await row.Locator(".app-rag").First.InnerTextAsync()).Trim());
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }
}
