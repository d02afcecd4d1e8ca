using Microsoft.Playwright;

namespace TrustPortal.BrowserTests.Infrastructure;

public static class PageExtensions
{
    /// Goes to a path of the portal and fails with the status when it does not answer as expected.
    public static async Task<IResponse> OpenAsync(this IPage page, string path, int expectedStatus = 200)
    {
        ArgumentNullException.ThrowIfNull(page);
        var response = await page.GotoAsync(path) ?? throw new InvalidOperationException($"No response for {path}");
        Assert.True(response.Status == expectedStatus, $"GET {path}: expected {expectedStatus}, got {response.Status}");
        return response;
    }

    /// Clicks a link by its accessible name, as a person would, and waits for the next page.
    public static async Task FollowAsync(this IPage page, string linkName, ILocator? within = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var scope = within ?? page.Locator("main");
        var link = scope.GetByRole(AriaRole.Link, new() { Name = linkName, Exact = true }).First;
        var target = new Uri(new Uri(page.Url), await link.GetAttributeAsync("href")).ToString();
        await link.ClickAsync();
        // Wait for the page the link leads to, not the load state of the page it was clicked on.
        await page.WaitForURLAsync(target, new() { WaitUntil = WaitUntilState.Load });
    }

    /// Follows a link with the keyboard only: Tab until the link has focus (at most 80 presses), then Enter.
    public static async Task FollowByKeyboardAsync(this IPage page, string linkName, ILocator? within = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var scope = within ?? page.Locator("main");
        var link = scope.GetByRole(AriaRole.Link, new() { Name = linkName, Exact = true }).First;
        var target = new Uri(new Uri(page.Url), await link.GetAttributeAsync("href")).ToString();
        for (var presses = 0; !await link.EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
        {
            Assert.True(presses < 80, $"80 presses of Tab on {page.Url} never reached the link \"{linkName}\".");
            await page.Keyboard.PressAsync("Tab");
        }
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(target, new() { WaitUntil = WaitUntilState.Load });
    }

    public static async Task<string> HeadingAsync(this IPage page) =>
        (await page.Locator("h1").InnerTextAsync()).Trim();

    /// The href of every link matching the selector, in page order, without repeats.
    public static async Task<IReadOnlyList<string>> HrefsAsync(this IPage page, string selector) =>
        (await page.Locator(selector).EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
            .Distinct(StringComparer.Ordinal).ToList();

    public static async Task CloseContextAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.Context.CloseAsync();
    }
}
