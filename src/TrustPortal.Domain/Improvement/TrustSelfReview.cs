using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;

namespace TrustPortal.Domain.Improvement;

/// The trust's judgement of itself against one pillar (or CST domain): a four-point maturity scale, because the DfE's
/// Trust Quality Descriptions describe what a strong trust looks like rather than grade anything; the trust says how
/// far it is from that description. Four points on purpose: no middle answer to settle on.
public enum PillarGrade
{
    /// The description fits the trust as it is now, and the trust can show it.
    Strong = 0,
    /// Most of the description fits; what is missing is known and in hand.
    Established = 1,
    /// Parts fit; the trust is building the rest.
    Developing = 2,
    /// Little of the description fits yet: a priority.
    Emerging = 3,
}

public static class PillarGrades
{
    public static string Label(PillarGrade grade) => grade switch
    {
        PillarGrade.Strong => "Strong",
        PillarGrade.Established => "Established",
        PillarGrade.Developing => "Developing",
        _ => "Emerging",
    };

    public static string Hint(PillarGrade grade) => grade switch
    {
        PillarGrade.Strong => "The description fits the trust now, and the trust can show it",
        PillarGrade.Established => "Most of it fits; what is missing is known and in hand",
        PillarGrade.Developing => "Parts fit; the trust is building the rest",
        _ => "Little of it fits yet: a priority",
    };
}

/// The trust's own self-review for one academic year (named by the calendar year it starts in, as
/// <see cref="PlanInForce.SchoolYear"/>) against the five pillars of the DfE Trust Quality Descriptions and, where the
/// trust chooses, the seven domains of the CST assurance framework: per pillar the trust's judgement, its reasons and
/// its evidence (words and files). Written by the trust's administrators, read by its trustees.
public sealed class TrustSelfReview : IVersioned
{
    public const int TextLimit = 4000;

    private readonly List<PillarJudgement> _pillars = [];
    private readonly List<TrustReviewFile> _files = [];

    private TrustSelfReview() { }

    public TrustSelfReview(int trustId, int startYear)
    {
        if (startYear is < 2000 or > 2100)
        {
            throw new DomainRuleException(nameof(StartYear), "Choose an academic year between 2000 and 2100.");
        }
        TrustId = trustId;
        StartYear = startYear;
        Version = Guid.NewGuid();
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    /// The calendar year the academic year starts in (2025 for 2025 to 2026).
    public int StartYear { get; private set; }
    public bool IsExample { get; private set; }
    public Guid Version { get; private set; }
    public IReadOnlyList<PillarJudgement> Pillars => _pillars;
    public IReadOnlyList<TrustReviewFile> Files => _files;

    public void NewVersion() => Version = Guid.NewGuid();

    public void MarkAsExample() => IsExample = true;

    /// "2025 to 2026", the way the DfE writes academic years.
    public static string YearName(int startYear) => $"{startYear} to {startYear + 1}";

    /// The pillars a trust reviews itself against: the five TQD pillars, then the seven CST domains when it uses them.
    public static IReadOnlyList<FrameworkArea> PillarsFor(bool usesCst) =>
        FrameworkCatalogue.Areas.Where(a => a.FrameworkCode == "tqd" || (usesCst && a.FrameworkCode == "cst")).ToList();

    public PillarJudgement? For(string code) => _pillars.FirstOrDefault(p => p.Code == code);

    /// The trust's judgement of one pillar, saved again and again as the year goes on.
    public PillarJudgement Judge(IReadOnlyCollection<FrameworkArea> pillars, string code, PillarGrade grade, string? reasons, string? evidence, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(pillars);
        if (!pillars.Any(p => p.Code == code))
        {
            throw new DomainRuleException(nameof(PillarJudgement.Code), "That is not one of the pillars the trust reviews itself against.");
        }
        if (!Enum.IsDefined(grade))
        {
            throw new DomainRuleException(nameof(PillarJudgement.Grade), "Choose the trust's judgement.");
        }
        var why = Guard.Required(reasons, "The reasons for the judgement", TextLimit, nameof(PillarJudgement.Reasons));
        var shown = Guard.Optional(evidence, "The evidence", TextLimit, nameof(PillarJudgement.Evidence));
        var who = Guard.Required(by, "Who recorded the judgement", Limits.Name);
        var line = For(code);
        if (line is null)
        {
            line = new PillarJudgement(code);
            _pillars.Add(line);
        }
        line.Record(grade, why, shown, who, at);
        return line;
    }

    /// Adds an evidence file to a pillar.
    public void AddFile(IReadOnlyCollection<FrameworkArea> pillars, string code, TrustReviewFile file)
    {
        ArgumentNullException.ThrowIfNull(pillars);
        ArgumentNullException.ThrowIfNull(file);
        if (!pillars.Any(p => p.Code == code))
        {
            throw new DomainRuleException(nameof(PillarJudgement.Code), "That is not one of the pillars the trust reviews itself against.");
        }
        file.AttachTo(code);
        _files.Add(file);
    }

    /// The pillars no aim of the plan is tagged with: what the plan leaves uncovered.
    public static IReadOnlyList<FrameworkArea> Uncovered(IReadOnlyCollection<FrameworkArea> pillars, IEnumerable<string> aimTags)
    {
        ArgumentNullException.ThrowIfNull(pillars);
        var tagged = aimTags.ToHashSet(StringComparer.Ordinal);
        return pillars.Where(p => !tagged.Contains(p.Code)).ToList();
    }
}

/// The trust's judgement of one pillar in one year.
public sealed class PillarJudgement
{
    private PillarJudgement() { }

    internal PillarJudgement(string code) => Code = code;

    public int Id { get; private set; }
    public int TrustSelfReviewId { get; private set; }
    /// The framework area's code (<see cref="FrameworkCatalogue"/>), the same code an aim is tagged with.
    public string Code { get; private set; } = "";
    public PillarGrade Grade { get; private set; }
    public string Reasons { get; private set; } = "";
    public string? Evidence { get; private set; }
    public string By { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    internal void Record(PillarGrade grade, string reasons, string? evidence, string by, DateTimeOffset at)
    {
        Grade = grade;
        Reasons = reasons;
        Evidence = evidence;
        By = by;
        At = at;
    }
}

/// A file the trust attaches to a pillar as evidence: the progress evidence rules (<see cref="EvidenceFile"/>).
public sealed class TrustReviewFile : AttachedFile
{
    private TrustReviewFile() { }

    public TrustReviewFile(string storedKey, string originalName, string contentType, long size, string uploadedBy, DateTimeOffset uploadedAt)
        : base(storedKey, originalName, contentType, size, uploadedBy, uploadedAt)
    {
    }

    public int Id { get; private set; }
    public int TrustSelfReviewId { get; private set; }
    public string Code { get; private set; } = "";

    internal void AttachTo(string code) => Code = code;
}
