using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.SetUp;

/// Issue 22: a new trust's administrator is guided through set-up, pastes the trust's own documents, accepts the
/// proposed structure, and publishes (ADR 0151, 0152).
[Collection(SharedPortal.Name)]
public sealed class GuidedSetUpTests(PortalFactory factory)
{
    private async Task<string> TrustBeingSetUpAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var slug = $"set-up-{Guid.NewGuid():N}"[..20];
        var trust = new Trust(slug, "Hazel Set-up Trust");
        trust.BeginSetUp();
        db.Trusts.Add(trust);
        await db.SaveChangesAsync();
        return slug;
    }

    private static string Seed(string prefix) =>
        File.ReadAllText(Directory.GetFiles(SeedDocuments.Folder(), prefix + "_*.txt").Single());

    [Fact]
    public async Task The_administrator_lands_on_the_set_up_pastes_the_trusts_documents_and_publishes()
    {
        var slug = await TrustBeingSetUpAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        using (var landing = await admin.GetAsync(new Uri("/admin", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
            Assert.Equal("/admin/set-up", landing.Headers.Location!.OriginalString);
        }
        var list = await admin.GetDocumentAsync("/admin/set-up");
        Assert.Equal(["Name and branding", "Vision, values and what the trust stands for", "Schools", "Strategic plan", "First review cycle", "People"],
            list.QuerySelectorAll(".govuk-task-list__link").Select(a => a.TextContent.Trim()));
        Assert.Equal("You have done 0 of 6 steps.", list.QuerySelector("#set-up-progress")!.TextContent.Trim());

        // The proposal is shown beside the source, nothing saved yet.
        var text = Seed("000");
        using (var proposed = await admin.PostFormAsync("/admin/set-up/documents", new Dictionary<string, string> { ["Form.Text"] = text, ["Form.Decision"] = "propose" }))
        {
            var html = await proposed.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
            Assert.Contains("Your document, line by line", html, StringComparison.Ordinal);
            Assert.Contains("You have not changed the proposal.", html, StringComparison.Ordinal);
        }
        using (var accepted = await admin.PostFormAsync("/admin/set-up/documents", new Dictionary<string, string> { ["Form.Text"] = text, ["Form.Decision"] = "accept" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        }
        var page = (await admin.GetDocumentAsync($"/{slug}/vision-and-values")).MainText();
        var position = 0;
        foreach (var line in TrustPortal.Domain.Trusts.DocumentLines.Read(text))
        {
            var at = page.IndexOf(Pages.Collapse(line.Text), position, StringComparison.Ordinal);
            Assert.True(at >= 0, $"Not on the page in order: {line.Text}");
            position = at;
        }

        using (var plan = await admin.PostFormAsync("/admin/set-up/plan", new Dictionary<string, string> { ["Form.Text"] = Seed("004"), ["Form.Decision"] = "accept" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, plan.StatusCode);
        }
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var saved = await db.StrategicPlans.Include(p => p.Themes).ThenInclude(t => t.Aims).ThenInclude(a => a.Criteria)
                .SingleAsync(p => db.Trusts.Any(t => t.Id == p.TrustId && t.Slug == slug));
            Assert.Equal("Strategic Plan 2025\u00a0– 2028", saved.Title);
            Assert.Equal(7, saved.Aims.Count());
            Assert.Equal(28, saved.Aims.Sum(a => a.Criteria.Count));
        }
        Assert.Equal("You have done 2 of 6 steps.", (await admin.GetDocumentAsync("/admin/set-up")).QuerySelector("#set-up-progress")!.TextContent.Trim());

        using (var published = await admin.PostFormAsync("/admin/set-up/publish", new Dictionary<string, string>(), tokenPage: "/admin/set-up"))
        {
            Assert.Equal("/admin", published.Headers.Location!.OriginalString);
        }
        using var overview = await admin.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
    }

    [Fact]
    public async Task A_corrected_line_is_counted_and_its_words_do_not_change()
    {
        var slug = await TrustBeingSetUpAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var token = await admin.TokenFromAsync("/admin/set-up/documents");
        // "Best regards" left out; every other line as proposed.
        var text = Seed("000");
        var lines = DocumentLines.Read(text);
        var roles = StatementProposer.Propose(lines).Select((r, i) => lines[i].Text is "Best regards" or "Mark" ? StatementLineRole.LeftOut : r).ToList();
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("Form.Text", text), new("Form.Decision", "update") };
        fields.AddRange(roles.Select(r => new KeyValuePair<string, string>("Form.Roles", r.ToString())));
        using var content = new FormUrlEncodedContent(fields);
        using var response = await admin.PostAsync(new Uri("/admin/set-up/documents", UriKind.Relative), content);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"You have changed 2 of {lines.Count} lines from the portal&#x27;s proposal.", html, StringComparison.Ordinal);
        Assert.Contains("<li>Best regards</li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_paste_and_a_file_that_is_not_word_are_refused_beside_their_fields()
    {
        var slug = await TrustBeingSetUpAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        using var empty = await admin.PostFormAsync("/admin/set-up/documents", new Dictionary<string, string> { ["Form.Text"] = " ", ["Form.Decision"] = "propose" });
        var html = await empty.Content.ReadAsStringAsync();
        Assert.Contains("Paste the text of your document, or choose a Word file", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#Form_Text\"", html, StringComparison.Ordinal);

        var token = await admin.TokenFromAsync("/admin/set-up/plan");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("propose"), "Form.Decision" },
            { new ByteArrayContent("not a word file"u8.ToArray()), "document", "plan.pdf" },
        };
        using var pdf = await admin.PostAsync(new Uri("/admin/set-up/plan", UriKind.Relative), form);
        Assert.Contains("The file must be a Word document (.docx)", await pdf.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_document_is_read_as_its_paragraphs_and_bullet_points()
    {
        var slug = await TrustBeingSetUpAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var token = await admin.TokenFromAsync("/admin/set-up/documents");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("propose"), "Form.Decision" },
            { new ByteArrayContent(WordFile("Our Vision", "A school for every child in the valley, whatever their start in life.")), "document", "vision.docx" },
        };
        using var response = await admin.PostAsync(new Uri("/admin/set-up/documents", UriKind.Relative), form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h3 class=\"govuk-heading-s\">Our Vision</h3>", html, StringComparison.Ordinal);
        Assert.Contains("A school for every child in the valley, whatever their start in life.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_and_the_trusts_other_roles_do_not_reach_the_set_up()
    {
        foreach (var role in new[] { Roles.Staff, Roles.Headteacher, Roles.Trustee })
        {
            var (client, _, _, _) = await factory.SignedInClientAsync(role);
            using var response = await client.GetAsync(new Uri("/admin/set-up", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    private static byte[] WordFile(params string[] paragraphs)
    {
        using var stream = new MemoryStream();
        using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            main.Document = new DocumentFormat.OpenXml.Wordprocessing.Document(new DocumentFormat.OpenXml.Wordprocessing.Body(
                paragraphs.Select(p => new DocumentFormat.OpenXml.Wordprocessing.Paragraph(
                    new DocumentFormat.OpenXml.Wordprocessing.Run(new DocumentFormat.OpenXml.Wordprocessing.Text(p))))));
        }
        return stream.ToArray();
    }
}
