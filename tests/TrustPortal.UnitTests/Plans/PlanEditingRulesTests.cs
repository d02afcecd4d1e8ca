using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;

namespace TrustPortal.UnitTests.Plans;

public sealed class PlanEditingRulesTests
{
    private static readonly IReadOnlySet<int> NoProgress = new HashSet<int>();
    private static readonly DateTimeOffset Noon = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private static StrategicPlan PlanWithTwoThemes(out PlanTheme first, out PlanTheme second)
    {
        var plan = new StrategicPlan(1, "2025-2028", "Strategic Plan", 2025, 2028);
        first = plan.AddTheme("Children");
        second = plan.AddTheme("Staff");
        plan.AddAim(first, 1, "Outcomes", null).AddCriterion("All children make progress");
        plan.AddAim(first, 2, "Attendance", null).AddCriterion("Attendance at 96%");
        plan.AddAim(second, 3, "Workload", null).AddCriterion("Staff survey improves");
        return plan;
    }

    [Fact]
    public void Plan_details_can_be_edited_with_the_usual_checks()
    {
        var plan = PlanWithTwoThemes(out _, out _);
        plan.EditDetails("New title", 2026, 2029, "An *introduction*", []);
        Assert.Equal(("New title", 2026, 2029, "An *introduction*"), (plan.Title, plan.StartYear, plan.EndYear, plan.Introduction));
        Assert.Throws<DomainRuleException>(() => plan.EditDetails("", 2026, 2029, null, []));
        Assert.Throws<DomainRuleException>(() => plan.EditDetails("Title", 2029, 2026, null, []));
    }

    [Fact]
    public void Themes_are_renamed_reordered_and_removed_only_when_empty()
    {
        var plan = PlanWithTwoThemes(out var first, out var second);
        plan.RenameTheme(first, "Our children");
        plan.MoveTheme(second, -1);
        Assert.Equal(["Staff", "Our children"], plan.Themes.OrderBy(t => t.Position).Select(t => t.Title));
        var error = Assert.Throws<DomainRuleException>(() => plan.RemoveTheme(first));
        Assert.Contains("still has aims", error.Message, StringComparison.Ordinal);
        var empty = plan.AddTheme("Empty");
        plan.RemoveTheme(empty);
        Assert.DoesNotContain(empty, plan.Themes);
    }

    [Fact]
    public void Moving_the_first_item_up_changes_nothing()
    {
        var plan = PlanWithTwoThemes(out var first, out _);
        plan.MoveTheme(first, -1);
        Assert.Equal(["Children", "Staff"], plan.Themes.OrderBy(t => t.Position).Select(t => t.Title));
    }

    [Fact]
    public void Aims_are_edited_reordered_moved_between_themes_and_renumbered()
    {
        var plan = PlanWithTwoThemes(out var first, out var second);
        var attendance = plan.Aims.Single(a => a.Number == 2);
        var horizon = plan.AddHorizon("Short term");
        plan.EditAim(attendance, 2, "Attendance and punctuality", "Every day counts", horizon, ["tqd-education", "cst-education"]);
        Assert.Equal(["cst-education", "tqd-education"], attendance.FrameworkTags.Select(t => t.Code).Order());
        plan.EditAim(attendance, 2, "Attendance and punctuality", null, null, ["tqd-education"]);
        Assert.Equal(["tqd-education"], attendance.FrameworkTags.Select(t => t.Code));
        Assert.Null(attendance.Horizon);

        plan.MoveAim(attendance, -1);
        Assert.Equal(["Attendance and punctuality", "Outcomes"], first.Aims.OrderBy(a => a.Position).Select(a => a.Title));

        plan.MoveAimToTheme(attendance, second);
        Assert.DoesNotContain(attendance, first.Aims);
        Assert.Equal(["Workload", "Attendance and punctuality"], second.Aims.OrderBy(a => a.Position).Select(a => a.Title));

        plan.RenumberAims();
        Assert.Equal([(1, "Outcomes"), (2, "Workload"), (3, "Attendance and punctuality")], plan.CurrentAims.Select(a => (a.Number, a.Title)));
    }

    [Fact]
    public void Aim_numbers_stay_unique_and_tags_must_be_known()
    {
        var plan = PlanWithTwoThemes(out _, out _);
        var aim = plan.Aims.Single(a => a.Number == 3);
        Assert.Throws<DomainRuleException>(() => plan.EditAim(aim, 1, "Workload", null, null, []));
        Assert.Throws<DomainRuleException>(() => plan.EditAim(aim, 3, "Workload", null, null, ["made-up"]));
    }

    [Fact]
    public void A_criterion_without_progress_is_deleted_from_a_draft()
    {
        var plan = PlanWithTwoThemes(out _, out _);
        var aim = plan.Aims.First();
        var extra = plan.AddCriterion(aim, "Extra", null, null);
        Assert.Equal(Removal.Deleted, plan.RemoveCriterion(extra, hasProgress: false));
        Assert.DoesNotContain(extra, aim.Criteria);
    }

    [Fact]
    public void A_criterion_with_progress_is_retired_even_in_a_draft_and_always_in_a_published_plan()
    {
        var plan = PlanWithTwoThemes(out _, out _);
        var aim = plan.Aims.First();
        var withProgress = plan.AddCriterion(aim, "Has progress", null, null);
        Assert.Equal(Removal.Retired, plan.RemoveCriterion(withProgress, hasProgress: true));
        Assert.Contains(withProgress, aim.Criteria);
        Assert.True(withProgress.IsRetired);

        plan.Publish([]);
        var noProgress = plan.AddCriterion(aim, "No progress yet", null, null);
        Assert.Equal(Removal.Retired, plan.RemoveCriterion(noProgress, hasProgress: false));
        Assert.Contains(noProgress, aim.Criteria);
    }

    [Fact]
    public void Criteria_are_reordered_among_the_current_ones()
    {
        var plan = PlanWithTwoThemes(out _, out _);
        var aim = plan.Aims.First();
        var second = plan.AddCriterion(aim, "Second", null, null);
        var third = plan.AddCriterion(aim, "Third", null, null);
        plan.RemoveCriterion(second, hasProgress: true);
        plan.MoveCriterion(third, -1);
        Assert.Equal(["Third", "All children make progress"], aim.CurrentCriteria.Select(c => c.Text));
        Assert.Throws<DomainRuleException>(() => plan.MoveCriterion(second, -1));
    }

    [Fact]
    public void Rewording_keeps_the_criterion_and_the_wording_each_update_answered()
    {
        var plan = PlanWithTwoThemes(out _, out _);
        var criterion = plan.Aims.First().Criteria[0];
        Assert.True(plan.EditCriterion(criterion, "All children make strong progress", "90% at expected", new DateOnly(2027, 7, 20), "Admin", Noon));
        Assert.False(plan.EditCriterion(criterion, "All children make strong progress", "90% at expected", new DateOnly(2027, 7, 20), "Admin", Noon.AddHours(1)));
        Assert.True(plan.EditCriterion(criterion, "Every child makes strong progress", "90% at expected", new DateOnly(2027, 7, 20), "Admin", Noon.AddDays(1)));

        Assert.Equal(2, criterion.Revisions.Count);
        Assert.Equal("All children make progress", criterion.WordingAt(Noon.AddMinutes(-1)).Text);
        Assert.Equal("All children make strong progress", criterion.WordingAt(Noon.AddHours(2)).Text);
        Assert.Equal("Every child makes strong progress", criterion.WordingAt(Noon.AddDays(2)).Text);
        Assert.Throws<DomainRuleException>(() => plan.EditCriterion(criterion, new string('x', Limits.Statement + 1), null, null, "Admin", Noon));
    }

    [Fact]
    public void An_aim_with_progress_is_retired_with_its_criteria_and_frees_its_number()
    {
        var plan = PlanWithTwoThemes(out var first, out _);
        plan.Publish([]);
        var aim = plan.Aims.First();
        Assert.Equal(Removal.Retired, plan.RemoveAim(aim, NoProgress));
        Assert.True(aim.IsRetired);
        Assert.All(aim.Criteria, c => Assert.True(c.IsRetired));
        Assert.Contains(aim, first.Aims);
        plan.AddAim(first, 1, "A new first aim", null);
        Assert.Throws<DomainRuleException>(() => plan.RemoveTheme(first));
    }

    [Fact]
    public void An_aim_without_progress_is_deleted_from_a_draft()
    {
        var plan = PlanWithTwoThemes(out var first, out _);
        var aim = plan.Aims.First();
        Assert.Equal(Removal.Deleted, plan.RemoveAim(aim, NoProgress));
        Assert.DoesNotContain(aim, first.Aims);
    }

    [Fact]
    public void Horizons_are_added_by_name_renamed_reordered_and_removed_only_when_unused()
    {
        var plan = PlanWithTwoThemes(out _, out _);
        var shortTerm = plan.AddHorizon("Short term");
        var shortAgain = plan.AddHorizon("Short term");
        Assert.Equal(("short-term", "short-term-2"), (shortTerm.Key, shortAgain.Key));
        plan.RenameHorizon(shortAgain, "Long term");
        plan.MoveHorizon(shortAgain, -1);
        Assert.Equal(["Long term", "Short term"], plan.Horizons.OrderBy(h => h.Position).Select(h => h.Name));
        var aim = plan.Aims.First();
        plan.EditAim(aim, aim.Number, aim.Title, null, shortTerm, []);
        var error = Assert.Throws<DomainRuleException>(() => plan.RemoveHorizon(shortTerm));
        Assert.Contains("Aim 1 uses", error.Message, StringComparison.Ordinal);
        plan.RemoveHorizon(shortAgain);
        Assert.Single(plan.Horizons);
    }

    [Fact]
    public void Publishing_is_refused_when_another_published_plan_covers_the_same_years()
    {
        var plan = PlanWithTwoThemes(out _, out _);
        var error = Assert.Throws<DomainRuleException>(() => plan.Publish([new PlanPeriod("older", "Our 2023 to 2026 plan", 2023, 2026)]));
        Assert.Contains("Our 2023 to 2026 plan", error.Message, StringComparison.Ordinal);
        Assert.Equal(PlanStatus.Draft, plan.Status);
        Assert.Throws<DomainRuleException>(() => plan.Publish([new PlanPeriod("undated", "Undated plan", null, null)]));

        plan.Publish([new PlanPeriod("older", "Older", 2022, 2025), new PlanPeriod("later", "Later", 2028, 2031), new PlanPeriod("2025-2028", "Itself", 2025, 2028)]);
        Assert.Equal(PlanStatus.Published, plan.Status);
        Assert.Throws<DomainRuleException>(() => plan.EditDetails(plan.Title, 2027, 2030, null, [new PlanPeriod("later", "Later", 2028, 2031)]));
    }

    [Fact]
    public void A_plan_without_a_period_cannot_be_published_by_an_administrator()
    {
        var plan = new StrategicPlan(1, "undated", "Plan", null, null);
        plan.AddAim(plan.AddTheme(null), 1, "Aim", null).AddCriterion("Criterion");
        Assert.Throws<DomainRuleException>(() => plan.Publish([]));
    }

    [Fact]
    public void An_archived_plan_is_read_only()
    {
        var plan = PlanWithTwoThemes(out var first, out _);
        plan.Archive();
        Assert.False(plan.IsEditable);
        Assert.Throws<DomainRuleException>(() => plan.AddTheme("More"));
        Assert.Throws<DomainRuleException>(() => plan.RenameTheme(first, "x"));
        Assert.Throws<DomainRuleException>(() => plan.EditDetails("x", 2025, 2028, null, []));
        Assert.Throws<DomainRuleException>(plan.Archive);
        Assert.Throws<DomainRuleException>(() => plan.Publish([]));
    }

    [Fact]
    public void A_copy_is_a_draft_with_the_structure_and_current_criteria_only()
    {
        var plan = PlanWithTwoThemes(out var first, out _);
        plan.EvaluateAgainst("tqd");
        plan.SetIntroduction("Intro");
        var horizon = plan.AddHorizon("Short term");
        var aim = plan.Aims.First();
        plan.EditAim(aim, 1, aim.Title, "Statement", horizon, ["tqd-workforce"]);
        plan.RemoveCriterion(plan.AddCriterion(aim, "Retired one", null, null), hasProgress: true);
        plan.EditCriterion(aim.Criteria[0], "Reworded", "Target", new DateOnly(2027, 1, 1), "Admin", Noon);
        plan.Publish([]);

        var copy = plan.CopyAsNewDraft("2028-2031", "Next plan", 2028, 2031);

        Assert.Equal((PlanStatus.Draft, "2028-2031", "Next plan", 2028, 2031, "Intro"), (copy.Status, copy.Slug, copy.Title, copy.StartYear, copy.EndYear, copy.Introduction));
        Assert.Equal(["tqd"], copy.Frameworks.Select(f => f.Code));
        Assert.Equal(["Children", "Staff"], copy.Themes.Select(t => t.Title));
        var copiedAim = copy.Aims.First();
        Assert.Equal((1, "Statement", "Short term"), (copiedAim.Number, copiedAim.Statement, copiedAim.Horizon?.Name));
        Assert.Same(copy.Horizons[0], copiedAim.Horizon);
        Assert.Equal(["tqd-workforce"], copiedAim.FrameworkTags.Select(t => t.Code));
        var criterion = Assert.Single(copiedAim.Criteria);
        Assert.Equal(("Reworded", "Target", new DateOnly(2027, 1, 1)), (criterion.Text, criterion.MeasurableTarget, criterion.TargetDate));
        Assert.Empty(criterion.Revisions);
        Assert.Equal(3, copy.Aims.Count());
        Assert.Equal(PlanStatus.Published, plan.Status);
        _ = first;
    }

    [Fact]
    public void Only_a_published_plans_cycles_open_and_a_closed_cycle_is_read_only()
    {
        var cycle = new ReviewCycle(1, "Autumn 2026", new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 11));
        Assert.Throws<DomainRuleException>(() => cycle.Open(PlanStatus.Draft));
        cycle.Edit("Autumn term 2026", new DateOnly(2026, 11, 3), new DateOnly(2026, 12, 12));
        cycle.Open(PlanStatus.Published);
        Assert.Throws<DomainRuleException>(() => cycle.Open(PlanStatus.Published));
        cycle.Close();
        Assert.Throws<DomainRuleException>(() => cycle.Edit("Changed", new DateOnly(2026, 11, 3), new DateOnly(2026, 12, 12)));
        Assert.Throws<DomainRuleException>(() => cycle.Rename("Changed"));
        Assert.Throws<DomainRuleException>(() => cycle.Open(PlanStatus.Published));
        Assert.Equal("Autumn term 2026", cycle.Name);
    }

    [Fact]
    public void Termly_cycles_are_autumn_spring_and_summer_of_the_academic_year()
    {
        var cycles = TermlyCycles.For(2026);
        Assert.Equal(["Autumn 2026", "Spring 2027", "Summer 2027"], cycles.Select(c => c.Name));
        Assert.All(cycles, c => Assert.True(c.OpensOn < c.ClosesOn));
        Assert.Equal(new DateOnly(2026, 11, 1), cycles[0].OpensOn);
        Assert.Equal(2027, cycles[2].ClosesOn.Year);
        Assert.Throws<DomainRuleException>(() => TermlyCycles.For(1999));
    }
}
