using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using TrustPortal.Domain;

namespace TrustPortal.Web.Features.BoardPack;

/// The pack as a PDF drawn by the server with PDFsharp (ADR 0160): real text (extractable and searchable), A4 pages
/// with the trust and cycle in the header and "Page N of M" in the footer, a bookmark per part (and per school and
/// exception), and tables laid out here: rows never split across pages and the header row repeats on each page.
public static class PackPdf
{
    public const string ContentType = "application/pdf";

    public static byte[] Render(PackModel pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        PdfPageWriter.EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = $"{pack.Cover.TrustName}: {pack.Cover.Title}";
        document.Info.Author = pack.Cover.PreparedBy;
        document.Info.Subject = pack.Cover.PlanTitle;
        document.Info.Keywords = "board pack";
        document.Info.CreationDate = new DateTime(pack.Cover.PreparedOn, TimeOnly.MinValue, DateTimeKind.Utc);
        document.PageLayout = PdfPageLayout.SinglePage;
        document.PageMode = PdfPageMode.UseOutlines;
        var writer = new PdfPageWriter(document);
        Cover(writer, pack.Cover);
        writer.NewPage();
        writer.Heading1("Contents", null);
        var contents = writer.Page;
        var contentsY = writer.Y;
        var parts = new Dictionary<string, PdfPage>(StringComparer.Ordinal);
        Summary(writer, pack, parts);
        Glance(writer, pack, parts);
        Exceptions(writer, pack, parts);
        Schools(writer, pack, parts);
        Challenges(writer, pack, parts);
        LateChanges(writer, pack, parts);
        Improvement(writer, pack, parts);
        writer.Finish();
        Contents(document, writer, contents, contentsY, parts);
        PdfPageWriter.Stamp(document, $"{pack.Cover.TrustName} · {pack.Cover.Title}");
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static void Cover(PdfPageWriter writer, PackCover c)
    {
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
    }

    /// A part of the pack on a new page under its heading, bookmarked and listed in the contents; when the part has
    /// nothing to show, the sentence that says so.
    private static void Part(PdfPageWriter writer, Dictionary<string, PdfPage> parts, int index, string? nothing = null)
    {
        writer.NewPage();
        var (id, title) = PackModel.Parts[index];
        parts[id] = writer.Heading1(title, title);
        if (nothing is not null)
        {
            writer.Text(nothing, writer.Body);
        }
    }

    private static void Summary(PdfPageWriter writer, PackModel pack, Dictionary<string, PdfPage> parts)
    {
        Part(writer, parts, 0, pack.Summary is null ? "No executive summary has been written for this cycle." : null);
        if (pack.Summary is not null)
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
    }

    private static void Glance(PdfPageWriter writer, PackModel pack, Dictionary<string, PdfPage> parts)
    {
        Part(writer, parts, 1);
        var r = pack.Returns;
        writer.Text($"Returns: {r.Submitted} of {r.Schools} schools submitted, {r.Draft} in draft, {r.NotStarted} not started.", writer.Body);
        writer.Text(pack.ComparedWith is null ? "There is no earlier cycle to compare with." : $"Movement is measured against {pack.ComparedWith}, the cycle in the pack the board last saw.", writer.Body);
        writer.Table(["Aim", "Standing", "Off track", "At risk", "On track", "Achieved", "Not started", "No update", "Better", "Worse"],
            [2.4, 1.0, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95],
            pack.Glance.Select(a => (IReadOnlyList<string>)[$"{a.Number}. {a.Title}", a.Standing, N(a.OffTrack), N(a.AtRisk), N(a.OnTrack), N(a.Achieved), N(a.NotStarted), N(a.NoUpdate), N(a.Improved), N(a.Declined)]));
    }

    private static void Exceptions(PdfPageWriter writer, PackModel pack, Dictionary<string, PdfPage> parts)
    {
        Part(writer, parts, 2, pack.Exceptions.Count == 0 ? "No criterion is off track or at risk." : null);
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
    }

    private static void Schools(PdfPageWriter writer, PackModel pack, Dictionary<string, PdfPage> parts)
    {
        Part(writer, parts, 3);
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
    }

    private static void Challenges(PdfPageWriter writer, PackModel pack, Dictionary<string, PdfPage> parts)
    {
        Part(writer, parts, 4, pack.Challenges.Count == 0 ? "No challenge was raised, answered or resolved since the last meeting." : null);
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
    }

    private static void LateChanges(PdfPageWriter writer, PackModel pack, Dictionary<string, PdfPage> parts)
    {
        Part(writer, parts, 5, pack.LateChanges.Count == 0 ? "Nothing the board has already seen was changed after its pack was issued." : null);
        if (pack.LateChanges.Count > 0)
        {
            writer.Table(["School", "Criterion", "Cycle", "Board saw", "Now", "Changed by", "When", "Reason given"], [1.6, 2.2, 1, 0.9, 0.9, 1.2, 1.2, 1.6],
                pack.LateChanges.Select(l => (IReadOnlyList<string>)[l.School, $"{l.CriterionNumber} {l.Criterion}", l.Cycle, l.Seen, l.Now, l.ChangedBy,
                    PackModel.DateTime(l.ChangedAt), l.Reason ?? "None recorded"]));
        }
    }

    /// The contents page: each part with its page number (known only now).
    private static void Contents(PdfDocument document, PdfPageWriter writer, PdfPage contents, double contentsY, Dictionary<string, PdfPage> parts)
    {
        using var gfx = XGraphics.FromPdfPage(contents, XGraphicsPdfPageOptions.Append);
        var y = contentsY;
        foreach (var (id, title) in PackModel.Parts)
        {
            var number = document.Pages.Cast<PdfPage>().ToList().IndexOf(parts[id]) + 1;
            gfx.DrawString(title, writer.Body, XBrushes.Black, new XPoint(PdfPageWriter.Margin, y));
            var text = N(number);
            gfx.DrawString(text, writer.Body, XBrushes.Black, new XPoint(PdfPageWriter.PageWidth - PdfPageWriter.Margin - gfx.MeasureString(text, writer.Body).Width, y));
            y += 18;
        }
    }

    /// The self-evaluation grid, the risk register and the trust's self-review (ADR 0163).
    private static void Improvement(PdfPageWriter writer, PackModel pack, Dictionary<string, PdfPage> parts)
    {
        var grid = pack.Improvement.Grid;
        Part(writer, parts, 6);
        writer.Text($"Each school's judgement of each report-card area, the trust's beside it where moderated. {grid.Differences} {(grid.Differences == 1 ? "judgement differs" : "judgements differ")}.", writer.Body);
        if (grid.Rows.Count > 0)
        {
            writer.Table(["School", "State", .. grid.AreaNames], [1.6, 0.9, .. grid.Areas.Select(_ => 1.0)],
                grid.Rows.Select(r => (IReadOnlyList<string>)[r.School, r.State, .. r.Cells.Select(c => c?.Text ?? "Not applicable")]));
        }

        Part(writer, parts, 7, pack.Improvement.Risks.Count == 0 ? "No open risks on the register." : null);
        if (pack.Improvement.Risks.Count > 0)
        {
            writer.Table(["Risk", "Whose", "Owner", "Score", "Controls", "After", "Review by"], [2.4, 1.2, 1.2, 0.8, 2, 0.8, 1.2],
                pack.Improvement.Risks.Select(r => (IReadOnlyList<string>)[$"{r.Title} ({r.Category})", r.Whose, r.Owner, $"{N(r.Score)} ({N(r.Likelihood)} × {N(r.Impact)})",
                    r.Controls ?? "None recorded", N(r.ResidualScore), PackModel.Date(r.ReviewOn) + (r.PastReview ? " (past review date)" : "")]));
        }

        var review = pack.Improvement.TrustReview;
        Part(writer, parts, 8);
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
}
