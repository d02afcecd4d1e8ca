using TrustPortal.Domain.Plans;

namespace TrustPortal.Domain.Progress;

public enum CycleState
{
    /// Defined but not yet open: schools cannot record against it.
    Planned = 0,
    /// Schools record progress and submit their returns.
    Open = 1,
    /// Read-only: the record of what schools reported.
    Closed = 2,
}

/// A review cycle of a plan, e.g. "Autumn 2025": when schools report progress against every success criterion.
public sealed class ReviewCycle : IVersioned
{
    private ReviewCycle() { }

    public ReviewCycle(int strategicPlanId, string name, DateOnly opensOn, DateOnly closesOn)
    {
        StrategicPlanId = strategicPlanId;
        Rename(name);
        Reschedule(opensOn, closesOn);
        State = CycleState.Planned;
        Version = Guid.NewGuid();
    }

    public int Id { get; private set; }
    public int StrategicPlanId { get; private set; }
    public string Name { get; private set; } = "";
    public DateOnly OpensOn { get; private set; }
    /// When returns are due.
    public DateOnly ClosesOn { get; private set; }
    public CycleState State { get; private set; }
    /// True for the example cycles the demo data adds.
    public bool IsExample { get; private set; }
    public Guid Version { get; private set; }

    public void NewVersion() => Version = Guid.NewGuid();

    public void Rename(string name)
    {
        EnsureNotClosed();
        Name = Guard.Required(name, "Cycle name", Limits.Name, nameof(Name));
    }

    /// Changes the name and dates together; a closed cycle is read-only.
    public void Edit(string name, DateOnly opensOn, DateOnly closesOn)
    {
        EnsureNotClosed();
        var valid = Guard.Required(name, "Cycle name", Limits.Name, nameof(Name));
        Reschedule(opensOn, closesOn);
        Name = valid;
    }

    private void EnsureNotClosed()
    {
        if (State == CycleState.Closed)
        {
            throw new DomainRuleException($"{Name} is closed and read-only: it is the record of what schools reported.");
        }
    }

    public void Reschedule(DateOnly opensOn, DateOnly closesOn)
    {
        if (closesOn < opensOn)
        {
            throw new DomainRuleException(nameof(ClosesOn), "A cycle closes on or after the day it opens.");
        }
        if (State == CycleState.Closed)
        {
            throw new DomainRuleException("A closed cycle cannot be rescheduled.");
        }
        OpensOn = opensOn;
        ClosesOn = closesOn;
    }

    /// Opens the cycle for returns; only a published plan's cycles open (a draft's criteria may still change).
    public void Open(PlanStatus planStatus)
    {
        if (planStatus != PlanStatus.Published)
        {
            throw new DomainRuleException("Only the cycles of a published plan can be opened. Publish the plan first.");
        }
        if (State == CycleState.Open)
        {
            throw new DomainRuleException($"{Name} is already open.");
        }
        OpenChecked();
    }

    private void OpenChecked()
    {
        if (State == CycleState.Closed)
        {
            throw new DomainRuleException("A closed cycle stays closed: it is the record of what schools reported.");
        }
        State = CycleState.Open;
    }

    public void Close()
    {
        if (State != CycleState.Open)
        {
            throw new DomainRuleException("Only an open cycle can be closed.");
        }
        State = CycleState.Closed;
    }

    public void MarkAsExample() => IsExample = true;

    /// Whether schools may record against this cycle.
    public bool AcceptsUpdates => State == CycleState.Open;

    /// Returns due and not in, once the closing date has passed.
    public bool IsOverdue(DateOnly today) => State == CycleState.Open && today > ClosesOn;
}

/// A cycle to be added: its name and dates.
public sealed record CycleDates(string Name, DateOnly OpensOn, DateOnly ClosesOn);

/// The usual three review cycles of an English academic year, with default dates an administrator can change.
public static class TermlyCycles
{
    /// Autumn, Spring and Summer of the academic year that starts in September of <paramref name="startYear"/>:
    /// each opens about five weeks before the end of its term, with returns due a week before the term ends.
    public static IReadOnlyList<CycleDates> For(int startYear)
    {
        if (startYear is < 2000 or > 2099)
        {
            throw new DomainRuleException("Give an academic year between 2000 and 2099.");
        }
        var next = startYear + 1;
        return
        [
            new($"Autumn {startYear}", new DateOnly(startYear, 11, 1), new DateOnly(startYear, 12, 12)),
            new($"Spring {next}", new DateOnly(next, 2, 24), new DateOnly(next, 3, 27)),
            new($"Summer {next}", new DateOnly(next, 6, 8), new DateOnly(next, 7, 10)),
        ];
    }
}
