using System.Text.RegularExpressions;

namespace TrustPortal.Domain.Schools;

/// Phase of education, as the DfE groups schools.
public enum Phase
{
    Nursery = 0,
    First = 1,
    Primary = 2,
    Middle = 3,
    Secondary = 4,
    AllThrough = 5,
    SixteenPlus = 6,
    Special = 7,
}

/// An academy of the trust. Each keeps its own individuality: its own ethos beside the trust's.
public sealed partial class School : IVersioned
{
    private readonly List<Inspection> _inspections = [];

    private School() { }

    public School(int trustId, int urn, string name, Phase phase)
    {
        TrustId = trustId;
        Urn = RequireUrn(urn);
        Rename(name);
        ChangePhase(phase);
        Version = Guid.NewGuid();
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    /// Unique Reference Number issued by the DfE (six digits).
    public int Urn { get; private set; }
    public string Name { get; private set; } = "";
    public Phase Phase { get; private set; }
    /// Statutory lowest age of pupils.
    public int? LowAge { get; private set; }
    /// Statutory highest age of pupils.
    public int? HighAge { get; private set; }
    public bool HasNursery { get; private set; }
    public bool HasSixthForm { get; private set; }
    public string? ReligiousCharacter { get; private set; }
    public string? Diocese { get; private set; }
    public string? LocalAuthority { get; private set; }
    public string? Town { get; private set; }
    public int? PupilsOnRoll { get; private set; }
    public DateOnly? JoinedTrustOn { get; private set; }
    public string? ConversionCohort { get; private set; }
    /// The school's own vision or ethos (Markdown).
    public string? Ethos { get; private set; }
    /// True for schools that the demo data adds to show the portal working; not a real school.
    public bool IsExample { get; private set; }
    public bool IsArchived { get; private set; }
    public Guid Version { get; private set; }
    public IReadOnlyList<Inspection> Inspections => _inspections;

    /// Whether the school has an early years foundation stage, so its report card grades early years.
    public bool HasEarlyYears => HasEarlyYearsFor(Phase, LowAge, HasNursery);

    public static bool HasEarlyYearsFor(Phase phase, int? lowAge, bool hasNursery) =>
        hasNursery || phase is Phase.Nursery or Phase.First or Phase.Primary || (phase is Phase.AllThrough && lowAge is <= 5);

    public void NewVersion() => Version = Guid.NewGuid();

    public static int RequireUrn(int urn) =>
        urn is >= 100000 and <= 999999 ? urn : throw new DomainRuleException("URN must be a six-digit number.");

    public static bool TryParseUrn(string? text, out int urn)
    {
        urn = 0;
        return text is not null && UrnPattern().IsMatch(text.Trim()) && int.TryParse(text.Trim(), out urn) && urn >= 100000;
    }

    public void Rename(string name) => Name = Guard.Required(name, "School name", Limits.Name);

    public void ChangePhase(Phase phase)
    {
        if (!Enum.IsDefined(phase))
        {
            throw new DomainRuleException("Unknown phase of education.");
        }
        Phase = phase;
    }

    public void SetAgeRange(int? lowAge, int? highAge, bool hasNursery, bool hasSixthForm)
    {
        if (lowAge is < 2 or > 19 || highAge is < 2 or > 25)
        {
            throw new DomainRuleException("Statutory ages must be between 2 and 25.");
        }
        if (lowAge is not null && highAge is not null && lowAge >= highAge)
        {
            throw new DomainRuleException("The lowest age must be below the highest age.");
        }
        if (hasSixthForm && highAge is < 17)
        {
            throw new DomainRuleException("A school with a sixth form teaches pupils to 18.");
        }
        LowAge = lowAge;
        HighAge = highAge;
        HasNursery = hasNursery;
        HasSixthForm = hasSixthForm;
    }

    public void SetReligiousCharacter(string? religiousCharacter, string? diocese)
    {
        ReligiousCharacter = Guard.Optional(religiousCharacter, "Religious character", Limits.Name);
        Diocese = Guard.Optional(diocese, "Diocese", Limits.Name);
    }

    public void SetLocation(string? localAuthority, string? town)
    {
        LocalAuthority = Guard.Optional(localAuthority, "Local authority", Limits.Name);
        Town = Guard.Optional(town, "Town", Limits.Name);
    }

    public void SetPupilsOnRoll(int? pupils)
    {
        if (pupils is < 0 or > 10_000)
        {
            throw new DomainRuleException("Pupils on roll must be between 0 and 10,000.");
        }
        PupilsOnRoll = pupils;
    }

    public void SetMembership(DateOnly? joinedTrustOn, string? conversionCohort)
    {
        JoinedTrustOn = joinedTrustOn;
        ConversionCohort = Guard.Optional(conversionCohort, "Conversion cohort", Limits.Name);
    }

    public void SetEthos(string? ethos) => Ethos = Guard.Optional(ethos, "Ethos", Limits.LongText);

    public void MarkAsExample() => IsExample = true;

    public void Archive() => IsArchived = true;

    public void Restore() => IsArchived = false;

    /// Records an Ofsted report card (the framework in force since 10 November 2025).
    public Inspection RecordReportCard(DateOnly inspectedOn, IReadOnlyDictionary<InspectionArea, ReportCardGrade> grades, bool safeguardingMet)
    {
        ArgumentNullException.ThrowIfNull(grades);
        if (inspectedOn < Inspection.ReportCardsBegan)
        {
            throw new DomainRuleException("Report cards began on 10 November 2025; record an earlier inspection as a previous judgement.");
        }
        foreach (var area in InspectionAreas.Core)
        {
            if (!grades.ContainsKey(area))
            {
                throw new DomainRuleException($"The report card needs a grade for {InspectionAreas.Label(area)}.");
            }
        }
        if (grades.ContainsKey(InspectionArea.EarlyYears) && !HasEarlyYears)
        {
            throw new DomainRuleException("Only a school with early years has an early years grade.");
        }
        if (grades.ContainsKey(InspectionArea.SixthForm) && !HasSixthForm)
        {
            throw new DomainRuleException("Only a school with a sixth form has a sixth form grade.");
        }
        var inspection = Inspection.ReportCard(inspectedOn, grades, safeguardingMet);
        _inspections.Add(inspection);
        return inspection;
    }

    /// Records a judgement under the earlier framework (outstanding, good, requires improvement, inadequate).
    public Inspection RecordPreviousJudgement(DateOnly inspectedOn, OverallJudgement judgement)
    {
        if (inspectedOn >= Inspection.ReportCardsBegan)
        {
            throw new DomainRuleException("Inspections from 10 November 2025 are report cards, not single judgements.");
        }
        if (!Enum.IsDefined(judgement))
        {
            throw new DomainRuleException("Unknown judgement.");
        }
        var inspection = Inspection.Previous(inspectedOn, judgement);
        _inspections.Add(inspection);
        return inspection;
    }

    /// Removes an inspection entered by mistake. Only that one outcome goes; the school and its other history stay.
    public Inspection RemoveInspection(int inspectionId)
    {
        var inspection = _inspections.Find(i => i.Id == inspectionId)
            ?? throw new DomainRuleException("That inspection is not recorded for this school; it may have been removed already.");
        _inspections.Remove(inspection);
        return inspection;
    }

    [GeneratedRegex("^[0-9]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex UrnPattern();
}
