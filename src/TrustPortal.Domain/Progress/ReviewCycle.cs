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

    public void Rename(string name) => Name = Guard.Required(name, "Cycle name", Limits.Name);

    public void Reschedule(DateOnly opensOn, DateOnly closesOn)
    {
        if (closesOn < opensOn)
        {
            throw new DomainRuleException("A cycle closes on or after the day it opens.");
        }
        if (State == CycleState.Closed)
        {
            throw new DomainRuleException("A closed cycle cannot be rescheduled.");
        }
        OpensOn = opensOn;
        ClosesOn = closesOn;
    }

    public void Open()
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
