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
/// criterion (status, confidence, narrative, owner, due date), with no measure and no revisions.
public sealed class PriorityUpdate : ProgressRecord
{
    private PriorityUpdate() { }

    public PriorityUpdate(int schoolPriorityId, int reviewCycleId, ProgressEntry entry, string changedBy, DateTimeOffset at)
    {
        SchoolPriorityId = schoolPriorityId;
        ReviewCycleId = reviewCycleId;
        NewVersion();
        Record(entry, changedBy, at);
    }

    public int Id { get; private set; }
    public int SchoolPriorityId { get; private set; }
    public int ReviewCycleId { get; private set; }

    public override bool Record(ProgressEntry entry, string changedBy, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.MeasuredValue is not null)
        {
            throw new DomainRuleException(nameof(ProgressEntry.MeasuredValue), "A school's own priority has no measure, so it takes no value.");
        }
        return Take(entry, changedBy, at);
    }
}
