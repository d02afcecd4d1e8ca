using System.ComponentModel.DataAnnotations;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Features.Progress;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.SelfEvaluation;

/// The report-card areas in URLs: kebab-case words ("curriculum-and-teaching"), never numbers.
public static class AreaSlugs
{
    private static readonly Dictionary<InspectionArea, string> Slugs = Enum.GetValues<InspectionArea>()
        .ToDictionary(a => a, a => InspectionAreas.Label(a).ToLowerInvariant().Replace(' ', '-'));

    public static string Of(InspectionArea area) => Slugs[area];

    public static InspectionArea? Parse(string? slug) =>
        Slugs.FirstOrDefault(p => string.Equals(p.Value, slug, StringComparison.Ordinal)) is { Value: not null } hit ? hit.Key : null;

    public static readonly IReadOnlyList<ReportCardGrade> Scale =
        [ReportCardGrade.Exceptional, ReportCardGrade.StrongStandard, ReportCardGrade.ExpectedStandard, ReportCardGrade.NeedsAttention, ReportCardGrade.UrgentImprovement];

    public static string Label(ReportCardGrade? grade) => grade is { } g ? InspectionAreas.Label(g) : "Not judged";

    public static string Safeguarding(bool? met) => met switch { true => "Met", false => "Not met", null => "Not answered" };

    public static string State(SelfEvaluationState? state) => state switch
    {
        SelfEvaluationState.Submitted => "Submitted",
        SelfEvaluationState.Draft => "Draft",
        _ => "Not started",
    };
}

/// The trust grid (leaders) or the head's own schools.
public sealed record SelfEvaluationIndexViewModel(
    TrustBrand Trust,
    bool IsLeader,
    IReadOnlyList<CycleRef> Cycles,
    CycleRef? Cycle,
    IReadOnlyList<EvaluatedSchool> Schools,
    IReadOnlyDictionary<int, GridEvaluation> Evaluations,
    IReadOnlyDictionary<int, LatestReportCard> ReportCards,
    GridFilter Filter) : ITrustPage
{
    public TrustSection Section => TrustSection.SelfEvaluation;

    /// The areas shown as columns: the one filtered on, else every area any school of the trust is judged on.
    public IReadOnlyList<InspectionArea> Columns => Filter.AreaValue is { } one ? [one]
        : Enum.GetValues<InspectionArea>().Where(a => Schools.Any(s => s.Areas.Contains(a))).ToList();

    /// The schools shown after the filter: all, or only those where the trust and the school differ.
    public IReadOnlyList<EvaluatedSchool> Rows => Filter.DifferencesOnly
        ? Schools.Where(s => Evaluations.TryGetValue(s.Id, out var e) && Columns.Any(a => e.Areas.TryGetValue(a, out var j) && j.Differs)).ToList()
        : Schools;

    public int Differences => Schools.Sum(s => Evaluations.TryGetValue(s.Id, out var e) ? e.Areas.Values.Count(j => j.Differs) : 0);
}

/// The grid's filters, read from the query string (a GET form, so a filtered grid can be bookmarked).
public sealed class GridFilter
{
    public int? Cycle { get; set; }
    /// An area's slug, or empty for every area.
    public string? Area { get; set; }
    public bool DifferencesOnly { get; set; }

    public InspectionArea? AreaValue => AreaSlugs.Parse(Area);
}

/// One school's self-evaluation for a cycle: every area with both judgements and the latest inspection's grade.
public sealed record SelfEvaluationSchoolViewModel(
    TrustBrand Trust,
    EvaluatedSchool School,
    CycleRef Cycle,
    SchoolSelfEvaluation? Evaluation,
    LatestReportCard? ReportCard,
    bool CanEdit,
    bool CanModerate,
    SubmitSelfEvaluationForm Form) : ITrustPage
{
    public TrustSection Section => TrustSection.SelfEvaluation;

    public string Url => $"/{Trust.Slug}/self-evaluation/{School.Urn}?cycle={Cycle.Id}";

    public bool IsDraft => Evaluation is not { State: SelfEvaluationState.Submitted };
}

/// One area: the school's judgement (a form for its heads while a draft), the trust's (a form for the trust's
/// administrators once submitted), the evidence files and the history of both.
public sealed record SelfEvaluationAreaViewModel(
    TrustBrand Trust,
    EvaluatedSchool School,
    CycleRef Cycle,
    InspectionArea Area,
    SchoolSelfEvaluation? Evaluation,
    ReportCardGrade? Inspected,
    bool CanEdit,
    bool CanModerate,
    JudgeAreaForm Form,
    ModerateAreaForm Moderation,
    long MaxEvidenceBytes) : ITrustPage
{
    public TrustSection Section => TrustSection.SelfEvaluation;

    public string AreaName => InspectionAreas.Label(Area);

    public string Url => $"/{Trust.Slug}/self-evaluation/{School.Urn}/{AreaSlugs.Of(Area)}";

    public AreaJudgement? Line => Evaluation?.For(Area);

    public IReadOnlyList<SelfEvaluationFile> Files => Evaluation?.Files.Where(f => f.Area == Area).OrderBy(f => f.Id).ToList() ?? [];

    public IReadOnlyList<JudgementRevision> History => Evaluation?.Revisions.Where(r => r.Area == Area).OrderByDescending(r => r.At).ThenByDescending(r => r.Id).ToList() ?? [];
}

public sealed class JudgeAreaForm : IVersionedForm
{
    [Required(ErrorMessage = "Choose the school's judgement")]
    public ReportCardGrade? Grade { get; set; }

    [Required(ErrorMessage = "Enter the reasons for the judgement")]
    [StringLength(SchoolSelfEvaluation.TextLimit, ErrorMessage = "The reasons must be 4,000 characters or fewer")]
    public string? Reasons { get; set; }

    [StringLength(SchoolSelfEvaluation.TextLimit, ErrorMessage = "The evidence must be 4,000 characters or fewer")]
    public string? Evidence { get; set; }

    [StringLength(SchoolSelfEvaluation.TextLimit, ErrorMessage = "What would move it up must be 4,000 characters or fewer")]
    public string? WhatWouldMoveItUp { get; set; }

    public Guid Version { get; set; }
}

public sealed class ModerateAreaForm : IVersionedForm
{
    [Required(ErrorMessage = "Choose the trust's judgement")]
    public ReportCardGrade? Grade { get; set; }

    [Required(ErrorMessage = "Enter the trust's reasons")]
    [StringLength(SchoolSelfEvaluation.TextLimit, ErrorMessage = "The reasons must be 4,000 characters or fewer")]
    public string? Reasons { get; set; }

    public Guid Version { get; set; }
}

public sealed class SubmitSelfEvaluationForm : IVersionedForm
{
    /// "Met" or "NotMet".
    [Required(ErrorMessage = "Say whether safeguarding is met or not met")]
    [RegularExpression("^(Met|NotMet)$", ErrorMessage = "Say whether safeguarding is met or not met")]
    public string? Safeguarding { get; set; }

    public Guid Version { get; set; }
}
