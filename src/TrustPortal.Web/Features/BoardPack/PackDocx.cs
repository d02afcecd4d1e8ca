using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using TrustPortal.Domain;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace TrustPortal.Web.Features.BoardPack;

/// The pack as a Word document: a cover page, a contents field (Word fills it when the document opens), real
/// Heading 1/2 styles, a header with the trust and cycle, a footer with "Page N of M" fields, and document properties.
public static class PackDocx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static byte[] Render(PackModel pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var created = new DateTime(pack.Cover.PreparedOn, TimeOnly.MinValue, DateTimeKind.Utc);
            document.PackageProperties.Title = $"{pack.Cover.TrustName}: {pack.Cover.Title}";
            document.PackageProperties.Subject = pack.Cover.PlanTitle;
            document.PackageProperties.Creator = pack.Cover.PreparedBy;
            document.PackageProperties.Keywords = "board pack";
            document.PackageProperties.Created = created;
            document.PackageProperties.Modified = created;
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            var settings = main.AddNewPart<DocumentSettingsPart>();
            // Word asks to update fields when the pack opens, so the contents list is filled in.
            settings.Settings = new Settings(new UpdateFieldsOnOpen { Val = true });

            var header = main.AddNewPart<HeaderPart>();
            header.Header = new Header(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Header" }),
                Run($"{pack.Cover.TrustName} · {pack.Cover.Title}")));
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
                Run("Page "), Field("PAGE", "1"), Run(" of "), Field("NUMPAGES", "1")));

            var body = new Body();
            Cover(body, pack);
            body.Append(Heading("Contents", 1, "contents"));
            body.Append(new Paragraph(new W.Run(new FieldChar { FieldCharType = FieldCharValues.Begin, Dirty = true }),
                new W.Run(new FieldCode(@" TOC \o ""1-2"" \h \z \u ") { Space = SpaceProcessingModeValues.Preserve }),
                new W.Run(new FieldChar { FieldCharType = FieldCharValues.Separate }),
                Run("The contents list fills in when Word updates the fields (it asks when the pack opens)."),
                new W.Run(new FieldChar { FieldCharType = FieldCharValues.End })));
            body.Append(PageBreak());

            Summary(body, pack);
            Glance(body, pack);
            Exceptions(body, pack);
            Schools(body, pack);
            Challenges(body, pack);
            LateChanges(body, pack);
            Improvement(body, pack);

            body.Append(new SectionProperties(
                new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) },
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
                new W.PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1020U, Right = 1020U, Header = 567U, Footer = 567U },
                new TitlePage()));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static void Cover(Body body, PackModel pack)
    {
        var c = pack.Cover;
        body.Append(new Paragraph(new ParagraphProperties(new SpacingBetweenLines { Before = "2400" }), Run(c.TrustName, new RunProperties(new FontSize { Val = "32" }))));
        body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Title" }), Run(c.Title)));
        body.Append(Para(c.PlanTitle));
        body.Append(Para(c.MeetingTitle is null ? "Meeting: not yet issued to a meeting" : $"Meeting: {c.MeetingTitle}, {(c.MeetingOn is { } on ? PackModel.Date(on) : "")}"));
        body.Append(Para($"Prepared by {c.PreparedBy} on {PackModel.Date(c.PreparedOn)}"));
        body.Append(Para(c.ScopeText));
        if (c.FilterDescription is { } filters)
        {
            body.Append(Para($"Filtered. {filters}"));
        }
        body.Append(PageBreak());
    }

    private static void Summary(Body body, PackModel pack)
    {
        body.Append(Heading(PackModel.Parts[0].Title, 1, "summary"));
        if (pack.Summary is null)
        {
            body.Append(Para("No executive summary has been written for this cycle."));
            return;
        }
        foreach (var block in MarkdownBlocks.From(pack.Summary.Markdown))
        {
            body.Append(block.Kind switch
            {
                BlockKind.Heading => Heading(block.Text, 2),
                BlockKind.Bullet => new Paragraph(new ParagraphProperties(new Indentation { Left = "360", Hanging = "240" }), Run("• " + block.Text)),
                BlockKind.Numbered => new Paragraph(new ParagraphProperties(new Indentation { Left = "360", Hanging = "240" }),
                    Run($"{block.Number.ToString(CultureInfo.InvariantCulture)}. {block.Text}")),
                _ => Para(block.Text),
            });
        }
        body.Append(Para($"Written by {pack.Summary.UpdatedBy}, {PackModel.Date(pack.Summary.UpdatedAt)}.", italic: true));
    }

    private static void Glance(Body body, PackModel pack)
    {
        body.Append(Heading(PackModel.Parts[1].Title, 1, "glance"));
        var r = pack.Returns;
        body.Append(Para($"Returns: {r.Submitted} of {r.Schools} schools submitted, {r.Draft} in draft, {r.NotStarted} not started."));
        body.Append(Para(pack.ComparedWith is null ? "There is no earlier cycle to compare with." : $"Movement is measured against {pack.ComparedWith}, the cycle in the pack the board last saw."));
        body.Append(Table(["Aim", "Standing", "Off track", "At risk", "On track", "Achieved", "Not started", "No update", "Improved", "Declined"],
            pack.Glance.Select(a => (IReadOnlyList<string>)[$"{a.Number}. {a.Title}", a.Standing, N(a.OffTrack), N(a.AtRisk), N(a.OnTrack), N(a.Achieved),
                N(a.NotStarted), N(a.NoUpdate), N(a.Improved), N(a.Declined)])));
    }

    private static void Exceptions(Body body, PackModel pack)
    {
        body.Append(Heading(PackModel.Parts[2].Title, 1, "exceptions"));
        if (pack.Exceptions.Count == 0)
        {
            body.Append(Para("No criterion is off track or at risk."));
            return;
        }
        foreach (var e in pack.Exceptions)
        {
            body.Append(Heading($"{e.School}: {e.CriterionNumber} {e.Criterion}", 2));
            body.Append(Para($"{e.StatusText}. Aim {e.AimNumber}: {e.AimTitle}. Last three cycles: " +
                string.Join(", ", pack.HistoryCycles.Zip(e.History, (c, s) => $"{c} {s}")) + "."));
            Labelled(body, "What was done", e.WhatWasDone);
            Labelled(body, "Impact", e.Impact);
            Labelled(body, "Next steps", e.NextSteps);
            Labelled(body, "Owner", e.Owner is null && e.DueOn is null ? null : $"{e.Owner ?? "Not recorded"}{(e.DueOn is { } due ? $", due {PackModel.Date(due)}" : "")}");
            body.Append(Para($"Updated by {e.UpdatedBy}, {PackModel.Date(e.UpdatedAt)}.", italic: true));
        }
    }

    private static void Schools(Body body, PackModel pack)
    {
        body.Append(Heading(PackModel.Parts[3].Title, 1, "schools"));
        var first = true;
        foreach (var s in pack.Schools)
        {
            if (!first)
            {
                body.Append(PageBreak());
            }
            first = false;
            body.Append(Heading(s.Name, 2));
            body.Append(Para($"URN {s.Urn.ToString(CultureInfo.InvariantCulture)} · {s.Phase} · Return: {s.Return} · Latest inspection: {s.Inspection}"));
            body.Append(Table(["Aim", "Status"], s.Aims.Select(a => (IReadOnlyList<string>)[$"{a.Number}. {a.Title}", a.Status])));
            body.Append(Para("The school's own priorities", bold: true));
            if (s.Priorities.Count == 0)
            {
                body.Append(Para("None recorded."));
            }
            else
            {
                body.Append(Table(["Priority", "Aim", "Status"], s.Priorities.Select(p => (IReadOnlyList<string>)[p.Title, N(p.AimNumber), p.Status])));
            }
            body.Append(Para("Open challenges", bold: true));
            body.Append(s.OpenChallenges.Count == 0
                ? Para("None open.")
                : Table(["Raised", "By", "Question", "Status"], s.OpenChallenges.Select(c => (IReadOnlyList<string>)[PackModel.Date(c.RaisedAt), c.RaisedBy, c.Question, c.Status])));
        }
        body.Append(PageBreak());
    }

    private static void Challenges(Body body, PackModel pack)
    {
        body.Append(Heading(PackModel.Parts[4].Title, 1, "challenges"));
        if (pack.Challenges.Count == 0)
        {
            body.Append(Para("No challenge was raised, answered or resolved since the last meeting."));
            return;
        }
        foreach (var c in pack.Challenges)
        {
            body.Append(Heading($"{c.About}: {c.StatusText}", 2));
            body.Append(Para($"Raised by {c.RaisedBy}, {PackModel.Date(c.RaisedAt)}", italic: true));
            body.Append(Para(c.Question));
            foreach (var a in c.Answers)
            {
                body.Append(new Paragraph(new ParagraphProperties(new Indentation { Left = "360" }),
                    Run($"{a.Author} ({(a.FromSchool ? "school" : "trust")}), {PackModel.Date(a.At)}: ", new RunProperties(new Bold())), Run(a.Body)));
            }
            if (c.ResolvedAt is { } resolved)
            {
                body.Append(Para($"Resolved by {c.ResolvedBy}, {PackModel.Date(resolved)}.", italic: true));
            }
        }
    }

    private static void LateChanges(Body body, PackModel pack)
    {
        body.Append(Heading(PackModel.Parts[5].Title, 1, "late-changes"));
        body.Append(pack.LateChanges.Count == 0
            ? Para("Nothing the board has already seen was changed after its pack was issued.")
            : Table(["School", "Criterion", "Cycle", "Board saw", "Now", "Changed by", "When", "Reason given"],
                pack.LateChanges.Select(l => (IReadOnlyList<string>)[l.School, $"{l.CriterionNumber} {l.Criterion}", l.Cycle, l.Seen, l.Now, l.ChangedBy,
                    PackModel.DateTime(l.ChangedAt), l.Reason ?? "None recorded"])));
    }

    /// The self-evaluation grid, the risk register and the trust's self-review (ADR 0163).
    private static void Improvement(Body body, PackModel pack)
    {
        var grid = pack.Improvement.Grid;
        body.Append(PageBreak());
        body.Append(Heading(PackModel.Parts[6].Title, 1, "self-evaluation"));
        body.Append(Para($"Each school's judgement of each report-card area, the trust's beside it where moderated. {grid.Differences} {(grid.Differences == 1 ? "judgement differs" : "judgements differ")}."));
        body.Append(grid.Rows.Count == 0
            ? Para("The trust has no schools.")
            : Table(["School", "Self-evaluation", .. grid.AreaNames],
                grid.Rows.Select(r => (IReadOnlyList<string>)[$"{r.School} ({r.Inspection})", r.State, .. r.Cells.Select(c => c?.Text ?? "Not applicable")])));

        body.Append(PageBreak());
        body.Append(Heading(PackModel.Parts[7].Title, 1, "risks"));
        body.Append(pack.Improvement.Risks.Count == 0
            ? Para("No open risks on the register.")
            : Table(["Risk", "Whose", "Owner", "Score", "Controls", "After controls", "Review by"],
                pack.Improvement.Risks.Select(r => (IReadOnlyList<string>)[$"{r.Title} ({r.Category}{(r.LinkedAims is { } aims ? $", aims {aims}" : "")})", r.Whose, r.Owner,
                    $"{N(r.Score)} ({N(r.Likelihood)} × {N(r.Impact)})", r.Controls ?? "None recorded", $"{N(r.ResidualScore)} ({N(r.ResidualLikelihood)} × {N(r.ResidualImpact)})",
                    PackModel.Date(r.ReviewOn) + (r.PastReview ? " (past review date)" : "")])));

        var review = pack.Improvement.TrustReview;
        body.Append(PageBreak());
        body.Append(Heading(PackModel.Parts[8].Title, 1, "trust-review"));
        body.Append(Para($"The trust's judgement of itself for {review.Year}, pillar by pillar."));
        foreach (var p in review.Pillars)
        {
            body.Append(Heading($"{p.Pillar}: {p.Judgement}", 2));
            body.Append(Para(p.Framework, italic: true));
            Labelled(body, "Reasons", p.Reasons);
            Labelled(body, "Evidence", p.Evidence);
            Labelled(body, "Aims of the plan", p.Aims);
        }
        body.Append(Para(review.Uncovered.Count == 0 ? "Every pillar has an aim of the plan tagged with it."
            : $"Pillars the plan leaves uncovered: {string.Join(", ", review.Uncovered)}."));
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static void Labelled(Body body, string label, string? text) =>
        body.Append(new Paragraph(Run(label + ": ", new RunProperties(new Bold())), Run(text ?? "Not recorded")));

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(new RunFonts { Ascii = "Arial", HighAnsi = "Arial", ComplexScript = "Arial" }, new FontSize { Val = "21" }, new Languages { Val = "en-GB" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120" }))),
            new W.Style(new StyleName { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            new W.Style(new StyleName { Val = "Title" }, new StyleRunProperties(new Bold(), new FontSize { Val = "56" })) { Type = StyleValues.Paragraph, StyleId = "Title" },
            HeadingStyle("Heading1", "heading 1", "36", 1),
            HeadingStyle("Heading2", "heading 2", "26", 2),
            new W.Style(new StyleName { Val = "header" }, new StyleRunProperties(new FontSize { Val = "16" }, new Color { Val = "505A5F" })) { Type = StyleValues.Paragraph, StyleId = "Header" },
            new W.Style(new StyleName { Val = "Table Grid" }, new StyleTableProperties(new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })))
            { Type = StyleValues.Table, StyleId = "TableGrid" });
        styles.Styles.Save();
    }

    private static W.Style HeadingStyle(string id, string name, string size, int level) =>
        new(new StyleName { Val = name }, new BasedOn { Val = "Normal" }, new NextParagraphStyle { Val = "Normal" },
            new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" }, new OutlineLevel { Val = level - 1 }),
            new StyleRunProperties(new Bold(), new FontSize { Val = size }))
        { Type = StyleValues.Paragraph, StyleId = id };

    private static Paragraph Heading(string text, int level, string? bookmark = null)
    {
        var p = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = $"Heading{level}" }));
        if (bookmark is not null)
        {
            // A fixed id per part, so rendering the same pack twice gives the same bytes.
            var id = (PackModel.Parts.Select(p => p.Id).ToList().IndexOf(bookmark) + 2).ToString(CultureInfo.InvariantCulture);
            p.Append(new BookmarkStart { Id = id, Name = bookmark }, Run(text), new BookmarkEnd { Id = id });
        }
        else
        {
            p.Append(Run(text));
        }
        return p;
    }

    private static Paragraph Para(string text, bool bold = false, bool italic = false)
    {
        var properties = new RunProperties();
        if (bold)
        {
            properties.Append(new Bold());
        }
        if (italic)
        {
            properties.Append(new Italic());
        }
        return new Paragraph(Run(text, properties.HasChildren ? properties : null));
    }

    private static Paragraph PageBreak() => new(new W.Run(new Break { Type = BreakValues.Page }));

    private static W.Run Field(string code, string placeholder) => new(
        new FieldChar { FieldCharType = FieldCharValues.Begin },
        new FieldCode($" {code} ") { Space = SpaceProcessingModeValues.Preserve },
        new FieldChar { FieldCharType = FieldCharValues.Separate },
        new W.Text(placeholder),
        new FieldChar { FieldCharType = FieldCharValues.End });

    /// Stored text is cleaned again (ADR 0092): a character XML forbids would break the whole pack.
    private static W.Run Run(string? text, RunProperties? properties = null)
    {
        var run = properties is null ? new W.Run() : new W.Run(properties);
        var lines = (StoredText.Clean(text) ?? "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new Break());
            }
            run.Append(new W.Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }
        return run;
    }

    private static W.Table Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new W.Table(new TableProperties(new TableStyle { Val = "TableGrid" }, new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
        var header = new TableRow(new TableRowProperties(new TableHeader(), new CantSplit()));
        header.Append(headers.Select(h => new TableCell(new Paragraph(Run(h, new RunProperties(new Bold()))))));
        table.Append(header);
        foreach (var row in rows)
        {
            var tableRow = new TableRow(new TableRowProperties(new CantSplit()));
            tableRow.Append(row.Select(v => new TableCell(new Paragraph(Run(v)))));
            table.Append(tableRow);
        }
        return table;
    }
}
