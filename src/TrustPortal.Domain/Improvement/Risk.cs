namespace TrustPortal.Domain.Improvement;

public enum RiskCategory
{
    Strategic = 0,
    Educational = 1,
    Financial = 2,
    Operational = 3,
    Compliance = 4,
    Reputational = 5,
    Safeguarding = 6,
}

/// A risk on the trust's register (academy trusts must keep one): the trust's own or one school's, scored as
/// likelihood × impact on 1–5 each, before and after its controls, with a date by which it is reviewed again.
public sealed class Risk : IVersioned
{
    public const int TitleLimit = 300;
    public const int ControlsLimit = 4000;

    private Risk() { }

    public Risk(int trustId, int? schoolId, string title, RiskCategory category, string owner, RiskScore inherent, string? controls, RiskScore residual, DateOnly reviewOn)
    {
        TrustId = trustId;
        SchoolId = schoolId;
        Edit(title, category, owner, inherent, controls, residual, reviewOn);
        Version = Guid.NewGuid();
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    /// Null for a risk to the trust as a whole.
    public int? SchoolId { get; private set; }
    public string Title { get; private set; } = "";
    public RiskCategory Category { get; private set; }
    /// Who manages the risk (a name or post, in the trust's words).
    public string Owner { get; private set; } = "";
    public int Likelihood { get; private set; }
    public int Impact { get; private set; }
    public string? Controls { get; private set; }
    public int ResidualLikelihood { get; private set; }
    public int ResidualImpact { get; private set; }
    public DateOnly ReviewOn { get; private set; }
    /// The plan's aims the risk threatens, as their numbers (e.g. "1, 3").
    public string? LinkedAims { get; private set; }
    public bool IsExample { get; private set; }
    /// When the risk was closed (it no longer applies, or was retired into another), by whom and why; null while open.
    public DateOnly? ClosedOn { get; private set; }
    public string? ClosedBy { get; private set; }
    public string? ClosedReason { get; private set; }
    public Guid Version { get; private set; }

    /// Likelihood × impact before controls (1–25).
    public int Score => Likelihood * Impact;

    /// Likelihood × impact after controls (1–25).
    public int ResidualScore => ResidualLikelihood * ResidualImpact;

    public void NewVersion() => Version = Guid.NewGuid();

    public void MarkAsExample() => IsExample = true;

    public const int ReasonLimit = 2000;

    public bool IsClosed => ClosedOn is not null;

    /// An open risk is past review the day after its review date; a closed one never is.
    public bool IsPastReview(DateOnly today) => !IsClosed && today > ReviewOn;

    /// Closes (retires) the risk with a reason: it leaves the heat map and the open register and is kept, closed, for the record.
    public void Close(string? reason, string by, DateOnly on)
    {
        if (IsClosed)
        {
            throw new DomainRuleException("This risk is already closed.");
        }
        ClosedReason = Guard.Required(reason, "The reason for closing the risk", ReasonLimit, nameof(ClosedReason));
        ClosedBy = Guard.Required(by, "Who closed the risk", Limits.Name);
        ClosedOn = on;
    }

    public void LinkAims(string? aims) => LinkedAims = Guard.Optional(aims, "Linked aims", Limits.Name, nameof(LinkedAims));

    public void Edit(string title, RiskCategory category, string owner, RiskScore inherent, string? controls, RiskScore residual, DateOnly reviewOn)
    {
        ArgumentNullException.ThrowIfNull(inherent);
        ArgumentNullException.ThrowIfNull(residual);
        if (IsClosed)
        {
            throw new DomainRuleException("This risk is closed, so it is kept as it was.");
        }
        if (!Enum.IsDefined(category))
        {
            throw new DomainRuleException(nameof(Category), "Choose the risk's category.");
        }
        Title = Guard.Required(title, "The risk", TitleLimit, nameof(Title));
        Owner = Guard.Required(owner, "The risk's owner", Limits.Name, nameof(Owner));
        Controls = Guard.Optional(controls, "The controls", ControlsLimit, nameof(Controls));
        Category = category;
        (Likelihood, Impact) = (inherent.Likelihood, inherent.Impact);
        (ResidualLikelihood, ResidualImpact) = (residual.Likelihood, residual.Impact);
        ReviewOn = reviewOn;
    }
}

/// A likelihood and an impact, each from 1 (rare, negligible) to 5 (almost certain, severe).
public sealed record RiskScore
{
    public RiskScore(int likelihood, int impact)
    {
        Likelihood = likelihood is >= 1 and <= 5 ? likelihood : throw new DomainRuleException(nameof(Likelihood), "Likelihood is from 1 to 5.");
        Impact = impact is >= 1 and <= 5 ? impact : throw new DomainRuleException(nameof(Impact), "Impact is from 1 to 5.");
    }

    public int Likelihood { get; }
    public int Impact { get; }
    public int Score => Likelihood * Impact;
}
