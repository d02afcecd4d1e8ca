using System.Net;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Plans;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.PlanAdmin;

[Collection(SharedPortal.Name)]
public sealed class PlanAdminTests(PortalFactory factory)
{
    private static Dictionary<string, string> Fields(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    [Fact]
    public async Task Admin_sees_the_trusts_plans_with_their_status_and_creates_a_blank_draft()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var list = await admin.GetDocumentAsync("/admin/plans");
        Assert.Contains("Strategic Plan", list.MainText(), StringComparison.Ordinal);
        Assert.Contains("Published", list.MainText(), StringComparison.Ordinal);

        var (start, end) = PlanSeeds.NewPeriod();
        var slug = $"blank-{start}";
        using var response = await admin.PostFormAsync("/admin/plans/new", Fields(
            ("Form.Title", "Our next plan"), ("Form.Slug", slug), ("Form.StartYear", $"{start}"), ("Form.EndYear", $"{end}"), ("Form.CopyFrom", "")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/admin/plans/{slug}", response.Headers.Location!.OriginalString);
        var editor = await admin.GetDocumentAsync($"/admin/plans/{slug}");
        Assert.Contains("Our next plan created as a draft", editor.MainText(), StringComparison.Ordinal);
        Assert.Contains("Draft", editor.MainText(), StringComparison.Ordinal);
        var plan = await factory.ReadAsync(db => db.StrategicPlans.SingleAsync(p => p.Slug == slug));
        Assert.Equal((PlanStatus.Draft, start, end), (plan.Status, plan.StartYear, plan.EndYear));
    }

    [Fact]
    public async Task Creating_a_plan_with_bad_input_shows_an_error_summary_and_keeps_the_input()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        using var response = await admin.PostFormAsync("/admin/plans/new", Fields(
            ("Form.Title", ""), ("Form.Slug", "Not A Slug!"), ("Form.StartYear", "20x6"), ("Form.EndYear", "2031"), ("Form.CopyFrom", "")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await DocAsync(response);
        var summary = doc.QuerySelector(".govuk-error-summary")!;
        Assert.Contains("Enter the plan's title", summary.TextContent, StringComparison.Ordinal);
        Assert.NotNull(summary.QuerySelector("a[href='#Form_Slug']"));
        Assert.NotNull(summary.QuerySelector("a[href='#Form_StartYear']"));
        Assert.Equal("Not A Slug!", doc.QuerySelector("#Form_Slug")!.GetAttribute("value"));
        Assert.Equal("20x6", doc.QuerySelector("#Form_StartYear")!.GetAttribute("value"));
        Assert.Contains("Form_Slug-error", doc.QuerySelector("#Form_Slug")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);

        using var tooLong = await admin.PostFormAsync("/admin/plans/new", Fields(
            ("Form.Title", new string('x', 301)), ("Form.Slug", "ok-slug"), ("Form.StartYear", "2031"), ("Form.EndYear", "2030")));
        var body = await tooLong.Content.ReadAsStringAsync();
        Assert.Contains("Title must be 300 characters or fewer", body, StringComparison.Ordinal);
        Assert.False(await factory.ReadAsync(db => db.StrategicPlans.AnyAsync(p => p.Slug == "ok-slug")));
    }

    [Fact]
    public async Task A_plan_created_as_a_copy_has_the_structure_but_no_progress_or_cycles()
    {
        var source = await factory.SeedPlanAsync(PlanStatus.Published);
        await factory.SeedProgressAsync(source, source.CriterionIds[0]);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var (start, end) = PlanSeeds.NewPeriod();
        var slug = $"copy-{start}";
        using var response = await admin.PostFormAsync("/admin/plans/new", Fields(
            ("Form.Title", "Copied plan"), ("Form.Slug", slug), ("Form.StartYear", $"{start}"), ("Form.EndYear", $"{end}"), ("Form.CopyFrom", source.Slug)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var copy = await factory.ReadAsync(db => db.StrategicPlans.AsNoTracking().Where(p => p.Slug == slug)
            .Select(p => new
            {
                p.Id,
                p.Status,
                Themes = p.Themes.Count,
                Aims = p.Themes.SelectMany(t => t.Aims).Count(),
                Criteria = p.Themes.SelectMany(t => t.Aims).SelectMany(a => a.Criteria).Select(c => c.Id).ToList(),
                Tags = p.Themes.SelectMany(t => t.Aims).SelectMany(a => a.FrameworkTags).Count(),
                Horizons = p.Horizons.Count,
            }).SingleAsync());
        Assert.Equal((PlanStatus.Draft, 2, 2, 4, 2, 1), (copy.Status, copy.Themes, copy.Aims, copy.Criteria.Count, copy.Tags, copy.Horizons));
        Assert.Equal(0, await factory.ReadAsync(db => db.ProgressUpdates.CountAsync(u => copy.Criteria.Contains(u.SuccessCriterionId))));
        Assert.Equal(0, await factory.ReadAsync(db => db.ReviewCycles.CountAsync(c => c.StrategicPlanId == copy.Id)));
    }

    [Fact]
    public async Task Editing_details_from_an_old_version_is_refused_showing_the_other_version_and_keeping_the_input()
    {
        var plan = await factory.SeedPlanAsync();
        var (first, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var (second, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var seen = await factory.PlanVersionAsync(plan.Id);

        using (var saved = await first.PostFormAsync($"/admin/plans/{plan.Slug}/details", Fields(
            ("Form.Title", "First administrator's title"), ("Form.StartYear", $"{plan.StartYear}"), ("Form.EndYear", $"{plan.EndYear}"), ("Form.Version", $"{seen}"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        using var late = await second.PostFormAsync($"/admin/plans/{plan.Slug}/details", Fields(
            ("Form.Title", "Second administrator's title"), ("Form.StartYear", $"{plan.StartYear}"), ("Form.EndYear", $"{plan.EndYear}"),
            ("Form.Introduction", "Second intro"), ("Form.Version", $"{seen}")));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var doc = await DocAsync(late);
        Assert.Contains("Another administrator changed this plan", doc.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("First administrator's title", doc.QuerySelector(".app-conflict")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Second administrator's title", doc.QuerySelector("#Form_Title")!.GetAttribute("value"));
        Assert.Contains("Second intro", doc.QuerySelector("#Form_Introduction")!.TextContent, StringComparison.Ordinal);
        var current = await factory.PlanVersionAsync(plan.Id);
        Assert.Equal($"{current}", doc.QuerySelector("input[name='Form.Version']")!.GetAttribute("value"));
        Assert.Equal("First administrator's title", await factory.ReadAsync(db => db.StrategicPlans.Where(p => p.Id == plan.Id).Select(p => p.Title).SingleAsync()));
    }

    [Fact]
    public async Task Details_validation_keeps_the_input_and_saves_nothing()
    {
        var plan = await factory.SeedPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var version = await factory.PlanVersionAsync(plan.Id);
        using var response = await admin.PostFormAsync($"/admin/plans/{plan.Slug}/details", Fields(
            ("Form.Title", "Kept title"), ("Form.StartYear", "2040"), ("Form.EndYear", "2035"), ("Form.Version", $"{version}")));
        var doc = await DocAsync(response);
        Assert.Contains("A plan ends in a later year than it starts", doc.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Kept title", doc.QuerySelector("#Form_Title")!.GetAttribute("value"));
        Assert.Equal("2040", doc.QuerySelector("#Form_StartYear")!.GetAttribute("value"));
        Assert.Equal(version, await factory.PlanVersionAsync(plan.Id));
    }

    [Fact]
    public async Task Themes_horizons_and_aims_are_added_changed_reordered_moved_and_renumbered()
    {
        var plan = await factory.SeedPlanAsync(aims: 3);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        async Task<string> V() => $"{await factory.PlanVersionAsync(plan.Id)}";
        var editor = $"/admin/plans/{plan.Slug}";

        using (var r = await admin.PostFormAsync($"{editor}/themes/new", Fields(("Form.Title", "Third theme"), ("Form.Version", await V()))))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        using (var r = await admin.PostFormAsync($"{editor}/themes/{plan.ThemeIds[1]}", Fields(("Form.Title", "Renamed theme"), ("Form.Version", await V()))))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        using (var r = await admin.PostFormAsync($"{editor}/horizons/new", Fields(("Form.Name", "Long term"), ("Form.Version", await V()))))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var third = await factory.ReadAsync(db => db.PlanThemes.Where(t => t.StrategicPlanId == plan.Id && t.Title == "Third theme").Select(t => t.Id).SingleAsync());
        // Aim 3 sits in the first theme after aim 1; move it up, then edit aim 1 into the third theme with two framework tags.
        using (var r = await admin.PostFormAsync($"{editor}/move", Fields(("Kind", "aim"), ("Id", $"{plan.AimIds[2]}"), ("Direction", "up"), ("Version", await V())), tokenPage: editor))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var aimForm = Fields(("Form.Number", "1"), ("Form.Title", "Edited aim"), ("Form.Statement", "New statement"), ("Form.ThemeId", $"{third}"), ("Form.HorizonId", ""), ("Form.Version", await V()));
        var content = aimForm.ToList();
        content.Add(new("Form.Tags", "cst-workforce"));
        content.Add(new("Form.Tags", "tqd-workforce"));
        using (var r = await PostPairsAsync(admin, $"{editor}/aims/{plan.AimIds[0]}", content))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        using (var r = await admin.PostFormAsync($"{editor}/renumber", Fields(("Version", await V())), tokenPage: editor))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }

        var aims = await factory.ReadAsync(db => db.StrategicAims.AsNoTracking().Where(a => plan.AimIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Number, a.Title, a.PlanThemeId, a.Position, a.HorizonId, Tags = a.FrameworkTags.Select(t => t.Code).OrderBy(c => c).ToList() }).ToListAsync());
        var edited = aims.Single(a => a.Id == plan.AimIds[0]);
        Assert.Equal(("Edited aim", third, (int?)null), (edited.Title, edited.PlanThemeId, edited.HorizonId));
        Assert.Equal(["cst-workforce", "tqd-workforce"], edited.Tags);
        // Plan order now: first theme [aim 3], second theme [aim 2], third theme [edited aim].
        Assert.Equal((1, 1), (aims.Single(a => a.Id == plan.AimIds[2]).Number, aims.Single(a => a.Id == plan.AimIds[2]).Position));
        Assert.Equal(2, aims.Single(a => a.Id == plan.AimIds[1]).Number);
        Assert.Equal(3, edited.Number);
        Assert.Equal(4, await factory.ReadAsync(db => db.SuccessCriteria.CountAsync(c => c.StrategicAimId == plan.AimIds[0] || c.StrategicAimId == plan.AimIds[2])));
        var page = await admin.GetDocumentAsync(editor);
        Assert.Contains("Renamed theme", page.MainText(), StringComparison.Ordinal);
        Assert.Contains("Long term", page.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_theme_with_aims_is_not_removed_and_an_empty_one_is()
    {
        var plan = await factory.SeedPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var editor = $"/admin/plans/{plan.Slug}";
        using (var r = await admin.PostFormAsync($"{editor}/themes/{plan.ThemeIds[0]}/remove", Fields(("Version", $"{await factory.PlanVersionAsync(plan.Id)}")), tokenPage: editor))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        Assert.Contains("still has aims", (await admin.GetDocumentAsync(editor)).MainText(), StringComparison.Ordinal);
        Assert.True(await factory.ReadAsync(db => db.PlanThemes.AnyAsync(t => t.Id == plan.ThemeIds[0])));
    }

    [Fact]
    public async Task Aim_form_validation_keeps_the_input()
    {
        var plan = await factory.SeedPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        using var r = await admin.PostFormAsync($"/admin/plans/{plan.Slug}/aims/new", Fields(
            ("Form.Number", "abc"), ("Form.Title", ""), ("Form.Statement", "Kept statement"), ("Form.ThemeId", $"{plan.ThemeIds[0]}"),
            ("Form.Version", $"{await factory.PlanVersionAsync(plan.Id)}")));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = await DocAsync(r);
        var summary = doc.QuerySelector(".govuk-error-summary")!.TextContent;
        Assert.Contains("Aim number must be a whole number from 1 to 99", summary, StringComparison.Ordinal);
        Assert.Contains("Enter the aim's title", summary, StringComparison.Ordinal);
        Assert.Equal("abc", doc.QuerySelector("#Form_Number")!.GetAttribute("value"));
        Assert.Contains("Kept statement", doc.QuerySelector("#Form_Statement")!.TextContent, StringComparison.Ordinal);

        using var duplicate = await admin.PostFormAsync($"/admin/plans/{plan.Slug}/aims/new", Fields(
            ("Form.Number", "2"), ("Form.Title", "Duplicate number"), ("Form.ThemeId", $"{plan.ThemeIds[0]}"), ("Form.Version", $"{await factory.PlanVersionAsync(plan.Id)}")));
        Assert.Contains("The plan already has an aim numbered 2", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await factory.ReadAsync(db => db.StrategicAims.CountAsync(a => db.PlanThemes.Any(t => t.Id == a.PlanThemeId && t.StrategicPlanId == plan.Id))));
    }

    [Fact]
    public async Task A_criterion_with_an_impossible_target_date_is_refused_with_the_input_kept()
    {
        var plan = await factory.SeedPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var url = $"/admin/plans/{plan.Slug}/aims/{plan.AimIds[0]}/criteria/new";
        using var r = await admin.PostFormAsync(url, Fields(
            ("Form.Text", "Kept criterion"), ("Form.TargetDate.Day", "31"), ("Form.TargetDate.Month", "2"), ("Form.TargetDate.Year", "2027"),
            ("Form.Version", $"{await factory.PlanVersionAsync(plan.Id)}")));
        var doc = await DocAsync(r);
        Assert.Contains("The target date must be a real date", doc.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector(".govuk-error-summary a[href='#Form_TargetDate_Day']"));
        Assert.Equal("31", doc.QuerySelector("#Form_TargetDate_Day")!.GetAttribute("value"));
        Assert.Contains("Kept criterion", doc.QuerySelector("#Form_Text")!.TextContent, StringComparison.Ordinal);

        using var missingMonth = await admin.PostFormAsync(url, Fields(
            ("Form.Text", "Kept criterion"), ("Form.TargetDate.Day", "3"), ("Form.TargetDate.Year", "2027"), ("Form.Version", $"{await factory.PlanVersionAsync(plan.Id)}")));
        Assert.Contains("The target date must include a month", await missingMonth.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var ok = await admin.PostFormAsync(url, Fields(
            ("Form.Text", "New criterion"), ("Form.MeasurableTarget", "All of them"), ("Form.TargetDate.Day", "31"), ("Form.TargetDate.Month", "7"), ("Form.TargetDate.Year", "2027"),
            ("Form.Version", $"{await factory.PlanVersionAsync(plan.Id)}")));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var added = await factory.ReadAsync(db => db.SuccessCriteria.SingleAsync(c => c.StrategicAimId == plan.AimIds[0] && c.Text == "New criterion"));
        Assert.Equal(new DateOnly(2027, 7, 31), added.TargetDate);
    }

    [Fact]
    public async Task Rewording_a_published_criterion_keeps_its_progress_and_its_old_wording()
    {
        var plan = await factory.SeedPlanAsync(PlanStatus.Published);
        var criterionId = plan.CriterionIds[0];
        await factory.SeedProgressAsync(plan, criterionId, schools: 3);
        var before = await factory.ReadAsync(db => db.ProgressUpdates.CountAsync(u => u.SuccessCriterionId == criterionId));
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);

        using var r = await admin.PostFormAsync($"/admin/plans/{plan.Slug}/criteria/{criterionId}", Fields(
            ("Form.Text", "Reworded criterion"), ("Form.MeasurableTarget", "Target 97%"), ("Form.Version", $"{await factory.PlanVersionAsync(plan.Id)}")));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        Assert.Equal(3, before);
        Assert.Equal(before, await factory.ReadAsync(db => db.ProgressUpdates.CountAsync(u => u.SuccessCriterionId == criterionId)));
        var criterion = await factory.ReadAsync(db => db.SuccessCriteria.Include(c => c.Revisions).AsNoTracking().SingleAsync(c => c.Id == criterionId));
        Assert.Equal("Reworded criterion", criterion.Text);
        var revision = Assert.Single(criterion.Revisions);
        Assert.Equal(("Criterion 1.1", "Target 96%"), (revision.Text, revision.MeasurableTarget));
        var updatedAt = await factory.ReadAsync(db => db.ProgressUpdates.Where(u => u.SuccessCriterionId == criterionId).Select(u => u.UpdatedAt).FirstAsync());
        Assert.Equal("Criterion 1.1", criterion.WordingAt(updatedAt).Text);

        var page = await admin.GetDocumentAsync($"/admin/plans/{plan.Slug}/criteria/{criterionId}");
        Assert.Contains("Earlier wording", page.MainText(), StringComparison.Ordinal);
        Assert.Contains("Criterion 1.1", page.MainText(), StringComparison.Ordinal);
        var publicPage = await factory.CreateClient().GetDocumentAsync($"/{PlanSeeds.Trust}/plans/{plan.Slug}");
        Assert.Contains("Reworded criterion", publicPage.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_a_criterion_with_progress_retires_it_keeps_its_progress_and_hides_it_from_the_public_plan()
    {
        var plan = await factory.SeedPlanAsync(PlanStatus.Published);
        var criterionId = plan.CriterionIds[1];
        await factory.SeedProgressAsync(plan, criterionId, schools: 2);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var publicUrl = $"/{PlanSeeds.Trust}/plans/{plan.Slug}";
        Assert.Contains("Criterion 1.2", (await factory.CreateClient().GetDocumentAsync(publicUrl)).MainText(), StringComparison.Ordinal);

        var confirm = await admin.GetDocumentAsync($"/admin/plans/{plan.Slug}/criteria/{criterionId}/remove");
        Assert.Contains("kept with the 2 progress updates", confirm.MainText(), StringComparison.Ordinal);
        using var r = await admin.PostFormAsync($"/admin/plans/{plan.Slug}/criteria/{criterionId}/remove", Fields(("Form.Version", $"{await factory.PlanVersionAsync(plan.Id)}")));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        Assert.True(await factory.ReadAsync(db => db.SuccessCriteria.Where(c => c.Id == criterionId).Select(c => c.IsRetired).SingleAsync()));
        Assert.Equal(2, await factory.ReadAsync(db => db.ProgressUpdates.CountAsync(u => u.SuccessCriterionId == criterionId)));
        Assert.DoesNotContain("Criterion 1.2", (await factory.CreateClient().GetDocumentAsync(publicUrl)).MainText(), StringComparison.Ordinal);
        Assert.Contains("retired", (await admin.GetDocumentAsync($"/admin/plans/{plan.Slug}")).MainText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Removing_a_criterion_from_a_draft_deletes_it_and_removing_an_aim_with_progress_retires_it()
    {
        var draft = await factory.SeedPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        using (var r = await admin.PostFormAsync($"/admin/plans/{draft.Slug}/criteria/{draft.CriterionIds[0]}/remove", Fields(("Form.Version", $"{await factory.PlanVersionAsync(draft.Id)}"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        Assert.False(await factory.ReadAsync(db => db.SuccessCriteria.AnyAsync(c => c.Id == draft.CriterionIds[0])));

        var published = await factory.SeedPlanAsync(PlanStatus.Published);
        await factory.SeedProgressAsync(published, published.CriterionIds[0]);
        using (var r = await admin.PostFormAsync($"/admin/plans/{published.Slug}/aims/{published.AimIds[0]}/remove", Fields(("Form.Version", $"{await factory.PlanVersionAsync(published.Id)}"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        Assert.True(await factory.ReadAsync(db => db.StrategicAims.Where(a => a.Id == published.AimIds[0]).Select(a => a.IsRetired).SingleAsync()));
        Assert.Equal(2, await factory.ReadAsync(db => db.ProgressUpdates.CountAsync(u => u.SuccessCriterionId == published.CriterionIds[0])));
        Assert.DoesNotContain("Aim number 1", (await factory.CreateClient().GetDocumentAsync($"/{PlanSeeds.Trust}/plans/{published.Slug}")).MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_is_refused_when_the_period_overlaps_another_published_plan_which_is_named()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        // The demo trust's published plan runs 2025-2028.
        var draft = await factory.SeedPlanAsync(trustSlug: DemoAccounts.TrustSlug);
        var version = await factory.PlanVersionAsync(draft.Id);
        using (var r = await admin.PostFormAsync($"/admin/plans/{draft.Slug}/details", Fields(
            ("Form.Title", "Overlapping plan"), ("Form.StartYear", "2027"), ("Form.EndYear", "2030"), ("Form.Version", $"{version}"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        using var refused = await admin.PostFormAsync($"/admin/plans/{draft.Slug}/publish", Fields(("Form.Version", $"{await factory.PlanVersionAsync(draft.Id)}")));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Strategic Plan", body, StringComparison.Ordinal);
        Assert.Contains("2025\u20132028) is published for years that overlap 2027\u20132030", System.Net.WebUtility.HtmlDecode(body), StringComparison.Ordinal);
        Assert.Equal(PlanStatus.Draft, await factory.ReadAsync(db => db.StrategicPlans.Where(p => p.Id == draft.Id).Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task Publishing_then_archiving_with_confirmation()
    {
        var draft = await factory.SeedPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var confirm = await admin.GetDocumentAsync($"/admin/plans/{draft.Slug}/publish");
        Assert.Contains("Publish Test plan", confirm.MainText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync(new Uri($"/{PlanSeeds.Trust}/plans/{draft.Slug}", UriKind.Relative))).StatusCode);
        using (var r = await admin.PostFormAsync($"/admin/plans/{draft.Slug}/publish", Fields(("Form.Version", $"{await factory.PlanVersionAsync(draft.Id)}"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        await factory.CreateClient().GetDocumentAsync($"/{PlanSeeds.Trust}/plans/{draft.Slug}");

        using (var r = await admin.PostFormAsync($"/admin/plans/{draft.Slug}/archive", Fields(("Form.Version", $"{await factory.PlanVersionAsync(draft.Id)}"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        Assert.Equal(PlanStatus.Archived, await factory.ReadAsync(db => db.StrategicPlans.Where(p => p.Id == draft.Id).Select(p => p.Status).SingleAsync()));
        var editor = await admin.GetDocumentAsync($"/admin/plans/{draft.Slug}");
        Assert.Contains("archived and read-only", editor.MainText(), StringComparison.Ordinal);
        Assert.Null(editor.QuerySelector("form[action$='/move']"));
        using var refused = await admin.PostFormAsync($"/admin/plans/{draft.Slug}/themes/new", Fields(("Form.Title", "More"), ("Form.Version", $"{await factory.PlanVersionAsync(draft.Id)}")), tokenPage: $"/admin/plans/{draft.Slug}");
        Assert.Contains("archived and read-only", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_move_from_an_old_version_changes_nothing_and_says_why()
    {
        var plan = await factory.SeedPlanAsync(aims: 3);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var stale = await factory.PlanVersionAsync(plan.Id);
        using (var r = await admin.PostFormAsync($"/admin/plans/{plan.Slug}/themes/{plan.ThemeIds[0]}", Fields(("Form.Title", "Changed by someone"), ("Form.Version", $"{stale}"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var positions = await factory.ReadAsync(db => db.StrategicAims.Where(a => plan.AimIds.Contains(a.Id)).OrderBy(a => a.Id).Select(a => a.Position).ToListAsync());
        using (var r = await admin.PostFormAsync($"/admin/plans/{plan.Slug}/move", Fields(("Kind", "aim"), ("Id", $"{plan.AimIds[2]}"), ("Direction", "up"), ("Version", $"{stale}")), tokenPage: $"/admin/plans/{plan.Slug}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        Assert.Contains("Another administrator changed this plan", (await admin.GetDocumentAsync($"/admin/plans/{plan.Slug}")).MainText(), StringComparison.Ordinal);
        Assert.Equal(positions, await factory.ReadAsync(db => db.StrategicAims.Where(a => plan.AimIds.Contains(a.Id)).OrderBy(a => a.Id).Select(a => a.Position).ToListAsync()));
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Headteacher)]
    [InlineData(Roles.Trustee)]
    public async Task Other_roles_are_forbidden_every_plan_page_and_form_and_the_database_is_unchanged(string role)
    {
        var plan = await factory.SeedPlanAsync();
        var version = await factory.PlanVersionAsync(plan.Id);
        var (client, _, _, _) = await factory.SignedInClientAsync(role, PlanSeeds.Trust);
        foreach (var url in PageUrls(plan))
        {
            using var get = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(get.StatusCode == HttpStatusCode.Forbidden, $"GET {url} as {role}: {get.StatusCode}");
        }
        foreach (var (url, fields) in Posts(plan, version))
        {
            using var post = await client.PostFormAsync(url, fields, tokenPage: "/me");
            Assert.True(post.StatusCode == HttpStatusCode.Forbidden, $"POST {url} as {role}: {post.StatusCode}");
        }
        await AssertUnchangedAsync(plan, version);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var plan = await factory.SeedPlanAsync();
        var client = factory.CreateSecureClient();
        foreach (var url in PageUrls(plan))
        {
            using var get = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
            Assert.Contains("/account/sign-in", get.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Another_trusts_administrator_cannot_see_or_change_the_plan()
    {
        var plan = await factory.SeedPlanAsync();
        var version = await factory.PlanVersionAsync(plan.Id);
        var (other, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, "create-partnership-trust");
        Assert.DoesNotContain(plan.Slug, (await other.GetDocumentAsync("/admin/plans")).MainText(), StringComparison.Ordinal);
        // The first two pages (the list and "create a plan") are the other administrator's own.
        foreach (var url in PageUrls(plan).Skip(2))
        {
            using var get = await other.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(get.StatusCode == HttpStatusCode.NotFound, $"GET {url}: {get.StatusCode}");
        }
        foreach (var (url, fields) in Posts(plan, version))
        {
            using var post = await other.PostFormAsync(url, fields, tokenPage: "/admin/plans");
            Assert.True(post.StatusCode == HttpStatusCode.NotFound || (url.EndsWith("/new", StringComparison.Ordinal) && post.StatusCode == HttpStatusCode.OK),
                $"POST {url}: {post.StatusCode}");
        }
        await AssertUnchangedAsync(plan, version);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        var plan = await factory.SeedPlanAsync();
        var version = await factory.PlanVersionAsync(plan.Id);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        using var content = new FormUrlEncodedContent(Fields(("Form.Title", "No token"), ("Form.Version", $"{version}")));
        using var response = await admin.PostAsync(new Uri($"/admin/plans/{plan.Slug}/details", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertUnchangedAsync(plan, version);
    }

    [Fact]
    public async Task The_plan_editor_runs_the_same_number_of_queries_however_many_aims_and_criteria()
    {
        var small = await factory.SeedPlanAsync(aims: 1, criteriaPerAim: 1);
        var large = await factory.SeedPlanAsync(aims: 12, criteriaPerAim: 6);
        await factory.SeedProgressAsync(large, large.CriterionIds[3]);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        await admin.GetDocumentAsync($"/admin/plans/{small.Slug}");

        factory.Queries.Reset();
        await admin.GetDocumentAsync($"/admin/plans/{small.Slug}");
        var smallCount = factory.Queries.Count;
        factory.Queries.Reset();
        var page = await admin.GetDocumentAsync($"/admin/plans/{large.Slug}");
        var largeCount = factory.Queries.Count;

        Assert.Contains("Aim number 12", page.MainText(), StringComparison.Ordinal);
        Assert.Equal(smallCount, largeCount);
        Assert.InRange(largeCount, 1, 15);
    }

    private static string[] PageUrls(SeededPlan plan) =>
    [
        "/admin/plans", "/admin/plans/new", $"/admin/plans/{plan.Slug}", $"/admin/plans/{plan.Slug}/details",
        $"/admin/plans/{plan.Slug}/horizons/new", $"/admin/plans/{plan.Slug}/themes/new", $"/admin/plans/{plan.Slug}/themes/{plan.ThemeIds[0]}",
        $"/admin/plans/{plan.Slug}/aims/new", $"/admin/plans/{plan.Slug}/aims/{plan.AimIds[0]}", $"/admin/plans/{plan.Slug}/aims/{plan.AimIds[0]}/remove",
        $"/admin/plans/{plan.Slug}/aims/{plan.AimIds[0]}/criteria/new", $"/admin/plans/{plan.Slug}/criteria/{plan.CriterionIds[0]}",
        $"/admin/plans/{plan.Slug}/criteria/{plan.CriterionIds[0]}/remove", $"/admin/plans/{plan.Slug}/publish", $"/admin/plans/{plan.Slug}/archive",
        $"/admin/plans/{plan.Slug}/cycles", $"/admin/plans/{plan.Slug}/cycles/new", $"/admin/plans/{plan.Slug}/cycles/termly",
    ];

    private static IEnumerable<(string Url, Dictionary<string, string> Fields)> Posts(SeededPlan plan, Guid version)
    {
        var v = ("Form.Version", $"{version}");
        var p = $"/admin/plans/{plan.Slug}";
        yield return ($"{p}/details", Fields(("Form.Title", "Hijacked"), ("Form.StartYear", $"{plan.StartYear}"), ("Form.EndYear", $"{plan.EndYear}"), v));
        yield return ($"{p}/themes/new", Fields(("Form.Title", "Hijacked"), v));
        yield return ($"{p}/themes/{plan.ThemeIds[0]}", Fields(("Form.Title", "Hijacked"), v));
        yield return ($"{p}/themes/{plan.ThemeIds[1]}/remove", Fields(v));
        yield return ($"{p}/horizons/new", Fields(("Form.Name", "Hijacked"), v));
        yield return ($"{p}/aims/new", Fields(("Form.Number", "50"), ("Form.Title", "Hijacked"), ("Form.ThemeId", $"{plan.ThemeIds[0]}"), v));
        yield return ($"{p}/aims/{plan.AimIds[0]}", Fields(("Form.Number", "1"), ("Form.Title", "Hijacked"), ("Form.ThemeId", $"{plan.ThemeIds[0]}"), v));
        yield return ($"{p}/aims/{plan.AimIds[0]}/remove", Fields(v));
        yield return ($"{p}/aims/{plan.AimIds[0]}/criteria/new", Fields(("Form.Text", "Hijacked"), v));
        yield return ($"{p}/criteria/{plan.CriterionIds[0]}", Fields(("Form.Text", "Hijacked"), v));
        yield return ($"{p}/criteria/{plan.CriterionIds[0]}/remove", Fields(v));
        yield return ($"{p}/move", Fields(("Kind", "aim"), ("Id", $"{plan.AimIds[1]}"), ("Direction", "up"), ("Version", $"{version}")));
        yield return ($"{p}/renumber", Fields(v));
        yield return ($"{p}/publish", Fields(v));
        yield return ($"{p}/archive", Fields(v));
        yield return ($"{p}/cycles/new", Fields(("Form.Name", "Hijacked"), ("Form.OpensOn.Day", "1"), ("Form.OpensOn.Month", "11"), ("Form.OpensOn.Year", $"{plan.StartYear}"),
            ("Form.ClosesOn.Day", "1"), ("Form.ClosesOn.Month", "12"), ("Form.ClosesOn.Year", $"{plan.StartYear}")));
        yield return ($"{p}/cycles/termly", Fields(("Form.AcademicYear", $"{plan.StartYear}")));
    }

    private async Task AssertUnchangedAsync(SeededPlan plan, Guid version)
    {
        Assert.Equal(version, await factory.PlanVersionAsync(plan.Id));
        var snapshot = await factory.ReadAsync(db => db.StrategicPlans.AsNoTracking().Where(p => p.Id == plan.Id)
            .Select(p => new { p.Title, p.Status, Themes = p.Themes.Count, Horizons = p.Horizons.Count, Aims = p.Themes.SelectMany(t => t.Aims).Count(), Criteria = p.Themes.SelectMany(t => t.Aims).SelectMany(a => a.Criteria).Count() })
            .SingleAsync());
        Assert.Equal(($"Test plan {plan.StartYear}", PlanStatus.Draft, 2, 1, 2, 4), (snapshot.Title, snapshot.Status, snapshot.Themes, snapshot.Horizons, snapshot.Aims, snapshot.Criteria));
        Assert.Equal(0, await factory.ReadAsync(db => db.ReviewCycles.CountAsync(c => c.StrategicPlanId == plan.Id)));
    }

    internal static async Task<AngleSharp.Dom.IDocument> DocAsync(HttpResponseMessage response) =>
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    private static async Task<HttpResponseMessage> PostPairsAsync(HttpClient client, string url, List<KeyValuePair<string, string>> fields)
    {
        var token = await client.TokenFromAsync(url);
        fields.Add(new("__RequestVerificationToken", token));
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(url, UriKind.Relative), content);
    }
}
