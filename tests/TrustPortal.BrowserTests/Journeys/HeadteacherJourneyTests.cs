using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Journeys;

/// A headteacher records progress and submits the school's return, as a person would: clicking links and buttons by
/// their names, with axe on every page reached.
[Collection(SharedBrowser.Name)]
public sealed class HeadteacherJourneyTests(BrowserPortal portal)
{
    [Fact]
    public async Task A_headteacher_signs_in_with_MFA_records_progress_on_three_criteria_and_submits_the_return()
    {
        // A school of the head's own, with every criterion but three recorded already, so the journey can finish the return.
        var school = await JourneyData.SchoolLedByAsync(portal, DemoUsers.Head, "Heron Brook Primary Academy", leftToDo: 3);
        var page = await portal.NewPageAsync();
        try
        {
            await DemoUsers.SignInAsync(page, DemoUsers.Head);
            // A head of several schools lands on the choice of their schools, each with its return's state.
            Assert.EndsWith($"/{DemoUsers.Trust}/progress", page.Url, StringComparison.Ordinal);
            await page.ExpectPageAsync("Progress against the strategic plan");
            await page.ScreenshotsAsync("landing-headteacher");

            await page.FollowAsync(school.Name);
            await page.ExpectPageAsync(school.Name);
            Assert.StartsWith("3 of ", await page.Locator("#to-do").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("Draft: not submitted yet", (await page.Locator("#return-state").InnerTextAsync()).Trim());
            await page.ScreenshotsAsync("head-progress-school");

            string[] statuses = ["On track", "At risk", "Achieved"];
            for (var i = 0; i < school.ToDo.Count; i++)
            {
                var criterion = school.ToDo[i];
                await page.FollowAsync(criterion);
                await page.ExpectPageAsync(criterion);
                await page.GetByLabel(statuses[i], new() { Exact = true }).CheckAsync();
                await page.GetByLabel("High", new() { Exact = true }).CheckAsync();
                await page.GetByLabel("What was done (optional)").FillAsync($"Journey step {i + 1}: staff training and a new reading scheme.");
                await page.GetByLabel("Impact (optional)").FillAsync("More pupils reading daily at home.");
                await page.GetByLabel("Owner (optional)").FillAsync("Deputy head");
                if (i == 0)
                {
                    await page.ScreenshotsAsync("head-criterion-form");
                }
                await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
                await page.WaitForURLAsync($"**/progress/{school.Urn}");
                await page.ExpectPageAsync(school.Name);
                Assert.StartsWith("Progress saved:", await page.Locator("#success-message").InnerTextAsync(), StringComparison.Ordinal);
                var row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = criterion, Exact = true }) }).First;
                Assert.Equal(statuses[i], (await row.Locator(".app-rag").First.InnerTextAsync()).Trim());
            }
            Assert.StartsWith("0 of ", await page.Locator("#to-do").InnerTextAsync(), StringComparison.Ordinal);

            // The saved entry is on the criterion's page, with who changed what.
            await page.FollowAsync(school.ToDo[0]);
            await page.ExpectPageAsync(school.ToDo[0]);
            Assert.Contains("Last saved by Demo Headteacher", await page.Locator("#last-saved").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("Journey step 1: staff training and a new reading scheme.", await page.GetByLabel("What was done (optional)").InputValueAsync());
            await page.FollowAsync($"Back to {school.Name}");

            await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Submit return for ") }).ClickAsync();
            await page.WaitForURLAsync($"**/progress/{school.Urn}");
            await page.ExpectPageAsync(school.Name);
            Assert.StartsWith("Your return for ", await page.Locator("#success-message").InnerTextAsync(), StringComparison.Ordinal);
            Assert.StartsWith("Submitted by Demo Headteacher", (await page.Locator("#return-state").InnerTextAsync()).Trim(), StringComparison.Ordinal);
            Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Submit return") }).CountAsync());
        }
        finally
        {
            await page.CloseContextAsync();
        }
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
            await page.TabToAsync(page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }));
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
            await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
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
