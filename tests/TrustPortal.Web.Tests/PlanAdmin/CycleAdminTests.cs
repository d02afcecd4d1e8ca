using System.Net;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.PlanAdmin;

[Collection(SharedPortal.Name)]
public sealed class CycleAdminTests(PortalFactory factory)
{
    private static Dictionary<string, string> Fields(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    private static Dictionary<string, string> CycleFields(string name, DateOnly opens, DateOnly closes, Guid? version = null) => Fields(
        ("Form.Name", name),
        ("Form.OpensOn.Day", $"{opens.Day}"), ("Form.OpensOn.Month", $"{opens.Month}"), ("Form.OpensOn.Year", $"{opens.Year}"),
        ("Form.ClosesOn.Day", $"{closes.Day}"), ("Form.ClosesOn.Month", $"{closes.Month}"), ("Form.ClosesOn.Year", $"{closes.Year}"),
        ("Form.Version", $"{version ?? Guid.Empty}"));

    private Task<ReviewCycle> CycleAsync(int planId, string name) =>
        factory.ReadAsync(db => db.ReviewCycles.AsNoTracking().SingleAsync(c => c.StrategicPlanId == planId && c.Name == name));

    [Fact]
    public async Task A_cycle_is_added_opened_for_a_published_plan_and_closed_after_confirmation_then_read_only()
    {
        var plan = await factory.SeedPlanAsync(PlanStatus.Published);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var cycles = $"/admin/plans/{plan.Slug}/cycles";
        using (var r = await admin.PostFormAsync($"{cycles}/new", CycleFields("Autumn term", new DateOnly(plan.StartYear, 11, 2), new DateOnly(plan.StartYear, 12, 11))))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var cycle = await CycleAsync(plan.Id, "Autumn term");
        Assert.Equal(CycleState.Planned, cycle.State);
        using (var r = await admin.PostFormAsync($"{cycles}/{cycle.Id}/open", Fields(("Version", $"{cycle.Version}")), tokenPage: cycles))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        cycle = await CycleAsync(plan.Id, "Autumn term");
        Assert.Equal(CycleState.Open, cycle.State);

        var confirm = await admin.GetDocumentAsync($"{cycles}/{cycle.Id}/close");
        Assert.Contains("Close Autumn term?", confirm.MainText(), StringComparison.Ordinal);
        using (var r = await admin.PostFormAsync($"{cycles}/{cycle.Id}/close", Fields(("Version", $"{cycle.Version}"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        cycle = await CycleAsync(plan.Id, "Autumn term");
        Assert.Equal(CycleState.Closed, cycle.State);

        var page = await admin.GetDocumentAsync($"{cycles}/{cycle.Id}");
        Assert.Contains("closed and read-only", page.MainText(), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form"));
        using var edit = await admin.PostFormAsync($"{cycles}/{cycle.Id}", CycleFields("Renamed", new DateOnly(plan.StartYear, 11, 2), new DateOnly(plan.StartYear, 12, 11), cycle.Version), tokenPage: cycles);
        Assert.Contains("is closed and read-only", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Autumn term", (await CycleAsync(plan.Id, "Autumn term")).Name);
    }

    [Fact]
    public async Task A_draft_plans_cycle_cannot_be_opened()
    {
        var plan = await factory.SeedPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var cycles = $"/admin/plans/{plan.Slug}/cycles";
        using (var r = await admin.PostFormAsync($"{cycles}/new", CycleFields("Spring", new DateOnly(plan.StartYear, 3, 1), new DateOnly(plan.StartYear, 3, 27))))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var cycle = await CycleAsync(plan.Id, "Spring");
        using (var r = await admin.PostFormAsync($"{cycles}/{cycle.Id}/open", Fields(("Version", $"{cycle.Version}")), tokenPage: cycles))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        Assert.Contains("Only the cycles of a published plan can be opened", (await admin.GetDocumentAsync(cycles)).MainText(), StringComparison.Ordinal);
        Assert.Equal(CycleState.Planned, (await CycleAsync(plan.Id, "Spring")).State);
    }

    [Fact]
    public async Task Impossible_and_missing_dates_get_clear_messages_with_the_input_kept()
    {
        var plan = await factory.SeedPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        using var r = await admin.PostFormAsync($"/admin/plans/{plan.Slug}/cycles/new", Fields(
            ("Form.Name", "Kept name"), ("Form.OpensOn.Day", "30"), ("Form.OpensOn.Month", "2"), ("Form.OpensOn.Year", "2031"),
            ("Form.ClosesOn.Day", "12"), ("Form.ClosesOn.Year", "2031")));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = await PlanAdminTests.DocAsync(r);
        var summary = doc.QuerySelector(".govuk-error-summary")!;
        Assert.Contains("The date the cycle opens must be a real date", summary.TextContent, StringComparison.Ordinal);
        Assert.Contains("The date returns are due must include a month", summary.TextContent, StringComparison.Ordinal);
        Assert.NotNull(summary.QuerySelector("a[href='#Form_ClosesOn_Month']"));
        Assert.Equal("30", doc.QuerySelector("#Form_OpensOn_Day")!.GetAttribute("value"));
        Assert.Contains("govuk-input--error", doc.QuerySelector("#Form_ClosesOn_Month")!.ClassName, StringComparison.Ordinal);
        Assert.Equal("Kept name", doc.QuerySelector("#Form_Name")!.GetAttribute("value"));

        using var backwards = await admin.PostFormAsync($"/admin/plans/{plan.Slug}/cycles/new", CycleFields("Backwards", new DateOnly(2031, 12, 1), new DateOnly(2031, 11, 1)));
        Assert.Contains("A cycle closes on or after the day it opens", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var tooLong = await admin.PostFormAsync($"/admin/plans/{plan.Slug}/cycles/new", CycleFields(new string('x', 201), new DateOnly(2031, 11, 1), new DateOnly(2031, 12, 1)));
        Assert.Contains("Name must be 200 characters or fewer", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await factory.ReadAsync(db => db.ReviewCycles.CountAsync(c => c.StrategicPlanId == plan.Id)));
    }

    [Fact]
    public async Task Termly_cycles_are_added_for_an_academic_year_once()
    {
        var plan = await factory.SeedPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var url = $"/admin/plans/{plan.Slug}/cycles/termly";
        using (var r = await admin.PostFormAsync(url, Fields(("Form.AcademicYear", $"{plan.StartYear}"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var names = await factory.ReadAsync(db => db.ReviewCycles.Where(c => c.StrategicPlanId == plan.Id).Select(c => c.Name).ToListAsync());
        Assert.Equal([$"Autumn {plan.StartYear}", $"Spring {plan.StartYear + 1}", $"Summer {plan.StartYear + 1}"], names.Order());
        using var again = await admin.PostFormAsync(url, Fields(("Form.AcademicYear", $"{plan.StartYear}")));
        Assert.Contains("The plan already has", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var bad = await admin.PostFormAsync(url, Fields(("Form.AcademicYear", "26")));
        Assert.Contains("Enter the year as 4 numbers", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, await factory.ReadAsync(db => db.ReviewCycles.CountAsync(c => c.StrategicPlanId == plan.Id)));
    }

    [Fact]
    public async Task Editing_a_cycle_from_an_old_version_shows_the_other_version_and_keeps_the_input()
    {
        var plan = await factory.SeedPlanAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, PlanSeeds.Trust);
        var cycles = $"/admin/plans/{plan.Slug}/cycles";
        using (var r = await admin.PostFormAsync($"{cycles}/new", CycleFields("Summer", new DateOnly(plan.StartYear, 6, 1), new DateOnly(plan.StartYear, 7, 10))))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var cycle = await CycleAsync(plan.Id, "Summer");
        var stale = cycle.Version;
        using (var r = await admin.PostFormAsync($"{cycles}/{cycle.Id}", CycleFields("Summer term", new DateOnly(plan.StartYear, 6, 2), new DateOnly(plan.StartYear, 7, 10), stale)))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        using var late = await admin.PostFormAsync($"{cycles}/{cycle.Id}", CycleFields("My summer", new DateOnly(plan.StartYear, 6, 3), new DateOnly(plan.StartYear, 7, 11), stale));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var doc = await PlanAdminTests.DocAsync(late);
        Assert.Contains("Another administrator changed this cycle", doc.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Summer term", doc.QuerySelector(".app-conflict")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("My summer", doc.QuerySelector("#Form_Name")!.GetAttribute("value"));
        var saved = await factory.ReadAsync(db => db.ReviewCycles.AsNoTracking().SingleAsync(c => c.Id == cycle.Id));
        Assert.Equal(("Summer term", new DateOnly(plan.StartYear, 6, 2)), (saved.Name, saved.OpensOn));
        Assert.Equal($"{saved.Version}", doc.QuerySelector("input[name='Form.Version']")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Headteacher)]
    [InlineData(Roles.Trustee)]
    public async Task Other_roles_cannot_open_close_or_change_a_cycle(string role)
    {
        var plan = await factory.SeedPlanAsync(PlanStatus.Published);
        var cycleId = await factory.SeedProgressAsync(plan, plan.CriterionIds[0]);
        var before = await factory.ReadAsync(db => db.ReviewCycles.AsNoTracking().SingleAsync(c => c.Id == cycleId));
        var (client, _, _, _) = await factory.SignedInClientAsync(role, PlanSeeds.Trust);
        var cycles = $"/admin/plans/{plan.Slug}/cycles";
        foreach (var url in new[] { $"{cycles}/{cycleId}", $"{cycles}/{cycleId}/close" })
        {
            using var get = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        }
        foreach (var url in new[] { $"{cycles}/{cycleId}/close", $"{cycles}/{cycleId}/open" })
        {
            using var post = await client.PostFormAsync(url, Fields(("Version", $"{before.Version}")), tokenPage: "/me");
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }
        using (var post = await client.PostFormAsync($"{cycles}/{cycleId}", CycleFields("Hijacked", before.OpensOn, before.ClosesOn, before.Version), tokenPage: "/me"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }
        var after = await factory.ReadAsync(db => db.ReviewCycles.AsNoTracking().SingleAsync(c => c.Id == cycleId));
        Assert.Equal((before.Name, before.State, before.Version), (after.Name, after.State, after.Version));
    }

    [Fact]
    public async Task Another_trusts_administrator_cannot_close_the_cycle()
    {
        var plan = await factory.SeedPlanAsync(PlanStatus.Published);
        var cycleId = await factory.SeedProgressAsync(plan, plan.CriterionIds[0]);
        var before = await factory.ReadAsync(db => db.ReviewCycles.AsNoTracking().SingleAsync(c => c.Id == cycleId));
        var (other, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, "create-partnership-trust");
        using var post = await other.PostFormAsync($"/admin/plans/{plan.Slug}/cycles/{cycleId}/close", Fields(("Version", $"{before.Version}")), tokenPage: "/admin/plans");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        using var get = await other.GetAsync(new Uri($"/admin/plans/{plan.Slug}/cycles/{cycleId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(CycleState.Open, (await factory.ReadAsync(db => db.ReviewCycles.AsNoTracking().SingleAsync(c => c.Id == cycleId))).State);
    }
}
