using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Plans;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.PublicPages;

[Collection(SharedPortal.Name)]
public sealed class PublicPagesTests(PortalFactory factory)
{
    private readonly HttpClient _client = factory.CreateBrowserLikeClient();

    [Fact]
    public async Task Landing_page_lists_the_five_demo_trusts()
    {
        var page = await _client.GetDocumentAsync("/");
        var names = page.QuerySelectorAll("main h2 a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Contains("Create Partnership Trust", names);
        Assert.Contains("The CARE Foundation Trust", names);
        Assert.Contains("Innovate 2 Educate Partnership", names);
        Assert.True(names.Count >= 5, string.Join(", ", names));
    }

    [Fact]
    public async Task Trust_overview_shows_vision_and_mission_and_links()
    {
        var page = await _client.GetDocumentAsync("/create-partnership-trust");
        Assert.Equal("Create Partnership Trust", page.QuerySelector("h1")!.TextContent.Trim());
        var text = page.MainText();
        Assert.Contains("we aim to create the best possible education for disadvantaged children in Birmingham", text, StringComparison.Ordinal);
        Assert.Contains("Our schools (4)", text, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a[href='/create-partnership-trust/vision-and-values']"));
        Assert.Equal("Overview", page.QuerySelector("[aria-current=page]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Values_are_shown_in_order_with_their_meaning()
    {
        var page = await _client.GetDocumentAsync("/create-partnership-trust/vision-and-values");
        var values = page.QuerySelectorAll(".app-value-card__name").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["Innovation", "Collaboration", "Aspiration", "Integrity"], values);
        Assert.Contains("We want to be a trusted organisation, so we value Integrity.", page.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trusts_own_title_heads_its_vision_page()
    {
        var page = await _client.GetDocumentAsync("/innovate-2-educate-partnership/vision-and-values");
        Assert.Equal("Vision, Values and Strategy", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Community: Our aim is to incorporate most of the schools in the Uttoxeter area", page.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strategic_plan_shows_themes_aims_and_success_criteria()
    {
        var index = await _client.GetDocumentAsync("/kestrel-ridge-learning-trust/plans");
        var href = index.QuerySelector("main a[href^='/kestrel-ridge-learning-trust/plans/']")!.GetAttribute("href")!;
        var page = await _client.GetDocumentAsync(href);
        Assert.Equal("Strategic Plan 2025 – 2028", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(3, page.QuerySelectorAll(".app-theme__title").Length);
        Assert.Equal(7, page.QuerySelectorAll(".app-aim").Length);
        Assert.Equal(28, page.QuerySelectorAll(".app-aim__criteria li").Length);
        Assert.Contains("7 strategic aims with 28 success criteria", page.MainText(), StringComparison.Ordinal);
        Assert.Contains("DfE Trust Quality Descriptions", page.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_with_horizons_shows_each_horizon()
    {
        var page = await _client.GetDocumentAsync("/innovate-2-educate-partnership/plans");
        var href = page.QuerySelector("main a[href^='/innovate-2-educate-partnership/plans/']")!.GetAttribute("href")!;
        var text = (await _client.GetDocumentAsync(href)).MainText();
        Assert.Contains("Short Term: First Year", text, StringComparison.Ordinal);
        Assert.Contains("Medium Term: 2-3 Years", text, StringComparison.Ordinal);
        Assert.Contains("Longer term: 3-5 Years", text, StringComparison.Ordinal);
        Assert.Contains("Period invented for the demo", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schools_list_and_school_page_show_the_schools_details_and_inspections()
    {
        var list = await _client.GetDocumentAsync("/innovate-2-educate-partnership/schools");
        var rows = list.QuerySelectorAll("tbody tr");
        Assert.Equal(6, rows.Length);
        var href = list.QuerySelector("tbody a")!.GetAttribute("href")!;
        var school = await _client.GetDocumentAsync(href);
        var text = school.MainText();
        Assert.Contains("URN", text, StringComparison.Ordinal);
        Assert.Contains("Example school", text, StringComparison.Ordinal);
        Assert.Contains("Ofsted inspections", text, StringComparison.Ordinal);
        Assert.Contains("Staffordshire", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task School_page_shows_report_card_grades_in_words()
    {
        var page = await _client.GetDocumentAsync("/kestrel-ridge-learning-trust/schools/900501");
        var text = page.MainText();
        Assert.Contains("Report card, 25 February 2026", text, StringComparison.Ordinal);
        var grades = page.QuerySelectorAll("main table tbody tr")
            .ToDictionary(r => r.QuerySelector("th")!.TextContent.Trim(), r => r.QuerySelector("td")!.TextContent.Trim());
        Assert.Equal("Strong standard", grades["Curriculum and teaching"]);
        Assert.Equal("Strong standard", grades["Early years"]);
        Assert.Equal("Met", grades["Safeguarding"]);
        Assert.Equal(8, grades.Count);
        Assert.Contains("Overall effectiveness: Good", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ceo_message_is_shown_whole()
    {
        var list = await _client.GetDocumentAsync("/create-partnership-trust/messages");
        var href = list.QuerySelector("main a[href^='/create-partnership-trust/messages/']")!.GetAttribute("href")!;
        var text = (await _client.GetDocumentAsync(href)).MainText();
        Assert.StartsWith("Happy New Year", text, StringComparison.Ordinal);
        Assert.Contains("Hello Create,", text, StringComparison.Ordinal);
        Assert.Contains("Best regards", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/no-such-trust")]
    [InlineData("/no-such-trust/schools")]
    public async Task An_address_no_trust_has_gives_a_404_that_says_so(string url)
    {
        var page = await _client.GetDocumentAsync(url, HttpStatusCode.NotFound);
        Assert.Equal("There is no trust at this address", page.QuerySelector("h1")!.TextContent.Trim());
    }

    [Theory]
    [InlineData("/create-partnership-trust/schools/999999")]
    [InlineData("/create-partnership-trust/schools/900401")] // a school of another trust
    [InlineData("/create-partnership-trust/plans/no-such-plan")]
    [InlineData("/create-partnership-trust/messages/no-such-message")]
    [InlineData("/api")] // a reserved segment is never read as a trust (/admin is now the administrators' overview)
    [InlineData("/Create_Partnership")]
    public async Task Unknown_trust_school_plan_or_message_gives_a_clear_404(string url)
    {
        var page = await _client.GetDocumentAsync(url, HttpStatusCode.NotFound);
        Assert.Equal("Page not found", page.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task Draft_plans_are_not_public()
    {
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var trustId = db.Trusts.Single(t => t.Slug == "care-foundation-trust").Id;
            var draft = new StrategicPlan(trustId, "draft-plan-for-test", "Our next plan", 2028, 2031);
            draft.AddTheme("Draft theme");
            db.StrategicPlans.Add(draft);
            await db.SaveChangesAsync();
        }
        var index = await _client.GetDocumentAsync("/care-foundation-trust/plans");
        Assert.DoesNotContain("Our next plan", index.MainText(), StringComparison.Ordinal);
        await _client.GetDocumentAsync("/care-foundation-trust/plans/draft-plan-for-test", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Brand_colour_is_served_as_a_stylesheet()
    {
        using var response = await _client.GetAsync(new Uri("/create-partnership-trust/brand.css", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/css", response.Content.Headers.ContentType!.MediaType);
        Assert.Matches("^:root\\{--app-brand-colour:#[0-9a-f]{6}\\}$", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_response_carries_a_correlation_id_and_a_good_incoming_one_is_kept()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Correlation-ID", "abc12345-from-proxy");
        using var response = await _client.SendAsync(request);
        Assert.Equal("abc12345-from-proxy", response.Headers.GetValues("X-Correlation-ID").Single());
        var logged = factory.LogEvents.Snapshot().Where(e => e.MessageTemplate.Text.StartsWith("HTTP", StringComparison.Ordinal)
            && e.Properties.TryGetValue("CorrelationId", out var id) && id.ToString() == "\"abc12345-from-proxy\"").ToList();
        Assert.Single(logged);
        Assert.Equal("\"/\"", logged[0].Properties["RequestPath"].ToString());

        using var hostile = new HttpRequestMessage(HttpMethod.Get, "/");
        hostile.Headers.TryAddWithoutValidation("X-Correlation-ID", "<script>alert(1)</script>");
        using var second = await _client.SendAsync(hostile);
        Assert.Matches("^[0-9a-f]{32}$", second.Headers.GetValues("X-Correlation-ID").Single());
    }

    [Fact]
    public async Task Pages_use_the_layout_with_skip_link_and_no_inline_script()
    {
        var page = await _client.GetDocumentAsync("/create-partnership-trust/vision-and-values");
        Assert.Equal("#main-content", page.QuerySelector(".govuk-skip-link")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("main#main-content"));
        Assert.Equal("en-GB", page.DocumentElement.GetAttribute("lang"));
        Assert.All(page.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), "inline script found"));
        Assert.Contains("Vision, Principles and Values", (await _client.GetDocumentAsync("/larkspur-vale-academy-trust/vision-and-values")).Title, StringComparison.Ordinal);
    }
}
