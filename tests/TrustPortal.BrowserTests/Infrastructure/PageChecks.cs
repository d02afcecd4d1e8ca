using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace TrustPortal.BrowserTests.Infrastructure;

/// The checks the role crawl runs on every page at each width: axe (injected once per page load, then run again at
/// the next width without re-injecting) and that every link and button can actually be seen.
public static class PageChecks
{
    private static readonly Lazy<string> AxeSource = new(() => new BundledAxeScriptProvider().GetScript());

    /// axe's WCAG A/AA violations on the page as it is now, one line per rule and node; empty when there are none.
    public static async Task<string> AxeAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            // Through Playwright's evaluate, which the portal's CSP does not govern (an injected <script> it would refuse).
            await page.EvaluateAsync(AxeSource.Value);
        }
        return await page.EvaluateAsync<string>(RunAxe, Axe.WcagTags.ToArray());
    }

    private const string RunAxe = """
        async tags => {
          const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          return result.violations.map(v => '  ' + v.id + ' (' + v.impact + '): ' + v.help + '\n' + v.nodes.map(n =>
            '    at ' + n.target.join(' ') + '  ' + n.html.slice(0, 200) + '\n' +
            [...n.any, ...n.all, ...n.none].map(c => '       ' + c.message).join('\n')).join('\n')).join('\n');
        }
        """;

    /// Every link and button a person is meant to see, with what is wrong with it: hidden, no box, outside the
    /// viewport's width (a scrolling region counts as its own viewport), or text that does not contrast at least 4.5:1
    /// (3:1 for large text) with the first solid background behind it — found by walking up the element's ancestors,
    /// skipping any whose box does not contain the element (so a link that drops out of the blue header onto the white
    /// page is measured against white). Collapsed menus and folded details are opened first, as a person would.
    public static async Task<IReadOnlyList<string>> UnseenControlsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.EvaluateAsync<string[]>(Unseen);
    }

    private const string Unseen = """
        () => {
          for (const t of document.querySelectorAll('.govuk-service-navigation__toggle')) {
            if (!t.hidden && t.getAttribute('aria-expanded') === 'false' && t.offsetParent !== null) t.click();
          }
          for (const d of document.querySelectorAll('details:not([open])')) d.open = true;
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
          const width = document.documentElement.clientWidth;
          const problems = [];
          const controls = 'a[href], button, input[type=submit], input[type=button], [role=button]';
          for (const e of document.querySelectorAll(controls)) {
            // By design out of sight: hidden from everyone (the hidden attribute, aria-hidden, the Menu button where
            // there is no menu to open), or the skip link, which GOV.UK shows only when it has focus.
            if (e.closest('[hidden], [aria-hidden=true], noscript, template') || e.classList.contains('govuk-skip-link')) continue;
            const s = getComputedStyle(e);
            const text = (e.innerText || e.value || '').trim().replace(/\s+/g, ' ');
            const name = e.tagName.toLowerCase() + ' "' + (text || e.getAttribute('aria-label') || e.getAttribute('href') || '').slice(0, 60) + '"';
            const r = e.getBoundingClientRect();
            if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) { problems.push(name + ': hidden (' + s.display + ', ' + s.visibility + ')'); continue; }
            if (r.width <= 1 || r.height <= 1) { problems.push(name + ': no box (' + r.width + 'x' + r.height + ')'); continue; }
            // Inside a region that scrolls sideways, the region is the viewport: the control is reached by scrolling it.
            let frame = { left: 0, right: width };
            for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
              const ox = getComputedStyle(a).overflowX;
              if ((ox === 'auto' || ox === 'scroll') && a.scrollWidth > a.clientWidth) {
                const b = a.getBoundingClientRect();
                if (b.left < -0.5 || b.right > width + 0.5) { problems.push(name + ': its scrolling region sticks out of the ' + width + 'px viewport'); }
                frame = null;
                break;
              }
            }
            if (frame && (r.left < -0.5 || r.right > width + 0.5)) {
              problems.push(name + ': outside the ' + width + 'px viewport (' + Math.round(r.left) + ' to ' + Math.round(r.right) + ')'); continue;
            }
            if (!text) continue;
            const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
            const layers = [];
            for (let n = e; n; n = n.parentElement) {
              const c = parse(getComputedStyle(n).backgroundColor);
              if (!c || c.a === 0) continue;
              if (n !== e && n !== document.documentElement && n !== document.body) {
                const b = n.getBoundingClientRect();
                if (cx < b.left || cx > b.right || cy < b.top || cy > b.bottom) continue;
              }
              layers.push(c);
              if (c.a >= 1) break;
            }
            let bg = { r: 255, g: 255, b: 255, a: 1 };
            for (const l of layers.reverse()) bg = over(l, bg);
            const fg = over(parse(s.color) || { r: 0, g: 0, b: 0, a: 1 }, bg);
            const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
            const ratio = (hi + 0.05) / (lo + 0.05);
            const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
            const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
            if (ratio < needed) {
              problems.push(name + ': contrast ' + ratio.toFixed(2) + ':1, needs ' + needed + ':1 (' + s.color + ' on rgb('
                + [bg.r, bg.g, bg.b].map(Math.round).join(', ') + '))');
            }
          }
          return problems;
        }
        """;

    /// How wide the document is (document.scrollingElement.scrollWidth), and when wider than the viewport, the first
    /// elements that stick out (outside any region that scrolls on its own).
    public static async Task<(int Width, string Culprits)> DocumentWidthAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var width = await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth");
        // The innermost elements that stick out (none of their children do), or text that does: where the fix belongs.
        var culprits = await page.EvaluateAsync<string>("""
            () => {
              const w = document.documentElement.clientWidth;
              if (document.scrollingElement.scrollWidth <= w) return '';
              const free = e => !e.parentElement.closest('.app-table-scroll, [role=region][tabindex]');
              const out = e => e.getBoundingClientRect().right > w + 1;
              const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '');
              const found = [];
              for (const e of document.querySelectorAll('body *')) {
                if (!free(e) || !out(e) || [...e.children].some(c => free(c) && out(c))) continue;
                const text = [...e.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim()).map(n => n.textContent.trim().slice(0, 40)).join(' ');
                found.push(describe(e) + ' in ' + describe(e.parentElement) + ' (to ' + Math.round(e.getBoundingClientRect().right) + 'px' + (text ? ', "' + text + '"' : '') + ')');
              }
              for (const e of document.querySelectorAll('body *')) {
                if (!free(e)) continue;
                for (const n of e.childNodes) {
                  if (n.nodeType !== 3 || !n.textContent.trim()) continue;
                  const range = document.createRange(); range.selectNodeContents(n);
                  const r = range.getBoundingClientRect();
                  if (r.right > w + 1 && !out(e)) found.push('text "' + n.textContent.trim().slice(0, 40) + '" overflowing ' + describe(e) + ' (to ' + Math.round(r.right) + 'px)');
                }
              }
              return found.slice(0, 12).join('; ');
            }
            """);
        return (width, culprits);
    }
}
