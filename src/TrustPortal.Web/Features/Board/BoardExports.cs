using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Data;
using W = DocumentFormat.OpenXml.Wordprocessing;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace TrustPortal.Web.Features.Board;

/// One row of the progress export: a school's update against one criterion in the cycle.
public sealed record ProgressExportRow(string School, int Urn, string Phase, string? Theme, int AimNumber, string Aim, int CriterionPosition,
    string Criterion, string Status, string? PreviousStatus, string? Confidence, string? WhatWasDone, string? Impact, string? Evidence,
    string? NextSteps, string? Owner, DateOnly? DueOn, string UpdatedBy, DateTimeOffset UpdatedAt);

/// The board pack as a Word document, and all progress data for a cycle as a spreadsheet and CSV.
public sealed class BoardExports(TrustPortalDbContext db, TimeProvider clock)
{
    private static readonly CultureInfo UkCulture = CultureInfo.GetCultureInfo("en-GB");

    public static readonly string[] Headers =
    [
        "School", "URN", "Phase", "Theme", "Aim number", "Aim", "Criterion number", "Success criterion", "Status", "Previous status",
        "Confidence", "What was done", "Impact", "Evidence", "Next steps", "Owner", "Due on", "Updated by", "Updated at (UTC)",
    ];

    /// e.g. kestrel-ridge-learning-trust-board-pack-autumn-2026-2026-11-22.docx: safe ASCII, no spaces.
    public string FileName(BoardSnapshot board, string kind, string extension)
    {
        ArgumentNullException.ThrowIfNull(board);
        var cycle = board.Cycle is null ? "no-cycle" : Slugs.From(board.Cycle.Name);
        var date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"{board.Trust.Slug}-{kind}-{cycle}-{date}.{extension}";
    }

    /// One query: every update of the cycle for the trust's schools with its previous status.
    public async Task<IReadOnlyList<ProgressExportRow>> RowsAsync(BoardSnapshot board, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(board);
        var cycleId = board.Cycle?.Id ?? 0;
        var previousId = board.Previous?.Id ?? 0;
        var trustId = board.Trust.Id;
        var raw = await (from u in db.ProgressUpdates.AsNoTracking()
                         join s in db.Schools on u.SchoolId equals s.Id
                         join c in db.SuccessCriteria on u.SuccessCriterionId equals c.Id
                         join a in db.StrategicAims on c.StrategicAimId equals a.Id
                         join t in db.PlanThemes on a.PlanThemeId equals t.Id
                         where u.ReviewCycleId == cycleId && s.TrustId == trustId && !s.IsArchived
                         orderby s.Name, t.Position, a.Position, c.Position
                         select new
                         {
                             s.Name, s.Urn, s.Phase, Theme = t.Title, a.Number, Aim = a.Title, c.Position, c.Text, u.Status,
                             Previous = db.ProgressUpdates.Where(p => p.ReviewCycleId == previousId && p.SchoolId == u.SchoolId && p.SuccessCriterionId == u.SuccessCriterionId)
                                 .Select(p => (ProgressStatus?)p.Status).FirstOrDefault(),
                             u.Confidence, u.WhatWasDone, u.Impact, u.Evidence, u.NextSteps, u.Owner, u.DueOn, u.UpdatedBy, u.UpdatedAt,
                         }).ToListAsync(ct);
        return raw.Select(r => new ProgressExportRow(r.Name, r.Urn, Schools.SchoolText.Phase(r.Phase), r.Theme, r.Number, r.Aim, r.Position, r.Text,
            ProgressText.Label(r.Status), r.Previous is { } p ? ProgressText.Label(p) : null, r.Confidence?.ToString(), r.WhatWasDone, r.Impact,
            r.Evidence, r.NextSteps, r.Owner, r.DueOn, r.UpdatedBy, r.UpdatedAt)).ToList();
    }

    private static string?[] Cells(ProgressExportRow r) =>
    [
        r.School, r.Urn.ToString(CultureInfo.InvariantCulture), r.Phase, r.Theme, r.AimNumber.ToString(CultureInfo.InvariantCulture), r.Aim,
        $"{r.AimNumber}.{r.CriterionPosition}", r.Criterion, r.Status, r.PreviousStatus, r.Confidence, r.WhatWasDone, r.Impact, r.Evidence,
        r.NextSteps, r.Owner, r.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.UpdatedBy,
        r.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
    ];

    /// A cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) gets a leading quote,
    /// so a narrative such as "=HYPERLINK(...)" stays text when the CSV or workbook is opened.
    public static string? Safe(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    public static byte[] Csv(IReadOnlyList<ProgressExportRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture)))
        {
            foreach (var h in Headers)
            {
                csv.WriteField(h);
            }
            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var cell in Cells(row))
                {
                    csv.WriteField(Safe(StoredText.Clean(cell)) ?? "");
                }
                csv.NextRecord();
            }
        }
        return stream.ToArray();
    }

    /// SpreadsheetML with inline strings: every cell is text (no formula is ever written), escaped as the CSV is.
    public static byte[] Xlsx(IReadOnlyList<ProgressExportRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new X.Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new X.SheetData();
            data.Append(XRow(1, Headers));
            uint n = 2;
            foreach (var row in rows)
            {
                data.Append(XRow(n++, Cells(row).Select(c => Safe(StoredText.Clean(c))).ToArray()));
            }
            sheetPart.Worksheet = new X.Worksheet(new X.SheetViews(new X.SheetView(new X.Pane
            {
                VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = X.PaneValues.BottomLeft, State = X.PaneStateValues.Frozen,
            }) { WorkbookViewId = 0U }), data);
            workbook.Workbook.AppendChild(new X.Sheets(new X.Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Progress" }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static X.Row XRow(uint index, IEnumerable<string?> values)
    {
        var row = new X.Row { RowIndex = index };
        foreach (var value in values)
        {
            // Cleaned again: a row stored before the portal's text rule (ADR 0092) must not break the workbook.
            row.Append(new X.Cell(new X.InlineString(new X.Text(StoredText.Clean(value) ?? "") { Space = SpaceProcessingModeValues.Preserve })) { DataType = X.CellValues.InlineString });
        }
        return row;
    }

    /// The board pack as a Word document: real headings (Heading1/Heading2 styles) and tables with repeated
    /// header rows; the heatmap's cells carry status words.
    public byte[] BoardPackDocx(BoardSnapshot board)
    {
        ArgumentNullException.ThrowIfNull(board);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            var body = new Body();
            var cycle = board.Cycle?.Name ?? "No review cycle";
            body.Append(Heading($"{board.Trust.Name}: board pack", 1));
            body.Append(Para($"{board.Plan.Title}. Review cycle: {cycle}. Prepared {DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("d MMMM yyyy", UkCulture)}."));

            body.Append(Heading("Plan summary", 2));
            if (board.FilterDescription is { } filters)
            {
                body.Append(Para($"Filtered. {filters}"));
            }
            body.Append(Para($"{board.AllSchools.Count} schools, {board.AllAims.Count} strategic aims, {board.Criteria.Count} success criteria. " +
                $"Returns: {board.Submitted} submitted, {board.Drafts} in draft, {board.NoReturn} not started."));
            var last = board.SignOffs.Count > 0 ? board.SignOffs[0] : null;
            body.Append(Para(last is null
                ? "The board has not yet recorded a review of this plan."
                : $"Last reviewed by the board on {last.MeetingDate.ToString("d MMMM yyyy", UkCulture)} (minute {last.MinuteReference})" +
                  (last.Comment is null ? "." : $": {last.Comment}")));

            body.Append(Heading("Heatmap", 2));
            body.Append(Para("Each cell shows the worst status among the aim's success criteria for the school in this cycle."));
            body.Append(Table(["School", .. board.Aims.Select(a => $"Aim {a.Number}")],
                board.Schools.Select(s => (IReadOnlyList<string>)[s.Name, .. board.Aims.Select(a => CellText(board.Cell(s, a)))])));

            body.Append(Heading("Exceptions", 2));
            var exceptions = board.Exceptions;
            body.Append(exceptions.Count == 0
                ? Para("No criterion is off track or at risk.")
                : Table(["Status", "School", "Aim", "Success criterion", "Previous"],
                    exceptions.Select(e => (IReadOnlyList<string>)[ProgressText.Label(e.Status), e.School.Name, $"{e.Aim.Number}. {e.Aim.Title}", e.Criterion.Text,
                        e.Previous is { } p ? ProgressText.Label(p) : "No update"])));
            if (board.OverdueReturns.Count > 0)
            {
                body.Append(Para("Overdue returns: " + string.Join(", ", board.OverdueReturns.Select(s => s.Name)) + "."));
            }
            var gaps = board.EvidenceGaps;
            if (gaps.Count > 0)
            {
                body.Append(Table(["School", "Criteria with no update", "Updates with no evidence"],
                    gaps.Select(g => (IReadOnlyList<string>)[g.School.Name, g.NoUpdate.ToString(CultureInfo.InvariantCulture), g.NoEvidence.ToString(CultureInfo.InvariantCulture)])));
            }

            body.Append(Heading(board.Previous is null ? "Changes since the last pack" : $"Changes since the last pack (compared with {board.Previous.Name})", 2));
            var changes = board.Changes;
            body.Append(board.Previous is null
                ? Para("There is no earlier cycle to compare with.")
                : changes.Count == 0
                    ? Para("No criterion changed status.")
                    : Table(["Change", "School", "Aim", "Success criterion", "Before", "Now"],
                        changes.Select(c => (IReadOnlyList<string>)[c.Movement == Domain.Board.Movement.Improved ? "Improved" : "Declined", c.School.Name,
                            $"{c.Aim.Number}", c.Criterion.Text, c.Before is { } b ? ProgressText.Label(b) : "No update", ProgressText.Label(c.After)])));

            body.Append(Heading("Open challenges", 2));
            body.Append(board.OpenChallenges.Count == 0
                ? Para("No challenge is open.")
                : Table(["Raised", "By", "About", "Question", "Status"],
                    board.OpenChallenges.Select(c => (IReadOnlyList<string>)[c.RaisedAt.UtcDateTime.ToString("d MMM yyyy", UkCulture), c.RaisedBy,
                        BoardText.About(c), c.Question, BoardText.Status(c.Status)])));

            body.Append(Heading("Plan history", 2));
            body.Append(board.SignOffs.Count == 0
                ? Para("No sign-off recorded yet.")
                : Table(["Meeting", "Minute", "Cycle reviewed", "Comment", "Recorded by"],
                    board.SignOffs.Select(s => (IReadOnlyList<string>)[s.MeetingDate.ToString("d MMMM yyyy", UkCulture), s.MinuteReference,
                        s.CycleName ?? "", s.Comment ?? "", s.RecordedBy])));
            body.Append(new SectionProperties(new W.PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 850, Bottom = 850, Left = 850U, Right = 850U }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    public static string CellText(HeatCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Worst is { } w
            ? cell.Reported < cell.Total ? $"{ProgressText.Label(w)} ({cell.Reported} of {cell.Total} reported)" : ProgressText.Label(w)
            : "No update";
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new DocDefaults(new RunPropertiesDefault(new RunPropertiesBaseStyle(new RunFonts { Ascii = "Arial", HighAnsi = "Arial" }, new FontSize { Val = "20" }))),
            HeadingStyle("Heading1", "heading 1", "36", 1),
            HeadingStyle("Heading2", "heading 2", "28", 2),
            new W.Style(new StyleName { Val = "Table Grid" }, new StyleTableProperties(new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })))
            { Type = StyleValues.Table, StyleId = "TableGrid" });
        styles.Styles.Save();
    }

    private static W.Style HeadingStyle(string id, string name, string size, int level) =>
        new(new StyleName { Val = name }, new NextParagraphStyle { Val = "Normal" },
            new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" }, new OutlineLevel { Val = level - 1 }),
            new StyleRunProperties(new Bold(), new FontSize { Val = size }))
        { Type = StyleValues.Paragraph, StyleId = id };

    private static Paragraph Heading(string text, int level) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = $"Heading{level}" }), Run(text));

    private static Paragraph Para(string text) => new(Run(text));

    /// A run of stored text. Text stored before the portal's text rule (ADR 0092) may still hold a character that XML
    /// forbids, which would make the whole pack fail: each is cleaned again here, and each line break becomes Word's.
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
        var header = new TableRow(new TableRowProperties(new TableHeader()));
        header.Append(headers.Select(h => new TableCell(new Paragraph(Run(h, new RunProperties(new Bold()))))));
        table.Append(header);
        foreach (var row in rows)
        {
            table.Append(new TableRow(row.Select(v => new TableCell(new Paragraph(Run(v)))).ToArray<OpenXmlElement>()));
        }
        return table;
    }
}

public static class BoardText
{
    public static string Status(Domain.Board.ChallengeStatus status) => status switch
    {
        Domain.Board.ChallengeStatus.Open => "Awaiting answer",
        Domain.Board.ChallengeStatus.Answered => "Answered",
        Domain.Board.ChallengeStatus.Resolved => "Resolved",
        _ => status.ToString(),
    };

    public static string StatusTag(Domain.Board.ChallengeStatus status) => status switch
    {
        Domain.Board.ChallengeStatus.Open => "govuk-tag--orange",
        Domain.Board.ChallengeStatus.Answered => "govuk-tag--blue",
        _ => "govuk-tag--green",
    };

    public static string About(ChallengeRow c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return (c.SchoolName, c.AimNumber) switch
        {
            ({ } s, { } a) => $"{s}, aim {a}",
            ({ } s, null) => s,
            (null, { } a) => $"Aim {a}",
            _ => "",
        };
    }
}
