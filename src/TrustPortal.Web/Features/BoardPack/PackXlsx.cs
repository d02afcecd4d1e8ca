using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using TrustPortal.Domain;

namespace TrustPortal.Web.Features.BoardPack;

/// The pack as a workbook: one sheet per part; numbers are numbers and dates are dates (so a trustee can sort and
/// sum), each sheet has set column widths, a frozen header row and a filter. No formula is ever written: text that
/// a spreadsheet would run as one is escaped as in the CSV.
public static class PackXlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const uint HeaderStyle = 1, DateStyle = 2, DateTimeStyle = 3, WrapStyle = 4;

    /// A typed cell value: string, int, DateOnly, DateTimeOffset, or null (empty).
    private sealed record Sheet(string Name, IReadOnlyList<(string Header, double Width)> Columns, IEnumerable<object?[]> Rows);

    public static byte[] Render(PackModel pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var sheets = new List<Sheet>
        {
            new("Summary", [("Board pack", 40), ("", 90)],
            [
                ["Trust", pack.Cover.TrustName], ["Plan", pack.Cover.PlanTitle], ["Cycle", pack.Cover.CycleName],
                ["Meeting", pack.Cover.MeetingTitle ?? "Not yet issued to a meeting"], ["Meeting date", pack.Cover.MeetingOn],
                ["Prepared by", pack.Cover.PreparedBy], ["Prepared on", pack.Cover.PreparedOn], ["Scope", pack.Cover.ScopeText],
                ["Executive summary", pack.Summary?.Markdown ?? "No executive summary has been written for this cycle."],
            ]),
            new("At a glance", [("Aim", 8), ("Title", 45), ("Standing", 14), ("Off track", 11), ("At risk", 11), ("On track", 11), ("Achieved", 11),
                ("Not started", 12), ("No update", 11), ("Improved", 11), ("Declined", 11)],
                pack.Glance.Select(a => new object?[] { a.Number, a.Title, a.Standing, a.OffTrack, a.AtRisk, a.OnTrack, a.Achieved, a.NotStarted, a.NoUpdate, a.Improved, a.Declined })),
            new("Exceptions", [("School", 30), ("URN", 10), ("Aim", 6), ("Criterion", 10), ("Success criterion", 45), ("Status", 12), ("Previous status", 14),
                ("What was done", 50), ("Impact", 50), ("Next steps", 50), ("Owner", 20), ("Due on", 13), ("Updated by", 20), ("Updated at (UTC)", 18),
                .. pack.HistoryCycles.Select(c => (c, 14d))],
                pack.Exceptions.Select(e => (object?[])[e.School, e.Urn, e.AimNumber, e.CriterionNumber, e.Criterion, e.StatusText,
                    e.Previous is { } p ? Domain.Progress.ProgressText.Label(p) : "No update", e.WhatWasDone, e.Impact, e.NextSteps, e.Owner, e.DueOn, e.UpdatedBy, e.UpdatedAt,
                    .. e.History])),
            new("Schools", [("School", 30), ("URN", 10), ("Phase", 14), ("Return", 12), ("Latest inspection", 30), ("Aim", 6), ("Aim title", 40), ("Status", 30)],
                pack.Schools.SelectMany(s => s.Aims.Select(a => new object?[] { s.Name, s.Urn, s.Phase, s.Return, s.Inspection, a.Number, a.Title, a.Status }))),
            new("Challenges", [("About", 30), ("Question", 60), ("Raised by", 20), ("Raised on", 13), ("Status", 16), ("Answers", 80), ("Resolved on", 13)],
                pack.Challenges.Select(c => new object?[] { c.About, c.Question, c.RaisedBy, c.RaisedAt, c.StatusText,
                    string.Join("\n", c.Answers.Select(a => $"{a.Author}, {PackModel.Date(a.At)}: {a.Body}")), c.ResolvedAt })),
            new("Late changes", [("School", 30), ("Criterion", 10), ("Success criterion", 45), ("Cycle", 14), ("Board saw", 12), ("Now", 12), ("Changed by", 20),
                ("Changed at (UTC)", 18), ("Reason given", 40)],
                pack.LateChanges.Select(l => new object?[] { l.School, l.CriterionNumber, l.Criterion, l.Cycle, l.Seen, l.Now, l.ChangedBy, l.ChangedAt, l.Reason })),
            new("Progress", [("School", 30), ("URN", 10), ("Phase", 14), ("Aim", 6), ("Aim title", 40), ("Criterion", 10), ("Success criterion", 45),
                ("Status", 12), ("Previous status", 14), ("Confidence", 12), ("What was done", 50), ("Impact", 50), ("Next steps", 50), ("Owner", 20),
                ("Due on", 13), ("Updated by", 20), ("Updated at (UTC)", 18)],
                pack.Rows.Select(r => new object?[] { r.School, r.Urn, r.Phase, r.AimNumber, r.Aim, r.CriterionNumber, r.Criterion, r.Status, r.Previous,
                    r.Confidence, r.WhatWasDone, r.Impact, r.NextSteps, r.Owner, r.DueOn, r.UpdatedBy, r.UpdatedAt })),
            // One row per school × area, so the grid sorts and filters (ADR 0163).
            new("Self-evaluation", [("School", 30), ("URN", 10), ("Self-evaluation", 14), ("Latest inspection", 26), ("Area", 34), ("School's judgement", 20),
                ("Trust's judgement", 20), ("Differs", 9)],
                pack.Improvement.Grid.Rows.SelectMany(r => r.Cells.Select((c, i) => (Cell: c, Area: pack.Improvement.Grid.AreaNames[i])).Where(x => x.Cell is not null)
                    .Select(x => new object?[] { r.School, r.Urn, r.State, r.Inspection, x.Area, x.Cell!.School ?? "Not judged", x.Cell.Trust, x.Cell.Differs ? "Yes" : "No" }))),
            new("Risks", [("Risk", 50), ("Category", 14), ("Whose", 26), ("Owner", 22), ("Likelihood", 11), ("Impact", 10), ("Score", 9), ("Controls", 50),
                ("Likelihood after", 11), ("Impact after", 11), ("Score after", 10), ("Review by", 13), ("Past review", 11), ("Linked aims", 12)],
                pack.Improvement.Risks.Select(r => new object?[] { r.Title, r.Category, r.Whose, r.Owner, r.Likelihood, r.Impact, r.Score, r.Controls,
                    r.ResidualLikelihood, r.ResidualImpact, r.ResidualScore, r.ReviewOn, r.PastReview ? "Yes" : "No", r.LinkedAims })),
            new("Trust self-review", [("Pillar", 34), ("Framework", 30), ("Year", 13), ("Judgement", 14), ("Reasons", 60), ("Evidence", 50), ("Aims of the plan", 50)],
                pack.Improvement.TrustReview.Pillars.Select(p => new object?[] { p.Pillar, p.Framework, pack.Improvement.TrustReview.Year, p.Judgement, p.Reasons, p.Evidence, p.Aims })),
        };

        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            document.PackageProperties.Title = $"{pack.Cover.TrustName}: {pack.Cover.Title}";
            document.PackageProperties.Creator = pack.Cover.PreparedBy;
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var sheetList = new Sheets();
            var names = new DefinedNames();
            uint id = 1;
            foreach (var sheet in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var lastRef = Write(part, sheet);
                sheetList.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = sheet.Name });
                names.Append(new DefinedName($"'{sheet.Name}'!$A$1:{Absolute(lastRef)}") { Name = "_xlnm._FilterDatabase", LocalSheetId = id - 1, Hidden = true });
                id++;
            }
            workbook.Workbook.Append(sheetList, names);
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    /// Streams the sheet row by row (OpenXmlWriter): a 50-school progress sheet is 2,000 rows of 17 cells, and a
    /// whole DOM of them is most of the workbook's time. Returns the last cell of the filtered range.
    private static string Write(WorksheetPart part, Sheet sheet)
    {
        var rows = sheet.Rows.ToList();
        var lastRef = Ref(sheet.Columns.Count - 1, (uint)Math.Max(1, rows.Count + 1));
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetViews(new SheetView(new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
        { WorkbookViewId = 0U }));
        writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 15D });
        var columns = new Columns();
        for (var i = 0; i < sheet.Columns.Count; i++)
        {
            columns.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = sheet.Columns[i].Width, CustomWidth = true });
        }
        writer.WriteElement(columns);
        writer.WriteStartElement(new SheetData());
        var header = new Row { RowIndex = 1 };
        for (var i = 0; i < sheet.Columns.Count; i++)
        {
            header.Append(Text(Ref(i, 1), sheet.Columns[i].Header, HeaderStyle));
        }
        writer.WriteElement(header);
        uint n = 2;
        foreach (var values in rows)
        {
            var row = new Row { RowIndex = n };
            for (var i = 0; i < values.Length; i++)
            {
                if (Cell(Ref(i, n), values[i]) is { } cell)
                {
                    row.Append(cell);
                }
            }
            writer.WriteElement(row);
            n++;
        }
        writer.WriteEndElement();
        writer.WriteElement(new AutoFilter { Reference = $"A1:{lastRef}" });
        writer.WriteEndElement();
        return lastRef;
    }

    private static Cell? Cell(string reference, object? value) => value switch
    {
        null => null,
        int i => new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(i) },
        DateOnly d => new Cell { CellReference = reference, StyleIndex = DateStyle, CellValue = new CellValue(Serial(d.ToDateTime(TimeOnly.MinValue))) },
        DateTimeOffset t => new Cell { CellReference = reference, StyleIndex = DateTimeStyle, CellValue = new CellValue(Serial(t.UtcDateTime)) },
        string s => Text(reference, s, s.Length > 60 || s.Contains('\n', StringComparison.Ordinal) ? WrapStyle : 0U),
        _ => Text(reference, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", 0U),
    };

    private static double Serial(DateTime at) => Math.Round(at.ToOADate(), 6);

    private static Cell Text(string reference, string value, uint style)
    {
        var cell = new Cell(new InlineString(new Text(PackCsv.Safe(StoredText.Clean(value)) ?? "") { Space = SpaceProcessingModeValues.Preserve }))
        {
            CellReference = reference, DataType = CellValues.InlineString,
        };
        if (style != 0)
        {
            cell.StyleIndex = style;
        }
        return cell;
    }

    private static string Ref(int column, uint row) => Column(column) + row.ToString(CultureInfo.InvariantCulture);

    private static string Absolute(string reference)
    {
        var letters = new string(reference.TakeWhile(char.IsLetter).ToArray());
        return $"${letters}${reference[letters.Length..]}";
    }

    private static string Column(int index)
    {
        var name = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26)
        {
            name = (char)('A' + ((i - 1) % 26)) + name;
        }
        return name;
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164U, FormatCode = "d mmm yyyy" }, new NumberingFormat { NumberFormatId = 165U, FormatCode = "d mmm yyyy hh:mm" }) { Count = 2U },
        new Fonts(new Font(new FontSize { Val = 11D }, new FontName { Val = "Arial" }), new Font(new Bold(), new FontSize { Val = 11D }, new FontName { Val = "Arial" })) { Count = 2U },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2U },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1U },
        new CellFormats(
            new CellFormat { FontId = 0U, FillId = 0U, BorderId = 0U, NumberFormatId = 0U },
            new CellFormat { FontId = 1U, FillId = 0U, BorderId = 0U, NumberFormatId = 0U, ApplyFont = true },
            new CellFormat { FontId = 0U, FillId = 0U, BorderId = 0U, NumberFormatId = 164U, ApplyNumberFormat = true },
            new CellFormat { FontId = 0U, FillId = 0U, BorderId = 0U, NumberFormatId = 165U, ApplyNumberFormat = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { FontId = 0U, FillId = 0U, BorderId = 0U, NumberFormatId = 0U, ApplyAlignment = true })
        { Count = 5U });
}
