using TrustPortal.BrowserTests.Infrastructure;
using Xunit.Abstractions;

namespace TrustPortal.BrowserTests.Layout;

/// The main pages at a phone's and a desktop's width: nothing scrolls sideways. Each page is photographed
/// (full page and first screenful, PNG) into the screenshots folder printed in the test output.
[Collection(SharedBrowser.Name)]
public sealed class LayoutTests(BrowserPortal portal, ITestOutputHelper output)
{
    public static readonly IReadOnlyList<(string Name, string Path)> MainPages =
    [
        ("landing", "/"),
        ("overview", "/create-partnership-trust"),
        ("vision-and-values", "/create-partnership-trust/vision-and-values"),
        ("vision-and-values-ten-values", "/care-foundation-trust/vision-and-values"),
        ("vision-statements", "/larkspur-vale-academy-trust/vision-and-values"),
        ("plans", "/kestrel-ridge-learning-trust/plans"),
        ("plan", "/kestrel-ridge-learning-trust/plans/2025-2028"),
        ("plan-with-horizons", "/innovate-2-educate-partnership/plans/2024-2029"),
        ("schools", "/kestrel-ridge-learning-trust/schools"),
        ("school", "/kestrel-ridge-learning-trust/schools/900501"),
        ("messages", "/create-partnership-trust/messages"),
        ("message", "/create-partnership-trust/messages/happy-new-year-2023"),
    ];

    [Theory]
    [InlineData("phone", 375, 812)]
    [InlineData("desktop", 1280, 900)]
    public async Task Main_pages_fit_the_screen_without_sideways_scrolling(string device, int width, int height)
    {
        var page = await portal.NewPageAsync(width, height, isMobile: device == "phone");
        try
        {
            var tooWide = new List<string>();
            foreach (var (name, path) in MainPages)
            {
                await page.OpenAsync(path);
                // Against the width of the screen, not window.innerWidth: a phone browser widens its layout
                // viewport to fit content that is too wide, so innerWidth grows with the overflow.
                var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                if (scrollWidth > width)
                {
                    var culprits = await page.EvaluateAsync<string[]>("""
                        () => [...document.querySelectorAll('body *')]
                          .filter(e => e.getBoundingClientRect().right > screen.width + 1)
                          .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))
                        """);
                    tooWide.Add($"{path}: {scrollWidth}px wide on a {width}px screen ({string.Join(", ", culprits)})");
                }
                await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, $"{name}-{device}.png"), FullPage = true });
                // The first screenful as well: long pages make full-page images too big for the docs.
                await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, $"{name}-{device}-top.png") });
            }
            output.WriteLine($"Screenshots: {BrowserPortal.OutputFolder}");
            Assert.True(tooWide.Count == 0, $"Pages that scroll sideways at {width}px:\n" + string.Join('\n', tooWide));
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }
}
