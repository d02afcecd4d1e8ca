using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Accessibility;

/// A keyboard-only walk: skip link, focus order, visible focus, no keyboard trap.
[Collection(SharedBrowser.Name)]
public sealed class KeyboardTests(BrowserPortal portal)
{
    /// Marks every element a keyboard user can reach, in document order, and returns how many there are.
    private const string MarkFocusable = """
        () => {
          const all = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')];
          const reachable = all.filter(e => !e.disabled && e.tabIndex >= 0 && !e.closest('[hidden], [inert]')
            && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden');
          reachable.forEach((e, i) => e.setAttribute('data-kb', String(i)));
          return reachable.length;
        }
        """;

    /// Where focus is now and whether it can be seen: an outline or a box shadow (GOV.UK's focus style).
    private const string DescribeFocus = """
        () => {
          const e = document.activeElement;
          if (!e || e === document.body) return { index: -1, visible: false, label: 'body' };
          const s = getComputedStyle(e);
          const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
          const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
          const r = e.getBoundingClientRect();
          return { index: Number(e.getAttribute('data-kb') ?? -2), visible: (outline || shadow) && r.width > 1 && r.height > 1,
                   label: e.tagName.toLowerCase() + ' "' + (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 60) + '"' };
        }
        """;

    private sealed class Focus
    {
        public int Index { get; set; }
        public bool Visible { get; set; }
        public string Label { get; set; } = "";
    }

    [Fact]
    public async Task The_first_Tab_shows_the_skip_link_and_Enter_moves_focus_to_the_main_content()
    {
        var page = await portal.NewPageAsync();
        try
        {
            await page.OpenAsync("/create-partnership-trust");
            await page.Keyboard.PressAsync("Tab");
            var skip = page.Locator("a.govuk-skip-link");
            Assert.True(await skip.EvaluateAsync<bool>("e => e === document.activeElement"), "The first Tab did not focus the skip link.");
            Assert.Equal("Skip to main content", (await skip.InnerTextAsync()).Trim());
            var box = await skip.BoundingBoxAsync();
            Assert.True(box is { Width: > 40, Height: > 20 } && box.Y >= 0, $"The focused skip link is not visible: {box?.Width}x{box?.Height} at {box?.Y}.");
            Assert.True(await HasFocusStyleAsync(skip), "The focused skip link has no outline or box shadow.");

            await page.Keyboard.PressAsync("Enter");
            await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.id === 'main-content'");

            // The next Tab continues inside the main content, not back in the header.
            await page.Keyboard.PressAsync("Tab");
            Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('main').contains(document.activeElement)"),
                "After the skip link, Tab did not move to a link inside <main>.");
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/create-partnership-trust")]
    [InlineData("/care-foundation-trust/vision-and-values")]
    [InlineData("/kestrel-ridge-learning-trust/plans/2025-2028")]
    [InlineData("/kestrel-ridge-learning-trust/schools")]
    [InlineData("/create-partnership-trust/messages/happy-new-year-2023")]
    public async Task Tab_reaches_every_link_in_order_with_visible_focus_and_no_trap(string path)
    {
        var page = await portal.NewPageAsync();
        try
        {
            await page.OpenAsync(path);
            var count = await page.EvaluateAsync<int>(MarkFocusable);
            Assert.True(count > 3, $"Only {count} focusable elements on {path}.");

            var seen = new List<Focus>();
            // Every element once, then out of the page and round to the first again.
            for (var i = 0; i < count + 3; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                seen.Add(await page.EvaluateAsync<Focus>(DescribeFocus));
            }

            var order = seen.Take(count).Select(f => f.Index).ToList();
            Assert.True(order.SequenceEqual(Enumerable.Range(0, count)),
                $"Focus order on {path} differs from the page order:\n" + string.Join('\n', seen.Take(count).Select((f, i) => $"  tab {i + 1}: #{f.Index} {f.Label}")));
            var hidden = seen.Take(count).Where(f => !f.Visible).ToList();
            Assert.True(hidden.Count == 0, $"Focus is not visible on {path} at:\n" + string.Join('\n', hidden.Select(f => $"  {f.Label}")));
            Assert.True(seen.Skip(count).Any(f => f.Index == 0),
                $"After the last element, focus did not leave the page and come round to the first (trap?): " +
                string.Join(", ", seen.Skip(count).Select(f => f.Label)));
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Fact]
    public async Task At_phone_width_the_Menu_button_opens_the_trust_menu_from_the_keyboard()
    {
        var page = await portal.NewPageAsync(375, 812, isMobile: true);
        try
        {
            await page.OpenAsync("/kestrel-ridge-learning-trust");
            var menu = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
            var firstLink = page.Locator("nav[aria-label='Trust menu'] a").First;
            Assert.True(await menu.IsVisibleAsync(), "No Menu button at phone width.");
            Assert.False(await firstLink.IsVisibleAsync(), "The trust menu is open before the Menu button is pressed.");

            await menu.FocusAsync();
            Assert.True(await HasFocusStyleAsync(menu), "The focused Menu button has no visible focus style.");
            await page.Keyboard.PressAsync("Enter");
            Assert.Equal("true", await menu.GetAttributeAsync("aria-expanded"));
            await page.Keyboard.PressAsync("Tab");
            Assert.True(await firstLink.EvaluateAsync<bool>("e => e === document.activeElement"), "Tab after opening the menu did not reach its first link.");
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    private static Task<bool> HasFocusStyleAsync(ILocator element) => element.EvaluateAsync<bool>("""
        e => { const s = getComputedStyle(e);
               return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow !== 'none' && s.boxShadow !== ''); }
        """);
}
