namespace TrustPortal.Domain.Progress;

public enum ReturnState
{
    /// The school is still recording; drafts save without submitting.
    Draft = 0,
    /// Complete and locked, unless a trust administrator reopens it.
    Submitted = 1,
}

/// A school's return for one review cycle: the set of its progress updates, submitted together.
public sealed class SchoolReturn : IVersioned
{
    private SchoolReturn() { }

    public SchoolReturn(int schoolId, int reviewCycleId)
    {
        SchoolId = schoolId;
        ReviewCycleId = reviewCycleId;
        State = ReturnState.Draft;
        Version = Guid.NewGuid();
    }

    public int Id { get; private set; }
    public int SchoolId { get; private set; }
    public int ReviewCycleId { get; private set; }
    public ReturnState State { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public string? SubmittedBy { get; private set; }
    public DateTimeOffset? ReopenedAt { get; private set; }
    public string? ReopenedBy { get; private set; }
    public Guid Version { get; private set; }

    public void NewVersion() => Version = Guid.NewGuid();

    /// Throws unless the school may still change its updates for this cycle.
    public void EnsureEditable(ReviewCycle cycle)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        if (cycle.Id != ReviewCycleId)
        {
            throw new DomainRuleException("The return belongs to another cycle.");
        }
        if (!cycle.AcceptsUpdates)
        {
            throw new DomainRuleException(cycle.State == CycleState.Closed
                ? $"{cycle.Name} is closed: its returns are read-only."
                : $"{cycle.Name} is not open yet.");
        }
        if (State == ReturnState.Submitted)
        {
            throw new DomainRuleException("This return has been submitted. Ask a trust administrator to reopen it to make changes.");
        }
    }

    /// Submits the return: every current success criterion must have a status recorded this cycle.
    public void Submit(ReviewCycle cycle, int criteriaCount, int criteriaRecorded, string by, DateTimeOffset at)
    {
        EnsureEditable(cycle);
        if (criteriaRecorded < criteriaCount)
        {
            var left = criteriaCount - criteriaRecorded;
            throw new DomainRuleException($"{left} success {(left == 1 ? "criterion has" : "criteria have")} no update yet; record each before submitting.");
        }
        State = ReturnState.Submitted;
        SubmittedAt = at;
        SubmittedBy = Guard.Required(by, "Who submitted", Limits.Name);
    }

    public void Reopen(ReviewCycle cycle, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        if (State != ReturnState.Submitted)
        {
            throw new DomainRuleException("Only a submitted return can be reopened.");
        }
        if (cycle.State == CycleState.Closed)
        {
            throw new DomainRuleException($"{cycle.Name} is closed: its returns stay as they were submitted.");
        }
        State = ReturnState.Draft;
        ReopenedAt = at;
        ReopenedBy = Guard.Required(by, "Who reopened", Limits.Name);
    }
}
