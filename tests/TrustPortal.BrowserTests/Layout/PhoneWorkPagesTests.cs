using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;
using Xunit.Abstractions;

namespace TrustPortal.BrowserTests.Layout;

/// The trustees' board dashboard and the administrator's plan editor on a 390 px phone: the page never scrolls
/// sideways (the heat map scrolls inside its own labelled region, which the keyboard can reach), and axe finds nothing.
[Collection(SharedBrowser.Name)]
public sealed class PhoneWorkPagesTests(BrowserPortal portal, ITestOutputHelper output)
{
    private const int Phone = 390;

    [Fact]
    public async Task The_board_dashboard_fits_a_phone_with_the_heat_map_scrolling_in_its_own_focusable_region()
    {
        var page = await DemoUsers.SignedInPageAsync(portal, DemoUsers.Trustee, Phone, 844);
        try
        {
            await page.OpenAsync($"/{DemoUsers.Trust}/board");
            // The page itself never scrolls sideways: what is wider (the heat map, the trend figures) scrolls in its own
            // region, which is also the containing block of the visually hidden text inside it (RoleCrawlTests checks the
            // same on every page each role reaches).
            await AssertFitsAsync(page, "board-dashboard");
            var region = page.GetByRole(AriaRole.Region, new() { NameRegex = new("^Heatmap") });
            Assert.Equal("0", await region.GetAttributeAsync("tabindex"));
            await region.FocusAsync();
            Assert.NotEqual("none", await region.EvaluateAsync<string>("r => getComputedStyle(r).outlineStyle"));
            // The table is wider than the phone: the region scrolls, the page does not.
            Assert.True(await region.EvaluateAsync<bool>("r => r.scrollWidth > r.clientWidth"));
            await page.Keyboard.PressAsync("ArrowRight");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, "board-heatmap-390.png") });
            Assert.Equal("", await Axe.ViolationsAsync(page));
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Fact]
    public async Task The_plan_editor_fits_a_phone_with_each_aims_criteria_folded_away()
    {
        var page = await DemoUsers.SignedInPageAsync(portal, DemoUsers.TrustAdmin, Phone, 844);
        try
        {
            await page.OpenAsync("/admin/plans/2025-2028");
            await AssertFitsAsync(page, "plan-editor");
            Assert.Equal(0, await page.Locator(".app-aim__details[open]").CountAsync());
            await page.Locator(".app-aim").First.ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, "plan-editor-aims-390.png") });
            Assert.Equal("", await Axe.ViolationsAsync(page));
            await page.Locator(".app-aim__details summary").First.ClickAsync();
            await AssertFitsAsync(page, "plan-editor-aim-open");
            Assert.Equal("", await Axe.ViolationsAsync(page));
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    private async Task AssertFitsAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, $"{name}-390.png"), FullPage = true });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, $"{name}-390-top.png") });
        output.WriteLine($"Screenshot: {Path.Combine(BrowserPortal.OutputFolder, $"{name}-390.png")}");
        var scrollWidth = await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth");
        var culprits = scrollWidth <= Phone ? [] : await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
              .filter(e => (!e.closest('.app-table-scroll') || e.classList.contains('app-table-scroll')) && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : '')
                + ' ' + Math.round(e.getBoundingClientRect().width) + 'px in ' + e.parentElement.tagName.toLowerCase() + '.' + String(e.parentElement.className) + ' ' + e.parentElement.clientWidth + 'px, ' + getComputedStyle(e.parentElement).display)
            """);
        Assert.True(scrollWidth <= Phone, $"{page.Url} is {scrollWidth}px wide on a {Phone}px phone: {string.Join(", ", culprits)}");
    }
}
