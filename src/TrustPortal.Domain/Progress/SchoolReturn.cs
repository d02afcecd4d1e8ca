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

    /// The one admission rule for recording: may the school change its updates for this cycle now? The cycle must
    /// be open and the return (when there is one) not submitted. Pages ask it to decide whether to show the form.
    public static bool Admits(CycleState cycle, ReturnState? state) => cycle == CycleState.Open && state != ReturnState.Submitted;

    /// The school's return that a recording (or a submission) for the cycle goes into: the existing one, or a new draft
    /// when the school has recorded nothing yet this cycle. Throws, naming why, when the school may not record now.
    public static SchoolReturn Admit(SchoolReturn? existing, int schoolId, ReviewCycle cycle)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        if (existing is not null && (existing.SchoolId != schoolId || existing.ReviewCycleId != cycle.Id))
        {
            throw new DomainRuleException("The return belongs to another school or cycle.");
        }
        var admitted = existing ?? new SchoolReturn(schoolId, cycle.Id);
        admitted.EnsureEditable(cycle);
        return admitted;
    }

    private void EnsureEditable(ReviewCycle cycle)
    {
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
        ArgumentNullException.ThrowIfNull(cycle);
        Admit(this, SchoolId, cycle);
        if (criteriaRecorded < criteriaCount)
        {
            var left = criteriaCount - criteriaRecorded;
            throw new DomainRuleException($"{left} success {(left == 1 ? "criterion has" : "criteria have")} no update yet; record each before submitting.");
        }
        State = ReturnState.Submitted;
        SubmittedAt = at;
        SubmittedBy = Guard.Required(by, "Who submitted", Limits.Name);
    }

    /// Why the return was last reopened, as the administrator wrote it for the school's heads.
    public string? ReopenReason { get; private set; }

    public const int ReasonLimit = 2000;

    /// Names the "why are you changing it" input in a broken rule.
    public const string ChangeReasonField = "ChangeReason";

    /// Whether the trust has received this return before (it was submitted, then reopened): a change to what it
    /// received then needs a reason, which the next board pack shows beside the change.
    public bool WasSubmitted => SubmittedAt is not null;

    /// The reason for a change to an update: required when the update changes and the return was submitted before,
    /// optional otherwise.
    public string? ReasonForChange(bool changes, string? reason)
    {
        if (changes && WasSubmitted && string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainRuleException(ChangeReasonField, "Say why you are changing it: the return was submitted, so the trust has already seen it.");
        }
        return Guard.Optional(reason, "The reason for the change", ReasonLimit, ChangeReasonField);
    }

    /// Reopens a submitted return so its heads can change it; the reason is required and is sent to them.
    public void Reopen(ReviewCycle cycle, string reason, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainRuleException(nameof(ReopenReason), "Say why the return is being reopened: the school's heads will read it.");
        }
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
        ReopenReason = Guard.Required(reason, "Why it is reopened", ReasonLimit);
    }
}
