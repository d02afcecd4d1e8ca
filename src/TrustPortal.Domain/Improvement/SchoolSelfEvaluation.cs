using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;

namespace TrustPortal.Domain.Improvement;

public enum SelfEvaluationState
{
    /// The school's heads are still writing it; the trust's leaders may read it.
    Draft = 0,
    /// The school has submitted it: its judgements are locked and the trust may moderate them.
    Submitted = 1,
}

/// Whose judgement a line of history records.
public enum JudgementSide
{
    School = 0,
    Trust = 1,
}

/// A school's self-evaluation for one review cycle against the areas of Ofsted's report card (in force since
/// 10 November 2025): the school's judgement per area on the report card's five-point scale, with its reasons, evidence
/// and what would move it up, and safeguarding met or not. The head drafts and submits it; the trust's lead then
/// records the trust's own judgement beside the school's (moderation). Neither overwrites the other, and every
/// judgement ever recorded is kept in <see cref="Revisions"/>.
public sealed class SchoolSelfEvaluation : IVersioned
{
    public const int TextLimit = 4000;

    private readonly List<AreaJudgement> _areas = [];
    private readonly List<JudgementRevision> _revisions = [];
    private readonly List<SelfEvaluationFile> _files = [];

    private SchoolSelfEvaluation() { }

    public SchoolSelfEvaluation(int schoolId, int reviewCycleId)
    {
        SchoolId = schoolId;
        ReviewCycleId = reviewCycleId;
        State = SelfEvaluationState.Draft;
        Version = Guid.NewGuid();
    }

    public int Id { get; private set; }
    public int SchoolId { get; private set; }
    public int ReviewCycleId { get; private set; }
    public SelfEvaluationState State { get; private set; }
    /// The school's own answer: are its safeguarding arrangements effective (met) or not? Null until answered.
    public bool? SafeguardingMet { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public string? SubmittedBy { get; private set; }
    /// The last time the trust reopened it after submission, who did, and why (told to the school's heads).
    public DateTimeOffset? ReopenedAt { get; private set; }
    public string? ReopenedBy { get; private set; }
    public string? ReopenReason { get; private set; }
    /// True for the example self-evaluations the demo data adds.
    public bool IsExample { get; private set; }
    public Guid Version { get; private set; }
    public IReadOnlyList<AreaJudgement> Areas => _areas;
    public IReadOnlyList<JudgementRevision> Revisions => _revisions;
    public IReadOnlyList<SelfEvaluationFile> Files => _files;

    public void NewVersion() => Version = Guid.NewGuid();

    public void MarkAsExample() => IsExample = true;

    /// The report-card areas a school is judged on: the six every school has, then early years and sixth form where
    /// the school has them (the order of the report card).
    public static IReadOnlyList<InspectionArea> AreasFor(bool hasEarlyYears, bool hasSixthForm)
    {
        var areas = new List<InspectionArea>(InspectionAreas.Core);
        if (hasEarlyYears)
        {
            areas.Add(InspectionArea.EarlyYears);
        }
        if (hasSixthForm)
        {
            areas.Add(InspectionArea.SixthForm);
        }
        return areas;
    }

    public AreaJudgement? For(InspectionArea area) => _areas.FirstOrDefault(a => a.Area == area);

    /// The school's judgement of one area, saved as a draft (again and again until submitted).
    public AreaJudgement JudgeArea(IReadOnlyCollection<InspectionArea> schoolAreas, InspectionArea area, SchoolJudgement judgement, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(schoolAreas);
        ArgumentNullException.ThrowIfNull(judgement);
        EnsureDraft();
        if (!schoolAreas.Contains(area))
        {
            throw new DomainRuleException(nameof(AreaJudgement.Area), $"{InspectionAreas.Label(area)} is not one of the areas this school is judged on.");
        }
        if (!Enum.IsDefined(judgement.Grade))
        {
            throw new DomainRuleException(nameof(AreaJudgement.SchoolGrade), "Choose the school's judgement on the five-point scale.");
        }
        var reasons = Guard.Required(judgement.Reasons, "The reasons for the judgement", TextLimit, nameof(AreaJudgement.SchoolReasons));
        var evidence = Guard.Optional(judgement.Evidence, "The evidence", TextLimit, nameof(AreaJudgement.Evidence));
        var moveUp = Guard.Optional(judgement.WhatWouldMoveItUp, "What would move it up", TextLimit, nameof(AreaJudgement.WhatWouldMoveItUp));
        var who = Guard.Required(by, "Who recorded the judgement", Limits.Name);
        var line = For(area);
        if (line is null)
        {
            line = new AreaJudgement(area);
            _areas.Add(line);
        }
        line.RecordSchool(judgement.Grade, reasons, evidence, moveUp, who, at);
        _revisions.Add(new JudgementRevision(area, JudgementSide.School, judgement.Grade, reasons, who, at));
        return line;
    }

    /// The school's answer on safeguarding (met or not met), part of its draft.
    public void AnswerSafeguarding(bool met)
    {
        EnsureDraft();
        SafeguardingMet = met;
    }

    /// Submits the self-evaluation: every area the school is judged on has a judgement, and safeguarding is answered.
    public void Submit(IReadOnlyCollection<InspectionArea> schoolAreas, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(schoolAreas);
        EnsureDraft();
        var missing = schoolAreas.Where(a => For(a) is not { SchoolGrade: not null }).ToList();
        if (missing.Count > 0)
        {
            throw new DomainRuleException(nameof(Areas), missing.Count == 1
                ? $"{InspectionAreas.Label(missing[0])} has no judgement yet. Judge every area before submitting."
                : $"{missing.Count} areas have no judgement yet ({string.Join(", ", missing.Select(InspectionAreas.Label))}). Judge every area before submitting.");
        }
        if (SafeguardingMet is null)
        {
            throw new DomainRuleException(nameof(SafeguardingMet), "Say whether safeguarding is met or not met before submitting.");
        }
        State = SelfEvaluationState.Submitted;
        SubmittedBy = Guard.Required(by, "Who submitted", Limits.Name);
        SubmittedAt = at;
    }

    public const int ReasonLimit = 2000;

    /// Reopens a submitted self-evaluation so the school's heads can change it and submit again (the trust's
    /// administrator, with a reason the heads are sent). The trust's judgements and every revision are kept.
    public void Reopen(string? reason, string by, DateTimeOffset at)
    {
        if (State != SelfEvaluationState.Submitted)
        {
            throw new DomainRuleException("This self-evaluation is not submitted, so there is nothing to reopen.");
        }
        ReopenReason = Guard.Required(reason, "The reason for reopening", ReasonLimit, nameof(ReopenReason));
        ReopenedBy = Guard.Required(by, "Who reopened it", Limits.Name);
        ReopenedAt = at;
        State = SelfEvaluationState.Draft;
    }

    /// The trust's own judgement of an area, recorded beside the school's (never over it). Only a submitted
    /// self-evaluation is moderated; a second moderation of the same area replaces the trust's current judgement and
    /// both stay in the history.
    public AreaJudgement Moderate(InspectionArea area, ReportCardGrade grade, string reasons, string by, DateTimeOffset at)
    {
        if (State != SelfEvaluationState.Submitted)
        {
            throw new DomainRuleException("The school has not submitted its self-evaluation yet: moderate it once it is submitted.");
        }
        var line = For(area) ?? throw new DomainRuleException(nameof(AreaJudgement.Area), $"The school has not judged {InspectionAreas.Label(area).ToLowerInvariant()}.");
        if (!Enum.IsDefined(grade))
        {
            throw new DomainRuleException(nameof(AreaJudgement.TrustGrade), "Choose the trust's judgement on the five-point scale.");
        }
        var why = Guard.Required(reasons, "The trust's reasons", TextLimit, nameof(AreaJudgement.TrustReasons));
        var who = Guard.Required(by, "Who moderated", Limits.Name);
        line.RecordTrust(grade, why, who, at);
        _revisions.Add(new JudgementRevision(area, JudgementSide.Trust, grade, why, who, at));
        return line;
    }

    /// Adds an evidence file to an area while the self-evaluation is a draft.
    public void AddFile(IReadOnlyCollection<InspectionArea> schoolAreas, InspectionArea area, SelfEvaluationFile file)
    {
        ArgumentNullException.ThrowIfNull(schoolAreas);
        ArgumentNullException.ThrowIfNull(file);
        EnsureDraft();
        if (!schoolAreas.Contains(area))
        {
            throw new DomainRuleException(nameof(AreaJudgement.Area), $"{InspectionAreas.Label(area)} is not one of the areas this school is judged on.");
        }
        file.AttachTo(area);
        _files.Add(file);
    }

    /// Removes an evidence file while the self-evaluation is a draft; the file removed, or null when it is not here.
    public SelfEvaluationFile? RemoveFile(int fileId)
    {
        EnsureDraft();
        var file = _files.FirstOrDefault(f => f.Id == fileId);
        if (file is not null)
        {
            _files.Remove(file);
        }
        return file;
    }

    private void EnsureDraft()
    {
        if (State == SelfEvaluationState.Submitted)
        {
            throw new DomainRuleException("This self-evaluation has been submitted, so the school's judgements are locked.");
        }
    }
}

/// What the school says about one area.
public sealed record SchoolJudgement(ReportCardGrade Grade, string? Reasons, string? Evidence, string? WhatWouldMoveItUp);

/// One report-card area of a self-evaluation: the school's judgement and, once moderated, the trust's beside it.
public sealed class AreaJudgement
{
    private AreaJudgement() { }

    internal AreaJudgement(InspectionArea area) => Area = area;

    public int Id { get; private set; }
    public int SchoolSelfEvaluationId { get; private set; }
    public InspectionArea Area { get; private set; }
    public ReportCardGrade? SchoolGrade { get; private set; }
    public string? SchoolReasons { get; private set; }
    /// The evidence the school points to, in words (files are kept beside it).
    public string? Evidence { get; private set; }
    public string? WhatWouldMoveItUp { get; private set; }
    public string? SchoolBy { get; private set; }
    public DateTimeOffset? SchoolAt { get; private set; }
    public ReportCardGrade? TrustGrade { get; private set; }
    public string? TrustReasons { get; private set; }
    public string? TrustBy { get; private set; }
    public DateTimeOffset? TrustAt { get; private set; }

    /// The trust has moderated the area and sees it differently from the school.
    public bool Differs => Disagree(SchoolGrade, TrustGrade);

    public static bool Disagree(ReportCardGrade? school, ReportCardGrade? trust) => school is not null && trust is not null && school != trust;

    internal void RecordSchool(ReportCardGrade grade, string reasons, string? evidence, string? moveUp, string by, DateTimeOffset at)
    {
        SchoolGrade = grade;
        SchoolReasons = reasons;
        Evidence = evidence;
        WhatWouldMoveItUp = moveUp;
        SchoolBy = by;
        SchoolAt = at;
    }

    internal void RecordTrust(ReportCardGrade grade, string reasons, string by, DateTimeOffset at)
    {
        TrustGrade = grade;
        TrustReasons = reasons;
        TrustBy = by;
        TrustAt = at;
    }
}

/// One judgement as it was recorded, by the school or the trust: the history that moderation never overwrites.
public sealed class JudgementRevision
{
    private JudgementRevision() { }

    internal JudgementRevision(InspectionArea area, JudgementSide side, ReportCardGrade grade, string reasons, string by, DateTimeOffset at)
    {
        Area = area;
        Side = side;
        Grade = grade;
        Reasons = reasons;
        By = by;
        At = at;
    }

    public int Id { get; private set; }
    public int SchoolSelfEvaluationId { get; private set; }
    public InspectionArea Area { get; private set; }
    public JudgementSide Side { get; private set; }
    public ReportCardGrade Grade { get; private set; }
    public string Reasons { get; private set; } = "";
    public string By { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
}

/// A file the school attaches to an area of its self-evaluation as evidence; the same rules as progress evidence
/// (<see cref="EvidenceFile"/>): the content lives in the file store under <see cref="StoredKey"/>, the name is kept
/// for display and download only.
public sealed class SelfEvaluationFile : AttachedFile
{
    private SelfEvaluationFile() { }

    public SelfEvaluationFile(string storedKey, string originalName, string contentType, long size, string uploadedBy, DateTimeOffset uploadedAt)
        : base(storedKey, originalName, contentType, size, uploadedBy, uploadedAt)
    {
    }

    public int Id { get; private set; }
    public int SchoolSelfEvaluationId { get; private set; }
    public InspectionArea Area { get; private set; }

    internal void AttachTo(InspectionArea area) => Area = area;
}
