using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.PlanAdmin;

/// The plan editor stays short and offers only the moves that can happen.
[Collection(SharedPortal.Name)]
public sealed class PlanEditorLayoutTests(PortalFactory factory)
{
    [Fact]
    public async Task The_first_item_has_no_move_up_the_last_no_move_down_and_a_single_item_neither()
    {
        var plan = await factory.SeedPlanAsync(aims: 3, criteriaPerAim: 3, trustSlug: PlanSeeds.Trust);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var page = await admin.GetDocumentAsync($"/admin/plans/{plan.Slug}");
        string Buttons(string selector) => string.Join(" ", page.QuerySelectorAll(selector + " button").Select(b => b.TextContent));

        // Aim 1's criteria: first, middle, last.
        Assert.Equal(("no", "yes"), (Has(Buttons($"#criterion-{plan.CriterionIds[0]}"), "Move up"), Has(Buttons($"#criterion-{plan.CriterionIds[0]}"), "Move down")));
        Assert.Equal(("yes", "yes"), (Has(Buttons($"#criterion-{plan.CriterionIds[1]}"), "Move up"), Has(Buttons($"#criterion-{plan.CriterionIds[1]}"), "Move down")));
        Assert.Equal(("yes", "no"), (Has(Buttons($"#criterion-{plan.CriterionIds[2]}"), "Move up"), Has(Buttons($"#criterion-{plan.CriterionIds[2]}"), "Move down")));
        // Themes: the first cannot go up, the last cannot go down.
        Assert.Equal("no", Has(Buttons($"#theme-{plan.ThemeIds[0]} > .govuk-button-group"), "Move up"));
        Assert.Equal("no", Has(Buttons($"#theme-{plan.ThemeIds[1]} > .govuk-button-group"), "Move down"));
        // Aim 2 is alone in the second theme: it cannot move at all within it.
        Assert.DoesNotContain("Move", Buttons($"#aim-{plan.AimIds[1]} .govuk-button-group"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_aims_criteria_fold_away_and_an_aim_with_none_stays_open()
    {
        var plan = await factory.SeedPlanAsync(aims: 2, criteriaPerAim: 2, trustSlug: PlanSeeds.Trust);
        var empty = await factory.SeedPlanAsync(aims: 1, criteriaPerAim: 0, trustSlug: PlanSeeds.Trust);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var page = await admin.GetDocumentAsync($"/admin/plans/{plan.Slug}");
        foreach (var aimId in plan.AimIds)
        {
            var details = page.QuerySelector($"#aim-{aimId} details")!;
            Assert.False(details.HasAttribute("open"));
            Assert.Contains("(2)", details.QuerySelector("summary")!.TextContent, StringComparison.Ordinal);
            Assert.NotNull(details.QuerySelector("table"));
        }
        var emptyPage = await admin.GetDocumentAsync($"/admin/plans/{empty.Slug}");
        Assert.True(emptyPage.QuerySelector($"#aim-{empty.AimIds[0]} details")!.HasAttribute("open"));
    }

    private static string Has(string text, string what) => text.Contains(what, StringComparison.Ordinal) ? "yes" : "no";
}
