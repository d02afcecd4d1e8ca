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

/// What a school records each cycle, against a success criterion or against one of its own priorities.
public interface IProgressRecord
{
    ProgressEntry Entry { get; }
    Guid Version { get; }

    /// Records a new entry; returns false (and changes nothing) when it equals the current one.
    bool Record(ProgressEntry entry, string changedBy, DateTimeOffset at);
}

/// A school's progress against one success criterion in one review cycle. Every change is kept as a
/// revision, so heads, trustees and administrators see who changed what and how it moved.
public sealed class ProgressUpdate : IVersioned, IProgressRecord
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
        Version = Guid.NewGuid();
        Record(entry, changedBy, at);
    }

    public int Id { get; private set; }
    public int SchoolId { get; private set; }
    public int SuccessCriterionId { get; private set; }
    public int ReviewCycleId { get; private set; }
    public ProgressStatus Status { get; private set; }
    public Confidence? Confidence { get; private set; }
    public string? WhatWasDone { get; private set; }
    public string? Impact { get; private set; }
    public string? Evidence { get; private set; }
    public string? NextSteps { get; private set; }
    public string? Owner { get; private set; }
    public DateOnly? DueOn { get; private set; }
    /// The current value of the criterion's measure this cycle, when the criterion has one and the school gave it.
    public decimal? MeasuredValue { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }
    public bool IsExample { get; private set; }
    public Guid Version { get; private set; }
    public IReadOnlyList<ProgressRevision> Revisions => _revisions;
    public IReadOnlyList<EvidenceFile> Files => _files;

    public void NewVersion() => Version = Guid.NewGuid();

    public ProgressEntry Entry => new(Status, Confidence, WhatWasDone, Impact, Evidence, NextSteps, Owner, DueOn, MeasuredValue);

    /// Records a new entry; an entry identical to the current one (a double-submitted form) records nothing.
    /// Returns whether anything changed.
    public bool Record(ProgressEntry entry, string changedBy, DateTimeOffset at) => Record(entry, changedBy, at, null);

    /// Records a new entry with the reason for the change (asked for when the return had been submitted, see
    /// <see cref="SchoolReturn.ReasonForChange"/>); the reason is kept with the revision and shown in the next board pack.
    public bool Record(ProgressEntry entry, string changedBy, DateTimeOffset at, string? reason)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var valid = entry.Validated();
        if (UpdatedBy.Length > 0 && valid == Entry)
        {
            return false;
        }
        (Status, Confidence, WhatWasDone, Impact, Evidence, NextSteps, Owner, DueOn, MeasuredValue) =
            (valid.Status, valid.Confidence, valid.WhatWasDone, valid.Impact, valid.Evidence, valid.NextSteps, valid.Owner, valid.DueOn, valid.MeasuredValue);
        UpdatedBy = Guard.Required(changedBy, "Who made the change", Limits.Name);
        UpdatedAt = at;
        _revisions.Add(new ProgressRevision(valid, UpdatedBy, at, Guard.Optional(reason, "The reason for the change", SchoolReturn.ReasonLimit, SchoolReturn.ChangeReasonField)));
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
        Reason = reason;
        (Status, Confidence, WhatWasDone, Impact, Evidence, NextSteps, Owner, DueOn, MeasuredValue) =
            (entry.Status, entry.Confidence, entry.WhatWasDone, entry.Impact, entry.Evidence, entry.NextSteps, entry.Owner, entry.DueOn, entry.MeasuredValue);
        ChangedBy = changedBy;
        ChangedAt = at;
    }

    public int Id { get; private set; }
    public int ProgressUpdateId { get; private set; }
    public ProgressStatus Status { get; private set; }
    public Confidence? Confidence { get; private set; }
    public string? WhatWasDone { get; private set; }
    public string? Impact { get; private set; }
    public string? Evidence { get; private set; }
    public string? NextSteps { get; private set; }
    public string? Owner { get; private set; }
    public DateOnly? DueOn { get; private set; }
    public decimal? MeasuredValue { get; private set; }
    public string ChangedBy { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }
    /// Why it was changed, when the change came after the return was submitted.
    public string? Reason { get; private set; }
}
