using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using TrustPortal.Domain;

namespace TrustPortal.Web.Features.BoardPack;

/// The pack as a PDF drawn by the server with PDFsharp (ADR 0160): real text (extractable and searchable), A4 pages
/// with the trust and cycle in the header and "Page N of M" in the footer, a bookmark per part (and per school and
/// exception), and tables laid out here: rows never split across pages and the header row repeats on each page.
public static class PackPdf
{
    public const string ContentType = "application/pdf";

    private const double PageWidth = 595.28, PageHeight = 841.89, Margin = 50, Top = 70, Bottom = 60;
    private const string Family = "Liberation Sans";

    private static readonly Lock FontLock = new();

    private static void EnsureFonts()
    {
        lock (FontLock)
        {
            GlobalFontSettings.FontResolver ??= new EmbeddedFonts();
        }
    }

    public static byte[] Render(PackModel pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = $"{pack.Cover.TrustName}: {pack.Cover.Title}";
        document.Info.Author = pack.Cover.PreparedBy;
        document.Info.Subject = pack.Cover.PlanTitle;
        document.Info.Keywords = "board pack";
        document.Info.CreationDate = new DateTime(pack.Cover.PreparedOn, TimeOnly.MinValue, DateTimeKind.Utc);
        document.PageLayout = PdfPageLayout.SinglePage;
        document.PageMode = PdfPageMode.UseOutlines;
        var writer = new Writer(document);

        var c = pack.Cover;
        writer.Gap(160);
        writer.Text(c.TrustName, writer.Large);
        writer.Text(c.Title, writer.Title);
        writer.Gap(10);
        writer.Text(c.PlanTitle, writer.Body);
        writer.Text(c.MeetingTitle is null ? "Meeting: not yet issued to a meeting" : $"Meeting: {c.MeetingTitle}, {(c.MeetingOn is { } on ? PackModel.Date(on) : "")}", writer.Body);
        writer.Text($"Prepared by {c.PreparedBy} on {PackModel.Date(c.PreparedOn)}", writer.Body);
        writer.Text(c.ScopeText, writer.Body);
        if (c.FilterDescription is { } filters)
        {
            writer.Text($"Filtered. {filters}", writer.Body);
        }

        writer.NewPage();
        writer.Heading1("Contents", null);
        var contents = writer.Page;
        var contentsY = writer.Y;

        var parts = new Dictionary<string, PdfPage>(StringComparer.Ordinal);
        writer.NewPage();
        parts["summary"] = writer.Heading1(PackModel.Parts[0].Title, PackModel.Parts[0].Title);
        if (pack.Summary is null)
        {
            writer.Text("No executive summary has been written for this cycle.", writer.Body);
        }
        else
        {
            foreach (var block in MarkdownBlocks.From(pack.Summary.Markdown))
            {
                switch (block.Kind)
                {
                    case BlockKind.Heading: writer.Heading2(block.Text, null); break;
                    case BlockKind.Bullet: writer.Text("• " + block.Text, writer.Body, indent: 12); break;
                    case BlockKind.Numbered: writer.Text($"{block.Number.ToString(CultureInfo.InvariantCulture)}. {block.Text}", writer.Body, indent: 12); break;
                    default: writer.Text(block.Text, writer.Body); break;
                }
            }
            writer.Text($"Written by {pack.Summary.UpdatedBy}, {PackModel.Date(pack.Summary.UpdatedAt)}.", writer.Italic);
        }

        writer.NewPage();
        parts["glance"] = writer.Heading1(PackModel.Parts[1].Title, PackModel.Parts[1].Title);
        var r = pack.Returns;
        writer.Text($"Returns: {r.Submitted} of {r.Schools} schools submitted, {r.Draft} in draft, {r.NotStarted} not started.", writer.Body);
        writer.Text(pack.ComparedWith is null ? "There is no earlier cycle to compare with." : $"Movement is measured against {pack.ComparedWith}, the cycle in the pack the board last saw.", writer.Body);
        writer.Table(["Aim", "Standing", "Off track", "At risk", "On track", "Achieved", "Not started", "No update", "Better", "Worse"],
            [2.4, 1.0, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95],
            pack.Glance.Select(a => (IReadOnlyList<string>)[$"{a.Number}. {a.Title}", a.Standing, N(a.OffTrack), N(a.AtRisk), N(a.OnTrack), N(a.Achieved), N(a.NotStarted), N(a.NoUpdate), N(a.Improved), N(a.Declined)]));

        writer.NewPage();
        var exceptions = parts["exceptions"] = writer.Heading1(PackModel.Parts[2].Title, PackModel.Parts[2].Title);
        if (pack.Exceptions.Count == 0)
        {
            writer.Text("No criterion is off track or at risk.", writer.Body);
        }
        foreach (var e in pack.Exceptions)
        {
            writer.Heading2($"{e.School}: {e.CriterionNumber} {e.Criterion}", null);
            writer.Text($"{e.StatusText}. Aim {e.AimNumber}: {e.AimTitle}. Last three cycles: {string.Join(", ", pack.HistoryCycles.Zip(e.History, (cy, s) => $"{cy} {s}"))}.", writer.Body);
            writer.Labelled("What was done", e.WhatWasDone);
            writer.Labelled("Impact", e.Impact);
            writer.Labelled("Next steps", e.NextSteps);
            writer.Labelled("Owner", e.Owner is null && e.DueOn is null ? null : $"{e.Owner ?? "Not recorded"}{(e.DueOn is { } due ? $", due {PackModel.Date(due)}" : "")}");
            writer.Text($"Updated by {e.UpdatedBy}, {PackModel.Date(e.UpdatedAt)}.", writer.Italic);
        }
        _ = exceptions;

        writer.NewPage();
        parts["schools"] = writer.Heading1(PackModel.Parts[3].Title, PackModel.Parts[3].Title);
        var outline = writer.LastOutline!;
        var first = true;
        foreach (var s in pack.Schools)
        {
            if (!first)
            {
                writer.NewPage();
            }
            first = false;
            var page = writer.Heading2(s.Name, null);
            outline.Outlines.Add(s.Name, page, false);
            writer.Text($"URN {N(s.Urn)} · {s.Phase} · Return: {s.Return} · Latest inspection: {s.Inspection}", writer.Body);
            writer.Table(["Aim", "Status"], [3, 2], s.Aims.Select(a => (IReadOnlyList<string>)[$"{a.Number}. {a.Title}", a.Status]));
            writer.Text("The school's own priorities", writer.Bold);
            if (s.Priorities.Count == 0)
            {
                writer.Text("None recorded.", writer.Body);
            }
            else
            {
                writer.Table(["Priority", "Aim", "Status"], [4, 0.7, 1.3], s.Priorities.Select(p => (IReadOnlyList<string>)[p.Title, N(p.AimNumber), p.Status]));
            }
            writer.Text("Open challenges", writer.Bold);
            if (s.OpenChallenges.Count == 0)
            {
                writer.Text("None open.", writer.Body);
            }
            else
            {
                writer.Table(["Raised", "By", "Question", "Status"], [1.2, 1.4, 4, 1.3],
                    s.OpenChallenges.Select(ch => (IReadOnlyList<string>)[PackModel.Date(ch.RaisedAt), ch.RaisedBy, ch.Question, ch.Status]));
            }
        }

        writer.NewPage();
        parts["challenges"] = writer.Heading1(PackModel.Parts[4].Title, PackModel.Parts[4].Title);
        if (pack.Challenges.Count == 0)
        {
            writer.Text("No challenge was raised, answered or resolved since the last meeting.", writer.Body);
        }
        foreach (var ch in pack.Challenges)
        {
            writer.Heading2($"{ch.About}: {ch.StatusText}", null);
            writer.Text($"Raised by {ch.RaisedBy}, {PackModel.Date(ch.RaisedAt)}", writer.Italic);
            writer.Text(ch.Question, writer.Body);
            foreach (var a in ch.Answers)
            {
                writer.Text($"{a.Author} ({(a.FromSchool ? "school" : "trust")}), {PackModel.Date(a.At)}: {a.Body}", writer.Body, indent: 12);
            }
            if (ch.ResolvedAt is { } resolved)
            {
                writer.Text($"Resolved by {ch.ResolvedBy}, {PackModel.Date(resolved)}.", writer.Italic);
            }
        }

        writer.NewPage();
        parts["late-changes"] = writer.Heading1(PackModel.Parts[5].Title, PackModel.Parts[5].Title);
        if (pack.LateChanges.Count == 0)
        {
            writer.Text("Nothing the board has already seen was changed after its pack was issued.", writer.Body);
        }
        else
        {
            writer.Table(["School", "Criterion", "Cycle", "Board saw", "Now", "Changed by", "When", "Reason given"], [1.6, 2.2, 1, 0.9, 0.9, 1.2, 1.2, 1.6],
                pack.LateChanges.Select(l => (IReadOnlyList<string>)[l.School, $"{l.CriterionNumber} {l.Criterion}", l.Cycle, l.Seen, l.Now, l.ChangedBy,
                    PackModel.DateTime(l.ChangedAt), l.Reason ?? "None recorded"]));
        }
        Improvement(writer, pack, parts);
        writer.Finish();

        // The contents page: each part with its page number (known only now).
        using (var gfx = XGraphics.FromPdfPage(contents, XGraphicsPdfPageOptions.Append))
        {
            var y = contentsY;
            foreach (var (id, title) in PackModel.Parts)
            {
                var number = document.Pages.Cast<PdfPage>().ToList().IndexOf(parts[id]) + 1;
                gfx.DrawString(title, writer.Body, XBrushes.Black, new XPoint(Margin, y));
                var text = N(number);
                gfx.DrawString(text, writer.Body, XBrushes.Black, new XPoint(PageWidth - Margin - gfx.MeasureString(text, writer.Body).Width, y));
                y += 18;
            }
        }

        Stamp(document, $"{pack.Cover.TrustName} · {pack.Cover.Title}");
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    /// The self-evaluation grid, the risk register and the trust's self-review (ADR 0163).
    private static void Improvement(Writer writer, PackModel pack, Dictionary<string, PdfPage> parts)
    {
        var grid = pack.Improvement.Grid;
        writer.NewPage();
        parts["self-evaluation"] = writer.Heading1(PackModel.Parts[6].Title, PackModel.Parts[6].Title);
        writer.Text($"Each school's judgement of each report-card area, the trust's beside it where moderated. {grid.Differences} {(grid.Differences == 1 ? "judgement differs" : "judgements differ")}.", writer.Body);
        if (grid.Rows.Count > 0)
        {
            writer.Table(["School", "State", .. grid.AreaNames], [1.6, 0.9, .. grid.Areas.Select(_ => 1.0)],
                grid.Rows.Select(r => (IReadOnlyList<string>)[r.School, r.State, .. r.Cells.Select(c => c?.Text ?? "Not applicable")]));
        }

        writer.NewPage();
        parts["risks"] = writer.Heading1(PackModel.Parts[7].Title, PackModel.Parts[7].Title);
        if (pack.Improvement.Risks.Count == 0)
        {
            writer.Text("No open risks on the register.", writer.Body);
        }
        else
        {
            writer.Table(["Risk", "Whose", "Owner", "Score", "Controls", "After", "Review by"], [2.4, 1.2, 1.2, 0.8, 2, 0.8, 1.2],
                pack.Improvement.Risks.Select(r => (IReadOnlyList<string>)[$"{r.Title} ({r.Category})", r.Whose, r.Owner, $"{N(r.Score)} ({N(r.Likelihood)} × {N(r.Impact)})",
                    r.Controls ?? "None recorded", N(r.ResidualScore), PackModel.Date(r.ReviewOn) + (r.PastReview ? " (past review date)" : "")]));
        }

        var review = pack.Improvement.TrustReview;
        writer.NewPage();
        parts["trust-review"] = writer.Heading1(PackModel.Parts[8].Title, PackModel.Parts[8].Title);
        writer.Text($"The trust's judgement of itself for {review.Year}, pillar by pillar.", writer.Body);
        foreach (var p in review.Pillars)
        {
            writer.Heading2($"{p.Pillar}: {p.Judgement}", null);
            writer.Text(p.Framework, writer.Italic);
            writer.Labelled("Reasons", p.Reasons);
            writer.Labelled("Evidence", p.Evidence);
            writer.Labelled("Aims of the plan", p.Aims);
        }
        writer.Text(review.Uncovered.Count == 0 ? "Every pillar has an aim of the plan tagged with it."
            : $"Pillars the plan leaves uncovered: {string.Join(", ", review.Uncovered)}.", writer.Body);
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// A cursor over the pages: writes wrapped text and tables top to bottom, starting a page when one is full.
    private sealed class Writer
    {
        private readonly PdfDocument _document;
        private XGraphics? _gfx;

        public Writer(PdfDocument document)
        {
            _document = document;
            NewPage();
        }

        public XFont Body { get; } = new(Family, 10);
        public XFont Bold { get; } = new(Family, 10, XFontStyleEx.Bold);
        public XFont Italic { get; } = new(Family, 10, XFontStyleEx.Italic);
        public XFont Small { get; } = new(Family, 8);
        public XFont SmallBold { get; } = new(Family, 8, XFontStyleEx.Bold);
        public XFont Large { get; } = new(Family, 16);
        public XFont Title { get; } = new(Family, 28, XFontStyleEx.Bold);
        public XFont H1 { get; } = new(Family, 18, XFontStyleEx.Bold);
        public XFont H2 { get; } = new(Family, 12, XFontStyleEx.Bold);

        public PdfPage Page { get; private set; } = null!;
        public PdfOutline? LastOutline { get; private set; }
        public double Y { get; private set; }

        private XGraphics Gfx => _gfx!;

        public void NewPage()
        {
            _gfx?.Dispose();
            Page = _document.AddPage();
            Page.Width = XUnit.FromPoint(PageWidth);
            Page.Height = XUnit.FromPoint(PageHeight);
            _gfx = XGraphics.FromPdfPage(Page);
            Y = Top;
        }

        public void Finish()
        {
            _gfx?.Dispose();
            _gfx = null;
        }

        public void Gap(double points) => Y += points;

        /// Leaves room for <paramref name="height"/> points, starting a new page when they would not fit.
        private void Room(double height)
        {
            if (Y + height > PageHeight - Bottom && Y > Top)
            {
                NewPage();
            }
        }

        public PdfPage Heading1(string text, string? bookmark)
        {
            Room(60);
            Y += 6;
            Text(text, H1);
            Y += 4;
            if (bookmark is not null)
            {
                LastOutline = _document.Outlines.Add(bookmark, Page, true);
            }
            return Page;
        }

        public PdfPage Heading2(string text, string? bookmark)
        {
            Room(50);
            Y += 6;
            Text(text, H2);
            if (bookmark is not null)
            {
                _document.Outlines.Add(bookmark, Page, false);
            }
            return Page;
        }

        public void Labelled(string label, string? text) => Text($"{label}: {text ?? "Not recorded"}", Body, boldPrefix: label.Length + 1);

        public void Text(string? text, XFont font, double indent = 0, int boldPrefix = 0)
        {
            var lineHeight = font.Size * 1.3;
            var width = PageWidth - 2 * Margin - indent;
            foreach (var line in Wrap(Clean(text), font, width))
            {
                Room(lineHeight);
                if (boldPrefix > 0 && line.Length >= boldPrefix)
                {
                    var prefix = line[..boldPrefix];
                    Gfx.DrawString(prefix, Bold, XBrushes.Black, new XPoint(Margin + indent, Y + font.Size));
                    Gfx.DrawString(line[boldPrefix..], font, XBrushes.Black, new XPoint(Margin + indent + Gfx.MeasureString(prefix + " ", Bold).Width, Y + font.Size));
                    boldPrefix = 0;
                }
                else
                {
                    Gfx.DrawString(line, font, XBrushes.Black, new XPoint(Margin + indent, Y + font.Size));
                }
                Y += lineHeight;
            }
            Y += font.Size * 0.5;
        }

        /// A table across the text width: columns in the given proportions, cells wrapped, a row kept on one page,
        /// the header row repeated at the top of every page the table runs onto.
        public void Table(IReadOnlyList<string> headers, IReadOnlyList<double> weights, IEnumerable<IReadOnlyList<string>> rows)
        {
            var total = weights.Sum();
            var widths = weights.Select(w => (PageWidth - 2 * Margin) * w / total).ToList();
            const double pad = 3, line = 8 * 1.3;
            List<List<string>> Lines(IReadOnlyList<string> cells, XFont font) =>
                cells.Select((cell, i) => Wrap(Clean(cell), font, widths[i] - 2 * pad).ToList()).ToList();
            void Row(List<List<string>> cells, XFont font, bool shade)
            {
                var height = cells.Max(c => Math.Max(1, c.Count)) * line + 2 * pad;
                var x = Margin;
                if (shade)
                {
                    Gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(243, 242, 241)), Margin, Y, PageWidth - 2 * Margin, height);
                }
                for (var i = 0; i < cells.Count; i++)
                {
                    Gfx.DrawRectangle(new XPen(XColor.FromArgb(177, 180, 182), 0.5), x, Y, widths[i], height);
                    var y = Y + pad + 8;
                    foreach (var text in cells[i])
                    {
                        Gfx.DrawString(text, font, XBrushes.Black, new XPoint(x + pad, y));
                        y += line;
                    }
                    x += widths[i];
                }
                Y += height;
            }
            var header = Lines(headers, SmallBold);
            var headerHeight = header.Max(c => c.Count) * line + 2 * pad;
            Room(headerHeight + line + 2 * pad);
            Row(header, SmallBold, shade: true);
            foreach (var cells in rows.Select(r => Lines(r, Small)))
            {
                var height = cells.Max(c => Math.Max(1, c.Count)) * line + 2 * pad;
                if (Y + height > PageHeight - Bottom)
                {
                    NewPage();
                    Row(header, SmallBold, shade: true);
                }
                Row(cells, Small, shade: false);
            }
            Y += 8;
        }

        private IEnumerable<string> Wrap(string text, XFont font, double width)
        {
            foreach (var paragraph in text.Split('\n'))
            {
                var current = "";
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = current.Length == 0 ? word : current + " " + word;
                    if (Gfx.MeasureString(candidate, font).Width <= width)
                    {
                        current = candidate;
                        continue;
                    }
                    if (current.Length > 0)
                    {
                        yield return current;
                    }
                    // A word wider than the column is broken where it must be.
                    current = word;
                    while (Gfx.MeasureString(current, font).Width > width && current.Length > 1)
                    {
                        var cut = current.Length - 1;
                        while (cut > 1 && Gfx.MeasureString(current[..cut], font).Width > width)
                        {
                            cut--;
                        }
                        yield return current[..cut];
                        current = current[cut..];
                    }
                }
                yield return current;
            }
        }

        private static string Clean(string? text) => (StoredText.Clean(text) ?? "").Replace("\r", "", StringComparison.Ordinal).Replace('\t', ' ');
    }

    /// Page headers and footers ("Page N of M") once the number of pages is known.
    private static void Stamp(PdfDocument document, string header)
    {
        ArgumentNullException.ThrowIfNull(document);
        var font = new XFont(Family, 8);
        for (var i = 0; i < document.PageCount; i++)
        {
            using var gfx = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            if (i > 0)
            {
                gfx.DrawString(header, font, XBrushes.DimGray, new XPoint(Margin, 40));
            }
            var footer = $"Page {i + 1} of {document.PageCount}";
            gfx.DrawString(footer, font, XBrushes.DimGray, new XPoint((PageWidth - gfx.MeasureString(footer, font).Width) / 2, PageHeight - 30));
        }
    }

    /// Liberation Sans, embedded in the application, so the PDF looks the same on a server with no fonts installed.
    private sealed class EmbeddedFonts : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "LiberationSans-Bold" : "LiberationSans-Regular", mustSimulateBold: false, mustSimulateItalic: italic);

        public byte[]? GetFont(string faceName)
        {
            using var resource = typeof(PackPdf).Assembly.GetManifestResourceStream($"TrustPortal.Web.Fonts.{faceName}.ttf")
                ?? throw new InvalidOperationException($"The font {faceName} is not embedded.");
            using var copy = new MemoryStream();
            resource.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
