using System.Globalization;

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

    private void Retitle(string title) => Title = Guard.Required(title, "Plan title", Limits.Heading, nameof(Title));

    /// The plan's first and last school years; an archived plan's period is its history and cannot change.
    public void SetPeriod(int? startYear, int? endYear, bool invented = false)
    {
        EnsureEditable();
        if ((startYear is null) != (endYear is null))
        {
            throw new DomainRuleException(nameof(StartYear), "Give both the first and the last year of the plan, or neither.");
        }
        if (startYear is < 2000 or > 2100 || endYear is < 2000 or > 2100)
        {
            throw new DomainRuleException(nameof(StartYear), "Plan years must be between 2000 and 2100.");
        }
        if (startYear >= endYear)
        {
            throw new DomainRuleException(nameof(EndYear), "A plan ends in a later year than it starts.");
        }
        if (endYear - startYear > 10)
        {
            throw new DomainRuleException(nameof(EndYear), "A plan covers at most ten years.");
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

    /// Changes the plan's title, period and introduction. A published plan's new period must not overlap another
    /// published plan of the trust.
    public void EditDetails(string title, int? startYear, int? endYear, string? introduction, IEnumerable<PlanPeriod> publishedPlansOfTrust)
    {
        EnsureEditable();
        if (Status == PlanStatus.Published)
        {
            EnsureNoOverlap(startYear, endYear, publishedPlansOfTrust);
        }
        Retitle(title);
        SetPeriod(startYear, endYear);
        SetIntroduction(introduction);
    }

    public bool IsEditable => Status != PlanStatus.Archived;

    /// Archived plans are the trust's record: read-only.
    public void EnsureEditable()
    {
        if (Status == PlanStatus.Archived)
        {
            throw new DomainRuleException("This plan is archived and read-only. Copy it into a new draft to change it.");
        }
    }

    public PlanHorizon AddHorizon(string key, string name)
    {
        EnsureEditable();
        Slugs.Require(key, "Horizon key");
        if (_horizons.Exists(h => h.Key == key))
        {
            throw new DomainRuleException($"The plan already has the horizon \"{key}\".");
        }
        var horizon = new PlanHorizon(NextPosition(_horizons, h => h.Position), key, name);
        _horizons.Add(horizon);
        return horizon;
    }

    /// Adds a horizon by name, with a key made from the name.
    public PlanHorizon AddHorizon(string name)
    {
        var baseKey = Slugs.From(name ?? "");
        if (baseKey.Length < 2)
        {
            baseKey = "horizon";
        }
        baseKey = baseKey.Length > Limits.Slug - 4 ? baseKey[..(Limits.Slug - 4)].Trim('-') : baseKey;
        var key = baseKey;
        for (var i = 2; _horizons.Exists(h => h.Key == key); i++)
        {
            key = $"{baseKey}-{i}";
        }
        return AddHorizon(key, name!);
    }

    public void RenameHorizon(PlanHorizon horizon, string name)
    {
        EnsureEditable();
        Own(_horizons, horizon, "horizon").Rename(name);
    }

    public void MoveHorizon(PlanHorizon horizon, int offset)
    {
        EnsureEditable();
        Ordering.Move(_horizons, Own(_horizons, horizon, "horizon"), offset, _ => true, h => h.Position, (h, p) => h.MoveTo(p));
    }

    public void RemoveHorizon(PlanHorizon horizon)
    {
        EnsureEditable();
        Own(_horizons, horizon, "horizon");
        var users = Aims.Where(a => a.Horizon == horizon || (horizon.Id != 0 && a.HorizonId == horizon.Id)).Select(a => a.Number).Order().ToList();
        if (users.Count > 0)
        {
            throw new DomainRuleException($"{(users.Count == 1 ? "Aim" : "Aims")} {string.Join(", ", users)} {(users.Count == 1 ? "uses" : "use")} the horizon \"{horizon.Name}\". Choose another horizon for {(users.Count == 1 ? "it" : "them")} first.");
        }
        _horizons.Remove(horizon);
    }

    public PlanTheme AddTheme(string? title)
    {
        EnsureEditable();
        var theme = new PlanTheme(NextPosition(_themes, t => t.Position), title);
        _themes.Add(theme);
        return theme;
    }

    public void RenameTheme(PlanTheme theme, string? title)
    {
        EnsureEditable();
        Own(_themes, theme, "theme").Rename(title);
    }

    public void MoveTheme(PlanTheme theme, int offset)
    {
        EnsureEditable();
        Ordering.Move(_themes, Own(_themes, theme, "theme"), offset, _ => true, t => t.Position, (t, p) => t.MoveTo(p));
    }

    /// A theme can be removed only when it holds no aims (retired aims included, as they keep recorded progress).
    public void RemoveTheme(PlanTheme theme)
    {
        EnsureEditable();
        Own(_themes, theme, "theme");
        if (theme.Aims.Count > 0)
        {
            throw new DomainRuleException(theme.Aims.Any(a => !a.IsRetired)
                ? $"The theme \"{theme.Title ?? "(untitled)"}\" still has aims. Move or remove them first."
                : $"The theme \"{theme.Title ?? "(untitled)"}\" holds retired aims with recorded progress, so it stays as their record.");
        }
        _themes.Remove(theme);
    }

    /// Current aims in plan order: by theme, then by position within the theme.
    public IEnumerable<StrategicAim> Aims => _themes.OrderBy(t => t.Position).SelectMany(t => t.Aims.OrderBy(a => a.Position));

    public IEnumerable<StrategicAim> CurrentAims => Aims.Where(a => !a.IsRetired);

    /// Adds an aim under one of this plan's themes; aim numbers are unique across the plan's current aims.
    public StrategicAim AddAim(PlanTheme theme, int number, string title, string? statement, PlanHorizon? horizon = null)
    {
        EnsureEditable();
        ArgumentNullException.ThrowIfNull(theme);
        Own(_themes, theme, "theme");
        CheckHorizon(horizon);
        EnsureNumberFree(number, null);
        return theme.AddAim(number, title, statement, horizon);
    }

    public void EditAim(StrategicAim aim, int number, string title, string? statement, PlanHorizon? horizon, IEnumerable<string> frameworkAreas)
    {
        EnsureEditable();
        ArgumentNullException.ThrowIfNull(aim);
        _ = ThemeOf(aim);
        if (aim.IsRetired)
        {
            throw new DomainRuleException("A retired aim cannot be changed.");
        }
        CheckHorizon(horizon);
        EnsureNumberFree(number, aim);
        aim.Edit(number, title, statement, horizon);
        aim.SetTags(frameworkAreas);
    }

    public void MoveAim(StrategicAim aim, int offset)
    {
        EnsureEditable();
        var theme = ThemeOf(aim);
        theme.MoveAim(aim, offset);
    }

    /// Moves an aim to the end of another theme of the plan.
    public void MoveAimToTheme(StrategicAim aim, PlanTheme target)
    {
        EnsureEditable();
        var from = ThemeOf(aim);
        Own(_themes, target, "theme");
        if (from == target)
        {
            return;
        }
        from.DetachAim(aim);
        target.AttachAim(aim);
    }

    /// Numbers the current aims 1, 2, 3… in plan order.
    public void RenumberAims()
    {
        EnsureEditable();
        var n = 1;
        foreach (var aim in CurrentAims)
        {
            aim.Renumber(n++);
        }
    }

    /// Removes an aim: deleted while the plan is a draft and none of its criteria has progress, otherwise retired
    /// (hidden from the plan, kept with its criteria and their progress).
    public Removal RemoveAim(StrategicAim aim, IReadOnlySet<int> criteriaWithProgress)
    {
        EnsureEditable();
        ArgumentNullException.ThrowIfNull(criteriaWithProgress);
        var theme = ThemeOf(aim);
        if (Status == PlanStatus.Draft && !aim.Criteria.Any(c => criteriaWithProgress.Contains(c.Id)))
        {
            theme.DetachAim(aim);
            return Removal.Deleted;
        }
        aim.Retire();
        return Removal.Retired;
    }

    public SuccessCriterion AddCriterion(StrategicAim aim, string text, string? measurableTarget, DateOnly? targetDate)
    {
        EnsureEditable();
        _ = ThemeOf(aim);
        return aim.AddCriterion(text, measurableTarget, targetDate);
    }

    /// Rewords a criterion in place (same row, so its progress stays attached); the old words are kept.
    public bool EditCriterion(SuccessCriterion criterion, string text, string? measurableTarget, DateOnly? targetDate, string changedBy, DateTimeOffset at)
    {
        EnsureEditable();
        var aim = AimOf(criterion);
        if (criterion.IsRetired || aim.IsRetired)
        {
            throw new DomainRuleException("A retired success criterion cannot be changed.");
        }
        return criterion.Reword(text, measurableTarget, targetDate, changedBy, at);
    }

    /// Sets (or, with null, removes) a criterion's numeric measure; its words are never touched. The target date
    /// falls within the plan's period when the plan states one. Returns false when nothing changed.
    public bool SetMeasure(SuccessCriterion criterion, CriterionMeasure? measure)
    {
        EnsureEditable();
        var aim = AimOf(criterion);
        if (criterion.IsRetired || aim.IsRetired)
        {
            throw new DomainRuleException("A retired success criterion cannot be changed.");
        }
        if (measure is not null && StartYear is { } start && EndYear is { } end)
        {
            var (first, last) = (new DateOnly(start, 9, 1), new DateOnly(end, 8, 31));
            if (measure.TargetDate < first || measure.TargetDate > last)
            {
                throw new DomainRuleException(nameof(CriterionMeasure.TargetDate),
                    $"The target date must fall within the plan, between {first.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))} and {last.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))}.");
            }
        }
        return criterion.SetMeasure(measure);
    }

    /// The day a measure's steady path starts from its baseline: 1 September of the plan's first year, or, for a plan
    /// that states no period, the first review cycle's opening.
    public static DateOnly MeasureStart(int? startYear, DateOnly firstCycleOpens) =>
        startYear is { } y ? new DateOnly(y, 9, 1) : firstCycleOpens;

    public void MoveCriterion(SuccessCriterion criterion, int offset)
    {
        EnsureEditable();
        AimOf(criterion).MoveCriterion(criterion, offset);
    }

    /// Removes a criterion: deleted only while the plan is a draft and nothing was recorded against it; otherwise retired.
    public Removal RemoveCriterion(SuccessCriterion criterion, bool hasProgress)
    {
        EnsureEditable();
        var aim = AimOf(criterion);
        if (Status == PlanStatus.Draft && !hasProgress)
        {
            aim.RemoveCriterion(criterion);
            return Removal.Deleted;
        }
        criterion.Retire();
        return Removal.Retired;
    }

    /// Seeding only (demo trusts, generated benchmark trusts): a demo plan may state no period, so the period and
    /// overlap check of <see cref="Publish(IEnumerable{PlanPeriod})"/> is skipped; the plan's own rules still hold.
    public void PublishForSeeding() => PublishChecked();

    private void PublishChecked()
    {
        if (Status == PlanStatus.Archived)
        {
            throw new DomainRuleException("An archived plan cannot be published again; copy it into a new plan.");
        }
        if (!CurrentAims.Any(a => a.Criteria.Any(c => !c.IsRetired)))
        {
            throw new DomainRuleException("A plan needs at least one aim with a success criterion before it is published.");
        }
        Status = PlanStatus.Published;
    }

    /// Publishes the plan, refusing when its period overlaps another published plan of the trust:
    /// a trust has one published plan for any year.
    public void Publish(IEnumerable<PlanPeriod> publishedPlansOfTrust)
    {
        if (Status == PlanStatus.Published)
        {
            throw new DomainRuleException("This plan is already published.");
        }
        if (StartYear is null)
        {
            throw new DomainRuleException("Give the plan's first and last year before publishing it: a trust has one published plan for any year.");
        }
        EnsureNoOverlap(StartYear, EndYear, publishedPlansOfTrust);
        PublishChecked();
    }

    public void Archive()
    {
        if (Status == PlanStatus.Archived)
        {
            throw new DomainRuleException("This plan is already archived.");
        }
        Status = PlanStatus.Archived;
    }

    /// A new draft with the same introduction, frameworks, horizons, themes, aims (with their tags) and current
    /// success criteria; no progress, cycles or wording history comes across.
    public StrategicPlan CopyAsNewDraft(string newSlug, string title, int? startYear, int? endYear)
    {
        var copy = new StrategicPlan(TrustId, newSlug, title, startYear, endYear);
        copy.SetIntroduction(Introduction);
        foreach (var f in _frameworks)
        {
            copy.EvaluateAgainst(f.Code);
        }
        var horizons = new Dictionary<PlanHorizon, PlanHorizon>();
        foreach (var h in _horizons.OrderBy(h => h.Position))
        {
            horizons[h] = copy.AddHorizon(h.Key, h.Name);
        }
        foreach (var theme in _themes.OrderBy(t => t.Position))
        {
            var newTheme = copy.AddTheme(theme.Title);
            foreach (var aim in theme.Aims.Where(a => !a.IsRetired).OrderBy(a => a.Position))
            {
                var horizon = aim.Horizon ?? _horizons.FirstOrDefault(h => h.Id != 0 && h.Id == aim.HorizonId);
                var newAim = copy.AddAim(newTheme, aim.Number, aim.Title, aim.Statement, horizon is null ? null : horizons[horizon]);
                foreach (var tag in aim.FrameworkTags)
                {
                    newAim.Tag(tag.Code);
                }
                foreach (var c in aim.CurrentCriteria)
                {
                    var copied = newAim.AddCriterion(c.Text, c.MeasurableTarget, c.TargetDate);
                    // A measure whose target date the new period no longer holds is left for the administrator to set again.
                    if (c.Measure is { } measure && (startYear is null || (measure.TargetDate >= new DateOnly(startYear.Value, 9, 1) && measure.TargetDate <= new DateOnly(endYear!.Value, 8, 31))))
                    {
                        copied.SetMeasure(measure);
                    }
                }
            }
        }
        return copy;
    }

    private void EnsureNoOverlap(int? startYear, int? endYear, IEnumerable<PlanPeriod> publishedPlansOfTrust)
    {
        ArgumentNullException.ThrowIfNull(publishedPlansOfTrust);
        var clash = publishedPlansOfTrust.FirstOrDefault(o => o.Slug != Slug && o.Overlaps(startYear, endYear));
        if (clash is not null)
        {
            throw new DomainRuleException(clash.StartYear is null
                ? $"\"{clash.Title}\" is published and states no period, so it may cover the same years. Archive it or give it a period first."
                : $"\"{clash.Title}\" ({clash.StartYear}\u2013{clash.EndYear}) is published for years that overlap {startYear}\u2013{endYear}. A trust has one published plan for any year (a plan runs from September of its first year to August of its last): archive it first, or change this plan's period.");
        }
    }

    private void CheckHorizon(PlanHorizon? horizon)
    {
        if (horizon is not null && !_horizons.Contains(horizon))
        {
            throw new DomainRuleException("The horizon belongs to another plan.");
        }
    }

    private void EnsureNumberFree(int number, StrategicAim? except)
    {
        if (CurrentAims.Any(a => a != except && a.Number == number))
        {
            throw new DomainRuleException($"The plan already has an aim numbered {number}.");
        }
    }

    private PlanTheme ThemeOf(StrategicAim aim)
    {
        ArgumentNullException.ThrowIfNull(aim);
        return _themes.FirstOrDefault(t => t.Aims.Contains(aim)) ?? throw new DomainRuleException("The aim belongs to another plan.");
    }

    private StrategicAim AimOf(SuccessCriterion criterion)
    {
        ArgumentNullException.ThrowIfNull(criterion);
        return _themes.SelectMany(t => t.Aims).FirstOrDefault(a => a.Criteria.Contains(criterion))
            ?? throw new DomainRuleException("The success criterion belongs to another plan.");
    }

    private static T Own<T>(List<T> items, T item, string what)
    {
        ArgumentNullException.ThrowIfNull(item);
        return items.Contains(item) ? item : throw new DomainRuleException($"The {what} belongs to another plan.");
    }

    private static int NextPosition<T>(List<T> items, Func<T, int> position) => items.Count == 0 ? 1 : items.Max(position) + 1;
}

/// What removing an aim or criterion did.
public enum Removal
{
    /// Gone: nothing had been recorded against it.
    Deleted = 0,
    /// Hidden from the plan and kept, with the progress recorded against it.
    Retired = 1,
}

/// Another plan's period, for the rule that a trust has one published plan for any year.
public sealed record PlanPeriod(string Slug, string Title, int? StartYear, int? EndYear)
{
    /// Plans run from the start of their first year to the start of their last ("2025–2028" then "2028–2031" do not overlap).
    /// A plan with no stated period may cover any year.
    public bool Overlaps(int? startYear, int? endYear) =>
        StartYear is null || startYear is null || (StartYear < endYear && startYear < EndYear);
}

/// A time horizon of the plan, e.g. "Short Term: First Year".
public sealed class PlanHorizon
{
    private PlanHorizon() { }

    internal PlanHorizon(int position, string key, string name)
    {
        Position = position;
        Key = key;
        Rename(name);
    }

    public int Id { get; private set; }
    public int StrategicPlanId { get; private set; }
    public int Position { get; private set; }
    public string Key { get; private set; } = "";
    public string Name { get; private set; } = "";

    internal void Rename(string name) => Name = Guard.Required(name, "Horizon name", Limits.Heading);

    internal void MoveTo(int position) => Position = position;
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
        Rename(title);
    }

    public int Id { get; private set; }
    public int StrategicPlanId { get; private set; }
    public int Position { get; private set; }
    public string? Title { get; private set; }
    public IReadOnlyList<StrategicAim> Aims => _aims;

    internal StrategicAim AddAim(int number, string title, string? statement, PlanHorizon? horizon)
    {
        var aim = new StrategicAim(NextPosition, number, title, statement, horizon);
        _aims.Add(aim);
        return aim;
    }

    private int NextPosition => _aims.Count == 0 ? 1 : _aims.Max(a => a.Position) + 1;

    internal void Rename(string? title) => Title = Guard.Optional(title, "Theme title", Limits.Heading);

    internal void MoveTo(int position) => Position = position;

    internal void MoveAim(StrategicAim aim, int offset) => Ordering.Move(_aims, aim, offset, a => !a.IsRetired, a => a.Position, (a, p) => a.MoveTo(p));

    internal void DetachAim(StrategicAim aim) => _aims.Remove(aim);

    internal void AttachAim(StrategicAim aim)
    {
        aim.MoveTo(NextPosition);
        aim.MoveToTheme(Id);
        _aims.Add(aim);
    }
}
