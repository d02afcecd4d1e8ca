namespace TrustPortal.Domain.Progress;

/// Where a school stands against a success criterion. Always shown in words as well as colour.
public enum ProgressStatus
{
    NotStarted = 0,
    OffTrack = 1,
    AtRisk = 2,
    OnTrack = 3,
    Achieved = 4,
}

public enum Confidence
{
    Low = 0,
    Medium = 1,
    High = 2,
}

public static class ProgressText
{
    public static string Label(ProgressStatus status) => status switch
    {
        ProgressStatus.NotStarted => "Not started",
        ProgressStatus.OffTrack => "Off track",
        ProgressStatus.AtRisk => "At risk",
        ProgressStatus.OnTrack => "On track",
        ProgressStatus.Achieved => "Achieved",
        _ => status.ToString(),
    };

    /// Off track and at risk come first on every dashboard.
    public static bool IsException(ProgressStatus status) => status is ProgressStatus.OffTrack or ProgressStatus.AtRisk;
}

/// What a school's update says, as one value: what is recorded each time and kept in the history.
/// <param name="MeasuredValue">The current value of the criterion's measure (docs/adr/0144), when it has one; checked
/// against the measure by whoever records it (the recorder knows the measure, the entry does not).</param>
public sealed record ProgressEntry(
    ProgressStatus Status,
    Confidence? Confidence,
    string? WhatWasDone,
    string? Impact,
    string? Evidence,
    string? NextSteps,
    string? Owner,
    DateOnly? DueOn,
    decimal? MeasuredValue = null)
{
    public const int TextLimit = 8000;

    /// For EF only, which fills the properties from the columns: a school priority's table has no measured value,
    /// so the positional constructor cannot be bound there (docs/adr/0173).
    private ProgressEntry() : this(ProgressStatus.NotStarted, null, null, null, null, null, null, null) { }

    /// Trims the text and applies the length limits; throws with the field's name on a breach.
    public ProgressEntry Validated()
    {
        if (!Enum.IsDefined(Status))
        {
            throw new DomainRuleException("Choose a status.");
        }
        if (Confidence is { } c && !Enum.IsDefined(c))
        {
            throw new DomainRuleException("Choose a confidence.");
        }
        return this with
        {
            WhatWasDone = Guard.Optional(WhatWasDone, "What was done", TextLimit),
            Impact = Guard.Optional(Impact, "Impact", TextLimit),
            Evidence = Guard.Optional(Evidence, "Evidence", TextLimit),
            NextSteps = Guard.Optional(NextSteps, "Next steps", TextLimit),
            Owner = Guard.Optional(Owner, "Owner", Limits.Name),
        };
    }
}

/// What a school records each cycle, against a success criterion or against one of its own priorities: the current
/// entry (stored as one value, docs/adr/0173), who recorded it and when, and the token that catches a lost update.
public abstract class ProgressRecord : IVersioned
{
    /// Set by the first <see cref="Record"/>, in every constructor (and by EF when loaded).
    public ProgressEntry Entry { get; private set; } = null!;
    public string UpdatedBy { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }
    public Guid Version { get; private set; }

    public void NewVersion() => Version = Guid.NewGuid();

    /// Records a new entry; returns false (and changes nothing) when it equals the current one.
    public abstract bool Record(ProgressEntry entry, string changedBy, DateTimeOffset at);

    /// Takes a valid entry unless it equals the current one (a double-submitted form records nothing).
    /// Returns whether anything changed.
    protected bool Take(ProgressEntry entry, string changedBy, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var valid = entry.Validated();
        if (UpdatedBy.Length > 0 && valid == Entry)
        {
            return false;
        }
        Entry = valid;
        UpdatedBy = Guard.Required(changedBy, "Who made the change", Limits.Name);
        UpdatedAt = at;
        return true;
    }
}

/// A school's progress against one success criterion in one review cycle. Every change is kept as a
/// revision, so heads, trustees and administrators see who changed what and how it moved.
public sealed class ProgressUpdate : ProgressRecord
{
    /// How many evidence files one update may carry.
    public const int FileLimit = 20;

    private readonly List<ProgressRevision> _revisions = [];
    private readonly List<EvidenceFile> _files = [];

    private ProgressUpdate() { }

    public ProgressUpdate(int schoolId, int successCriterionId, int reviewCycleId, ProgressEntry entry, string changedBy, DateTimeOffset at)
    {
        SchoolId = schoolId;
        SuccessCriterionId = successCriterionId;
        ReviewCycleId = reviewCycleId;
        NewVersion();
        Record(entry, changedBy, at, null);
    }

    public int Id { get; private set; }
    public int SchoolId { get; private set; }
    public int SuccessCriterionId { get; private set; }
    public int ReviewCycleId { get; private set; }
    public bool IsExample { get; private set; }
    public IReadOnlyList<ProgressRevision> Revisions => _revisions;
    public IReadOnlyList<EvidenceFile> Files => _files;

    /// Records a new entry; an entry identical to the current one (a double-submitted form) records nothing.
    /// Returns whether anything changed.
    public override bool Record(ProgressEntry entry, string changedBy, DateTimeOffset at) => Record(entry, changedBy, at, null);

    /// Records a new entry with the reason for the change (asked for when the return had been submitted, see
    /// <see cref="SchoolReturn.ReasonForChange"/>); the reason is kept with the revision and shown in the next board pack.
    public bool Record(ProgressEntry entry, string changedBy, DateTimeOffset at, string? reason)
    {
        if (!Take(entry, changedBy, at))
        {
            return false;
        }
        _revisions.Add(new ProgressRevision(Entry, UpdatedBy, at, Guard.Optional(reason, "The reason for the change", SchoolReturn.ReasonLimit, SchoolReturn.ChangeReasonField)));
        return true;
    }

    public void MarkAsExample() => IsExample = true;

    /// Attaches an evidence file; the update's files must be loaded.
    public void AttachFile(EvidenceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (_files.Count >= FileLimit)
        {
            throw new DomainRuleException(nameof(Files), $"An update can have at most {FileLimit} evidence files. Remove one before adding another.");
        }
        _files.Add(file);
    }

    /// Removes an evidence file and returns it (so its stored content can be deleted), or null when it is not here.
    public EvidenceFile? RemoveFile(int fileId)
    {
        var file = _files.Find(f => f.Id == fileId);
        if (file is not null)
        {
            _files.Remove(file);
        }
        return file;
    }
}

/// One change to a progress update, kept for the history.
public sealed class ProgressRevision
{
    private ProgressRevision() { }

    internal ProgressRevision(ProgressEntry entry, string changedBy, DateTimeOffset at, string? reason)
    {
        Entry = entry;
        ChangedBy = changedBy;
        ChangedAt = at;
        Reason = reason;
    }

    public int Id { get; private set; }
    public int ProgressUpdateId { get; private set; }
    /// What the update said after this change.
    public ProgressEntry Entry { get; private set; } = null!;
    public string ChangedBy { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }
    /// Why it was changed, when the change came after the return was submitted.
    public string? Reason { get; private set; }
}
