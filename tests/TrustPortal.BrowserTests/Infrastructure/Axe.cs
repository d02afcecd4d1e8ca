using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace TrustPortal.BrowserTests.Infrastructure;

/// axe-core (Deque.AxeCore.Playwright) with the WCAG 2.0, 2.1 and 2.2 A and AA rules and nothing disabled.
public static class Axe
{
    public static readonly IReadOnlyList<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
        // Only violations are reported back; passes and inapplicable rules would only slow the run.
        ResultTypes = [ResultType.Violations],
    };

    /// The violations on the page as it is now, one paragraph each: rule, impact, help and every node's
    /// selector and HTML. Empty when the page passes.
    public static async Task<string> ViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        // Our pages have no frames (checked here), so axe.run in the page sees everything. The frame-by-frame
        // RunAxe opens a fresh page for every call to merge results and took 3x as long (30 s against 12 s for
        // the 33 pages of the demo trusts on 2 cores).
        Assert.Equal(0, await page.Locator("iframe, frame").CountAsync());
#pragma warning disable CS0618 // "Legacy mode is being removed": revisit when the package drops it.
        var result = await page.Locator("html").RunAxeLegacy(Options);
#pragma warning restore CS0618
        if (result.Violations.Length == 0)
        {
            return "";
        }
        var report = new StringBuilder();
        foreach (var v in result.Violations)
        {
            report.Append("  ").Append(v.Id).Append(" (").Append(v.Impact).Append("): ").Append(v.Help).Append(" – ").AppendLine(v.HelpUrl);
            foreach (var node in v.Nodes)
            {
                report.Append("    at ").Append(node.Target).Append("  ").AppendLine(Shorten(node.Html));
                foreach (var check in node.Any.Concat(node.All).Concat(node.None))
                {
                    report.Append("       ").AppendLine(check.Message);
                }
            }
        }
        return report.ToString();
    }

    private static string Shorten(string html) => html.Length > 300 ? html[..300] + "…" : html;
}
