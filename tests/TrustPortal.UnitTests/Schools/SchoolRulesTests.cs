using TrustPortal.Domain;
using TrustPortal.Domain.Schools;

namespace TrustPortal.UnitTests.Schools;

public sealed class SchoolRulesTests
{
    private static readonly DateOnly AfterReportCards = new(2026, 3, 1);

    private static Dictionary<InspectionArea, ReportCardGrade> CoreGrades(ReportCardGrade grade = ReportCardGrade.ExpectedStandard) =>
        InspectionAreas.Core.ToDictionary(a => a, _ => grade);

    [Theory]
    [InlineData(99999)]
    [InlineData(1000000)]
    [InlineData(-1)]
    public void A_urn_must_have_six_digits(int urn) => Assert.Throws<DomainRuleException>(() => new School(1, urn, "A School", Phase.Primary));

    [Theory]
    [InlineData("123456", true)]
    [InlineData(" 123456 ", true)]
    [InlineData("12345", false)]
    [InlineData("12345a", false)]
    [InlineData("012345", false)]
    [InlineData(null, false)]
    public void Urn_text_is_parsed_strictly(string? text, bool ok) => Assert.Equal(ok, School.TryParseUrn(text, out _));

    [Fact]
    public void The_lowest_age_is_below_the_highest()
    {
        var school = new School(1, 123456, "A School", Phase.Primary);
        Assert.Throws<DomainRuleException>(() => school.SetAgeRange(11, 4, false, false));
        Assert.Throws<DomainRuleException>(() => school.SetAgeRange(1, 11, false, false));
        school.SetAgeRange(4, 11, false, false);
        Assert.Equal((4, 11), (school.LowAge!.Value, school.HighAge!.Value));
    }

    [Fact]
    public void A_sixth_form_means_pupils_to_eighteen()
    {
        var school = new School(1, 123456, "A High School", Phase.Secondary);
        Assert.Throws<DomainRuleException>(() => school.SetAgeRange(11, 16, false, true));
        school.SetAgeRange(11, 18, false, true);
        Assert.True(school.HasSixthForm);
    }

    [Fact]
    public void A_report_card_grades_every_core_area()
    {
        var school = new School(1, 123456, "A School", Phase.Secondary);
        var grades = CoreGrades();
        grades.Remove(InspectionArea.Achievement);
        var ex = Assert.Throws<DomainRuleException>(() => school.RecordReportCard(AfterReportCards, grades, true));
        Assert.Contains("Achievement", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_card_cannot_predate_november_2025()
    {
        var school = new School(1, 123456, "A School", Phase.Secondary);
        Assert.Throws<DomainRuleException>(() => school.RecordReportCard(new DateOnly(2025, 11, 9), CoreGrades(), true));
        school.RecordReportCard(new DateOnly(2025, 11, 10), CoreGrades(), true);
        Assert.Single(school.Inspections);
    }

    [Fact]
    public void Early_years_and_sixth_form_are_graded_only_where_the_school_has_them()
    {
        var secondary = new School(1, 123456, "A High School", Phase.Secondary);
        secondary.SetAgeRange(11, 16, false, false);
        var withEarlyYears = CoreGrades();
        withEarlyYears[InspectionArea.EarlyYears] = ReportCardGrade.StrongStandard;
        Assert.Throws<DomainRuleException>(() => secondary.RecordReportCard(AfterReportCards, withEarlyYears, true));
        var withSixthForm = CoreGrades();
        withSixthForm[InspectionArea.SixthForm] = ReportCardGrade.StrongStandard;
        Assert.Throws<DomainRuleException>(() => secondary.RecordReportCard(AfterReportCards, withSixthForm, true));

        var primary = new School(1, 123457, "A Primary", Phase.Primary);
        var card = primary.RecordReportCard(AfterReportCards, withEarlyYears, false);
        Assert.Equal(7, card.Grades.Count);
        Assert.False(card.SafeguardingMet);
    }

    [Fact]
    public void Previous_judgements_belong_before_report_cards()
    {
        var school = new School(1, 123456, "A School", Phase.Primary);
        Assert.Throws<DomainRuleException>(() => school.RecordPreviousJudgement(AfterReportCards, OverallJudgement.Good));
        var previous = school.RecordPreviousJudgement(new DateOnly(2019, 6, 20), OverallJudgement.Good);
        Assert.Equal(InspectionKind.Previous, previous.Kind);
        Assert.Equal(OverallJudgement.Good, previous.OverallJudgement);
    }

    [Fact]
    public void Pupils_on_roll_cannot_be_negative()
    {
        var school = new School(1, 123456, "A School", Phase.Primary);
        Assert.Throws<DomainRuleException>(() => school.SetPupilsOnRoll(-1));
    }

    [Fact]
    public void Archiving_keeps_the_school()
    {
        var school = new School(1, 123456, "A School", Phase.Primary);
        school.Archive();
        Assert.True(school.IsArchived);
        school.Restore();
        Assert.False(school.IsArchived);
    }

    [Fact]
    public void A_wrongly_entered_inspection_is_removed_and_a_second_removal_is_refused()
    {
        var school = new School(1, 123456, "A School", Phase.Primary);
        var wrong = school.RecordPreviousJudgement(new DateOnly(2019, 6, 20), OverallJudgement.Inadequate);
        Assert.Same(wrong, school.RemoveInspection(wrong.Id));
        Assert.Empty(school.Inspections);
        var ex = Assert.Throws<DomainRuleException>(() => school.RemoveInspection(wrong.Id));
        Assert.Contains("removed already", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grades_are_labelled_in_ofsteds_words()
    {
        Assert.Equal("Strong standard", InspectionAreas.Label(ReportCardGrade.StrongStandard));
        Assert.Equal("Personal development and well-being", InspectionAreas.Label(InspectionArea.PersonalDevelopmentAndWellBeing));
        Assert.Equal("Requires improvement", InspectionAreas.Label(OverallJudgement.RequiresImprovement));
    }
}
