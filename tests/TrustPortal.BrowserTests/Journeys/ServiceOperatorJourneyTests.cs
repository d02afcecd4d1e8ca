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
}
