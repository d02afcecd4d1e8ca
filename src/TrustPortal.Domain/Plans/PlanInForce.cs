namespace TrustPortal.Domain.Plans;

/// A published plan as the rule for the plan in force sees it: its period and whether one of its review cycles is open.
public sealed record PlanTerm(int Id, int? StartYear, int? EndYear, bool HasOpenCycle);

/// Which published plan is the trust's plan now. Not the newest: a trust publishes next period's plan ahead of time,
/// and the board, the pack and the trust's home page keep the plan whose period it is until that period ends.
public static class PlanInForce
{
    /// The school year a day falls in, named by the calendar year in which it starts (1 September).
    public static int SchoolYear(DateOnly day) => day.Month >= 9 ? day.Year : day.Year - 1;

    /// Plans run from the start of their first year to the start of their last ("2025–2028" is the school years
    /// starting 2025, 2026 and 2027), the same reading as <see cref="PlanPeriod.Overlaps"/>; a plan with no period
    /// stated covers any year.
    public static bool Covers(PlanTerm plan, int schoolYear)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return (plan.StartYear is null || plan.StartYear <= schoolYear)
            && (plan.EndYear is null || schoolYear < Math.Max(plan.EndYear.Value, (plan.StartYear ?? plan.EndYear.Value) + 1));
    }

    /// In order: the plan that owns an open review cycle (schools are reporting against it); else the plan whose period
    /// covers today; else the latest plan that has started (the trust is between plans); else the earliest one still
    /// to come. Null when nothing is published.
    public static int? Choose(IEnumerable<PlanTerm> published, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(published);
        var plans = published.ToList();
        var year = SchoolYear(today);
        var chosen = plans.Where(p => p.HasOpenCycle).OrderByDescending(p => p.StartYear).ThenByDescending(p => p.Id).FirstOrDefault()
            ?? plans.Where(p => Covers(p, year)).OrderByDescending(p => p.StartYear).ThenByDescending(p => p.Id).FirstOrDefault()
            ?? plans.Where(p => p.StartYear <= year).OrderByDescending(p => p.StartYear).ThenByDescending(p => p.Id).FirstOrDefault()
            ?? plans.OrderBy(p => p.StartYear).ThenBy(p => p.Id).FirstOrDefault();
        return chosen?.Id;
    }
}
