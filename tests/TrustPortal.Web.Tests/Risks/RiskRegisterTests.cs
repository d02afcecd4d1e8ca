using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

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

    private async Task AddRiskAsync(string slug, RiskScore score, DateOnly reviewOn)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Trusts.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
        db.Risks.Add(new Risk(trustId, null, "Key staff leave mid-year", RiskCategory.Operational, "CEO", score, null, score, reviewOn));
        await db.SaveChangesAsync();
    }
}
