using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Accessibility;

/// axe-core with the WCAG 2.0/2.1/2.2 A and AA rules on every page the staff journey reaches.
[Collection(SharedBrowser.Name)]
public sealed class AxeTests(BrowserPortal portal)
{
    [Fact]
    public async Task The_landing_page_and_a_not_found_page_have_no_WCAG_22_AA_violations()
    {
        var page = await portal.NewPageAsync();
        try
        {
            var failures = new List<string>();
            await page.OpenAsync("/");
            await CheckAsync(page, failures);
            await page.OpenAsync("/create-partnership-trust/no-such-page", expectedStatus: 404);
            await CheckAsync(page, failures);
            await page.OpenAsync("/no-such-trust", expectedStatus: 404);
            await CheckAsync(page, failures);
            Assert.True(failures.Count == 0, string.Join('\n', failures));
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Fact]
    public async Task The_check_reports_each_violation_with_its_rule_help_and_element()
    {
        var page = await portal.NewPageAsync();
        try
        {
            await page.OpenAsync("/");
            // A broken copy of the page: an image without alt text and a link with no name.
            await page.EvaluateAsync("""
                () => document.querySelector('main').insertAdjacentHTML('beforeend',
                    '<img src="/missing.png" id="no-alt"><a href="/x" id="no-name"></a>')
                """);
            var report = await Axe.ViolationsAsync(page);
            Assert.Contains("image-alt (critical): Images must have alternative text", report, StringComparison.Ordinal);
            Assert.Contains("#no-alt", report, StringComparison.Ordinal);
            Assert.Contains("link-name (serious): Links must have discernible text", report, StringComparison.Ordinal);
            Assert.Contains("<a href=\"/x\" id=\"no-name\"></a>", report, StringComparison.Ordinal);
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Theory]
    [MemberData(nameof(BrowserPortal.DemoTrusts), MemberType = typeof(BrowserPortal))]
    public async Task Every_public_page_of_a_trust_has_no_WCAG_22_AA_violations(string trust)
    {
        var page = await portal.NewPageAsync();
        try
        {
            var failures = new List<string>();
            foreach (var path in await TrustPages.ReachableFromAsync(page, trust))
            {
                await page.OpenAsync(path);
                await CheckAsync(page, failures);
            }
            Assert.True(failures.Count == 0, $"{failures.Count} page(s) of {trust} fail WCAG 2.2 AA:\n" + string.Join('\n', failures));
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Fact]
    public async Task The_main_pages_at_phone_width_have_no_WCAG_22_AA_violations()
    {
        // The phone layout differs: the Menu button, the stacked schools table, smaller spacing and targets.
        var page = await portal.NewPageAsync(375, 812, isMobile: true);
        try
        {
            var failures = new List<string>();
            foreach (var (_, path) in Layout.LayoutTests.MainPages)
            {
                await page.OpenAsync(path);
                await CheckAsync(page, failures);
            }
            Assert.True(failures.Count == 0, $"{failures.Count} page(s) fail WCAG 2.2 AA at phone width:\n" + string.Join('\n', failures));
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    private static async Task CheckAsync(Microsoft.Playwright.IPage page, List<string> failures)
    {
        var violations = await Axe.ViolationsAsync(page);
        if (violations.Length > 0)
        {
            failures.Add($"{new Uri(page.Url).PathAndQuery}\n{violations}");
        }
    }
}
