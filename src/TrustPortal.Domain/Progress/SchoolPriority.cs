namespace TrustPortal.Domain.Progress;

/// A priority a school sets itself, linked to the trust aim it serves. Retired rather than deleted, so its
/// recorded progress stays readable.
public sealed class SchoolPriority : IVersioned
{
    public const int DescriptionLimit = 2000;

    private SchoolPriority() { }

    public SchoolPriority(int schoolId, int strategicAimId, string title, string? description, int position)
    {
        SchoolId = schoolId;
        Position = position;
        Version = Guid.NewGuid();
        Edit(strategicAimId, title, description);
    }

    public int Id { get; private set; }
    public int SchoolId { get; private set; }
    public int StrategicAimId { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public int Position { get; private set; }
    public bool IsRetired { get; private set; }
    public Guid Version { get; private set; }

    public void NewVersion() => Version = Guid.NewGuid();

    public void Edit(int strategicAimId, string title, string? description)
    {
        if (IsRetired)
        {
            throw new DomainRuleException("This priority is retired: it can no longer be changed.");
        }
        if (strategicAimId <= 0)
        {
            throw new DomainRuleException("Choose the trust aim this priority serves.");
        }
        StrategicAimId = strategicAimId;
        Title = Guard.Required(title, "The priority", Limits.Heading);
        Description = Guard.Optional(description, "The description", DescriptionLimit);
    }

    public void Retire() => IsRetired = true;
}

/// A school's progress against one of its own priorities in one review cycle: the same entry as for a success
/// criterion (status, confidence, narrative, owner, due date).
public sealed class PriorityUpdate : IVersioned, IProgressRecord
{
    private PriorityUpdate() { }

    public PriorityUpdate(int schoolPriorityId, int reviewCycleId, ProgressEntry entry, string changedBy, DateTimeOffset at)
    {
        SchoolPriorityId = schoolPriorityId;
        ReviewCycleId = reviewCycleId;
        Version = Guid.NewGuid();
        Record(entry, changedBy, at);
    }

    public int Id { get; private set; }
    public int SchoolPriorityId { get; private set; }
    public int ReviewCycleId { get; private set; }
    public ProgressStatus Status { get; private set; }
    public Confidence? Confidence { get; private set; }
    public string? WhatWasDone { get; private set; }
    public string? Impact { get; private set; }
    public string? Evidence { get; private set; }
    public string? NextSteps { get; private set; }
    public string? Owner { get; private set; }
    public DateOnly? DueOn { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }
    public Guid Version { get; private set; }

    public void NewVersion() => Version = Guid.NewGuid();

    public ProgressEntry Entry => new(Status, Confidence, WhatWasDone, Impact, Evidence, NextSteps, Owner, DueOn);

    /// Records a new entry; returns false (and changes nothing) when it equals the current one.
    public bool Record(ProgressEntry entry, string changedBy, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var valid = entry.Validated();
        if (valid.MeasuredValue is not null)
        {
            throw new DomainRuleException(nameof(ProgressEntry.MeasuredValue), "A school's own priority has no measure, so it takes no value.");
        }
        if (UpdatedBy.Length > 0 && valid == Entry)
        {
            return false;
        }
        (Status, Confidence, WhatWasDone, Impact, Evidence, NextSteps, Owner, DueOn) =
            (valid.Status, valid.Confidence, valid.WhatWasDone, valid.Impact, valid.Evidence, valid.NextSteps, valid.Owner, valid.DueOn);
        UpdatedBy = Guard.Required(changedBy, "Who made the change", Limits.Name);
        UpdatedAt = at;
        return true;
    }
}
