using TrustPortal.Domain;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Schools;

namespace TrustPortal.UnitTests.Improvement;

public sealed class SchoolSelfEvaluationTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<InspectionArea> Primary = SchoolSelfEvaluation.AreasFor(hasEarlyYears: true, hasSixthForm: false);

    private static SchoolJudgement Judged(ReportCardGrade grade = ReportCardGrade.StrongStandard) =>
        new(grade, "Pupils read widely and well", "Reading ages, book looks", "Consistent phonics in Year 1");

    private static SchoolSelfEvaluation Complete()
    {
        var evaluation = new SchoolSelfEvaluation(1, 1);
        foreach (var area in Primary)
        {
            evaluation.JudgeArea(Primary, area, Judged(), "Head", Monday);
        }
        evaluation.AnswerSafeguarding(met: true);
        return evaluation;
    }

    [Fact]
    public void A_primary_school_is_judged_on_the_six_core_areas_and_early_years_but_not_sixth_form()
    {
        Assert.Equal([.. InspectionAreas.Core, InspectionArea.EarlyYears], Primary);
        Assert.DoesNotContain(InspectionArea.SixthForm, Primary);
        Assert.Equal([.. InspectionAreas.Core, InspectionArea.SixthForm], SchoolSelfEvaluation.AreasFor(false, true));
    }

    [Fact]
    public void A_school_cannot_judge_an_area_it_does_not_have()
    {
        var evaluation = new SchoolSelfEvaluation(1, 1);

        var e = Assert.Throws<DomainRuleException>(() => evaluation.JudgeArea(Primary, InspectionArea.SixthForm, Judged(), "Head", Monday));

        Assert.Equal(nameof(AreaJudgement.Area), e.Field);
    }

    [Fact]
    public void A_judgement_needs_its_reasons()
    {
        var evaluation = new SchoolSelfEvaluation(1, 1);

        var e = Assert.Throws<DomainRuleException>(() => evaluation.JudgeArea(Primary, InspectionArea.Inclusion, new SchoolJudgement(ReportCardGrade.ExpectedStandard, " ", null, null), "Head", Monday));

        Assert.Equal(nameof(AreaJudgement.SchoolReasons), e.Field);
    }

    [Fact]
    public void Saving_an_area_again_keeps_one_line_and_both_versions_in_the_history()
    {
        var evaluation = new SchoolSelfEvaluation(1, 1);

        evaluation.JudgeArea(Primary, InspectionArea.Achievement, Judged(ReportCardGrade.NeedsAttention), "Head", Monday);
        evaluation.JudgeArea(Primary, InspectionArea.Achievement, Judged(ReportCardGrade.ExpectedStandard), "Head", Monday.AddDays(1));

        var line = Assert.Single(evaluation.Areas);
        Assert.Equal(ReportCardGrade.ExpectedStandard, line.SchoolGrade);
        Assert.Equal([ReportCardGrade.NeedsAttention, ReportCardGrade.ExpectedStandard], evaluation.Revisions.Select(r => r.Grade));
    }

    [Fact]
    public void Submitting_with_an_area_unjudged_names_the_area()
    {
        var evaluation = new SchoolSelfEvaluation(1, 1);
        foreach (var area in Primary.Where(a => a != InspectionArea.EarlyYears))
        {
            evaluation.JudgeArea(Primary, area, Judged(), "Head", Monday);
        }
        evaluation.AnswerSafeguarding(true);

        var e = Assert.Throws<DomainRuleException>(() => evaluation.Submit(Primary, "Head", Monday));

        Assert.Equal("Early years has no judgement yet. Judge every area before submitting.", e.Message);
        Assert.Equal(SelfEvaluationState.Draft, evaluation.State);
    }

    [Fact]
    public void Submitting_without_a_safeguarding_answer_is_refused()
    {
        var evaluation = new SchoolSelfEvaluation(1, 1);
        foreach (var area in Primary)
        {
            evaluation.JudgeArea(Primary, area, Judged(), "Head", Monday);
        }

        var e = Assert.Throws<DomainRuleException>(() => evaluation.Submit(Primary, "Head", Monday));

        Assert.Equal(nameof(SchoolSelfEvaluation.SafeguardingMet), e.Field);
    }

    [Fact]
    public void A_submitted_self_evaluation_is_locked_for_the_school()
    {
        var evaluation = Complete();
        evaluation.Submit(Primary, "Head", Monday);

        Assert.Throws<DomainRuleException>(() => evaluation.JudgeArea(Primary, InspectionArea.Inclusion, Judged(), "Head", Monday));
        Assert.Throws<DomainRuleException>(() => evaluation.AnswerSafeguarding(false));
        Assert.Equal("Head", evaluation.SubmittedBy);
    }

    [Fact]
    public void A_draft_cannot_be_moderated()
    {
        var evaluation = Complete();

        Assert.Throws<DomainRuleException>(() => evaluation.Moderate(InspectionArea.Inclusion, ReportCardGrade.ExpectedStandard, "Attendance of SEND pupils is below", "Lead", Monday));
    }

    [Fact]
    public void Moderation_records_the_trusts_judgement_beside_the_schools_and_flags_the_difference()
    {
        var evaluation = Complete();
        evaluation.Submit(Primary, "Head", Monday);

        var line = evaluation.Moderate(InspectionArea.Inclusion, ReportCardGrade.ExpectedStandard, "Attendance of SEND pupils is below the trust's", "Lead", Monday.AddDays(2));

        Assert.Equal(ReportCardGrade.StrongStandard, line.SchoolGrade);
        Assert.Equal(ReportCardGrade.ExpectedStandard, line.TrustGrade);
        Assert.True(line.Differs);
        Assert.False(evaluation.For(InspectionArea.Achievement)!.Differs);
    }

    [Fact]
    public void Moderating_again_keeps_both_of_the_trusts_judgements_in_the_history()
    {
        var evaluation = Complete();
        evaluation.Submit(Primary, "Head", Monday);

        evaluation.Moderate(InspectionArea.Inclusion, ReportCardGrade.ExpectedStandard, "First look", "Lead", Monday.AddDays(2));
        evaluation.Moderate(InspectionArea.Inclusion, ReportCardGrade.StrongStandard, "After the visit", "Lead", Monday.AddDays(9));

        var trustSide = evaluation.Revisions.Where(r => r.Side == JudgementSide.Trust && r.Area == InspectionArea.Inclusion).ToList();
        Assert.Equal(["First look", "After the visit"], trustSide.Select(r => r.Reasons));
        Assert.False(evaluation.For(InspectionArea.Inclusion)!.Differs);
    }

    [Fact]
    public void A_file_is_named_by_the_evidence_rules_and_kept_with_its_area()
    {
        var evaluation = new SchoolSelfEvaluation(1, 1);

        evaluation.AddFile(Primary, InspectionArea.Achievement, new SelfEvaluationFile("0123456789abcdef.pdf", "..\\results\nsummary.pdf", "application/pdf", 2000, "Head", Monday));

        var file = Assert.Single(evaluation.Files);
        Assert.Equal("resultssummary.pdf", file.OriginalName);
        Assert.Equal(InspectionArea.Achievement, file.Area);
    }

    [Fact]
    public void Reopening_needs_a_reason_unlocks_the_school_and_keeps_the_trusts_judgements()
    {
        var evaluation = Complete();
        evaluation.Submit(Primary, "Head", Monday);
        evaluation.Moderate(InspectionArea.Inclusion, ReportCardGrade.NeedsAttention, "Trust's view", "Lead", Monday);

        var noReason = Assert.Throws<DomainRuleException>(() => evaluation.Reopen("", "Lead", Monday));
        evaluation.Reopen("Achievement needs this term's data", "Lead", Monday.AddDays(1));
        evaluation.JudgeArea(Primary, InspectionArea.Achievement, Judged(ReportCardGrade.ExpectedStandard), "Head", Monday.AddDays(2));

        Assert.Equal(nameof(SchoolSelfEvaluation.ReopenReason), noReason.Field);
        Assert.Equal(SelfEvaluationState.Draft, evaluation.State);
        Assert.Equal(ReportCardGrade.NeedsAttention, evaluation.For(InspectionArea.Inclusion)!.TrustGrade);
        Assert.Equal(ReportCardGrade.ExpectedStandard, evaluation.For(InspectionArea.Achievement)!.SchoolGrade);
        Assert.Throws<DomainRuleException>(() => evaluation.Reopen("Twice", "Lead", Monday));
    }
}
