using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using TrustPortal.Domain.Plans;

namespace TrustPortal.Web.Features.Progress;

/// One review cycle of a measured criterion at one school: the value recorded (if any) and where the steady path
/// from the baseline to the target would be when the cycle closes.
public sealed record MeasurePoint(string CycleName, decimal? Value, decimal Expected, MeasureReading? Reading);

/// A measured criterion's values over the cycles, as the criterion page and the board's drill-down show them: a chart
/// drawn on the server as SVG and, always beside it, a table of the same figures (docs/adr/0144).
public sealed record MeasureChartModel(CriterionMeasure Measure, IReadOnlyList<MeasurePoint> Points)
{
    private static readonly CultureInfo UK = CultureInfo.GetCultureInfo("en-GB");

    /// The chart of <paramref name="cycles"/> (oldest first) with the value each recorded; the steady path starts on
    /// <paramref name="start"/> (StrategicPlan.MeasureStart).
    public static MeasureChartModel Of(CriterionMeasure measure, DateOnly start, IEnumerable<(string Name, DateOnly ClosesOn, decimal? Value)> cycles)
    {
        ArgumentNullException.ThrowIfNull(measure);
        ArgumentNullException.ThrowIfNull(cycles);
        var points = cycles.Select(c => new MeasurePoint(c.Name, c.Value, measure.ExpectedOn(c.ClosesOn, start),
            c.Value is { } v ? measure.Assess(v, c.ClosesOn, start) : null)).ToList();
        return new MeasureChartModel(measure, points);
    }

    public string Direction => Measure.Direction == MeasureDirection.HigherIsBetter ? "higher is better" : "lower is better";

    /// "Baseline 91%, target 96% by 31 July 2028 (higher is better)."
    public string Definition =>
        $"Baseline {Measure.Format(Measure.Baseline)}, target {Measure.Format(Measure.Target)} by {Measure.TargetDate.ToString("d MMMM yyyy", UK)} ({Direction}).";

    /// One sentence that says what the chart shows, for its accessible name.
    public string Summary
    {
        get
        {
            var latest = Points.LastOrDefault(p => p.Value is not null);
            if (latest is null)
            {
                return $"{Definition} No value recorded yet.";
            }
            return $"{Definition} Latest value {Measure.Format(latest.Value!.Value)} in {latest.CycleName}: {Standing(latest).ToLower(UK)}.";
        }
    }

    /// "Yes: target met", "Yes: expected 93.2% by then", "No: expected 93.2% by then", "No value recorded".
    public string Standing(MeasurePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return point.Reading switch
        {
            null => "No value recorded",
            { Standing: MeasureStanding.TargetMet } => "Yes: target met",
            { Standing: MeasureStanding.OnTrack } r => $"Yes: {(Measure.Direction == MeasureDirection.HigherIsBetter ? "at least" : "at most")} {Measure.Format(r.Expected)} expected by then",
            { } r => $"No: {(Measure.Direction == MeasureDirection.HigherIsBetter ? "at least" : "at most")} {Measure.Format(r.Expected)} expected by then",
        };
    }

    public string Value(MeasurePoint point) => point?.Value is { } v ? Measure.Format(v) : "Not recorded";

    private const int Width = 640, Height = 320, Left = 78, Right = 24, Top = 24, Bottom = 86;

    /// The chart as SVG, labelled by the ids given. Colours are presentation attributes (the strict CSP forbids style
    /// attributes); lines differ in pattern as well as colour, and every piece of text is encoded.
    public IHtmlContent Svg(string labelledBy)
    {
        var enc = HtmlEncoder.Default;
        var values = Points.Where(p => p.Value is not null).Select(p => p.Value!.Value)
            .Concat(Points.Select(p => p.Expected)).Append(Measure.Baseline).Append(Measure.Target).ToList();
        var (lo, hi) = (values.Min(), values.Max());
        var pad = hi == lo ? 1m : (hi - lo) * 0.12m;
        (lo, hi) = (lo - pad, hi + pad);
        if (Measure.IsPercentage)
        {
            (lo, hi) = (Math.Max(0, lo), Math.Min(100, hi));
        }
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var n = Math.Max(1, Points.Count);
        double X(int i) => Left + ((i + 0.5) * plotWidth / n);
        double Y(decimal v) => Top + (double)((hi - v) / (hi - lo)) * plotHeight;
        string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
        string Text(double x, double y, string anchor, string content, int size = 14, string fill = "#0b0c0c", string weight = "normal") =>
            $"<text x=\"{F(x)}\" y=\"{F(y)}\" text-anchor=\"{anchor}\" font-family=\"arial, sans-serif\" font-size=\"{size}\" font-weight=\"{weight}\" fill=\"{fill}\">{enc.Encode(content)}</text>";

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"app-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{enc.Encode(labelledBy)}\" focusable=\"false\">");
        for (var t = 0; t <= 4; t++)
        {
            var v = lo + ((hi - lo) * t / 4);
            var y = Y(v);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#b1b4b6\" stroke-width=\"1\"/>");
            sb.Append(Text(Left - 8, y + 5, "end", Tick(v, hi - lo)));
        }
        var targetY = Y(Measure.Target);
        sb.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(targetY)}\" y2=\"{F(targetY)}\" stroke=\"#00703c\" stroke-width=\"3\" stroke-dasharray=\"10 6\"/>");
        if (Points.Count > 1)
        {
            sb.Append("<polyline fill=\"none\" stroke=\"#505a5f\" stroke-width=\"2\" stroke-dasharray=\"2 5\" stroke-linecap=\"round\" points=\"")
                .Append(string.Join(' ', Points.Select((p, i) => $"{F(X(i))},{F(Y(p.Expected))}"))).Append("\"/>");
        }
        var recorded = Points.Select((p, i) => (p, i)).Where(x => x.p.Value is not null).ToList();
        if (recorded.Count > 1)
        {
            sb.Append("<polyline fill=\"none\" stroke=\"#1d70b8\" stroke-width=\"3\" points=\"")
                .Append(string.Join(' ', recorded.Select(r => $"{F(X(r.i))},{F(Y(r.p.Value!.Value))}"))).Append("\"/>");
        }
        foreach (var (p, i) in recorded)
        {
            var y = Y(p.Value!.Value);
            sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(i))}\" cy=\"{F(y)}\" r=\"6\" fill=\"#1d70b8\" stroke=\"#ffffff\" stroke-width=\"2\"/>");
            sb.Append(Text(X(i), y - 12, "middle", Measure.Format(p.Value.Value), 14, "#0b0c0c", "bold"));
        }
        for (var i = 0; i < Points.Count; i++)
        {
            sb.Append(Text(X(i), Height - Bottom + 22, "middle", Points[i].CycleName, 13));
        }
        // The key, under the cycles: the same three lines, with their names.
        var ky = Height - 26;
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + 30}\" y1=\"{ky}\" y2=\"{ky}\" stroke=\"#1d70b8\" stroke-width=\"3\"/><circle cx=\"{Left + 15}\" cy=\"{ky}\" r=\"5\" fill=\"#1d70b8\"/>");
        sb.Append(Text(Left + 36, ky + 5, "start", "Value recorded", 13));
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left + 160}\" x2=\"{Left + 190}\" y1=\"{ky}\" y2=\"{ky}\" stroke=\"#00703c\" stroke-width=\"3\" stroke-dasharray=\"10 6\"/>");
        sb.Append(Text(Left + 196, ky + 5, "start", $"Target {Measure.Format(Measure.Target)}", 13));
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left + 330}\" x2=\"{Left + 360}\" y1=\"{ky}\" y2=\"{ky}\" stroke=\"#505a5f\" stroke-width=\"2\" stroke-dasharray=\"2 5\" stroke-linecap=\"round\"/>");
        sb.Append(Text(Left + 366, ky + 5, "start", "Expected by then", 13));
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }

    private string Tick(decimal v, decimal span)
    {
        var number = Math.Round(v, span >= 10 ? 0 : 1).ToString("#,##0.#", CultureInfo.InvariantCulture);
        return Measure.Unit == "%" ? number + "%" : number;
    }
}
