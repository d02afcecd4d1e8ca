namespace TrustPortal.Domain.Plans;

/// A numbered strategic aim of the plan with its statement and success criteria.
/// An aim whose criteria carry recorded progress is retired rather than deleted, so that progress stays readable.
public sealed class StrategicAim
{
    private readonly List<SuccessCriterion> _criteria = [];
    private readonly List<AimFrameworkTag> _frameworkTags = [];

    private StrategicAim() { }

    internal StrategicAim(int position, int number, string title, string? statement, PlanHorizon? horizon)
    {
        Position = position;
        Edit(number, title, statement, horizon);
    }

    public int Id { get; private set; }
    public int PlanThemeId { get; private set; }
    public int Position { get; private set; }
    public int Number { get; private set; }
    public string Title { get; private set; } = "";
    public string? Statement { get; private set; }
    public int? HorizonId { get; private set; }
    public PlanHorizon? Horizon { get; private set; }
    /// Removed from a plan after progress was recorded against it: hidden from the plan, kept for the record.
    public bool IsRetired { get; private set; }
    public IReadOnlyList<SuccessCriterion> Criteria => _criteria;
    public IReadOnlyList<AimFrameworkTag> FrameworkTags => _frameworkTags;

    public SuccessCriterion AddCriterion(string text, string? measurableTarget = null, DateOnly? targetDate = null)
    {
        if (IsRetired)
        {
            throw new DomainRuleException("A retired aim takes no new success criteria.");
        }
        var criterion = new SuccessCriterion(_criteria.Count == 0 ? 1 : _criteria.Max(c => c.Position) + 1, text, measurableTarget, targetDate);
        _criteria.Add(criterion);
        return criterion;
    }

    public void Tag(string areaCode)
    {
        if (FrameworkCatalogue.FindArea(areaCode) is null)
        {
            throw new DomainRuleException($"Unknown framework area \"{areaCode}\".");
        }
        if (!_frameworkTags.Exists(t => t.Code == areaCode))
        {
            _frameworkTags.Add(new AimFrameworkTag(areaCode));
        }
    }

    /// Replaces the aim's framework tags with exactly these areas.
    public void SetTags(IEnumerable<string> areaCodes)
    {
        ArgumentNullException.ThrowIfNull(areaCodes);
        var wanted = areaCodes.Distinct(StringComparer.Ordinal).ToList();
        foreach (var code in wanted.Where(c => FrameworkCatalogue.FindArea(c) is null))
        {
            throw new DomainRuleException($"Unknown framework area \"{code}\".");
        }
        _frameworkTags.RemoveAll(t => !wanted.Contains(t.Code));
        foreach (var code in wanted)
        {
            Tag(code);
        }
    }

    /// Current (not retired) criteria in their order.
    public IEnumerable<SuccessCriterion> CurrentCriteria => _criteria.Where(c => !c.IsRetired).OrderBy(c => c.Position);

    internal void Edit(int number, string title, string? statement, PlanHorizon? horizon)
    {
        if (number is < 1 or > 99)
        {
            throw new DomainRuleException("Aims are numbered from 1 to 99.");
        }
        Number = number;
        Title = Guard.Required(title, "Aim title", Limits.Heading);
        Statement = Guard.Optional(statement, "Aim statement", Limits.Statement);
        Horizon = horizon;
    }

    internal void Renumber(int number) => Number = number;

    internal void MoveTo(int position) => Position = position;

    internal void MoveToTheme(int themeId) => PlanThemeId = themeId;

    internal void Retire()
    {
        IsRetired = true;
        foreach (var c in _criteria)
        {
            c.Retire();
        }
    }

    internal void RemoveCriterion(SuccessCriterion criterion) => _criteria.Remove(criterion);

    internal void MoveCriterion(SuccessCriterion criterion, int offset) => Ordering.Move(_criteria, criterion, offset, c => !c.IsRetired, c => c.Position, (c, p) => c.MoveTo(p));
}

/// A framework area that an aim serves, e.g. the DfE Trust Quality Descriptions pillar "Workforce".
public sealed class AimFrameworkTag
{
    private AimFrameworkTag() { }

    internal AimFrameworkTag(string code) => Code = code;

    public int Id { get; private set; }
    public int StrategicAimId { get; private set; }
    public string Code { get; private set; } = "";
}

/// The words of a success criterion at one time.
public sealed record CriterionWording(string Text, string? MeasurableTarget, DateOnly? TargetDate);

/// What success looks like for an aim; schools record their progress against each criterion every review cycle.
/// A criterion is never deleted once it has progress: rewording keeps its identity (and so its progress) and keeps
/// the words it replaced; removal retires it.
public sealed class SuccessCriterion
{
    private readonly List<CriterionRevision> _revisions = [];

    private SuccessCriterion() { }

    internal SuccessCriterion(int position, string text, string? measurableTarget, DateOnly? targetDate)
    {
        Position = position;
        (Text, MeasurableTarget, TargetDate) = Validate(text, measurableTarget, targetDate);
    }

    public int Id { get; private set; }
    public int StrategicAimId { get; private set; }
    public int Position { get; private set; }
    public string Text { get; private set; } = "";
    /// An optional measurable target, e.g. "Attendance at or above 96%".
    public string? MeasurableTarget { get; private set; }
    public DateOnly? TargetDate { get; private set; }
    public bool IsRetired { get; private set; }
    /// The wordings this criterion had before, each with when it was replaced.
    public IReadOnlyList<CriterionRevision> Revisions => _revisions;

    public CriterionWording Wording => new(Text, MeasurableTarget, TargetDate);

    // The measure's parts, each a column; the measure exists when its target does (docs/adr/0144).
    public decimal? MeasureBaseline { get; private set; }
    public decimal? MeasureTarget { get; private set; }
    public string? MeasureUnit { get; private set; }
    public MeasureDirection? MeasureDirection { get; private set; }
    public DateOnly? MeasureTargetDate { get; private set; }
    public bool MeasureIsExample { get; private set; }

    /// The numeric measure the trust set beside the criterion's words, or null: never part of the wording.
    public CriterionMeasure? Measure => FromColumns(MeasureBaseline, MeasureTarget, MeasureUnit, MeasureDirection, MeasureTargetDate, MeasureIsExample);

    /// The measure from its columns, as a query reads them (null when there is none).
    public static CriterionMeasure? FromColumns(decimal? baseline, decimal? target, string? unit, MeasureDirection? direction, DateOnly? targetDate, bool isExample) =>
        baseline is { } b && target is { } t && unit is not null && direction is { } d && targetDate is { } date
            ? CriterionMeasure.Create(b, t, unit, d, date, isExample)
            : null;

    /// Sets or removes the measure; the words stay as they are. Returns false when nothing changed.
    internal bool SetMeasure(CriterionMeasure? measure)
    {
        if (measure == Measure)
        {
            return false;
        }
        MeasureBaseline = measure?.Baseline;
        MeasureTarget = measure?.Target;
        MeasureUnit = measure?.Unit;
        MeasureDirection = measure?.Direction;
        MeasureTargetDate = measure?.TargetDate;
        MeasureIsExample = measure?.IsExample ?? false;
        return true;
    }

    /// Changes the words; the previous wording is kept with the time it was replaced. Returns false when nothing changed.
    public bool Reword(string text, string? measurableTarget, DateOnly? targetDate, string changedBy, DateTimeOffset at)
    {
        var (t, m, d) = Validate(text, measurableTarget, targetDate);
        if (t == Text && m == MeasurableTarget && d == TargetDate)
        {
            return false;
        }
        _revisions.Add(new CriterionRevision(Wording, Guard.Required(changedBy, "Who made the change", Limits.Name), at));
        (Text, MeasurableTarget, TargetDate) = (t, m, d);
        return true;
    }

    /// The wording in force at a moment, e.g. when a school recorded an update against this criterion.
    public CriterionWording WordingAt(DateTimeOffset at) =>
        _revisions.Where(r => r.ReplacedAt > at).OrderBy(r => r.ReplacedAt).Select(r => r.Wording).FirstOrDefault() ?? Wording;

    public void Retire() => IsRetired = true;

    internal void MoveTo(int position) => Position = position;

    private static (string, string?, DateOnly?) Validate(string text, string? measurableTarget, DateOnly? targetDate) =>
        (Guard.Required(text, "Success criterion", Limits.Statement), Guard.Optional(measurableTarget, "Measurable target", Limits.Heading), targetDate);
}

/// A wording a success criterion had until it was reworded.
public sealed class CriterionRevision
{
    private CriterionRevision() { }

    internal CriterionRevision(CriterionWording wording, string replacedBy, DateTimeOffset replacedAt)
    {
        (Text, MeasurableTarget, TargetDate) = (wording.Text, wording.MeasurableTarget, wording.TargetDate);
        ReplacedBy = replacedBy;
        ReplacedAt = replacedAt;
    }

    public int Id { get; private set; }
    public int SuccessCriterionId { get; private set; }
    public string Text { get; private set; } = "";
    public string? MeasurableTarget { get; private set; }
    public DateOnly? TargetDate { get; private set; }
    public string ReplacedBy { get; private set; } = "";
    public DateTimeOffset ReplacedAt { get; private set; }

    public CriterionWording Wording => new(Text, MeasurableTarget, TargetDate);
}

/// Moving an item up or down among the current items of an ordered list; retired items keep to the end.
internal static class Ordering
{
    public static void Move<T>(List<T> items, T item, int offset, Func<T, bool> isCurrent, Func<T, int> position, Action<T, int> setPosition)
    {
        var current = items.Where(isCurrent).OrderBy(position).ToList();
        var index = current.IndexOf(item);
        if (index < 0)
        {
            throw new DomainRuleException("Only a current item can be moved.");
        }
        var target = Math.Clamp(index + offset, 0, current.Count - 1);
        current.RemoveAt(index);
        current.Insert(target, item);
        var i = 1;
        foreach (var x in current.Concat(items.Where(x => !isCurrent(x)).OrderBy(position)))
        {
            setPosition(x, i++);
        }
    }
}
