using TrustPortal.Domain;
using TrustPortal.Domain.Plans;

namespace TrustPortal.UnitTests.Plans;

public sealed class StrategicPlanRulesTests
{
    private static StrategicPlan NewPlan() => new(1, "2025-2028", "Strategic Plan 2025 – 2028", 2025, 2028);

    [Fact]
    public void A_new_plan_is_a_draft_with_its_period()
    {
        var plan = NewPlan();
        Assert.Equal(PlanStatus.Draft, plan.Status);
        Assert.Equal("2025\u20132028", plan.Period);
    }

    [Theory]
    [InlineData(2028, 2025)]
    [InlineData(2025, 2025)]
    [InlineData(1999, 2002)]
    [InlineData(2025, 2040)]
    public void A_plan_period_must_make_sense(int start, int end) =>
        Assert.Throws<DomainRuleException>(() => new StrategicPlan(1, "p", "Plan", start, end));

    [Fact]
    public void A_plan_may_state_no_period_but_not_half_of_one()
    {
        Assert.Null(new StrategicPlan(1, "p1", "Plan", null, null).Period);
        Assert.Throws<DomainRuleException>(() => new StrategicPlan(1, "p2", "Plan", 2025, null));
    }

    [Fact]
    public void An_empty_plan_cannot_be_published()
    {
        var plan = NewPlan();
        var theme = plan.AddTheme("Helping children step into their greatness");
        plan.AddAim(theme, 1, "achieving the highest outcomes", null);
        Assert.Throws<DomainRuleException>(plan.PublishForSeeding);
    }

    [Fact]
    public void A_plan_with_a_criterion_can_be_published_and_archived_but_not_republished()
    {
        var plan = NewPlan();
        var theme = plan.AddTheme(null);
        plan.AddAim(theme, 1, "achieving the highest outcomes", null).AddCriterion("All children make exceptional progress from their starting points");
        plan.PublishForSeeding();
        Assert.Equal(PlanStatus.Published, plan.Status);
        plan.Archive();
        Assert.Throws<DomainRuleException>(plan.PublishForSeeding);
    }

    [Fact]
    public void Aim_numbers_are_unique_across_the_plans_themes()
    {
        var plan = NewPlan();
        var first = plan.AddTheme("Children");
        var second = plan.AddTheme("Staff");
        plan.AddAim(first, 1, "achieving the highest outcomes", null);
        Assert.Throws<DomainRuleException>(() => plan.AddAim(second, 1, "Fostering a joyful and purposeful workplace", null));
    }

    [Fact]
    public void Themes_and_horizons_of_another_plan_are_refused()
    {
        var plan = NewPlan();
        var other = new StrategicPlan(1, "other", "Other", null, null);
        Assert.Throws<DomainRuleException>(() => plan.AddAim(other.AddTheme(null), 1, "An aim", null));
        Assert.Throws<DomainRuleException>(() => plan.AddAim(plan.AddTheme(null), 1, "An aim", null, other.AddHorizon("short", "Short Term: First Year")));
    }

    [Fact]
    public void Framework_tags_must_be_known()
    {
        var plan = NewPlan();
        plan.EvaluateAgainst("tqd");
        plan.EvaluateAgainst("tqd");
        Assert.Single(plan.Frameworks);
        Assert.Throws<DomainRuleException>(() => plan.EvaluateAgainst("ofsted"));
        var aim = plan.AddAim(plan.AddTheme(null), 1, "An aim", null);
        aim.Tag("tqd-workforce");
        Assert.Throws<DomainRuleException>(() => aim.Tag("tqd-nonsense"));
    }

    [Fact]
    public void The_catalogue_holds_the_five_tqd_pillars_and_seven_cst_domains()
    {
        Assert.Equal(5, FrameworkCatalogue.Areas.Count(a => a.FrameworkCode == "tqd"));
        Assert.Equal(7, FrameworkCatalogue.Areas.Count(a => a.FrameworkCode == "cst"));
    }

    [Fact]
    public void Rewording_a_criterion_keeps_it_and_retiring_it_does_not_delete_it()
    {
        var plan = NewPlan();
        var aim = plan.AddAim(plan.AddTheme(null), 1, "An aim", null);
        var criterion = aim.AddCriterion("All children enjoy school");
        criterion.Reword("All children enjoy school and attend well", "Attendance at or above 96%", new DateOnly(2027, 7, 31), "An administrator", DateTimeOffset.UnixEpoch);
        Assert.Equal("Attendance at or above 96%", criterion.MeasurableTarget);
        criterion.Retire();
        Assert.True(criterion.IsRetired);
        Assert.Single(aim.Criteria);
    }

    [Fact]
    public void Horizon_keys_are_unique()
    {
        var plan = NewPlan();
        plan.AddHorizon("short", "Short Term: First Year");
        Assert.Throws<DomainRuleException>(() => plan.AddHorizon("short", "Again"));
    }
}
