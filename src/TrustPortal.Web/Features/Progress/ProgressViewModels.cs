using System.ComponentModel.DataAnnotations;
using System.Globalization;
using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Progress;

/// What a head posts for one success criterion. Never an entity: the controller turns it into a ProgressEntry.
public sealed class RecordProgressForm
{
    [Required(ErrorMessage = "Choose a status")]
    public ProgressStatus? Status { get; set; }

    public Confidence? Confidence { get; set; }

    [StringLength(ProgressEntry.TextLimit, ErrorMessage = "What was done must be 8,000 characters or fewer")]
    public string? WhatWasDone { get; set; }

    [StringLength(ProgressEntry.TextLimit, ErrorMessage = "Impact must be 8,000 characters or fewer")]
    public string? Impact { get; set; }

    [StringLength(ProgressEntry.TextLimit, ErrorMessage = "Evidence must be 8,000 characters or fewer")]
    public string? Evidence { get; set; }

    [StringLength(ProgressEntry.TextLimit, ErrorMessage = "Next steps must be 8,000 characters or fewer")]
    public string? NextSteps { get; set; }

    [StringLength(Limits.Name, ErrorMessage = "Owner must be 200 characters or fewer")]
    public string? Owner { get; set; }

    /// Posted as Form.DueOn.Day/.Month/.Year and shown by the one date input tag helper (govuk-date-input).
    public DateParts DueOn { get; set; } = new();

    /// Why a submitted (then reopened) return's update is changed: required then, shown in the next board pack.
    [StringLength(SchoolReturn.ReasonLimit, ErrorMessage = "The reason must be 2,000 characters or fewer")]
    public string? ChangeReason { get; set; }

    /// The current value of the criterion's measure, as typed ("94.5", "94.5%"); checked against the measure on save.
    [StringLength(30, ErrorMessage = "The current value must be 30 characters or fewer")]
    public string? MeasuredValue { get; set; }

    /// The version of the update the person saw when the form was rendered; empty when there was none yet.
    public Guid? Version { get; set; }

    /// Made when the form is rendered; a replayed POST carries the same key and records once.
    public Guid IdempotencyKey { get; set; }

    /// The token of a draft given back after sign-in, removed once the form is saved.
    [StringLength(64)]
    public string? Draft { get; set; }

    /// The ModelState key the due date's problem is shown under (the tag helper reads its parts' keys).
    public const string DueOnKey = "Form." + nameof(DueOn) + "." + nameof(DateParts.Day);

    /// The due date (optional), or null with an error message when the parts do not make a real date; read by
    /// DateParts like every date of the portal.
    public (DateOnly? Date, string? Error) ParseDueOn()
    {
        if (DueOn.IsEmpty)
        {
            return (null, null);
        }
        if (!DueOn.TryGet("Due date", out var date, out var error))
        {
            return (null, error);
        }
        return date.Year is < 2000 or > 2100 ? (null, "Due date must be between 2000 and 2100") : (date, null);
    }

    /// The form as it was typed when the session ended (docs/adr/0040), from the saved draft's fields.
    public static RecordProgressForm FromDraft(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        string? Get(string name) => fields.TryGetValue("Form." + name, out var v) ? v : null;
        var form = new RecordProgressForm
        {
            Status = Enum.TryParse<ProgressStatus>(Get(nameof(Status)), out var s) && Enum.IsDefined(s) ? s : null,
            Confidence = Enum.TryParse<Confidence>(Get(nameof(Confidence)), out var c) && Enum.IsDefined(c) ? c : null,
            WhatWasDone = Get(nameof(WhatWasDone)),
            Impact = Get(nameof(Impact)),
            Evidence = Get(nameof(Evidence)),
            NextSteps = Get(nameof(NextSteps)),
            Owner = Get(nameof(Owner)),
            // A draft kept before the due date became DateParts named its parts DueDay, DueMonth, DueYear.
            DueOn = new DateParts { Day = Get("DueOn.Day") ?? Get("DueDay"), Month = Get("DueOn.Month") ?? Get("DueMonth"), Year = Get("DueOn.Year") ?? Get("DueYear") },
            MeasuredValue = Get(nameof(MeasuredValue)),
            Version = Guid.TryParse(Get(nameof(Version)), out var version) ? version : null,
            IdempotencyKey = Guid.TryParse(Get(nameof(IdempotencyKey)), out var key) ? key : Guid.NewGuid(),
        };
        return form;
    }

    public static RecordProgressForm From(ProgressEntry? entry, Guid? version) => new()
    {
        Status = entry?.Status,
        Confidence = entry?.Confidence,
        WhatWasDone = entry?.WhatWasDone,
        Impact = entry?.Impact,
        Evidence = entry?.Evidence,
        NextSteps = entry?.NextSteps,
        Owner = entry?.Owner,
        DueOn = DateParts.From(entry?.DueOn),
        MeasuredValue = entry?.MeasuredValue is { } value ? MeasureNumber.Plain(value) : null,
        Version = version,
        IdempotencyKey = Guid.NewGuid(),
    };
}

public sealed record SchoolRef(int Id, int Urn, string Name, int TrustId);

/// <param name="PlanStartYear">The first year of the cycle's plan, where a measure's steady path starts.</param>
public sealed record CycleRef(int Id, int PlanId, string Name, DateOnly OpensOn, DateOnly ClosesOn, CycleState State, bool IsExample, int? PlanStartYear = null)
{
    public bool IsOpen => State == CycleState.Open;
}

public sealed record CriterionRow(int Id, string Text, string? MeasurableTarget, int AimId, int AimNumber, string AimTitle, int ThemeId, string? ThemeTitle)
{
    /// The numeric measure the trust set beside the words, if any (docs/adr/0144).
    public CriterionMeasure? Measure { get; init; }
}

public sealed record ReturnInfo(ReturnState State, DateTimeOffset? SubmittedAt, string? SubmittedBy, DateTimeOffset? ReopenedAt, string? ReopenedBy, string? ReopenReason = null);

public sealed record SchoolChoice(int Urn, string Name, ReturnState? Return);

public sealed record ProgressIndexViewModel(TrustBrand Trust, CycleRef? Cycle, IReadOnlyList<SchoolChoice> Schools, bool ShowsOwnSchools, bool IsAdmin) : ITrustPage
{
    public TrustSection Section => TrustSection.Progress;
}

/// <param name="MeasuredValue">The measure's value recorded this cycle, when the criterion has a measure.</param>
public sealed record CriterionStatus(ProgressStatus Status, bool IsExample, decimal? MeasuredValue = null);

public sealed record SchoolCriterionLine(CriterionRow Criterion, CriterionStatus? Current, ProgressStatus? Previous);

public sealed record AimGroup(int Number, string Title, IReadOnlyList<SchoolCriterionLine> Criteria);

public sealed record ThemeGroup(string? Title, IReadOnlyList<AimGroup> Aims);

public sealed record SchoolProgressViewModel(
    TrustBrand Trust, SchoolRef School, CycleRef? Cycle, string? PreviousCycleName, ReturnInfo? Return,
    IReadOnlyList<ThemeGroup> Themes, bool CanEdit, bool CanReopen) : ITrustPage
{
    public TrustSection Section => TrustSection.Progress;

    public int Total => Themes.Sum(t => t.Aims.Sum(a => a.Criteria.Count));

    public int ToDo => Themes.Sum(t => t.Aims.Sum(a => a.Criteria.Count(c => c.Current is null)));

    public bool IsSubmitted => Return?.State == ReturnState.Submitted;

    public bool CanRecord => CanEdit && Cycle is { } c && SchoolReturn.Admits(c.State, Return?.State);

    /// The school's own priorities, each under the trust aim it serves.
    public IReadOnlyList<PriorityLine> Priorities { get; init; } = [];

    /// Groups the flat criterion rows by theme and aim, in plan order.
    public static IReadOnlyList<ThemeGroup> Group(IEnumerable<SchoolCriterionLine> lines) =>
        lines.GroupBy(l => (l.Criterion.ThemeId, l.Criterion.ThemeTitle))
            .Select(t => new ThemeGroup(t.Key.ThemeTitle, t.GroupBy(l => (l.Criterion.AimId, l.Criterion.AimNumber, l.Criterion.AimTitle))
                .Select(a => new AimGroup(a.Key.AimNumber, a.Key.AimTitle, a.ToList())).ToList()))
            .ToList();
}

/// A school's saved entry for one criterion in one cycle, as the page shows it.
public sealed record SavedEntry(int CycleId, ProgressEntry Entry, string UpdatedBy, DateTimeOffset UpdatedAt, bool IsExample, Guid Version);

public sealed record RevisionRow(string CycleName, ProgressEntry Entry, string ChangedBy, DateTimeOffset ChangedAt);

public sealed record TrendPoint(string CycleName, ProgressStatus? Status);

/// A page with a progress form (a criterion's or a priority's), as a refused save shows it again.
public interface IRecordingPage<out TSelf>
{
    SavedEntry? Current { get; }

    /// "criterion" or "priority", in the conflict message.
    string Noun { get; }

    TSelf WithForm(RecordProgressForm form, SavedEntry? conflict);
}

public sealed record CriterionPageViewModel(
    TrustBrand Trust, SchoolRef School, CycleRef? Cycle, ReturnInfo? Return, CriterionRow Criterion,
    SavedEntry? Current, IReadOnlyList<TrendPoint> Trend, IReadOnlyList<RevisionRow> History,
    RecordProgressForm Form, bool CanEdit, SavedEntry? Conflict, bool DraftRestored) : ITrustPage, IRecordingPage<CriterionPageViewModel>
{
    public TrustSection Section => TrustSection.Progress;

    public bool CanRecord => CanEdit && Cycle is { } c && SchoolReturn.Admits(c.State, Return?.State);

    public string Noun => "criterion";

    public CriterionPageViewModel WithForm(RecordProgressForm form, SavedEntry? conflict) => this with { Form = form, Conflict = conflict };

    /// Last cycle's entry for this criterion, shown beside the form.
    public PreviousEntry? Previous { get; init; }

    /// The form holds last cycle's answers, not yet saved for this cycle.
    public bool StartedFromLast { get; init; }

    /// This criterion's place in the plan: "Criterion 3 of 28".
    public int Position { get; init; }

    public int Count { get; init; }

    public string PostUrl => $"/{Trust.Slug}/progress/{School.Urn}/criteria/{Criterion.Id}";

    /// The evidence files on this cycle's update.
    public IReadOnlyList<EvidenceFileRow> Files { get; init; } = [];

    /// The measure's values over the plan's cycles, when the criterion has a measure.
    public MeasureChartModel? Chart { get; init; }

    public long MaxEvidenceBytes { get; init; } = EvidenceFiles.DefaultMaxBytes;

    public string FileUrl(int fileId) => $"/{Trust.Slug}/progress/{School.Urn}/files/{fileId}";
}

public sealed record EvidenceFileRow(int Id, string Name, long Size, string UploadedBy, DateTimeOffset UploadedAt);

/// An evidence file as the trust-wide summary links to it.
public sealed record SummaryFile(int Id, int Urn, string Name, long Size);

public sealed record SummaryCriterion(CriterionRow Criterion, IReadOnlyDictionary<ProgressStatus, int> Counts, IReadOnlyList<SummaryNarrative> Narratives);

public sealed record SummaryNarrative(string School, ProgressStatus Status, string? WhatWasDone, string? Impact, string? NextSteps, bool IsExample)
{
    /// The update's evidence files the reader may open; empty when they may not.
    public IReadOnlyList<SummaryFile> Files { get; init; } = [];
}

public sealed record SummaryAim(int Number, string Title, IReadOnlyList<SummaryCriterion> Criteria);

public sealed record ProgressSummaryViewModel(TrustBrand Trust, CycleRef? Cycle, IReadOnlyList<CycleRef> Cycles, int SchoolCount, IReadOnlyList<SummaryAim> Aims) : ITrustPage
{
    public TrustSection Section => TrustSection.Progress;

    /// The reader sees submitted returns only (and a head their own schools' drafts): not a trustee or administrator.
    public bool SubmittedOnly { get; init; }
}

public enum ReturnProgress
{
    NotStarted,
    Draft,
    Submitted,
}

public sealed record ReturnRow(int Urn, string Name, ReturnProgress Progress, int Recorded, DateTimeOffset? SubmittedAt, string? SubmittedBy, int Heads);

public sealed record ReturnsViewModel(TrustBrand Trust, CycleRef? Cycle, int CriteriaCount, IReadOnlyList<ReturnRow> Schools) : ITrustPage
{
    public bool StaffMaySeeEvidence { get; init; }

    public TrustSection Section => TrustSection.Progress;
}

public static class ProgressDisplay
{
    public static string CssModifier(ProgressStatus status) => status switch
    {
        ProgressStatus.NotStarted => "not-started",
        ProgressStatus.OffTrack => "off-track",
        ProgressStatus.AtRisk => "at-risk",
        ProgressStatus.OnTrack => "on-track",
        _ => "achieved",
    };

    public static string Label(Confidence confidence) => confidence switch
    {
        Confidence.Low => "Low",
        Confidence.Medium => "Medium",
        _ => "High",
    };

    public static string Label(ReturnProgress progress) => progress switch
    {
        ReturnProgress.NotStarted => "Not started",
        ReturnProgress.Draft => "Draft",
        _ => "Submitted",
    };

    public static readonly IReadOnlyList<ProgressStatus> Statuses =
        [ProgressStatus.NotStarted, ProgressStatus.OffTrack, ProgressStatus.AtRisk, ProgressStatus.OnTrack, ProgressStatus.Achieved];

    public static string When(DateTimeOffset at) => at.ToString("d MMMM yyyy 'at' HH:mm", CultureInfo.GetCultureInfo("en-GB"));

    public static string Day(DateOnly on) => on.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
}

public sealed record AimRef(int Id, int Number, string Title);

public sealed record PriorityLine(int Id, string Title, int AimNumber, string AimTitle, ProgressStatus? Current);

public sealed record PriorityRow(int Id, string Title, string? Description, int AimNumber, string AimTitle, bool IsRetired);

public sealed record PriorityFormViewModel(TrustBrand Trust, SchoolRef School, int? PriorityId, EditPriorityForm Form, IReadOnlyList<KeyValuePair<string, string>> Aims) : ITrustPage
{
    public TrustSection Section => TrustSection.Progress;

    public string PostUrl => PriorityId is { } id
        ? $"/{Trust.Slug}/progress/{School.Urn}/priorities/{id}/edit"
        : $"/{Trust.Slug}/progress/{School.Urn}/priorities/new";
}

public sealed record PriorityPageViewModel(
    TrustBrand Trust, SchoolRef School, CycleRef? Cycle, ReturnInfo? Return, PriorityRow Priority,
    SavedEntry? Current, RecordProgressForm Form, bool CanEdit, SavedEntry? Conflict) : ITrustPage, IRecordingPage<PriorityPageViewModel>
{
    public TrustSection Section => TrustSection.Progress;

    public bool CanRecord => CanEdit && !Priority.IsRetired && Cycle is { } c && SchoolReturn.Admits(c.State, Return?.State);

    public string Noun => "priority";

    public PriorityPageViewModel WithForm(RecordProgressForm form, SavedEntry? conflict) => this with { Form = form, Conflict = conflict };

    public string PostUrl => $"/{Trust.Slug}/progress/{School.Urn}/priorities/{Priority.Id}";
}

/// The head's check page before submitting: what is in the return and what is still missing.
public sealed record CheckReturnViewModel(TrustBrand Trust, SchoolRef School, CycleRef Cycle, IReadOnlyList<ThemeGroup> Themes, IReadOnlyList<PriorityLine> Priorities) : ITrustPage
{
    public TrustSection Section => TrustSection.Progress;

    public IReadOnlyList<SchoolCriterionLine> Lines => Themes.SelectMany(t => t.Aims).SelectMany(a => a.Criteria).ToList();

    public IReadOnlyList<SchoolCriterionLine> Missing => Lines.Where(l => l.Current is null).ToList();

    /// Measured criteria with no value this cycle: listed as missing, though the return may be submitted without them.
    public IReadOnlyList<SchoolCriterionLine> MissingValues => Lines.Where(l => l.Criterion.Measure is not null && l.Current?.MeasuredValue is null).ToList();

    public string CriterionUrl(int id) => $"/{Trust.Slug}/progress/{School.Urn}/criteria/{id}";
}

public sealed record ReturnSubmittedViewModel(TrustBrand Trust, SchoolRef School, CycleRef Cycle, ReturnInfo Return) : ITrustPage
{
    public TrustSection Section => TrustSection.Progress;
}

public sealed record ReopenReturnViewModel(TrustBrand Trust, SchoolRef School, CycleRef Cycle, ReturnInfo Return, ReopenReturnForm Form) : ITrustPage
{
    public TrustSection Section => TrustSection.Progress;
}
