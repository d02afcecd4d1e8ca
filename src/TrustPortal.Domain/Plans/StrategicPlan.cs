namespace TrustPortal.Domain.Plans;

public enum PlanStatus
{
    Draft = 0,
    Published = 1,
    Archived = 2,
}

/// The trust development plan: themes, strategic aims and the success criteria that schools report progress against.
public sealed class StrategicPlan : IVersioned
{
    private readonly List<PlanHorizon> _horizons = [];
    private readonly List<PlanTheme> _themes = [];
    private readonly List<PlanFramework> _frameworks = [];

    private StrategicPlan() { }

    public StrategicPlan(int trustId, string slug, string title, int? startYear, int? endYear)
    {
        TrustId = trustId;
        Slug = Slugs.Require(slug, "Plan slug");
        Retitle(title);
        SetPeriod(startYear, endYear);
        Status = PlanStatus.Draft;
        Version = Guid.NewGuid();
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    public string Slug { get; private set; } = "";
    public string Title { get; private set; } = "";
    public int? StartYear { get; private set; }
    public int? EndYear { get; private set; }
    /// True where the source document states no period and the demo data supplies one.
    public bool PeriodIsInvented { get; private set; }
    public PlanStatus Status { get; private set; }
    public string? Introduction { get; private set; }
    public Guid Version { get; private set; }
    public IReadOnlyList<PlanHorizon> Horizons => _horizons;
    public IReadOnlyList<PlanTheme> Themes => _themes;
    public IReadOnlyList<PlanFramework> Frameworks => _frameworks;

    /// "2025–2028", or null when the plan states no period.
    public string? Period => StartYear is null ? null : $"{StartYear}\u2013{EndYear}";

    public void NewVersion() => Version = Guid.NewGuid();

    public void Retitle(string title) => Title = Guard.Required(title, "Plan title", Limits.Heading);

    public void SetPeriod(int? startYear, int? endYear, bool invented = false)
    {
        if ((startYear is null) != (endYear is null))
        {
            throw new DomainRuleException("Give both the first and the last year of the plan, or neither.");
        }
        if (startYear is < 2000 or > 2100 || endYear is < 2000 or > 2100)
        {
            throw new DomainRuleException("Plan years must be between 2000 and 2100.");
        }
        if (startYear >= endYear)
        {
            throw new DomainRuleException("A plan ends in a later year than it starts.");
        }
        if (endYear - startYear > 10)
        {
            throw new DomainRuleException("A plan covers at most ten years.");
        }
        StartYear = startYear;
        EndYear = endYear;
        PeriodIsInvented = invented && startYear is not null;
    }

    public void SetIntroduction(string? introduction) => Introduction = Guard.Optional(introduction, "Introduction", Limits.LongText);

    public void EvaluateAgainst(string frameworkCode)
    {
        if (!FrameworkCatalogue.Frameworks.Any(f => f.Code == frameworkCode))
        {
            throw new DomainRuleException($"Unknown framework \"{frameworkCode}\".");
        }
        if (_frameworks.Exists(f => f.Code == frameworkCode))
        {
            return;
        }
        _frameworks.Add(new PlanFramework(frameworkCode));
    }

    public PlanHorizon AddHorizon(string key, string name)
    {
        Slugs.Require(key, "Horizon key");
        if (_horizons.Exists(h => h.Key == key))
        {
            throw new DomainRuleException($"The plan already has the horizon \"{key}\".");
        }
        var horizon = new PlanHorizon(_horizons.Count + 1, key, name);
        _horizons.Add(horizon);
        return horizon;
    }

    public PlanTheme AddTheme(string? title)
    {
        var theme = new PlanTheme(_themes.Count + 1, title);
        _themes.Add(theme);
        return theme;
    }

    public IEnumerable<StrategicAim> Aims => _themes.SelectMany(t => t.Aims);

    /// Adds an aim under one of this plan's themes; aim numbers are unique across the plan.
    public StrategicAim AddAim(PlanTheme theme, int number, string title, string? statement, PlanHorizon? horizon = null)
    {
        ArgumentNullException.ThrowIfNull(theme);
        if (!_themes.Contains(theme))
        {
            throw new DomainRuleException("The theme belongs to another plan.");
        }
        if (horizon is not null && !_horizons.Contains(horizon))
        {
            throw new DomainRuleException("The horizon belongs to another plan.");
        }
        if (Aims.Any(a => a.Number == number))
        {
            throw new DomainRuleException($"The plan already has an aim numbered {number}.");
        }
        return theme.AddAim(number, title, statement, horizon);
    }

    public void Publish()
    {
        if (Status == PlanStatus.Archived)
        {
            throw new DomainRuleException("An archived plan cannot be published again; copy it into a new plan.");
        }
        if (!Aims.Any(a => a.Criteria.Any(c => !c.IsRetired)))
        {
            throw new DomainRuleException("A plan needs at least one aim with a success criterion before it is published.");
        }
        Status = PlanStatus.Published;
    }

    public void Archive() => Status = PlanStatus.Archived;
}

/// A time horizon of the plan, e.g. "Short Term: First Year".
public sealed class PlanHorizon
{
    private PlanHorizon() { }

    internal PlanHorizon(int position, string key, string name)
    {
        Position = position;
        Key = key;
        Name = Guard.Required(name, "Horizon name", Limits.Heading);
    }

    public int Id { get; private set; }
    public int StrategicPlanId { get; private set; }
    public int Position { get; private set; }
    public string Key { get; private set; } = "";
    public string Name { get; private set; } = "";
}

/// A framework the trust evaluates itself against, e.g. the DfE Trust Quality Descriptions.
public sealed class PlanFramework
{
    private PlanFramework() { }

    internal PlanFramework(string code) => Code = code;

    public int Id { get; private set; }
    public int StrategicPlanId { get; private set; }
    public string Code { get; private set; } = "";
}

/// A theme that groups strategic aims, e.g. "Helping children step into their greatness".
public sealed class PlanTheme
{
    private readonly List<StrategicAim> _aims = [];

    private PlanTheme() { }

    internal PlanTheme(int position, string? title)
    {
        Position = position;
        Title = Guard.Optional(title, "Theme title", Limits.Heading);
    }

    public int Id { get; private set; }
    public int StrategicPlanId { get; private set; }
    public int Position { get; private set; }
    public string? Title { get; private set; }
    public IReadOnlyList<StrategicAim> Aims => _aims;

    internal StrategicAim AddAim(int number, string title, string? statement, PlanHorizon? horizon)
    {
        var aim = new StrategicAim(_aims.Count + 1, number, title, statement, horizon);
        _aims.Add(aim);
        return aim;
    }
}
