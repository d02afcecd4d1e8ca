using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Progress;

namespace TrustPortal.Web.Features.Board;

/// The status distribution of every cycle as stacked horizontal bars, drawn on the server as SVG.
/// The strict CSP forbids style attributes, so colours are presentation attributes (fill). Every piece of text
/// is HTML-encoded. The chart is labelled by the heading and summary ids given; the same figures are always in
/// the table beside it, so nothing depends on seeing the colours.
public static class TrendChart
{
    public static readonly IReadOnlyList<ProgressStatus> Order =
        [ProgressStatus.OffTrack, ProgressStatus.AtRisk, ProgressStatus.NotStarted, ProgressStatus.OnTrack, ProgressStatus.Achieved];

    // The same pairs as the app-rag tags in site.scss (dark text colour for the outline, tint for the fill).
    private static string Fill(ProgressStatus s) => s switch
    {
        ProgressStatus.OffTrack => "#d4351c",
        ProgressStatus.AtRisk => "#f47738",
        ProgressStatus.NotStarted => "#b1b4b6",
        ProgressStatus.OnTrack => "#00703c",
        ProgressStatus.Achieved => "#1d70b8",
        _ => "#b1b4b6",
    };

    public static IHtmlContent Render(IReadOnlyList<CycleInfo> cycles, IReadOnlyList<StatusCount> counts, string labelledBy)
    {
        ArgumentNullException.ThrowIfNull(cycles);
        ArgumentNullException.ThrowIfNull(counts);
        var enc = HtmlEncoder.Default;
        const int labelWidth = 130, barWidth = 480, rowHeight = 34, barHeight = 22, legendHeight = 40;
        var height = (cycles.Count * rowHeight) + legendHeight + 10;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"app-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {labelWidth + barWidth + 10} {height}\" role=\"img\" aria-labelledby=\"{enc.Encode(labelledBy)}\" focusable=\"false\">");
        var y = 5;
        foreach (var cycle in cycles)
        {
            var row = counts.Where(c => c.CycleId == cycle.Id).ToList();
            var total = row.Sum(c => c.Count);
            sb.Append(CultureInfo.InvariantCulture,
                $"<text x=\"0\" y=\"{y + 16}\" font-family=\"arial, sans-serif\" font-size=\"14\" fill=\"#0b0c0c\">{enc.Encode(cycle.Name)}</text>");
            if (total == 0)
            {
                sb.Append(CultureInfo.InvariantCulture,
                    $"<text x=\"{labelWidth}\" y=\"{y + 16}\" font-family=\"arial, sans-serif\" font-size=\"14\" fill=\"#505a5f\">No updates</text>");
            }
            var x = (double)labelWidth;
            foreach (var status in Order)
            {
                var n = row.Where(c => c.Status == status).Sum(c => c.Count);
                if (n == 0 || total == 0)
                {
                    continue;
                }
                var w = barWidth * (double)n / total;
                sb.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{x:0.##}\" y=\"{y}\" width=\"{w:0.##}\" height=\"{barHeight}\" fill=\"{Fill(status)}\" stroke=\"#ffffff\" stroke-width=\"1\"><title>{enc.Encode($"{cycle.Name}: {ProgressText.Label(status)} {n}")}</title></rect>");
                x += w;
            }
            y += rowHeight;
        }
        var lx = labelWidth;
        foreach (var status in Order)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{lx}\" y=\"{y + 8}\" width=\"14\" height=\"14\" fill=\"{Fill(status)}\"/><text x=\"{lx + 18}\" y=\"{y + 20}\" font-family=\"arial, sans-serif\" font-size=\"13\" fill=\"#0b0c0c\">{enc.Encode(ProgressText.Label(status))}</text>");
            lx += 95;
        }
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }

    /// One line that says what the chart shows, for its accessible name.
    public static string Summary(IReadOnlyList<CycleInfo> cycles, IReadOnlyList<StatusCount> counts)
    {
        ArgumentNullException.ThrowIfNull(cycles);
        ArgumentNullException.ThrowIfNull(counts);
        if (cycles.Count == 0)
        {
            return "No review cycles yet.";
        }
        var parts = cycles.Select(c =>
        {
            var row = counts.Where(x => x.CycleId == c.Id).ToList();
            var total = row.Sum(x => x.Count);
            var bad = row.Where(x => ProgressText.IsException(x.Status)).Sum(x => x.Count);
            return total == 0 ? $"{c.Name}: no updates" : $"{c.Name}: {bad} of {total} off track or at risk";
        });
        return string.Join("; ", parts) + ".";
    }

    public static int CountOf(IReadOnlyList<StatusCount> counts, int cycleId, ProgressStatus status) =>
        counts.Where(c => c.CycleId == cycleId && c.Status == status).Sum(c => c.Count);

    public static string Tag(ProgressStatus status) => StatusRollup.CssModifier(status);
}
