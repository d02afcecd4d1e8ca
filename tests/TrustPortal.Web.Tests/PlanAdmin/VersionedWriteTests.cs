using System.Net;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Features.PlanAdmin;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.PlanAdmin;

/// Every versioned write goes through the one write helper (FormWrites, ADR 0135): a form posted from an older version
/// changes nothing and comes back with the conflict message, the person's own input kept, and the other version shown;
/// a button posted from an older version changes nothing and says so on the page it returns to.
[Collection(SharedPortal.Name)]
public sealed class VersionedWriteTests(PortalFactory factory)
{
    private static Dictionary<string, string> Fields(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    [Fact]
    public async Task Every_plan_form_from_an_old_version_shows_both_versions_and_changes_nothing()
    {
        var plan = await factory.SeedPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var stale = await factory.PlanVersionAsync(plan.Id);
        var horizonId = await factory.ReadAsync(db => db.StrategicPlans.Where(p => p.Id == plan.Id).SelectMany(p => p.Horizons).Select(h => h.Id).FirstAsync());
        using (var other = await admin.PostFormAsync($"/admin/plans/{plan.Slug}/themes/{plan.ThemeIds[0]}", Fields(("Form.Title", "Their theme title"), ("Form.Version", $"{stale}"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        }
        var current = await factory.PlanVersionAsync(plan.Id);
        var forms = new (string Url, Dictionary<string, string> Fields, string Mine)[]
        {
            ($"/admin/plans/{plan.Slug}/details", Fields(("Form.Title", "My plan title"), ("Form.Version", $"{stale}")), "My plan title"),
            ($"/admin/plans/{plan.Slug}/horizons/{horizonId}", Fields(("Form.Name", "My horizon"), ("Form.Version", $"{stale}")), "My horizon"),
            ($"/admin/plans/{plan.Slug}/themes/{plan.ThemeIds[0]}", Fields(("Form.Title", "My theme title"), ("Form.Version", $"{stale}")), "My theme title"),
            ($"/admin/plans/{plan.Slug}/aims/{plan.AimIds[0]}", Fields(("Form.Number", "7"), ("Form.Title", "My aim title"), ("Form.ThemeId", $"{plan.ThemeIds[0]}"),
                ("Form.Version", $"{stale}")), "My aim title"),
            ($"/admin/plans/{plan.Slug}/criteria/{plan.CriterionIds[0]}", Fields(("Form.Text", "My criterion wording"), ("Form.Version", $"{stale}")), "My criterion wording"),
        };
        foreach (var (url, fields, mine) in forms)
        {
            using var response = await admin.PostFormAsync(url, fields);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {url}: {(int)response.StatusCode}");
            var doc = await PlanAdminTests.DocAsync(response);
            Assert.Contains(PlanAdminController.ConflictMessage, doc.QuerySelector(".govuk-error-summary")?.TextContent ?? "", StringComparison.Ordinal);
            Assert.Contains(mine, doc.DocumentElement.OuterHtml, StringComparison.Ordinal);
            // The form now carries the other version, so saving again is a deliberate overwrite.
            Assert.Equal($"{current}", doc.QuerySelector("input[name='Form.Version']")?.GetAttribute("value"));
        }
        Assert.Equal(current, await factory.PlanVersionAsync(plan.Id));
        Assert.Equal("Their theme title", await factory.ReadAsync(db => db.PlanThemes.Where(t => t.Id == plan.ThemeIds[0]).Select(t => t.Title).SingleAsync()));
    }

    [Fact]
    public async Task The_theme_form_from_an_old_version_shows_the_other_administrators_words_beside_mine()
    {
        var plan = await factory.SeedPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var stale = await factory.PlanVersionAsync(plan.Id);
        using (await admin.PostFormAsync($"/admin/plans/{plan.Slug}/themes/{plan.ThemeIds[0]}", Fields(("Form.Title", "Their words"), ("Form.Version", $"{stale}"))))
        {
        }
        using var response = await admin.PostFormAsync($"/admin/plans/{plan.Slug}/themes/{plan.ThemeIds[0]}", Fields(("Form.Title", "My words"), ("Form.Version", $"{stale}")));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Their words", html, StringComparison.Ordinal);
        Assert.Contains("My words", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_plan_button_from_an_old_version_changes_nothing_and_says_so()
    {
        var plan = await factory.SeedPlanAsync(aims: 3);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var stale = await factory.PlanVersionAsync(plan.Id);
        using (await admin.PostFormAsync($"/admin/plans/{plan.Slug}/themes/{plan.ThemeIds[1]}", Fields(("Form.Title", "Moved on"), ("Form.Version", $"{stale}"))))
        {
        }
        var current = await factory.PlanVersionAsync(plan.Id);
        var editor = $"/admin/plans/{plan.Slug}";
        foreach (var url in new[] { $"{editor}/renumber", $"{editor}/themes/{plan.ThemeIds[0]}/remove", $"{editor}/aims/{plan.AimIds[0]}/remove", $"{editor}/criteria/{plan.CriterionIds[0]}/remove" })
        {
            using var response = await admin.PostFormAsync(url, Fields(("Version", $"{stale}")), tokenPage: editor);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"POST {url}: {(int)response.StatusCode}");
            Assert.Contains(PlanAdminController.ConflictButtonMessage, (await admin.GetDocumentAsync(editor)).MainText(), StringComparison.Ordinal);
        }
        Assert.Equal(current, await factory.PlanVersionAsync(plan.Id));
    }
}
