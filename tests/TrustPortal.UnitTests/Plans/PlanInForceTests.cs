using TrustPortal.Domain.Plans;

namespace TrustPortal.UnitTests.Plans;

public sealed class PlanInForceTests
{
    private static readonly DateOnly December2026 = new(2026, 12, 6);

    [Theory]
    [InlineData(2026, 8, 31, 2025)]
    [InlineData(2026, 9, 1, 2026)]
    [InlineData(2027, 1, 15, 2026)]
    public void The_school_year_starts_on_1_September(int year, int month, int day, int schoolYear) =>
        Assert.Equal(schoolYear, PlanInForce.SchoolYear(new DateOnly(year, month, day)));

    [Fact]
    public void The_plan_whose_period_covers_today_is_in_force_not_the_newest()
    {
        PlanTerm[] plans = [new(1, 2025, 2028, false), new(2, 2028, 2031, false)];
        Assert.Equal(1, PlanInForce.Choose(plans, December2026));
        // 2025–2028 runs to the end of August 2028; the next plan takes over on 1 September.
        Assert.Equal(1, PlanInForce.Choose(plans, new DateOnly(2028, 8, 31)));
        Assert.Equal(2, PlanInForce.Choose(plans, new DateOnly(2028, 9, 1)));
    }

    [Fact]
    public void The_plan_that_owns_the_open_cycle_is_in_force_even_past_its_period()
    {
        PlanTerm[] plans = [new(1, 2023, 2026, true), new(2, 2026, 2029, false)];
        Assert.Equal(1, PlanInForce.Choose(plans, December2026));
    }

    [Fact]
    public void Between_plans_the_last_one_that_started_stays_until_the_next_begins()
    {
        PlanTerm[] plans = [new(1, 2022, 2025, false), new(2, 2027, 2030, false)];
        Assert.Equal(1, PlanInForce.Choose(plans, December2026));
    }

    [Fact]
    public void With_only_plans_to_come_the_earliest_is_shown_and_with_none_nothing()
    {
        PlanTerm[] plans = [new(3, 2030, 2033, false), new(2, 2027, 2030, false)];
        Assert.Equal(2, PlanInForce.Choose(plans, December2026));
        Assert.Null(PlanInForce.Choose([], December2026));
    }

    [Fact]
    public void A_plan_with_no_period_covers_any_year()
    {
        Assert.True(PlanInForce.Covers(new PlanTerm(1, null, null, false), 2040));
        Assert.False(PlanInForce.Covers(new PlanTerm(1, 2025, 2028, false), 2028));
        Assert.True(PlanInForce.Covers(new PlanTerm(1, 2025, 2028, false), 2027));
    }
}
