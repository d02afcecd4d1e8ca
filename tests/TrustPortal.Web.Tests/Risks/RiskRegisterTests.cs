using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.Progress;

namespace TrustPortal.Web.Tests.Risks;

[Collection(SharedPortal.Name)]
public sealed class RiskRegisterTests(PortalFactory factory)
{
    [Fact]
    public async Task A_risk_added_as_four_by_five_is_counted_in_that_cell_of_the_heat_map_and_one_past_its_review_date_is_flagged()
    {
        var slug = await NewTrustAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        var review = today.AddMonths(3);

        using var response = await admin.PostFormAsync($"/{slug}/risks/new", new Dictionary<string, string>
        {
            ["Form.Title"] = "A fall in pupil numbers leaves two schools in deficit",
            ["Form.Category"] = "Financial",
            ["Form.Owner"] = "Chief financial officer",
            ["Form.Likelihood"] = "4",
            ["Form.Impact"] = "5",
            ["Form.Controls"] = "Three-year budget forecasts; marketing",
            ["Form.ResidualLikelihood"] = "3",
            ["Form.ResidualImpact"] = "4",
            ["Form.ReviewOn.Day"] = review.Day.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.ReviewOn.Month"] = review.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.ReviewOn.Year"] = review.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.LinkedAims"] = "2",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await AddRiskAsync(slug, new RiskScore(2, 2), today.AddDays(-1));

        var page = await admin.GetDocumentAsync($"/{slug}/risks");

        Assert.Equal("1", page.QuerySelector("#heat-map td[data-likelihood='4'][data-impact='5']")!.GetAttribute("data-count"));
        Assert.Equal("0", page.QuerySelector("#heat-map td[data-likelihood='5'][data-impact='4']")!.GetAttribute("data-count"));
        Assert.Equal("1", page.QuerySelector("#heat-map td[data-likelihood='2'][data-impact='2']")!.GetAttribute("data-count"));
        var rows = page.QuerySelectorAll("#risks tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains("20", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Null(rows[0].QuerySelector(".app-past-review"));
        Assert.NotNull(rows[1].QuerySelector(".app-past-review"));
        Assert.Contains("1 risk is past", page.QuerySelector("#past-review-warning")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_likelihood_out_of_range_is_refused_beside_its_field()
    {
        var slug = await NewTrustAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);

        using var response = await admin.PostFormAsync($"/{slug}/risks/new", new Dictionary<string, string>
        {
            ["Form.Title"] = "Risk", ["Form.Category"] = "Strategic", ["Form.Owner"] = "CEO", ["Form.Likelihood"] = "9", ["Form.Impact"] = "1",
            ["Form.ResidualLikelihood"] = "1", ["Form.ResidualImpact"] = "1", ["Form.ReviewOn.Day"] = "1", ["Form.ReviewOn.Month"] = "4", ["Form.ReviewOn.Year"] = "2027",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Form_Likelihood-error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_adds_a_risk_of_one_of_the_trusts_schools_and_the_register_says_it_was_added()
    {
        var slug = await NewTrustAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync(slug);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var title = $"Falling rolls at {urn}";

        using var response = await admin.PostFormAsync($"/{slug}/risks/new", RiskFields(title, urn.ToString(CultureInfo.InvariantCulture), new DateOnly(2027, 9, 1)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/{slug}/risks", response.Headers.Location!.OriginalString);
        var page = await admin.GetDocumentAsync(response.Headers.Location.OriginalString);
        Assert.Equal("Risk added to the register", page.QuerySelector("#success-message")!.TextContent.Trim());
        using var scope = factory.Services.CreateScope();
        var risk = await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Risks.AsNoTracking().SingleAsync(r => r.Title == title);
        Assert.Equal((schoolId, "Chief financial officer", 4, 5, new DateOnly(2027, 9, 1)), (risk.SchoolId!.Value, risk.Owner, risk.Likelihood, risk.Impact, risk.ReviewOn));
    }

    [Fact]
    public async Task A_risk_without_its_words_or_of_another_trusts_school_is_refused_beside_those_inputs_and_keeps_what_was_typed()
    {
        var slug = await NewTrustAsync();
        var (_, otherUrn) = await factory.NewSchoolAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);

        using var response = await admin.PostFormAsync($"/{slug}/risks/new", RiskFields("", otherUrn.ToString(CultureInfo.InvariantCulture), new DateOnly(2027, 9, 1)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains("Enter the risk", page.QuerySelector("#Form_Title-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Choose one of the trust's schools, or the trust as a whole", page.QuerySelector("#Form_School-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Chief financial officer", page.QuerySelector("#Form_Owner")!.GetAttribute("value"));
        Assert.Equal("Three-year budget forecasts", page.QuerySelector("#Form_Controls")!.TextContent.Trim());
        Assert.Equal("2027", page.QuerySelector("input[name='Form.ReviewOn.Year']")!.GetAttribute("value"));
        Assert.Equal(0, await RiskCountAsync(slug));
    }

    [Fact]
    public async Task A_trustee_cannot_add_a_risk()
    {
        var slug = await NewTrustAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, slug);

        using var response = await trustee.PostFormAsync($"/{slug}/risks/new", RiskFields("Cyber attack", "", new DateOnly(2027, 9, 1)), $"/{slug}/risks");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await RiskCountAsync(slug));
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Headteacher)]
    public async Task Staff_and_heads_are_refused_the_register(string role)
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(role);

        await client.GetDocumentAsync($"/{AccountsSlug}/risks", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_trusts_trustee_is_refused_the_register()
    {
        var slug = await NewTrustAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);

        await trustee.GetDocumentAsync($"/{slug}/risks", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Trustees_reach_the_register_from_the_board_and_administrators_from_their_menu()
    {
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);

        var board = await trustee.GetDocumentAsync($"/{AccountsSlug}/board");
        using var menu = await admin.GetAsync(new Uri("/admin/risks", UriKind.Relative));

        Assert.NotNull(board.QuerySelector($"#board-links a[href='/{AccountsSlug}/risks']"));
        Assert.NotNull(board.QuerySelector($"#board-links a[href='/{AccountsSlug}/actions/overdue']"));
        Assert.Equal($"/{AccountsSlug}/risks", menu.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_administrator_edits_a_risk_and_a_save_over_a_newer_version_is_refused_with_both_shown()
    {
        var slug = await NewTrustAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var id = await AddRiskAsync(slug, new RiskScore(2, 2), new DateOnly(2027, 6, 1));
        var url = $"/{slug}/risks/{id}/edit";
        var version = (await admin.GetDocumentAsync(url)).QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!;
        Dictionary<string, string> Fields(string owner, string likelihood) => new()
        {
            ["Form.Version"] = version, ["Form.Title"] = "Key staff leave mid-year", ["Form.Category"] = "Operational", ["Form.Owner"] = owner,
            ["Form.Likelihood"] = likelihood, ["Form.Impact"] = "4", ["Form.ResidualLikelihood"] = "2", ["Form.ResidualImpact"] = "2",
            ["Form.ReviewOn.Day"] = "1", ["Form.ReviewOn.Month"] = "9", ["Form.ReviewOn.Year"] = "2027", ["Form.LinkedAims"] = "1, 3",
        };

        using var saved = await admin.PostFormAsync(url, Fields("Director of people", "5"));
        using var stale = await admin.PostFormAsync(url, Fields("Someone older", "1"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var html = await stale.Content.ReadAsStringAsync();
        Assert.Contains("Someone else saved a change", html, StringComparison.Ordinal);
        Assert.Contains("Owner Director of people", html, StringComparison.Ordinal);
        var page = await admin.GetDocumentAsync($"/{slug}/risks");
        Assert.Equal("1", page.QuerySelector("#heat-map td[data-likelihood='5'][data-impact='4']")!.GetAttribute("data-count"));
        Assert.Contains("Director of people", page.QuerySelector($"#risks tr[data-risk='{id}']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_a_risk_needs_a_reason_and_takes_it_off_the_heat_map_into_the_closed_list()
    {
        var slug = await NewTrustAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var id = await AddRiskAsync(slug, new RiskScore(4, 5), new DateOnly(2027, 6, 1));
        var url = $"/{slug}/risks/{id}/close";
        var version = (await admin.GetDocumentAsync(url)).QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!;

        using var refused = await admin.PostFormAsync(url, new Dictionary<string, string> { ["Form.Version"] = version, ["Form.Reason"] = "" });
        using var closed = await admin.PostFormAsync(url, new Dictionary<string, string> { ["Form.Version"] = version, ["Form.Reason"] = "Merged into the staffing risk" });

        Assert.Contains("Form_Reason-error", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        var page = await admin.GetDocumentAsync($"/{slug}/risks");
        Assert.Equal("0", page.QuerySelector("#heat-map td[data-likelihood='4'][data-impact='5']")!.GetAttribute("data-count"));
        Assert.Null(page.QuerySelector($"#risks tr[data-risk='{id}']"));
        Assert.Contains("Merged into the staffing risk", page.QuerySelector($"#closed-risks li[data-risk='{id}']")!.TextContent, StringComparison.Ordinal);
        await admin.GetDocumentAsync($"/{slug}/risks/{id}/edit", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_head_reads_their_own_schools_risks_from_self_evaluation_and_is_refused_another_schools()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (otherId, otherUrn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(ProgressTestData.Kestrel, schoolId);
        var mine = await AddRiskAsync(ProgressTestData.Kestrel, new RiskScore(3, 3), new DateOnly(2027, 6, 1), schoolId);
        var theirs = await AddRiskAsync(ProgressTestData.Kestrel, new RiskScore(3, 3), new DateOnly(2027, 6, 1), otherId);

        var index = await head.GetDocumentAsync($"/{ProgressTestData.Kestrel}/self-evaluation");
        var link = index.QuerySelector($"#my-schools a[href='/{ProgressTestData.Kestrel}/risks/school/{urn}']");
        var page = await head.GetDocumentAsync($"/{ProgressTestData.Kestrel}/risks/school/{urn}");

        Assert.NotNull(link);
        Assert.NotNull(page.QuerySelector($"#risks tr[data-risk='{mine}']"));
        Assert.Null(page.QuerySelector($"#risks tr[data-risk='{theirs}']"));
        Assert.Null(page.QuerySelector("a[href$='/edit']"));
        await head.GetDocumentAsync($"/{ProgressTestData.Kestrel}/risks/school/{otherUrn}", HttpStatusCode.Forbidden);
    }

    private static Dictionary<string, string> RiskFields(string title, string school, DateOnly reviewOn) => new()
    {
        ["Form.Title"] = title, ["Form.Category"] = "Financial", ["Form.School"] = school, ["Form.Owner"] = "Chief financial officer",
        ["Form.Likelihood"] = "4", ["Form.Impact"] = "5", ["Form.Controls"] = "Three-year budget forecasts", ["Form.ResidualLikelihood"] = "3", ["Form.ResidualImpact"] = "4",
        ["Form.ReviewOn.Day"] = reviewOn.Day.ToString(CultureInfo.InvariantCulture), ["Form.ReviewOn.Month"] = reviewOn.Month.ToString(CultureInfo.InvariantCulture),
        ["Form.ReviewOn.Year"] = reviewOn.Year.ToString(CultureInfo.InvariantCulture),
    };

    private async Task<int> RiskCountAsync(string slug)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        return await db.Risks.CountAsync(r => db.Trusts.Any(t => t.Id == r.TrustId && t.Slug == slug));
    }

    private const string AccountsSlug = DemoAccounts.TrustSlug;

    private async Task<string> NewTrustAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var slug = $"risks-{Guid.NewGuid():N}"[..20];
        db.Trusts.Add(new Trust(slug, $"Risk Trust {slug}"));
        await db.SaveChangesAsync();
        return slug;
    }

    private async Task<int> AddRiskAsync(string slug, RiskScore score, DateOnly reviewOn, int? schoolId = null)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Trusts.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
        var risk = new Risk(trustId, schoolId, "Key staff leave mid-year", RiskCategory.Operational, "CEO", score, null, score, reviewOn);
        db.Risks.Add(risk);
        await db.SaveChangesAsync();
        return risk.Id;
    }
}
