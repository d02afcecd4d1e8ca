using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Layout;

/// Every link and button of the header and its menus can be seen: on the screen, not hidden, and with a contrast
/// of at least 4.5:1 against what is painted behind it (found with elementsFromPoint, not from the element's
/// parents: a floated link once sat white on white below the blue header, and axe, which reads the parents'
/// colours, passed it).
[Collection(SharedBrowser.Name)]
public sealed class HeaderTests(BrowserPortal portal)
{
    private static readonly string[] AnonymousPages = ["/", "/account/sign-in", $"/{DemoUsers.Trust}"];
    private static readonly string[] AdministratorPages = ["/", "/me", "/admin", "/admin/users", $"/{DemoUsers.Trust}"];

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task Every_header_link_and_button_is_visible_to_visitors(int width, int height)
    {
        var page = await portal.NewPageAsync(width, height, isMobile: width < 640);
        try
        {
            var problems = new List<string>();
            foreach (var path in AnonymousPages)
            {
                await page.OpenAsync(path);
                problems.AddRange(await ProblemsAsync(page, path));
            }
            Assert.True(await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Sign in" }).IsVisibleAsync());
            Assert.True(problems.Count == 0, $"At {width}px:\n" + string.Join('\n', problems));
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task Every_header_link_and_button_is_visible_to_a_signed_in_administrator(int width, int height)
    {
        var page = await DemoUsers.SignedInPageAsync(portal, DemoUsers.TrustAdmin, width, height);
        try
        {
            var problems = new List<string>();
            foreach (var path in AdministratorPages)
            {
                await page.OpenAsync(path);
                problems.AddRange(await ProblemsAsync(page, path));
                var banner = page.GetByRole(AriaRole.Banner);
                Assert.True(await banner.GetByRole(AriaRole.Link, new() { Name = "Your account" }).IsVisibleAsync(), $"{path}: no visible Your account link");
                Assert.True(await banner.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).IsVisibleAsync(), $"{path}: no visible Sign out button");
            }
            Assert.True(problems.Count == 0, $"At {width}px:\n" + string.Join('\n', problems));
            if (width >= 640)
            {
                await page.OpenAsync("/admin");
                await page.ScreenshotsAsync("admin-overview");
            }
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Fact]
    public async Task The_check_finds_a_link_that_drops_below_the_header_onto_white()
    {
        var page = await portal.NewPageAsync();
        try
        {
            await page.OpenAsync("/");
            // The old layout: the account links floated right in a header that did not contain them.
            // (Through the CSS object model: the portal's CSP refuses an injected style sheet.)
            await page.EvaluateAsync("""
                () => {
                  document.querySelector('.app-brand-header .govuk-generic-header__container').style.display = 'block';
                  document.querySelector('.app-account-nav').style.float = 'right';
                }
                """);
            var problems = await ProblemsAsync(page, "/");
            Assert.Contains(problems, p => p.Contains("\"Sign in\"", StringComparison.Ordinal) && p.Contains("contrast 1.00:1", StringComparison.Ordinal));
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    /// Opens each collapsed menu (phone width) and lists every header link or button that cannot be seen.
    private static async Task<IReadOnlyList<string>> ProblemsAsync(IPage page, string path)
    {
        foreach (var toggle in await page.Locator(".govuk-service-navigation__toggle").AllAsync())
        {
            if (await toggle.IsVisibleAsync() && await toggle.GetAttributeAsync("aria-expanded") == "false")
            {
                await toggle.ClickAsync();
            }
        }
        var found = await page.EvaluateAsync<string[]>(Check);
        return found.Select(p => $"{path}: {p}").ToList();
    }

    private const string Check = """
        () => {
          const parse = c => {
            const m = /rgba?\(([^)]+)\)/.exec(c);
            if (!m) return null;
            const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
            return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
          };
          const over = (top, bottom) => ({
            r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
            b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
          const lum = c => {
            const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
          };
          const problems = [];
          const selector = 'header a, header button, .govuk-service-navigation a, .govuk-service-navigation button:not([hidden])';
          for (const e of document.querySelectorAll(selector)) {
            const s = getComputedStyle(e);
            const name = e.tagName.toLowerCase() + ' "' + (e.innerText || e.textContent || '').trim().replace(/\s+/g, ' ') + '"';
            // Below the fold is not hidden: scroll it into view first, as a person would.
            e.scrollIntoView({ block: 'center', inline: 'nearest' });
            const r = e.getBoundingClientRect();
            if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0 || r.width < 1 || r.height < 1) {
              problems.push(name + ': hidden'); continue;
            }
            if (r.left < 0 || r.top < 0 || r.right > window.innerWidth + 0.5 || r.bottom > window.innerHeight + 0.5) {
              problems.push(name + ': outside the screen (' + Math.round(r.left) + ',' + Math.round(r.top) + ')'); continue;
            }
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            const stack = document.elementsFromPoint(x, y);
            const top = stack[0];
            if (!top || !(top === e || e.contains(top) || top.contains(e))) {
              problems.push(name + ': covered by ' + (top ? top.tagName.toLowerCase() + '.' + top.className : 'nothing')); continue;
            }
            // What is painted behind the text: the backgrounds of the boxes under its centre, topmost first.
            const layers = [];
            const text = parse(s.color);
            for (const n of stack) {
              const c = parse(getComputedStyle(n).backgroundColor);
              if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
            }
            let bg = { r: 255, g: 255, b: 255, a: 1 };
            for (const l of layers.reverse()) bg = over(l, bg);
            const fg = over(text, bg);
            const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
            const ratio = (hi + 0.05) / (lo + 0.05);
            if (ratio < 4.5) {
              problems.push(name + ': contrast ' + ratio.toFixed(2) + ':1 (' + s.color + ' on rgb(' + [bg.r, bg.g, bg.b].map(Math.round).join(', ') + '))');
            }
          }
          return problems;
        }
        """;
}
