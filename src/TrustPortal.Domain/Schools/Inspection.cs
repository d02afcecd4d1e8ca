namespace TrustPortal.Domain.Schools;

public enum InspectionKind
{
    /// Ofsted report card, in force since 10 November 2025.
    ReportCard = 0,
    /// A single overall judgement under the earlier framework.
    Previous = 1,
}

/// Areas graded on an Ofsted report card.
public enum InspectionArea
{
    Inclusion = 0,
    CurriculumAndTeaching = 1,
    Achievement = 2,
    AttendanceAndBehaviour = 3,
    PersonalDevelopmentAndWellBeing = 4,
    LeadershipAndGovernance = 5,
    EarlyYears = 6,
    SixthForm = 7,
}

/// The five-point scale of a report card.
public enum ReportCardGrade
{
    UrgentImprovement = 0,
    NeedsAttention = 1,
    ExpectedStandard = 2,
    StrongStandard = 3,
    Exceptional = 4,
}

/// Overall effectiveness under the framework before report cards.
public enum OverallJudgement
{
    Inadequate = 0,
    RequiresImprovement = 1,
    Good = 2,
    Outstanding = 3,
}

public static class InspectionAreas
{
    public static readonly IReadOnlyList<InspectionArea> Core =
    [
        InspectionArea.Inclusion,
        InspectionArea.CurriculumAndTeaching,
        InspectionArea.Achievement,
        InspectionArea.AttendanceAndBehaviour,
        InspectionArea.PersonalDevelopmentAndWellBeing,
        InspectionArea.LeadershipAndGovernance,
    ];

    public static string Label(InspectionArea area) => area switch
    {
        InspectionArea.Inclusion => "Inclusion",
        InspectionArea.CurriculumAndTeaching => "Curriculum and teaching",
        InspectionArea.Achievement => "Achievement",
        InspectionArea.AttendanceAndBehaviour => "Attendance and behaviour",
        InspectionArea.PersonalDevelopmentAndWellBeing => "Personal development and well-being",
        InspectionArea.LeadershipAndGovernance => "Leadership and governance",
        InspectionArea.EarlyYears => "Early years",
        InspectionArea.SixthForm => "Sixth form",
        _ => area.ToString(),
    };

    public static string Label(ReportCardGrade grade) => grade switch
    {
        ReportCardGrade.Exceptional => "Exceptional",
        ReportCardGrade.StrongStandard => "Strong standard",
        ReportCardGrade.ExpectedStandard => "Expected standard",
        ReportCardGrade.NeedsAttention => "Needs attention",
        ReportCardGrade.UrgentImprovement => "Urgent improvement",
        _ => grade.ToString(),
    };

    public static string Label(OverallJudgement judgement) => judgement switch
    {
        OverallJudgement.Outstanding => "Outstanding",
        OverallJudgement.Good => "Good",
        OverallJudgement.RequiresImprovement => "Requires improvement",
        OverallJudgement.Inadequate => "Inadequate",
        _ => judgement.ToString(),
    };
}

/// A dated Ofsted inspection outcome of a school.
public sealed class Inspection
{
    public static readonly DateOnly ReportCardsBegan = new(2025, 11, 10);

    private readonly List<InspectionGrade> _grades = [];

    private Inspection() { }

    public int Id { get; private set; }
    public int SchoolId { get; private set; }
    public InspectionKind Kind { get; private set; }
    public DateOnly InspectedOn { get; private set; }
    /// Report cards only: whether safeguarding standards were met.
    public bool? SafeguardingMet { get; private set; }
    /// Previous framework only.
    public OverallJudgement? OverallJudgement { get; private set; }
    public IReadOnlyList<InspectionGrade> Grades => _grades;

    internal static Inspection ReportCard(DateOnly inspectedOn, IReadOnlyDictionary<InspectionArea, ReportCardGrade> grades, bool safeguardingMet)
    {
        var inspection = new Inspection { Kind = InspectionKind.ReportCard, InspectedOn = inspectedOn, SafeguardingMet = safeguardingMet };
        foreach (var (area, grade) in grades.OrderBy(g => g.Key))
        {
            if (!Enum.IsDefined(area) || !Enum.IsDefined(grade))
            {
                throw new DomainRuleException("Unknown inspection area or grade.");
            }
            inspection._grades.Add(new InspectionGrade(area, grade));
        }
        return inspection;
    }

    internal static Inspection Previous(DateOnly inspectedOn, OverallJudgement judgement) =>
        new() { Kind = InspectionKind.Previous, InspectedOn = inspectedOn, OverallJudgement = judgement };
}

public sealed class InspectionGrade
{
    private InspectionGrade() { }

    internal InspectionGrade(InspectionArea area, ReportCardGrade grade)
    {
        Area = area;
        Grade = grade;
    }

    public int Id { get; private set; }
    public int InspectionId { get; private set; }
    public InspectionArea Area { get; private set; }
    public ReportCardGrade Grade { get; private set; }
}
