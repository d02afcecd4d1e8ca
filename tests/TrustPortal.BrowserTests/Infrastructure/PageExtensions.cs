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
        var from = page.Url;
        await page.Keyboard.PressAsync("Enter");
        try
        {
            await page.WaitForURLAsync(target, new() { WaitUntil = WaitUntilState.Load, Timeout = 8_000 });
            return;
        }
        catch (TimeoutException) when (page.Url != from)
        {
            // Enter worked and the navigation started, but the page is slow to load on a busy machine: wait for it as
            // a click's follow does (the default timeout), rather than fail a journey that did what it should.
            await page.WaitForURLAsync(target, new() { WaitUntil = WaitUntilState.Load });
            return;
        }
        catch (TimeoutException) when (page.Url == from)
        {
            // Falls through to the check below.
        }
        // Under heavy load headless Chromium has, rarely, dropped the Enter on a focused link (seen 3 times in
        // about 40 runs, never alone). A link that Enter cannot follow fails this second press too.
        Assert.True(await link.EvaluateAsync<bool>("e => e === document.activeElement"), $"Focus left \"{linkName}\" on {from} and Enter did not navigate.");
        Console.WriteLine($"Enter on \"{linkName}\" at {from} did not navigate within 8 s; pressing it once more.");
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

    /// Asserts the page's heading and that axe finds no WCAG A/AA violation on it.
    /// With <paramref name="startsWith"/>, the heading only has to begin with the text (a heading with a caption inside).
    public static async Task ExpectPageAsync(this IPage page, string heading, bool startsWith = false)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (startsWith)
        {
            Assert.StartsWith(heading, await page.HeadingAsync(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(heading, await page.HeadingAsync());
        }
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Length == 0, $"axe found violations on {page.Url}:\n{violations}");
    }

    /// Asserts the page's heading only: for pages with JavaScript off, where axe cannot run (Playwright's evaluate
    /// waits for ever in a context without JavaScript).
    public static async Task ExpectHeadingAsync(this IPage page, string heading)
    {
        ArgumentNullException.ThrowIfNull(page);
        Assert.Equal(heading, await page.HeadingAsync());
    }

    /// Saves the whole page at the current (desktop) width and at phone width as name-desktop.png and name-phone.png,
    /// and the first desktop screenful as name-desktop-top.png.
    public static async Task ScreenshotsAsync(this IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var size = page.ViewportSize;
        var (width, height) = size is null ? (1280, 900) : (size.Width, size.Height);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, $"{name}-desktop.png"), FullPage = true });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, $"{name}-desktop-top.png") });
        await page.SetViewportSizeAsync(375, 812);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, $"{name}-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(width, height);
    }

    /// Presses Tab until the element has focus (at most 60 presses), checking that every element focus lands on
    /// on the way shows a visible focus style (an outline or GOV.UK's box shadow).
    public static async Task TabToAsync(this IPage page, ILocator target)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(target);
        for (var presses = 0; !await target.EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
        {
            Assert.True(presses < 60, $"60 presses of Tab on {page.Url} never reached {target}.");
            await page.Keyboard.PressAsync("Tab");
            var unseen = await page.EvaluateAsync<string?>(FocusNotVisible);
            Assert.True(unseen is null, $"Focus is not visible on {page.Url} at {unseen}.");
        }
    }

    /// Null when the focused element shows a focus style; else a description of it.
    private const string FocusNotVisible = """
        () => {
          const e = document.activeElement;
          if (!e || e === document.body) return null;
          // A radio or checkbox is drawn by its label's ::before, which GOV.UK gives a thick border and box shadow on focus.
          const box = e.matches('.govuk-radios__input, .govuk-checkboxes__input') && e.labels && e.labels[0];
          const styled = box ? getComputedStyle(e.labels[0], '::before') : getComputedStyle(e);
          const outline = styled.outlineStyle !== 'none' && parseFloat(styled.outlineWidth) > 0 && styled.outlineColor !== 'rgba(0, 0, 0, 0)';
          const shadow = styled.boxShadow !== 'none' && styled.boxShadow !== '';
          return outline || shadow ? null : e.tagName.toLowerCase() + '#' + e.id + ' "' + (e.innerText || e.value || '').trim().slice(0, 60) + '"';
        }
        """;
}
