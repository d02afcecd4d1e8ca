using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;
using Xunit.Abstractions;

namespace TrustPortal.BrowserTests.Layout;

[Collection(SharedBrowser.Name)]
public sealed class PrintTests(BrowserPortal portal, ITestOutputHelper output)
{
    [Fact]
    public async Task A_printed_plan_leaves_out_the_navigation_and_the_skip_link()
    {
        var page = await portal.NewPageAsync();
        try
        {
            await page.OpenAsync("/kestrel-ridge-learning-trust/plans/2025-2028");
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            foreach (var selector in new[] { ".govuk-skip-link", "nav[aria-label='Trust menu']", ".govuk-service-navigation__toggle", "footer .govuk-footer__inline-list" })
            {
                Assert.Equal("none", await page.Locator(selector).EvaluateAsync<string>("e => getComputedStyle(e).display"));
            }
            Assert.True(await page.Locator("h1").IsVisibleAsync());
            Assert.Equal(7, await page.Locator(".app-aim:visible").CountAsync());

            var pdf = Path.Combine(BrowserPortal.OutputFolder, "plan.pdf");
            await page.PdfAsync(new() { Path = pdf, Format = "A4", PreferCSSPageSize = true, PrintBackground = true });
            Assert.True(new FileInfo(pdf).Length > 10_000, "The PDF of the plan is nearly empty.");
            output.WriteLine($"PDF: {pdf}");
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }
}
