using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Journeys;

/// A headteacher records this cycle's value of a measured criterion (ADR 0144) and sees it on the chart and in its
/// table, with axe at desktop and phone widths.
[Collection(SharedBrowser.Name)]
public sealed class MeasuredTargetJourneyTests(BrowserPortal portal)
{
    [Fact]
    public async Task A_headteacher_records_a_measured_value_and_sees_it_on_the_chart_and_in_its_table()
    {
        var school = await JourneyData.MeasuredSchoolAsync(portal, DemoUsers.Head, "Wren Meadow Primary");
        var criterion = school.ToDo[0];
        var page = await DemoUsers.SignedInPageAsync(portal, DemoUsers.Head);
        try
        {
            await page.OpenAsync($"/{DemoUsers.Trust}/progress/{school.Urn}");
            await page.FollowAsync(criterion);
            await page.ExpectPageAsync(criterion);
            var value = page.GetByLabel("Current value (%, optional)");
            Assert.Equal("", await value.InputValueAsync());
            await page.GetByLabel("On track", new() { Exact = true }).CheckAsync();
            await value.FillAsync("94.6%");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and return to the list" }).ClickAsync();
            await page.WaitForURLAsync($"**/progress/{school.Urn}");
            Assert.StartsWith("Progress saved:", await page.Locator("#success-message").InnerTextAsync(), StringComparison.Ordinal);

            await page.FollowAsync(criterion);
            await page.ExpectPageAsync(criterion);
            Assert.Equal("94.6", await page.GetByLabel("Current value (%, optional)").InputValueAsync());
            var chart = page.GetByRole(AriaRole.Img, new() { NameRegex = new("^Measure: values cycle by cycle") });
            Assert.True(await chart.IsVisibleAsync(), "The chart is not shown by its accessible name.");
            var rows = await page.Locator("#measure-table tbody tr").AllInnerTextsAsync();
            Assert.Contains(rows, r => r.Contains("94.6%", StringComparison.Ordinal));
            Assert.Contains("Latest value 94.6%", await page.Locator("#measure-summary").InnerTextAsync(), StringComparison.Ordinal);
            await page.Locator("#measure").ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, "head-measure-chart-1280.png"), FullPage = true });

            await page.SetViewportSizeAsync(390, 844);
            var violations = await Axe.ViolationsAsync(page);
            Assert.True(violations.Length == 0, $"axe found violations at 390 px on {page.Url}:\n{violations}");
            await page.Locator("#measure").ScrollIntoViewIfNeededAsync();
            await page.Locator("#measure").ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, "head-measure-chart-390.png") });
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, "head-measure-chart-390-page.png"), FullPage = true });
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }
}
