using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using TrustPortal.Domain;

namespace TrustPortal.Web.Features.BoardPack;

/// The page layout of the pack's PDF (ADR 0160): A4 pages, the fonts, wrapped text, headings with bookmarks and
/// tables; <see cref="PackPdf"/> says what goes on them.
internal sealed class PdfPageWriter
{
    public const double PageWidth = 595.28, PageHeight = 841.89, Margin = 50, Top = 70, Bottom = 60;
    private const string Family = "Liberation Sans";

    private static readonly Lock FontLock = new();

    private readonly PdfDocument _document;
    private XGraphics? _gfx;

    public PdfPageWriter(PdfDocument document)
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

    /// Page headers and footers ("Page N of M") once the number of pages is known.
    public static void Stamp(PdfDocument document, string header)
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

    /// Before the first font is made: the embedded fonts, once per process.
    public static void EnsureFonts()
    {
        lock (FontLock)
        {
            GlobalFontSettings.FontResolver ??= new EmbeddedFonts();
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
