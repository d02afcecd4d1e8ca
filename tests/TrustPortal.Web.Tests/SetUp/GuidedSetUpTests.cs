using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Plans;
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

    private async Task<T> TrustAsync<T>(string slug, System.Linq.Expressions.Expression<Func<Trust, T>> read)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Trusts.Where(t => t.Slug == slug).Select(read).SingleAsync();
    }

    private async Task<int> PlansOfAsync(string slug)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        return await db.StrategicPlans.CountAsync(p => db.Trusts.Any(t => t.Id == p.TrustId && t.Slug == slug));
    }

    /// Posts a proposal page's form as the browser does after the first proposal: the text, each line's role, the decision.
    private static async Task<AngleSharp.Dom.IDocument> PostProposalAsync(HttpClient client, string url, string text, IEnumerable<string> roles,
        string decision, params (string Name, string Value)[] more)
    {
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", await client.TokenFromAsync(url)), new("Form.Text", text), new("Form.Decision", decision) };
        fields.AddRange(roles.Select(r => new KeyValuePair<string, string>("Form.Roles", r)));
        fields.AddRange(more.Select(m => new KeyValuePair<string, string>(m.Name, m.Value)));
        using var content = new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {url}: {(int)response.StatusCode}");
        return await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(html, CancellationToken.None);
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
            Assert.Equal("/admin/set-up", accepted.Headers.Location!.OriginalString);
        }
        var sections = await TrustAsync(slug, t => t.Sections.Count);
        Assert.Matches($"^Your document is on your vision and values page: {sections} sections, in your words and your order\\.$",
            (await admin.GetDocumentAsync("/admin/set-up")).QuerySelector("#success-message")!.TextContent.Trim());
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
            Assert.Equal("/admin/set-up", plan.Headers.Location!.OriginalString);
        }
        var afterPlan = await admin.GetDocumentAsync("/admin/set-up");
        Assert.Equal("Your plan is saved as a draft, \"Strategic Plan 2025\u00a0– 2028\": 7 aims and 28 success criteria. Check it and publish it from Plans and cycles.",
            afterPlan.QuerySelector("#success-message")!.TextContent.Trim());
        Assert.Equal("You have done 2 of 6 steps.", afterPlan.QuerySelector("#set-up-progress")!.TextContent.Trim());
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var saved = await db.StrategicPlans.Include(p => p.Themes).ThenInclude(t => t.Aims).ThenInclude(a => a.Criteria)
                .SingleAsync(p => db.Trusts.Any(t => t.Id == p.TrustId && t.Slug == slug));
            Assert.Equal("Strategic Plan 2025\u00a0– 2028", saved.Title);
            Assert.Equal(7, saved.Aims.Count());
            Assert.Equal(28, saved.Aims.Sum(a => a.Criteria.Count));
        }

        using (var published = await admin.PostFormAsync("/admin/set-up/publish", new Dictionary<string, string>(), tokenPage: "/admin/set-up"))
        {
            Assert.Equal("/admin", published.Headers.Location!.OriginalString);
        }
        Assert.False(await TrustAsync(slug, t => t.IsBeingSetUp));
        var overview = await admin.GetDocumentAsync("/admin");
        Assert.Equal($"Hazel Set-up Trust is published: its people see its home page at /{slug}. You can change anything from the admin pages.",
            overview.QuerySelector("#success-message")!.TextContent.Trim());
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
    public async Task Publishing_a_trust_that_is_already_published_is_refused_with_a_problem_on_the_overview()
    {
        var slug = await TrustBeingSetUpAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        using (var first = await admin.PostFormAsync("/admin/set-up/publish", new Dictionary<string, string>(), tokenPage: "/admin/set-up"))
        {
            Assert.Equal("/admin", first.Headers.Location!.OriginalString);
        }
        await admin.GetDocumentAsync("/admin");

        // A second administrator's page still showed the button: there is nothing left to publish.
        using (var again = await admin.PostFormAsync("/admin/set-up/publish", new Dictionary<string, string>(), tokenPage: "/admin/set-up"))
        {
            Assert.Equal("/admin", again.Headers.Location!.OriginalString);
        }
        var overview = await admin.GetDocumentAsync("/admin");
        Assert.Equal("Hazel Set-up Trust is already published: there is nothing more to publish. Change anything from the admin pages.",
            overview.QuerySelector("#problem-message")!.TextContent.Trim());
        Assert.Null(overview.QuerySelector("#success-message"));
        Assert.False(await TrustAsync(slug, t => t.IsBeingSetUp));
    }

    [Fact]
    public async Task A_word_file_that_cannot_be_read_is_refused_beside_the_file_input_and_the_pasted_text_is_kept()
    {
        var slug = await TrustBeingSetUpAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var token = await admin.TokenFromAsync("/admin/set-up/documents");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("accept"), "Form.Decision" },
            { new StringContent("Our Vision\nEvery child known by name."), "Form.Text" },
            { new ByteArrayContent("PK this is not really a Word file"u8.ToArray()), "document", "vision.docx" },
        };
        using var response = await admin.PostAsync(new Uri("/admin/set-up/documents", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(), CancellationToken.None);
        const string Unreadable = "The portal could not read this Word file. Open it in Word, copy its text and paste it";
        Assert.Equal(Unreadable, page.QuerySelector(".govuk-error-summary a[href='#document']")!.TextContent.Trim());
        Assert.Contains(Unreadable, page.QuerySelector("#document-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("document-error", page.QuerySelector("#document")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Equal("Our Vision\nEvery child known by name.", page.QuerySelector("#Form_Text")!.TextContent.Trim().ReplaceLineEndings("\n"));
        Assert.Equal(0, await TrustAsync(slug, t => t.Sections.Count));
    }

    [Fact]
    public async Task A_document_the_trusts_page_cannot_hold_is_refused_with_the_proposal_kept_and_nothing_saved()
    {
        var slug = await TrustBeingSetUpAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var longLine = string.Join(' ', Enumerable.Repeat("Our ambition for every pupil", 12));
        var text = $"Our Vision\nEvery child known by name.\n{longLine}\nA school at the heart of its community.";
        var page = await PostProposalAsync(admin, "/admin/set-up/documents", text, ["Heading", "Text", "Heading", "Text"], "accept");

        Assert.Contains("Heading must be 300 characters or fewer.", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        // The proposal as the administrator left it, ready to correct and accept again.
        Assert.Equal(["Heading", "Text", "Heading", "Text"], page.QuerySelectorAll("select[name='Form.Roles'] option[selected]").Select(o => o.GetAttribute("value")));
        Assert.Equal(text, page.QuerySelector("input[name='Form.Text']")!.GetAttribute("value")!.ReplaceLineEndings("\n"));
        Assert.Equal(0, await TrustAsync(slug, t => t.Sections.Count));
    }

    [Fact]
    public async Task A_plan_with_no_title_or_its_years_the_wrong_way_round_is_refused_beside_the_field_with_the_rest_kept()
    {
        var slug = await TrustBeingSetUpAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var text = Seed("004");
        var roles = PlanProposer.Propose(DocumentLines.Read(text)).Select(r => r.ToString()).ToList();

        var untitled = await PostProposalAsync(admin, "/admin/set-up/plan", text, roles, "accept", ("Form.PlanTitle", " "), ("Form.StartYear", "2025"), ("Form.EndYear", "2028"));
        Assert.Equal("#Form_PlanTitle", untitled.QuerySelector(".govuk-error-summary a")!.GetAttribute("href"));
        Assert.Contains("Enter the plan's title", untitled.QuerySelector("#Form_PlanTitle-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2025", untitled.QuerySelector("#Form_StartYear")!.GetAttribute("value"));
        Assert.Equal(roles.Count, untitled.QuerySelectorAll("select[name='Form.Roles']").Length);

        var backwards = await PostProposalAsync(admin, "/admin/set-up/plan", text, roles, "accept", ("Form.PlanTitle", "Our plan"), ("Form.StartYear", "2028"), ("Form.EndYear", "2025"));
        Assert.Contains("A plan ends in a later year than it starts.", backwards.QuerySelector("#Form_EndYear-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Our plan", backwards.QuerySelector("#Form_PlanTitle")!.GetAttribute("value"));
        Assert.Equal(0, await PlansOfAsync(slug));
    }

    [Fact]
    public async Task An_administrators_set_up_changes_only_their_own_trust()
    {
        var mine = await TrustBeingSetUpAsync();
        var theirs = await TrustBeingSetUpAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, mine);
        using (var accepted = await admin.PostFormAsync("/admin/set-up/documents", new Dictionary<string, string> { ["Form.Text"] = Seed("000"), ["Form.Decision"] = "accept" }))
        using (var plan = await admin.PostFormAsync("/admin/set-up/plan", new Dictionary<string, string> { ["Form.Text"] = Seed("004"), ["Form.Decision"] = "accept" }))
        using (var published = await admin.PostFormAsync("/admin/set-up/publish", new Dictionary<string, string>(), tokenPage: "/admin/set-up"))
        {
            Assert.All(new[] { accepted, plan, published }, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        }
        Assert.False(await TrustAsync(mine, t => t.IsBeingSetUp));
        Assert.NotEqual(0, await TrustAsync(mine, t => t.Sections.Count));
        Assert.Equal(1, await PlansOfAsync(mine));
        Assert.True(await TrustAsync(theirs, t => t.IsBeingSetUp));
        Assert.Equal(0, await TrustAsync(theirs, t => t.Sections.Count));
        Assert.Equal(0, await PlansOfAsync(theirs));
    }

    [Fact]
    public async Task The_operator_and_the_trusts_other_roles_do_not_reach_the_set_up()
    {
        var slug = DemoAccounts.TrustSlug;
        var plans = await PlansOfAsync(slug);
        foreach (var role in new[] { Roles.Staff, Roles.Headteacher, Roles.Trustee })
        {
            var (client, _, _, _) = await factory.SignedInClientAsync(role, slug);
            using var response = await client.GetAsync(new Uri("/admin/set-up", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            foreach (var (url, fields) in new[]
            {
                ("/admin/set-up/publish", new Dictionary<string, string>()),
                ("/admin/set-up/documents", new Dictionary<string, string> { ["Form.Text"] = Seed("000"), ["Form.Decision"] = "accept" }),
                ("/admin/set-up/plan", new Dictionary<string, string> { ["Form.Text"] = Seed("004"), ["Form.Decision"] = "accept" }),
            })
            {
                using var post = await client.PostFormAsync(url, fields, tokenPage: "/me");
                Assert.True(post.StatusCode == HttpStatusCode.Forbidden, $"{role} {url}: {(int)post.StatusCode}");
            }
        }
        Assert.Equal(plans, await PlansOfAsync(slug));
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
