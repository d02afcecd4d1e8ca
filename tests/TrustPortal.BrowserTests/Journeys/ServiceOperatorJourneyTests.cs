using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Journeys;

/// The service's operator adds a trust and hands it to its first administrator, by clicking from where they land;
/// axe on every page.
[Collection(SharedBrowser.Name)]
public sealed class ServiceOperatorJourneyTests(BrowserPortal portal)
{
    [Fact]
    public async Task The_service_operator_adds_a_trust_and_invites_its_first_administrator()
    {
        var page = await portal.NewPageAsync();
        try
        {
            // The operator lands on the trusts of the installation.
            await DemoUsers.SignInAsync(page, DemoUsers.Operator);
            Assert.EndsWith("/operator", page.Url, StringComparison.Ordinal);
            await page.ExpectPageAsync("Trusts on this installation");
            await page.ScreenshotsAsync("operator-trusts");

            await page.FollowAsync("Add a trust");
            await page.ExpectPageAsync("Add a trust");
            // Nothing typed: each problem against its field, axe still clean.
            await page.GetByRole(AriaRole.Button, new() { Name = "Add the trust and send the invitation" }).ClickAsync();
            await page.ExpectPageAsync("Add a trust");
            Assert.Contains("Enter the trust's name", await page.Locator(".govuk-error-summary").InnerTextAsync(), StringComparison.Ordinal);

            var suffix = Guid.NewGuid().ToString("N")[..6];
            await page.GetByLabel("Name", new() { Exact = true }).First.FillAsync($"Oak Learning Trust {suffix}");
            await page.GetByLabel("GIAS group UID (optional)").FillAsync("2044");
            await page.Locator("#AdministratorName").FillAsync("Ann Example");
            await page.GetByLabel("E-mail address").FillAsync($"ceo.{suffix}@oak.example.org");
            await page.ScreenshotsAsync("operator-add-trust");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add the trust and send the invitation" }).ClickAsync();
            await page.WaitForURLAsync("**/operator");
            await page.ExpectPageAsync("Trusts on this installation");
            var main = await page.Locator("main").InnerTextAsync();
            Assert.Contains($"Oak Learning Trust {suffix} is set up at /oak-learning-trust-{suffix}.", main, StringComparison.Ordinal);
            Assert.Contains($"ceo.{suffix}@oak.example.org", main, StringComparison.Ordinal);

            // The new trust's public home is one click away, and its own (empty) pages are already served.
            await page.FollowAsync($"Oak Learning Trust {suffix}");
            await page.ExpectPageAsync($"Oak Learning Trust {suffix}", startsWith: true);
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Fact]
    public async Task The_operator_suspends_reactivates_and_deletes_a_trust_and_every_page_on_the_way_passes_axe()
    {
        var page = await DemoUsers.SignedInPageAsync(portal, DemoUsers.Operator);
        try
        {
            var suffix = Guid.NewGuid().ToString("N")[..6];
            var name = $"Rowan Trust {suffix}";
            await page.OpenAsync("/operator/trusts/new");
            await page.GetByLabel("Name", new() { Exact = true }).First.FillAsync(name);
            await page.Locator("#AdministratorName").FillAsync("Ann Example");
            await page.GetByLabel("E-mail address").FillAsync($"ceo.{suffix}@rowan.example.org");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add the trust and send the invitation" }).ClickAsync();
            await page.WaitForURLAsync("**/operator");
            await page.FollowAsync(name);
            await page.ExpectPageAsync(name);

            await page.FollowAsync($"Suspend {name}");
            await page.ExpectPageAsync($"Suspend {name}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Suspend the trust" }).ClickAsync();
            await page.ExpectPageAsync($"Suspend {name}");
            await page.GetByLabel("Why is it suspended?").FillAsync("The contract ended on 30 November");
            await page.ScreenshotsAsync("operator-suspend");
            await page.GetByRole(AriaRole.Button, new() { Name = "Suspend the trust" }).ClickAsync();
            await page.ExpectPageAsync(name);
            await page.ScreenshotsAsync("operator-trust-suspended");

            var visitor = await portal.NewPageAsync();
            await visitor.OpenAsync($"/rowan-trust-{suffix}", expectedStatus: 503);
            await visitor.ExpectPageAsync($"{name}'s portal is suspended");
            await visitor.ScreenshotsAsync("trust-suspended");
            await visitor.OpenAsync("/no-trust-at-this-address", expectedStatus: 404);
            await visitor.ExpectPageAsync("There is no trust at this address");
            await visitor.ScreenshotsAsync("unknown-trust");
            await visitor.CloseContextAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = $"Reactivate {name}" }).ClickAsync();
            await page.ExpectPageAsync(name);
            await page.FollowAsync($"Delete {name}");
            await page.ExpectPageAsync($"Delete {name}");
            await page.GetByLabel($"Type the trust's name, {name}, to confirm").FillAsync("Rowan");
            await page.GetByRole(AriaRole.Button, new() { Name = "Export and delete the trust" }).ClickAsync();
            await page.ExpectPageAsync($"Delete {name}");
            await page.GetByLabel($"Type the trust's name, {name}, to confirm").FillAsync(name);
            await page.ScreenshotsAsync("operator-delete");
            await page.GetByRole(AriaRole.Button, new() { Name = "Export and delete the trust" }).ClickAsync();
            await page.WaitForURLAsync("**/operator/log");
            await page.ExpectPageAsync("The operator's log");
            Assert.Contains($"Deleted {name}", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            await page.ScreenshotsAsync("operator-log");
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }
}
