namespace TrustPortal.Domain.Plans;

/// A numbered strategic aim of the plan with its statement and success criteria.
public sealed class StrategicAim
{
    private readonly List<SuccessCriterion> _criteria = [];
    private readonly List<AimFrameworkTag> _frameworkTags = [];

    private StrategicAim() { }

    internal StrategicAim(int position, int number, string title, string? statement, PlanHorizon? horizon)
    {
        if (number is < 1 or > 99)
        {
            throw new DomainRuleException("Aims are numbered from 1 to 99.");
        }
        Position = position;
        Number = number;
        Title = Guard.Required(title, "Aim title", Limits.Heading);
        Statement = Guard.Optional(statement, "Aim statement", Limits.Statement);
        Horizon = horizon;
    }

    public int Id { get; private set; }
    public int PlanThemeId { get; private set; }
    public int Position { get; private set; }
    public int Number { get; private set; }
    public string Title { get; private set; } = "";
    public string? Statement { get; private set; }
    public int? HorizonId { get; private set; }
    public PlanHorizon? Horizon { get; private set; }
    public IReadOnlyList<SuccessCriterion> Criteria => _criteria;
    public IReadOnlyList<AimFrameworkTag> FrameworkTags => _frameworkTags;

    public SuccessCriterion AddCriterion(string text, string? measurableTarget = null, DateOnly? targetDate = null)
    {
        var criterion = new SuccessCriterion(_criteria.Count + 1, text, measurableTarget, targetDate);
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

/// What success looks like for an aim; schools record their progress against each criterion every review cycle.
/// A criterion is never deleted once published: rewording keeps its identity (and so its history), removal retires it.
public sealed class SuccessCriterion
{
    private SuccessCriterion() { }

    internal SuccessCriterion(int position, string text, string? measurableTarget, DateOnly? targetDate)
    {
        Position = position;
        Reword(text, measurableTarget, targetDate);
    }

    public int Id { get; private set; }
    public int StrategicAimId { get; private set; }
    public int Position { get; private set; }
    public string Text { get; private set; } = "";
    /// An optional measurable target, e.g. "Attendance at or above 96%".
    public string? MeasurableTarget { get; private set; }
    public DateOnly? TargetDate { get; private set; }
    public bool IsRetired { get; private set; }

    public void Reword(string text, string? measurableTarget, DateOnly? targetDate)
    {
        Text = Guard.Required(text, "Success criterion", Limits.Statement);
        MeasurableTarget = Guard.Optional(measurableTarget, "Measurable target", Limits.Heading);
        TargetDate = targetDate;
    }

    public void Retire() => IsRetired = true;
}
