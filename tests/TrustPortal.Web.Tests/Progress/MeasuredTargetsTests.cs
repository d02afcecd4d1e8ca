using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Plans;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.PlanAdmin;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;

namespace TrustPortal.Web.Tests.Progress;

/// Measured targets (issue 14, ADR 0144): the administrator sets a criterion's measure beside its words, the head
/// records the current value each cycle, and the criterion page and the board's drill-down show the values as a
/// chart with its table.
[Collection(SharedPortal.Name)]
public sealed class MeasuredTargetsTests(PortalFactory factory)
{
    private static readonly HtmlParser Parser = new();

    private static Dictionary<string, string> MeasureFields(string baseline, string target, string unit = "%", string direction = "HigherIsBetter",
        string day = "31", string month = "7", string? year = null, Guid? version = null) => new()
        {
            ["Form.Baseline"] = baseline,
            ["Form.Target"] = target,
            ["Form.Unit"] = unit,
            ["Form.Direction"] = direction,
            ["Form.TargetDate.Day"] = day,
            ["Form.TargetDate.Month"] = month,
            ["Form.TargetDate.Year"] = year ?? "",
            ["Form.Version"] = $"{version}",
        };

    [Fact]
    public async Task An_administrator_sets_a_measure_beside_a_criterion_and_the_trusts_words_stay_as_they_were()
    {
        var plan = await factory.SeedPlanAsync(PlanStatus.Published);
        var criterionId = plan.CriterionIds[0];
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var editor = await admin.GetDocumentAsync($"/admin/plans/{plan.Slug}");
        Assert.NotNull(editor.QuerySelector($"a[href='/admin/plans/{plan.Slug}/criteria/{criterionId}/measure']"));
        var form = await admin.GetDocumentAsync($"/admin/plans/{plan.Slug}/criteria/{criterionId}/measure");
        Assert.Contains("Criterion 1.1", form.QuerySelector("#criterion-words")!.TextContent, StringComparison.Ordinal);
        Assert.Null(form.QuerySelector("[name='Form.Text']"));

        using var saved = await admin.PostFormAsync($"/admin/plans/{plan.Slug}/criteria/{criterionId}/measure",
            MeasureFields("91", "96%", year: $"{plan.EndYear}", version: await factory.PlanVersionAsync(plan.Id)));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var criterion = await factory.ReadAsync(db => db.SuccessCriteria.Include(c => c.Revisions).AsNoTracking().SingleAsync(c => c.Id == criterionId));
        Assert.Equal(CriterionMeasure.Create(91, 96, "%", MeasureDirection.HigherIsBetter, new DateOnly(plan.EndYear, 7, 31)), criterion.Measure);
        Assert.Equal(("Criterion 1.1", "Target 96%"), (criterion.Text, criterion.MeasurableTarget));
        Assert.Empty(criterion.Revisions);
        var after = await admin.GetDocumentAsync($"/admin/plans/{plan.Slug}");
        Assert.Contains("Measure saved: 91% to 96%", after.MainText(), StringComparison.Ordinal);
        Assert.Contains("Measure: 91% to 96% by 31 July", after.QuerySelector($"#criterion-{criterionId}")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_measure_with_bad_input_is_shown_again_with_clear_messages_beside_the_fields_and_the_input_kept()
    {
        var plan = await factory.SeedPlanAsync(PlanStatus.Published);
        var criterionId = plan.CriterionIds[0];
        var url = $"/admin/plans/{plan.Slug}/criteria/{criterionId}/measure";
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var version = await factory.PlanVersionAsync(plan.Id);

        async Task<AngleSharp.Dom.IDocument> PostAsync(Dictionary<string, string> fields)
        {
            using var response = await admin.PostFormAsync(url, fields);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        }

        var notANumber = await PostAsync(MeasureFields("about ninety", "96", year: $"{plan.EndYear}", version: version));
        Assert.Contains("The baseline must be a number, like 94.5", notANumber.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(notANumber.QuerySelector(".govuk-error-summary a[href='#Form_Baseline']"));
        Assert.Equal("about ninety", notANumber.QuerySelector("#Form_Baseline")!.GetAttribute("value"));

        var wrongWay = await PostAsync(MeasureFields("96", "91", year: $"{plan.EndYear}", version: version));
        Assert.Contains("is below the baseline (96%), but a higher value is better", wrongWay.QuerySelector("#Form_Target-error")!.TextContent, StringComparison.Ordinal);

        var outsidePlan = await PostAsync(MeasureFields("91", "96", year: $"{plan.EndYear + 5}", version: version));
        Assert.Contains("The target date must fall within the plan", outsidePlan.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);

        var nothingChosen = await PostAsync(MeasureFields("91", "96", direction: "", year: "", day: "", month: "", version: version));
        var summary = nothingChosen.QuerySelector(".govuk-error-summary")!.TextContent;
        Assert.Contains("Choose whether a higher or a lower value is better", summary, StringComparison.Ordinal);
        Assert.Contains("Enter the target date", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("The field", summary, StringComparison.Ordinal);

        Assert.Null(await factory.ReadAsync(db => db.SuccessCriteria.Where(c => c.Id == criterionId).Select(c => c.MeasureTarget).SingleAsync()));
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Headteacher)]
    [InlineData(Roles.Trustee)]
    public async Task Only_an_administrator_may_set_or_remove_a_measure(string role)
    {
        var plan = await factory.SeedPlanAsync(PlanStatus.Published);
        var criterionId = plan.CriterionIds[0];
        var (client, _, _, _) = await factory.SignedInClientAsync(role, PlanSeeds.Trust);
        var url = $"/admin/plans/{plan.Slug}/criteria/{criterionId}/measure";
        await client.GetDocumentAsync(url, HttpStatusCode.Forbidden);
        using var posted = await client.PostFormAsync(url, MeasureFields("91", "96", year: $"{plan.EndYear}", version: await factory.PlanVersionAsync(plan.Id)), tokenPage: "/me");
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        using var removed = await client.PostFormAsync(url + "/remove", new Dictionary<string, string> { ["Version"] = $"{await factory.PlanVersionAsync(plan.Id)}" }, tokenPage: "/me");
        Assert.Equal(HttpStatusCode.Forbidden, removed.StatusCode);
        Assert.Null(await factory.ReadAsync(db => db.SuccessCriteria.Where(c => c.Id == criterionId).Select(c => c.MeasureTarget).SingleAsync()));
    }

    [Fact]
    public async Task A_head_records_the_current_value_and_sees_it_on_the_chart_the_table_and_the_check_page()
    {
        var trust = await factory.TrustWithHistoryAsync(cycles: 3);
        var (head, _, _, _) = await factory.HeadOfAsync(trust.Slug, trust.SchoolId);
        var url = $"/{trust.Slug}/progress/{trust.Urn}/criteria/{trust.CriterionIds[7]}";
        var page = await head.GetDocumentAsync(url);
        var input = page.QuerySelector("input[name='Form.MeasuredValue']")!;
        Assert.Equal("93.5", input.GetAttribute("value"));
        Assert.Contains("Baseline 91%, target 96% by 31 July 2028", page.QuerySelector("#Form_MeasuredValue-hint")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Last cycle: 92.5%", page.QuerySelector("#Form_MeasuredValue-hint")!.TextContent, StringComparison.Ordinal);

        using var saved = await head.PostFormAsync(url, FormFields(page, new Dictionary<string, string>(Entry()) { ["Form.MeasuredValue"] = "95.2%" }));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var updates = await factory.UpdatesAsync(trust.SchoolId);
        Assert.Equal(95.2m, updates.Single(u => u.SuccessCriterionId == trust.CriterionIds[7] && u.Revisions.Count == 3).Entry.MeasuredValue);
        var after = await head.GetDocumentAsync(url);
        var chart = after.QuerySelector("#measure svg[role='img']")!;
        Assert.Equal("measure-title measure-summary", chart.GetAttribute("aria-labelledby"));
        Assert.Contains("Latest value 95.2% in Cycle 3", after.QuerySelector("#measure-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(3, chart.QuerySelectorAll("circle[r='6']").Length);
        var rows = after.QuerySelectorAll("#measure-table tbody tr").Select(r => Pages.Collapse(r.TextContent)).ToList();
        Assert.Equal(["Cycle 1 91.5% 96%", "Cycle 2 92.5% 96%", "Cycle 3 95.2% 96%"], rows.Select(r => string.Join(' ', r.Split(' ').Take(4))));
        Assert.All(rows, r => Assert.Contains("Yes", r, StringComparison.Ordinal));

        var check = await head.GetDocumentAsync($"/{trust.Slug}/progress/{trust.Urn}/check");
        Assert.Contains("Value: 95.2%", check.MainText(), StringComparison.Ordinal);
        Assert.Null(check.QuerySelector("#missing-values"));
    }

    [Fact]
    public async Task A_value_the_measure_cannot_take_is_refused_beside_the_field_with_everything_typed_kept()
    {
        var trust = await factory.TrustWithHistoryAsync(cycles: 2);
        var (head, _, _, _) = await factory.HeadOfAsync(trust.Slug, trust.SchoolId);
        var url = $"/{trust.Slug}/progress/{trust.Urn}/criteria/{trust.CriterionIds[7]}";
        var page = await head.GetDocumentAsync(url);

        async Task ExpectRefusedAsync(string value, string message)
        {
            using var refused = await head.PostFormAsync(url, FormFields(page, new Dictionary<string, string>(Entry(done: "Kept as typed")) { ["Form.MeasuredValue"] = value }));
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var doc = await Parser.ParseDocumentAsync(await refused.Content.ReadAsStringAsync());
            Assert.Contains(message, doc.QuerySelector("#Form_MeasuredValue-error")!.TextContent, StringComparison.Ordinal);
            Assert.NotNull(doc.QuerySelector(".govuk-error-summary a[href='#Form_MeasuredValue']"));
            Assert.Equal(value, doc.QuerySelector("#Form_MeasuredValue")!.GetAttribute("value"));
            Assert.Equal("Kept as typed", doc.QuerySelector("#Form_WhatWasDone")!.TextContent.Trim());
        }

        await ExpectRefusedAsync("120", "The current value is a percentage, so it must be between 0 and 100");
        await ExpectRefusedAsync("ninety", "The current value must be a number, like 94.5");
        Assert.Equal(92.5m, (await factory.UpdatesAsync(trust.SchoolId)).Single(u => u.SuccessCriterionId == trust.CriterionIds[7] && u.Entry.WhatWasDone == "Work 1 revised").Entry.MeasuredValue);
    }

    [Fact]
    public async Task The_check_page_lists_a_measured_criterion_with_no_value_as_missing_and_still_lets_the_head_submit()
    {
        var trust = await factory.TrustWithHistoryAsync(cycles: 2);
        var (head, _, _, _) = await factory.HeadOfAsync(trust.Slug, trust.SchoolId);
        var url = $"/{trust.Slug}/progress/{trust.Urn}/criteria/{trust.CriterionIds[7]}";
        using (var cleared = await head.PostFormAsync(url, FormFields(await head.GetDocumentAsync(url), new Dictionary<string, string>(Entry()) { ["Form.MeasuredValue"] = "" })))
        {
            Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        }

        var check = await head.GetDocumentAsync($"/{trust.Slug}/progress/{trust.Urn}/check");

        Assert.Contains("Criterion 1.2.3", check.QuerySelector("#missing-values")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Value: missing", check.MainText(), StringComparison.Ordinal);
        Assert.NotNull(check.QuerySelector("form[action$='/submit']"));
    }

    [Fact]
    public async Task The_trustees_drill_down_shows_the_same_values_as_a_chart_with_its_table()
    {
        var trust = await factory.TrustWithHistoryAsync(cycles: 3);
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, trust.Slug);

        var page = await trustee.GetDocumentAsync($"/{trust.Slug}/board/schools/{trust.Urn}/criteria/{trust.CriterionIds[7]}");

        Assert.NotNull(page.QuerySelector("#measure svg[role='img'][aria-labelledby='measure-title measure-summary']"));
        Assert.Contains("Baseline 91%, target 96% by 31 July 2028 (higher is better)", page.QuerySelector("#measure-summary")!.TextContent, StringComparison.Ordinal);
        var values = page.QuerySelectorAll("#measure-table tbody tr td:nth-of-type(1)").Select(td => td.TextContent.Trim());
        Assert.Equal(["91.5%", "92.5%", "93.5%"], values);
        Assert.Contains(page.QuerySelectorAll(".govuk-summary-list__row"),
            row => row.QuerySelector("dt")?.TextContent == "Value" && row.QuerySelector("dd")?.TextContent == "93.5%");

        var unmeasured = await trustee.GetDocumentAsync($"/{trust.Slug}/board/schools/{trust.Urn}/criteria/{trust.CriterionIds[6]}");
        Assert.Null(unmeasured.QuerySelector("#measure"));
    }
}
