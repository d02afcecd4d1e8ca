using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Seeding;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.PlanAdmin;
using TrustPortal.Web.Tests.Progress;
using UglyToad.PdfPig;
using W = DocumentFormat.OpenXml.Wordprocessing;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace TrustPortal.Web.Tests.BoardPack;

/// The board pack read back in every format from one generated trust: a head's own words on an exception, a challenge
/// and its answer, the executive summary, and a school that recorded nothing this cycle.
[Collection(SharedPortal.Name)]
public sealed class BoardPackTests(PortalFactory factory)
{
    public sealed record PackTrust(string Slug, string HeadsWords, string Question, string Answer, string SilentSchool, int Criteria,
        string Summary, string Injected, string ExceptionSchool);

    private static readonly ConditionalWeakTable<PortalFactory, Task<PackTrust>> Trusts = new();

    private Task<PackTrust> TrustAsync() => Trusts.GetValue(factory, SetUpAsync);

    private static async Task<PackTrust> SetUpAsync(PortalFactory factory)
    {
        var slug = $"pack-{Guid.NewGuid():N}"[..20];
        var words = $"Phonics catch-up groups run daily {Guid.NewGuid():N}";
        var answer = $"We moved two teaching assistants to Year 2 {Guid.NewGuid():N}";
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var generator = new LargeTrustGenerator(db, factory.Clock);
        var firstUrn = await generator.FreeUrnBlockAsync(5, CancellationToken.None) ?? throw new Xunit.Sdk.XunitException("No free URN block.");
        var trustId = await generator.GenerateAsync(new LargeTrustSpec(slug, "Pack Test Trust", 4, Aims: 3, CriteriaPerAim: 2, Cycles: 3, Seed: 16, firstUrn, Challenges: 2), CancellationToken.None);
        var silent = new School(trustId, firstUrn + 4, "Silent Valley Primary", Phase.Primary);
        db.Schools.Add(silent);
        await db.SaveChangesAsync();

        var cycleId = await db.ReviewCycles.Where(c => db.StrategicPlans.Any(p => p.Id == c.StrategicPlanId && p.TrustId == trustId))
            .OrderByDescending(c => c.OpensOn).Select(c => c.Id).FirstAsync();
        var updates = await db.ProgressUpdates.Where(u => u.ReviewCycleId == cycleId && db.Schools.Any(s => s.Id == u.SchoolId && s.TrustId == trustId))
            .OrderBy(u => u.Id).ToListAsync();
        var exception = updates.First(u => u.Entry.Status == ProgressStatus.OffTrack);
        exception.Record(exception.Entry with { WhatWasDone = words, NextSteps = "Review in six weeks.", Owner = "Deputy head", DueOn = new DateOnly(2027, 2, 1) },
            "A Head", factory.Clock.GetUtcNow());
        var other = updates.First(u => u.Id != exception.Id);
        other.Record(other.Entry with { WhatWasDone = "=HYPERLINK(\"http://example.com\")" }, "A Head", factory.Clock.GetUtcNow());
        var challenge = await db.Challenges.Where(c => c.TrustId == trustId).OrderBy(c => c.Id).FirstAsync();
        challenge.AddMessage(ChallengeSide.School, "head", "A Head", answer, factory.Clock.GetUtcNow());
        await db.SaveChangesAsync();
        var schoolName = await db.Schools.Where(s => s.Id == exception.SchoolId).Select(s => s.Name).SingleAsync();
        var criteria = await db.SuccessCriteria.CountAsync(c => db.StrategicAims.Any(a => a.Id == c.StrategicAimId && db.PlanThemes.Any(t => t.Id == a.PlanThemeId && db.StrategicPlans.Any(p => p.Id == t.StrategicPlanId && p.TrustId == trustId))));

        var summary = $"Attendance is the board's first concern {Guid.NewGuid():N}";
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        using var saved = await admin.PostFormAsync($"/{slug}/board/packs/summary?cycle={cycleId}",
            new Dictionary<string, string> { ["Form.Markdown"] = $"# Overview\n\n{summary}\n\n- Reading\n- Attendance", ["Form.Version"] = Guid.Empty.ToString() },
            tokenPage: $"/{slug}/board/packs/summary");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        return new PackTrust(slug, words, challenge.Question, answer, silent.Name, criteria, summary, "'=HYPERLINK", schoolName);
    }

    private async Task<byte[]> DownloadAsync(string slug, string path, string role = Roles.Trustee)
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(role, slug);
        using var response = await client.GetAsync(new Uri($"/{slug}/board/packs/{path}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static string Squash(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    [Fact]
    public async Task The_word_pack_has_a_cover_contents_headings_the_summary_a_heads_words_a_challenge_with_its_answer_and_page_numbers()
    {
        var t = await TrustAsync();
        using var stream = new MemoryStream(await DownloadAsync(t.Slug, "current.docx"));
        using var word = WordprocessingDocument.Open(stream, false);
        var body = word.MainDocumentPart!.Document!.Body!;
        var headings = body.Descendants<W.Paragraph>()
            .Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value == "Heading1").Select(p => p.InnerText).ToList();
        Assert.Equal(["Contents", "Executive summary", "The plan at a glance", "Exceptions in the heads' own words", "Schools on a page",
            "Challenges raised, answered and resolved", "Changes since the board saw them", "Schools' self-evaluation", "Risk register", "The trust's self-review"], headings);
        var text = body.InnerText;
        Assert.Contains(t.Summary, text, StringComparison.Ordinal);
        Assert.Contains(t.HeadsWords, text, StringComparison.Ordinal);
        Assert.Contains(t.Question, text, StringComparison.Ordinal);
        Assert.Contains(t.Answer, text, StringComparison.Ordinal);
        Assert.Contains(body.Descendants<W.FieldCode>(), f => f.Text.Contains("TOC", StringComparison.Ordinal));
        var footer = word.MainDocumentPart.FooterParts.Single().Footer!;
        Assert.Contains(footer.Descendants<W.FieldCode>(), f => f.Text.Trim() == "PAGE");
        Assert.Contains(footer.Descendants<W.FieldCode>(), f => f.Text.Trim() == "NUMPAGES");
        Assert.Single(word.MainDocumentPart.HeaderParts);
        Assert.Equal("Pack Test Trust: Board pack: Cycle 3", word.PackageProperties.Title);
        Assert.False(string.IsNullOrEmpty(word.PackageProperties.Creator));
    }

    [Fact]
    public async Task The_pdf_is_real_text_with_the_same_words_several_pages_and_a_bookmark_per_part()
    {
        var t = await TrustAsync();
        var bytes = await DownloadAsync(t.Slug, "current.pdf");
        // Kept beside the test binaries for a look (pdftoppm makes the docs/screenshots from such a file).
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "board-pack-test.pdf"), bytes);
        using var pdf = PdfDocument.Open(bytes);
        Assert.True(pdf.NumberOfPages >= 6, $"{pdf.NumberOfPages} pages");
        var text = Squash(string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)))));
        Assert.Contains(Squash(t.Summary), text, StringComparison.Ordinal);
        Assert.Contains(Squash(t.HeadsWords), text, StringComparison.Ordinal);
        Assert.Contains(Squash(t.Question), text, StringComparison.Ordinal);
        Assert.Contains(Squash(t.Answer), text, StringComparison.Ordinal);
        Assert.Contains(Squash($"Page 2 of {pdf.NumberOfPages}"), text, StringComparison.Ordinal);
        Assert.True(pdf.TryGetBookmarks(out var bookmarks));
        var titles = bookmarks.GetNodes().Select(n => n.Title).ToList();
        foreach (var part in new[] { "Executive summary", "The plan at a glance", "Exceptions in the heads' own words", "Schools on a page",
            "Challenges raised, answered and resolved", "Changes since the board saw them", "Schools' self-evaluation", "Risk register", "The trust's self-review", t.SilentSchool })
        {
            Assert.Contains(part, titles);
        }
    }

    [Fact]
    public async Task The_workbook_has_a_sheet_per_part_typed_numbers_and_dates_a_frozen_header_and_filters()
    {
        var t = await TrustAsync();
        using var stream = new MemoryStream(await DownloadAsync(t.Slug, "current.xlsx"));
        using var book = SpreadsheetDocument.Open(stream, false);
        var workbook = book.WorkbookPart!;
        var sheets = workbook.Workbook!.Sheets!.Elements<X.Sheet>().ToList();
        Assert.Equal(["Summary", "At a glance", "Exceptions", "Schools", "Challenges", "Late changes", "Progress", "Self-evaluation", "Risks", "Trust self-review"],
            sheets.Select(s => s.Name!.Value));
        foreach (var sheet in sheets)
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            Assert.NotNull(part.Worksheet!.GetFirstChild<X.AutoFilter>());
            Assert.Equal(X.PaneStateValues.Frozen, part.Worksheet.Descendants<X.Pane>().Single().State!.Value);
            Assert.NotEmpty(part.Worksheet.GetFirstChild<X.Columns>()!.Elements<X.Column>());
        }
        var exceptions = (WorksheetPart)workbook.GetPartById(sheets.Single(s => s.Name == "Exceptions").Id!);
        var row = exceptions.Worksheet!.Descendants<X.Row>().First(r => r.InnerText.Contains(t.HeadsWords, StringComparison.Ordinal));
        var cells = row.Elements<X.Cell>().ToList();
        Assert.Equal(X.CellValues.Number, cells[1].DataType!.Value);
        Assert.True(int.TryParse(cells[1].CellValue!.Text, CultureInfo.InvariantCulture, out _));
        var due = cells.Single(c => c.CellReference == "L" + row.RowIndex!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Null(due.DataType);
        Assert.Equal(new DateOnly(2027, 2, 1).ToDateTime(TimeOnly.MinValue).ToOADate(), double.Parse(due.CellValue!.Text, CultureInfo.InvariantCulture));
        Assert.Equal(2U, due.StyleIndex!.Value);
        var formats = workbook.WorkbookStylesPart!.Stylesheet!.NumberingFormats!.Elements<X.NumberingFormat>();
        Assert.Contains(formats, f => f.FormatCode == "d mmm yyyy");
    }

    [Fact]
    public async Task The_csv_has_a_row_per_school_and_criterion_including_a_school_with_no_update_and_escapes_formulas()
    {
        var t = await TrustAsync();
        var csv = Encoding.UTF8.GetString(await DownloadAsync(t.Slug, "current.csv"));
        var silentRows = csv.Split('\n').Where(l => l.StartsWith(t.SilentSchool + ",", StringComparison.Ordinal)).ToList();
        Assert.Equal(t.Criteria, silentRows.Count);
        Assert.All(silentRows, r => Assert.Contains(",No update,", r, StringComparison.Ordinal));
        Assert.Contains(t.Injected, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        // A header and one row for each of the five schools' criteria (no narrative in this trust spans lines).
        Assert.Equal(1 + 5 * t.Criteria, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Trim().Length > 0));
    }

    [Fact]
    public async Task The_print_page_shows_the_pack_without_the_sites_header_navigation_or_footer()
    {
        var t = await TrustAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var page = await trustee.GetDocumentAsync($"/{t.Slug}/board/packs/current");
        Assert.Null(page.QuerySelector("header"));
        Assert.Null(page.QuerySelector("footer"));
        Assert.Null(page.QuerySelector(".app-account-nav"));
        Assert.Contains(t.Summary, page.QuerySelector("#summary-text")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(t.HeadsWords, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll("#pack-downloads a"), a => a.GetAttribute("href") == $"/{t.Slug}/board/packs/current.pdf");
    }

    [Fact]
    public async Task The_dashboard_heads_its_heatmap_with_aim_titles_and_opens_the_heads_latest_words_without_javascript()
    {
        var t = await TrustAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var dashboard = await trustee.GetDocumentAsync($"/{t.Slug}/board");
        Assert.Equal("Aim 1: Generated aim 1", dashboard.QuerySelectorAll("#heatmap thead th")[1].TextContent.Trim());
        var words = dashboard.QuerySelectorAll("#exception-list details.govuk-details").Single(d => d.TextContent.Contains(t.HeadsWords, StringComparison.Ordinal));
        Assert.Contains("What A Head wrote", words.QuerySelector("summary")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_exceptions_only_pack_leaves_out_schools_with_nothing_off_track_or_changed()
    {
        var t = await TrustAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var page = await trustee.GetDocumentAsync($"/{t.Slug}/board/packs/current?scope=ExceptionsSinceLastMeeting");
        Assert.StartsWith("Exceptions only", page.QuerySelector("#pack-scope")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(t.SilentSchool, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(t.HeadsWords, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_issued_pack_is_downloaded_byte_for_byte_after_progress_changes_and_the_next_pack_flags_the_change()
    {
        // Its own trust: issuing sets the baseline of every later pack.
        var slug = $"issue-{Guid.NewGuid():N}"[..20];
        int trustId;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var generator = new LargeTrustGenerator(db, factory.Clock);
            var firstUrn = await generator.FreeUrnBlockAsync(2, CancellationToken.None) ?? throw new Xunit.Sdk.XunitException("No free URN block.");
            trustId = await generator.GenerateAsync(new LargeTrustSpec(slug, "Issue Test Trust", 2, Aims: 2, CriteriaPerAim: 2, Cycles: 2, Seed: 7, firstUrn, Challenges: 1), CancellationToken.None);
        }
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        using var issue = await admin.PostFormAsync($"/{slug}/board/packs/issue", new Dictionary<string, string>
        {
            ["Form.MeetingTitle"] = "Full board", ["Form.MeetingOn.Day"] = "3", ["Form.MeetingOn.Month"] = "12", ["Form.MeetingOn.Year"] = "2026", ["Form.Scope"] = "Full",
        }, tokenPage: $"/{slug}/board/packs");
        Assert.Equal(HttpStatusCode.Redirect, issue.StatusCode);
        Assert.Equal($"/{slug}/board/packs", issue.Headers.Location!.OriginalString);
        var index = await admin.GetDocumentAsync($"/{slug}/board/packs");
        Assert.Equal("Pack issued to Full board on 3 December 2026. Its files are now fixed.", index.QuerySelector("#success-message")!.TextContent.Trim());
        var links = index.QuerySelectorAll("#issued-packs a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(4, links.Count);
        var before = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var link in links)
        {
            before[link] = await admin.GetByteArrayAsync(new Uri(link, UriKind.Relative));
        }

        string changedSchool;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var cycleId = await db.IssuedPacks.Where(p => p.TrustId == trustId).Select(p => p.ReviewCycleId).SingleAsync();
            var update = await db.ProgressUpdates.Where(u => u.ReviewCycleId == cycleId && db.Schools.Any(s => s.Id == u.SchoolId && s.TrustId == trustId))
                .OrderBy(u => u.Id).FirstAsync();
            update.Record(update.Entry with { Status = update.Entry.Status == ProgressStatus.Achieved ? ProgressStatus.OffTrack : ProgressStatus.Achieved },
                "Corrected By Head", factory.Clock.GetUtcNow().AddMinutes(1), "The moderation visit found the phonics data was wrong");
            await db.SaveChangesAsync();
            changedSchool = await db.Schools.Where(s => s.Id == update.SchoolId).Select(s => s.Name).SingleAsync();
        }

        foreach (var link in links)
        {
            Assert.Equal(before[link], await admin.GetByteArrayAsync(new Uri(link, UriKind.Relative)));
        }
        var next = await admin.GetDocumentAsync($"/{slug}/board/packs/current");
        var flagged = next.QuerySelector("#late-changes-table")!.TextContent;
        Assert.Contains(changedSchool, flagged, StringComparison.Ordinal);
        Assert.Contains("Corrected By Head", flagged, StringComparison.Ordinal);
        Assert.Contains("The moderation visit found the phonics data was wrong", flagged, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Full board", "31", "2", "2026", "#Form_MeetingOn")]
    [InlineData("Full board", "", "", "", "#Form_MeetingOn")]
    [InlineData("", "3", "12", "2026", "#Form_MeetingTitle")]
    public async Task Issuing_without_a_meeting_or_a_real_date_keeps_the_form_with_the_error_beside_its_field_and_issues_nothing(
        string title, string day, string month, string year, string field)
    {
        var t = await TrustAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, t.Slug);
        var issued = await factory.ReadAsync(db => db.IssuedPacks.CountAsync(p => db.Trusts.Any(x => x.Id == p.TrustId && x.Slug == t.Slug)));

        using var refused = await admin.PostFormAsync($"/{t.Slug}/board/packs/issue", new Dictionary<string, string>
        {
            ["Form.MeetingTitle"] = title, ["Form.MeetingOn.Day"] = day, ["Form.MeetingOn.Month"] = month, ["Form.MeetingOn.Year"] = year, ["Form.Scope"] = "Full",
        }, tokenPage: $"/{t.Slug}/board/packs");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.ReadDocumentAsync();
        Assert.NotNull(page.QuerySelector($".govuk-error-summary a[href^='{field}']"));
        Assert.Equal(title, page.QuerySelector("#Form_MeetingTitle")!.GetAttribute("value") ?? "");
        Assert.Null(page.QuerySelector("#success-message"));
        Assert.Equal(issued, await factory.ReadAsync(db => db.IssuedPacks.CountAsync(p => db.Trusts.Any(x => x.Id == p.TrustId && x.Slug == t.Slug))));
    }

    [Fact]
    public async Task Another_trusts_administrator_cannot_issue_a_pack()
    {
        var t = await TrustAsync();
        var (outsider, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var issued = await factory.ReadAsync(db => db.IssuedPacks.CountAsync(p => db.Trusts.Any(x => x.Id == p.TrustId && x.Slug == t.Slug)));
        using var issue = await outsider.PostFormAsync($"/{t.Slug}/board/packs/issue", new Dictionary<string, string>
        {
            ["Form.MeetingTitle"] = "Full board", ["Form.MeetingOn.Day"] = "3", ["Form.MeetingOn.Month"] = "12", ["Form.MeetingOn.Year"] = "2026",
        }, tokenPage: "/me");
        Assert.Equal(HttpStatusCode.Forbidden, issue.StatusCode);
        Assert.Equal(issued, await factory.ReadAsync(db => db.IssuedPacks.CountAsync(p => db.Trusts.Any(x => x.Id == p.TrustId && x.Slug == t.Slug))));
    }

    [Fact]
    public async Task Staff_heads_and_another_trusts_trustees_cannot_open_the_pack_and_trustees_cannot_issue_or_write_the_summary()
    {
        var t = await TrustAsync();
        foreach (var role in new[] { Roles.Staff, Roles.Headteacher })
        {
            var (client, _, _, _) = await factory.SignedInClientAsync(role, t.Slug);
            foreach (var path in new[] { "", "/current", "/current.pdf", "/current.docx", "/current.xlsx", "/current.csv", "/summary" })
            {
                using var response = await client.GetAsync(new Uri($"/{t.Slug}/board/packs{path}", UriKind.Relative));
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} {path}: {(int)response.StatusCode}");
            }
        }
        var (outsider, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        foreach (var path in new[] { "", "/current", "/current.pdf" })
        {
            using var response = await outsider.GetAsync(new Uri($"/{t.Slug}/board/packs{path}", UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"another trust's trustee {path}: {(int)response.StatusCode}");
        }
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        using (var summary = await trustee.GetAsync(new Uri($"/{t.Slug}/board/packs/summary", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, summary.StatusCode);
        }
        using var issue = await trustee.PostFormAsync($"/{t.Slug}/board/packs/issue", new Dictionary<string, string>
        {
            ["Form.MeetingTitle"] = "Full board", ["Form.MeetingOn.Day"] = "3", ["Form.MeetingOn.Month"] = "12", ["Form.MeetingOn.Year"] = "2026",
        }, tokenPage: $"/{t.Slug}/board/packs");
        Assert.Equal(HttpStatusCode.Forbidden, issue.StatusCode);
    }

    /// The generated trust carries example self-evaluations (the first moderated differently in one area), risks and
    /// the trust's own self-review (DemoImprovementLoader): each is read back from every format as its own part.
    [Fact]
    public async Task The_self_evaluation_grid_the_risk_register_and_the_trusts_self_review_are_parts_of_the_word_pdf_and_workbook_packs()
    {
        var t = await TrustAsync();
        const string Differs = "Strong standard (trust: Expected standard)";
        const string Risk = "Example: falling pupil numbers put two schools' budgets into deficit";

        using (var stream = new MemoryStream(await DownloadAsync(t.Slug, "current.docx")))
        using (var word = WordprocessingDocument.Open(stream, false))
        {
            var text = word.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains(Differs, text, StringComparison.Ordinal);
            Assert.Contains(Risk, text, StringComparison.Ordinal);
            Assert.Contains("20 (4 × 5)", text, StringComparison.Ordinal);
            Assert.Contains("Finance and operations:", text, StringComparison.Ordinal);
            Assert.Contains("Pillars the plan leaves uncovered", text, StringComparison.Ordinal);
        }

        using var pdf = PdfDocument.Open(await DownloadAsync(t.Slug, "current.pdf"));
        var pdfText = Squash(string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)))));
        // A table cell's lines interleave with its neighbours' in the extracted text: look for words that start a cell.
        Assert.Contains(Squash("Example: falling"), pdfText, StringComparison.Ordinal);
        Assert.Contains("(trust:", pdfText, StringComparison.Ordinal);
        Assert.Contains(Squash("Workforce: Not yet judged"), pdfText, StringComparison.Ordinal);

        using var bookStream = new MemoryStream(await DownloadAsync(t.Slug, "current.xlsx"));
        using var book = SpreadsheetDocument.Open(bookStream, false);
        var workbook = book.WorkbookPart!;
        string SheetText(string name) =>
            ((WorksheetPart)workbook.GetPartById(workbook.Workbook!.Sheets!.Elements<X.Sheet>().Single(s => s.Name == name).Id!)).Worksheet!.InnerText;
        var grid = (WorksheetPart)workbook.GetPartById(workbook.Workbook!.Sheets!.Elements<X.Sheet>().Single(s => s.Name == "Self-evaluation").Id!);
        var differing = grid.Worksheet!.Descendants<X.Row>().Where(r => r.Elements<X.Cell>().LastOrDefault()?.InnerText == "Yes").ToList();
        Assert.NotEmpty(differing);
        Assert.Contains("Expected standard", differing[0].InnerText, StringComparison.Ordinal);
        Assert.Contains(Risk, SheetText("Risks"), StringComparison.Ordinal);
        Assert.Contains("High-quality and inclusive education", SheetText("Trust self-review"), StringComparison.Ordinal);

        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, t.Slug);
        var print = await trustee.GetDocumentAsync($"/{t.Slug}/board/packs/current");
        Assert.NotNull(print.QuerySelector("#self-evaluation-table .app-differs"));
        Assert.Contains(Risk, print.QuerySelector("#risks-table")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(print.QuerySelector("#trust-review-uncovered"));
    }
}
