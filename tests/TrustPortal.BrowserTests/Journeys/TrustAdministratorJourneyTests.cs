using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Journeys;

/// A trust administrator invites a user, edits one of the trust's values and publishes a plan; axe on every page.
[Collection(SharedBrowser.Name)]
public sealed class TrustAdministratorJourneyTests(BrowserPortal portal)
{
    [Fact]
    public async Task A_trust_administrator_invites_a_user_edits_a_value_and_publishes_a_plan()
    {
        var page = await portal.NewPageAsync();
        try
        {
            await DemoUsers.SignInAsync(page, DemoUsers.TrustAdmin);
            // An administrator lands on what needs doing, with the administration menu on every page.
            Assert.EndsWith("/admin", page.Url, StringComparison.Ordinal);
            await page.ExpectPageAsync("What needs doing");
            await page.ScreenshotsAsync("landing-administrator");

            // Invite a member of staff.
            await page.FollowAsync("Users", page.GetByRole(AriaRole.Navigation, new() { Name = "Administration menu" }));
            await page.ExpectPageAsync("Users");
            await page.FollowAsync("Invite a user");
            await page.ExpectPageAsync("Invite a user");
            var email = $"new.teacher.{Guid.NewGuid():N}"[..24] + "@example.org";
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Nia Teacher");
            await page.GetByLabel("E-mail address").FillAsync(email);
            await page.GetByLabel("Staff", new() { Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/users");
            await page.ExpectPageAsync("Users");
            Assert.Contains(email, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

            // Edit what one of the trust's values means, and see it on the public page.
            await page.OpenAsync($"/{DemoUsers.Trust}/staff");
            await page.FollowAsync("Trust content");
            await page.ExpectPageAsync("Trust content");
            await page.ScreenshotsAsync("admin-content");
            // The demo trust has no values yet: add one, then edit what it means.
            var valueName = $"Kindness {Guid.NewGuid():N}"[..14];
            await page.FollowAsync("Add a value");
            await page.ExpectPageAsync("Add a value");
            await page.GetByLabel("Value", new() { Exact = true }).FillAsync(valueName);
            await page.GetByLabel("What the value means").FillAsync("We look after each other.");
            await page.GetByLabel("Public", new() { Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await page.WaitForURLAsync("**/admin/content");
            await page.ExpectPageAsync("Trust content");
            var valueRow = page.Locator("[id^='value-']", new() { HasText = valueName });
            await page.FollowAsync($"Edit {valueName}", valueRow);
            await page.ExpectPageAsync("Edit the value");
            var meaning = $"We look after each other, in school and beyond ({DateTime.UtcNow:HHmmss}).";
            await page.GetByLabel("What the value means").FillAsync(meaning);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await page.WaitForURLAsync("**/admin/content");
            await page.ExpectPageAsync("Trust content");
            await page.OpenAsync($"/{DemoUsers.Trust}/vision-and-values");
            Assert.Contains(meaning, await page.Locator(".app-value-card__meaning").AllInnerTextsAsync());

            // A new plan for a period that does not overlap the demo plan: the trust's previous plan, recorded for its
            // history (a later period would become the plan the board reviews, changing what the other journeys see).
            await page.OpenAsync("/admin/plans");
            await page.ExpectPageAsync("Strategic plans");
            await page.FollowAsync("Create a plan");
            await page.ExpectPageAsync("Create a plan");
            await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Strategic plan 2021 to 2024");
            await page.GetByLabel("Web address").FillAsync("2021-2024");
            await page.GetByLabel("First year").FillAsync("2021");
            await page.GetByLabel("Last year").FillAsync("2024");
            await page.GetByLabel("A blank plan").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/plans/2021-2024*");
            await page.ExpectPageAsync("Strategic plan 2021 to 2024");

            await page.GetByRole(AriaRole.Link, new() { Name = "Add a theme" }).ClickAsync();
            await page.WaitForLoadStateAsync();
            await page.ExpectPageAsync("Add a theme", startsWith: true);
            await page.GetByLabel("Title (optional)").FillAsync("Reading for pleasure");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await page.WaitForURLAsync("**/admin/plans/2021-2024*");

            await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Add an aim") }).First.ClickAsync();
            await page.WaitForURLAsync("**/aims/new*");
            await page.ExpectPageAsync("Add an aim", startsWith: true);
            await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Every pupil reads widely and often");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save aim" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/plans/2021-2024*");

            await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Add a success criterion") }).First.ClickAsync();
            await page.WaitForURLAsync("**/criteria/new");
            await page.ExpectPageAsync("Add a success criterion", startsWith: true);
            await page.GetByLabel("Success criterion").FillAsync("Every class has a reading corner pupils chose the books for");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await page.WaitForURLAsync("**/admin/plans/2021-2024*");
            await page.ExpectPageAsync("Strategic plan 2021 to 2024");

            await page.GetByRole(AriaRole.Link, new() { Name = "Publish", Exact = true }).ClickAsync();
            await page.WaitForURLAsync("**/publish");
            await page.ExpectPageAsync("Publish Strategic plan 2021 to 2024?");
            await page.GetByRole(AriaRole.Button, new() { Name = "Publish plan" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/plans/2021-2024*");
            await page.ExpectPageAsync("Strategic plan 2021 to 2024");
            Assert.Contains("Published", await page.Locator("main .govuk-tag").First.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);

            await page.OpenAsync($"/{DemoUsers.Trust}/plans");
            await page.FollowAsync("Strategic plan 2021 to 2024");
            await page.ExpectPageAsync("Strategic plan 2021 to 2024");
            Assert.Contains("1 strategic aim with 1 success criterion.", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }
}
