using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;

namespace TrustPortal.UnitTests.Plans;

/// The rules the pages obey are the only way in: no public overload skips them (issue 13, item 5). Seeding has one
/// clearly named path, PublishForSeeding, which skips only the period check (demo plans may state no period).
public sealed class NoBackDoorsTests
{
    private static StrategicPlan PlanWithACriterion(int start = 2026)
    {
        var plan = new StrategicPlan(1, $"plan-{start}", "Strategic plan", start, start + 2);
        plan.AddAim(plan.AddTheme(null), 1, "Achieving the highest outcomes", null).AddCriterion("Every child reads fluently by year 2");
        return plan;
    }

    [Fact]
    public void A_cycle_of_a_draft_plan_cannot_be_opened()
    {
        var cycle = new ReviewCycle(1, "Autumn 2026", new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 11));
        Assert.Throws<DomainRuleException>(() => cycle.Open(PlanStatus.Draft));
        Assert.Equal(CycleState.Planned, cycle.State);
        cycle.Open(PlanStatus.Published);
        Assert.Equal(CycleState.Open, cycle.State);
    }

    [Fact]
    public void A_plan_whose_period_overlaps_a_published_plan_cannot_be_published()
    {
        var plan = PlanWithACriterion(2026);
        var published = new[] { new PlanPeriod("older", "Older plan", 2027, 2029) };
        Assert.Throws<DomainRuleException>(() => plan.Publish(published));
        Assert.Equal(PlanStatus.Draft, plan.Status);
        plan.Publish([new PlanPeriod("older", "Older plan", 2020, 2023)]);
        Assert.Equal(PlanStatus.Published, plan.Status);
    }

    [Fact]
    public void A_plan_with_no_period_cannot_be_published_by_the_pages()
    {
        var plan = PlanWithACriterion();
        plan.SetPeriod(null, null);
        Assert.Throws<DomainRuleException>(() => plan.Publish([]));
    }

    [Fact]
    public void Seeding_still_keeps_the_plans_own_rules()
    {
        var empty = new StrategicPlan(1, "empty", "Empty plan", 2026, 2028);
        Assert.Throws<DomainRuleException>(empty.PublishForSeeding);
        var archived = PlanWithACriterion();
        archived.Archive();
        Assert.Throws<DomainRuleException>(archived.PublishForSeeding);
    }

    [Fact]
    public void An_archived_plans_period_cannot_change()
    {
        var plan = PlanWithACriterion();
        plan.Publish([]);
        plan.Archive();
        Assert.Throws<DomainRuleException>(() => plan.SetPeriod(2030, 2032));
        Assert.Equal(2026, plan.StartYear);
    }
}
