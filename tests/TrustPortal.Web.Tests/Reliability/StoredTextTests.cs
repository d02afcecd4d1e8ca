using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;
using W = DocumentFormat.OpenXml.Wordprocessing;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace TrustPortal.Web.Tests.Reliability;

/// The portal's text rule (ADR 0092) at each door: forms, the database gate, the command line, and the exports that
/// must open whatever an older row holds.
[Collection(SharedPortal.Name)]
public sealed class StoredTextTests(PortalFactory factory)
{
    private const string Trust = DemoAccounts.TrustSlug;

    [Fact]
    public async Task A_head_pastes_a_Word_line_break_and_the_trustees_progress_xlsx_and_csv_still_open()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Trust, schoolId);
        var url = $"/{Trust}/progress/{urn}/criteria/{cycle.CriterionIds[0]}";
        var fields = FormFields(await head.GetDocumentAsync(url), Entry(done: "Phonics for every class\u000bsecond line"));
        fields["Form.Impact"] = "Reading ages up\r\nby 8 months\u0001\u001f";

        using (var saved = await head.PostFormAsync(url, fields))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        var update = Assert.Single(await factory.UpdatesAsync(schoolId));
        Assert.Equal("Phonics for every class\nsecond line", update.Entry.WhatWasDone);
        Assert.Equal("Reading ages up\nby 8 months", update.Entry.Impact);

        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        using var xlsx = await trustee.GetAsync(new Uri($"/{Trust}/board/packs/current.xlsx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        // One row per school and criterion; the school's one update holds the words, cleaned.
        var rows = WorkbookRows(await xlsx.Content.ReadAsByteArrayAsync()).Where(r => r[1] == urn.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(rows, r => r.Contains("Phonics for every class\nsecond line"));
        using var csv = await trustee.GetAsync(new Uri($"/{Trust}/board/packs/current.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains("\"Phonics for every class\nsecond line\"", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trustees_challenge_with_a_Word_line_break_is_saved_and_the_board_pack_still_opens()
    {
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var urn = await FirstSchoolUrnAsync();
        using (var raised = await trustee.PostFormAsync($"/{Trust}/challenges/new", new Dictionary<string, string>
        {
            ["Form.SchoolUrn"] = urn.ToString(CultureInfo.InvariantCulture), ["Form.AimNumber"] = "1",
            ["Form.Question"] = "Why has attendance fallen?\u000bWhat is the plan for spring?",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, raised.StatusCode);
            var id = int.Parse(raised.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
            using var scope = factory.Services.CreateScope();
            var stored = await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Challenges.Where(c => c.Id == id).Select(c => c.Question).SingleAsync();
            Assert.Equal("Why has attendance fallen?\nWhat is the plan for spring?", stored);
        }

        using var pack = await trustee.GetAsync(new Uri($"/{Trust}/board/packs/current.docx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pack.StatusCode);
        using var stream = new MemoryStream(await pack.Content.ReadAsByteArrayAsync());
        using var word = WordprocessingDocument.Open(stream, false);
        // The question's line break is Word's own line break inside its paragraph.
        var cell = word.MainDocumentPart!.Document!.Body!.Descendants<W.Paragraph>().First(c => c.InnerText.StartsWith("Why has attendance fallen?", StringComparison.Ordinal));
        Assert.Equal("Why has attendance fallen?What is the plan for spring?", cell.InnerText);
        Assert.Single(cell.Descendants<W.Break>());
    }

    [Fact]
    public async Task A_form_field_of_nothing_but_control_characters_is_refused_as_empty_before_anything_is_stored()
    {
        // The rule applies at binding, before validation: "\u0001\u0007" is no question at all.
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        using var response = await trustee.PostFormAsync($"/{Trust}/challenges/new", new Dictionary<string, string>
        {
            ["Form.SchoolUrn"] = (await FirstSchoolUrnAsync()).ToString(CultureInfo.InvariantCulture), ["Form.AimNumber"] = "1",
            ["Form.Question"] = "\u0001\u0007\u001b",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter your question.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_stored_before_the_text_rule_do_not_break_the_workbook_the_csv_or_the_board_pack()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (trustee, trusteeId, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        int updateId, challengeId;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var update = new ProgressUpdate(schoolId, cycle.CriterionIds[0], cycle.CycleId,
                new ProgressEntry(ProgressStatus.AtRisk, null, "placeholder", null, null, null, null, null), "Tester", DateTimeOffset.UtcNow);
            update.MarkAsExample();
            db.ProgressUpdates.Add(update);
            var challenge = new Challenge(cycle.TrustId, schoolId, null, null, trusteeId, "Tester", "placeholder", DateTimeOffset.UtcNow);
            db.Challenges.Add(challenge);
            await db.SaveChangesAsync();
            (updateId, challengeId) = (update.Id, challenge.Id);
            // As an older version of the portal (or a hand-edited database) would have left them: past every gate.
            const string bad = "Word\u000bline\u0001break\u0000\uFFFF";
            await db.ProgressUpdates.Where(u => u.Id == updateId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Entry.WhatWasDone, bad).SetProperty(u => u.Entry.Owner, bad));
            await db.Challenges.Where(c => c.Id == challengeId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Question, bad));
        }

        using var xlsx = await trustee.GetAsync(new Uri($"/{Trust}/board/packs/current.xlsx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var rows = WorkbookRows(await xlsx.Content.ReadAsByteArrayAsync()).Where(r => r[1] == urn.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(rows, r => r.Contains("Word\nlinebreak"));
        using var csv = await trustee.GetAsync(new Uri($"/{Trust}/board/packs/current.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.DoesNotContain('\u000b', await csv.Content.ReadAsStringAsync());
        using var pack = await trustee.GetAsync(new Uri($"/{Trust}/board/packs/current.docx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pack.StatusCode);
        using var stream = new MemoryStream(await pack.Content.ReadAsByteArrayAsync());
        using var word = WordprocessingDocument.Open(stream, false);
        Assert.NotNull(word.MainDocumentPart!.Document!.Body);
        foreach (var page in new[] { $"/{Trust}/board", $"/{Trust}/board/packs/current", $"/{Trust}/challenges/{challengeId}", $"/{Trust}/progress/{urn}/criteria/{cycle.CriterionIds[0]}" })
        {
            using var response = await trustee.GetAsync(new Uri(page, UriKind.Relative));
            Assert.True((int)response.StatusCode < 500, $"{page} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Whatever_saves_through_the_database_context_stores_text_under_the_rule()
    {
        // The command line, the GIAS import and the demo loaders save through the same context as the forms.
        var slug = $"text-rule-{Guid.NewGuid():N}"[..20];
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            db.Trusts.Add(new Trust(slug, "Kestrel\u000bRidge\u0007 Trust"));
            await db.SaveChangesAsync();
        }
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            Assert.Equal("Kestrel\nRidge Trust", await db.Trusts.Where(t => t.Slug == slug).Select(t => t.Name).SingleAsync());
        }
    }

    [Fact]
    public async Task A_progress_entry_saved_through_the_database_context_has_its_narrative_stored_under_the_rule()
    {
        // The entry is one value inside the row (a complex type, docs/adr/0173): the gate cleans the text in it too,
        // when the update is added (with its first revision) and when it is changed.
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, _) = await factory.NewSchoolAsync();
        const string bad = "Word\u000bline\u0001break";
        int updateId;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var update = new ProgressUpdate(schoolId, cycle.CriterionIds[0], cycle.CycleId,
                new ProgressEntry(ProgressStatus.AtRisk, null, bad, null, null, null, bad, null), "Tester", DateTimeOffset.UtcNow);
            db.ProgressUpdates.Add(update);
            await db.SaveChangesAsync();
            updateId = update.Id;
            update.Record(new ProgressEntry(ProgressStatus.OnTrack, null, "Phonics for every class", "Reading ages up\r\nby 8 months\u0007", null, null, null, null),
                "Tester", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var stored = await db.ProgressUpdates.AsNoTracking().Include(u => u.Revisions).SingleAsync(u => u.Id == updateId);
            Assert.Equal("Reading ages up\nby 8 months", stored.Entry.Impact);
            var first = stored.Revisions.MinBy(r => r.Id)!;
            Assert.Equal("Word\nlinebreak", first.Entry.WhatWasDone);
            Assert.Equal("Word\nlinebreak", first.Entry.Owner);
        }
    }

    [Fact]
    public async Task A_password_reaches_Identity_exactly_as_typed_control_characters_and_all()
    {
        // Only its hash is stored; the command line sets passwords as typed, so the sign-in form must not change them.
        const string password = "Tab\tand\u0001bell\r\nkept-2026";
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
            var user = await users.FindByIdAsync(id);
            Assert.True((await users.RemovePasswordAsync(user!)).Succeeded);
            Assert.True((await users.AddPasswordAsync(user!, password)).Succeeded);
        }
        var client = factory.CreateSecureClient();

        using var response = await client.SignInAsync(email, password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("/account/sign-in", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_takes_each_option_as_one_line_of_stored_text()
    {
        Assert.True(CommandLine.TryParse(["users", "add", "--email", "ann@example.org", "--name", "Ann\u000bLee\u0000", "--role", "Trustee", "--trust", "kestrel"],
            out _, out var options, out var error), error);
        Assert.Equal("Ann Lee", options["name"].Single());
    }

    private async Task<int> FirstSchoolUrnAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await factory.TrustIdAsync();
        return await db.Schools.Where(s => s.TrustId == trustId && !s.IsArchived).OrderBy(s => s.Urn).Select(s => s.Urn).FirstAsync();
    }

    internal static List<List<string>> WorkbookRows(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var book = SpreadsheetDocument.Open(stream, false);
        // The pack's progress rows: the sheet named "Progress".
        var id = book.WorkbookPart!.Workbook!.Descendants<X.Sheet>().Single(s => s.Name == "Progress").Id!.Value!;
        return ((WorksheetPart)book.WorkbookPart.GetPartById(id)).Worksheet!.Descendants<X.Row>().Select(r => r.Elements<X.Cell>().Select(c => c.InnerText).ToList()).ToList();
    }
}
