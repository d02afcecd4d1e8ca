using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;

namespace TrustPortal.UnitTests.Plans;

/// A success criterion's numeric measure (ADR 0144): its rules, how a value stands against it, and that setting it
/// never touches the trust's words.
public sealed class MeasureRulesTests
{
    private static readonly DateOnly July2028 = new(2028, 7, 31);

    private static CriterionMeasure Attendance(decimal baseline = 91m, decimal target = 96m, MeasureDirection direction = MeasureDirection.HigherIsBetter) =>
        CriterionMeasure.Create(baseline, target, "%", direction, July2028);

    private static (StrategicPlan Plan, SuccessCriterion Criterion) PlanWithACriterion()
    {
        var plan = new StrategicPlan(1, "2025-2028", "Strategic plan", 2025, 2028);
        var criterion = plan.AddAim(plan.AddTheme(null), 1, "Enriching children's lives", null)
            .AddCriterion("All children enjoy school, have excellent attendance and feel that they belong", "Attendance at or above 96%", new DateOnly(2028, 7, 1));
        return (plan, criterion);
    }

    private static string FieldOf(Action broken) => Assert.Throws<DomainRuleException>(broken).Field!;

    [Fact]
    public void A_target_on_the_better_side_of_the_baseline_makes_a_measure()
    {
        var measure = Attendance();
        Assert.Equal(91m, measure.Baseline);
        Assert.Equal("96%", measure.Format(measure.Target));
        Assert.Equal("persistently absent pupils", CriterionMeasure.Create(40, 25, " persistently absent pupils ", MeasureDirection.LowerIsBetter, July2028).Unit);
    }

    [Fact]
    public void A_target_below_the_baseline_is_refused_when_higher_is_better_and_the_message_says_what_to_do()
    {
        var e = Assert.Throws<DomainRuleException>(() => Attendance(baseline: 96, target: 91));
        Assert.Equal(nameof(CriterionMeasure.Target), e.Field);
        Assert.Contains("below the baseline", e.Message, StringComparison.Ordinal);
        Assert.Contains("lower is better", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_above_the_baseline_is_refused_when_lower_is_better()
    {
        Assert.Equal(nameof(CriterionMeasure.Target), FieldOf(() => Attendance(baseline: 10, target: 15, direction: MeasureDirection.LowerIsBetter)));
    }

    [Fact]
    public void A_target_equal_to_the_baseline_is_refused()
    {
        Assert.Equal(nameof(CriterionMeasure.Target), FieldOf(() => Attendance(baseline: 96, target: 96)));
    }

    [Fact]
    public void A_percentage_stays_between_0_and_100_and_says_so()
    {
        var e = Assert.Throws<DomainRuleException>(() => Attendance(target: 104));
        Assert.Equal(nameof(CriterionMeasure.Target), e.Field);
        Assert.Equal("The target is a percentage, so it must be between 0 and 100.", e.Message);
        Assert.Equal(nameof(CriterionMeasure.Baseline), FieldOf(() => Attendance(baseline: -1)));
    }

    [Fact]
    public void A_unit_is_required_and_short_and_the_direction_must_be_known()
    {
        Assert.Equal(nameof(CriterionMeasure.Unit), FieldOf(() => CriterionMeasure.Create(1, 2, " ", MeasureDirection.HigherIsBetter, July2028)));
        Assert.Equal(nameof(CriterionMeasure.Unit), FieldOf(() => CriterionMeasure.Create(1, 2, new string('x', 41), MeasureDirection.HigherIsBetter, July2028)));
        Assert.Equal(nameof(CriterionMeasure.Direction), FieldOf(() => CriterionMeasure.Create(1, 2, "pupils", (MeasureDirection)7, July2028)));
    }

    [Fact]
    public void Numbers_have_at_most_2_decimal_places_and_stay_within_a_billion()
    {
        Assert.Equal(nameof(CriterionMeasure.Baseline), FieldOf(() => CriterionMeasure.Create(1.125m, 2, "points", MeasureDirection.HigherIsBetter, July2028)));
        Assert.Equal(nameof(CriterionMeasure.Target), FieldOf(() => CriterionMeasure.Create(1, 2_000_000_000m, "pounds", MeasureDirection.HigherIsBetter, July2028)));
    }

    [Fact]
    public void A_recorded_value_keeps_the_same_rules_and_names_the_forms_field()
    {
        var measure = Attendance();
        Assert.Equal(94.5m, measure.CheckValue(94.5m, "Form.MeasuredValue"));
        var e = Assert.Throws<DomainRuleException>(() => measure.CheckValue(120m, "Form.MeasuredValue"));
        Assert.Equal("Form.MeasuredValue", e.Field);
        Assert.StartsWith("The current value is a percentage", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("94.5", "%", 94.5)]
    [InlineData(" 94.5% ", "%", 94.5)]
    [InlineData("1,200 pupils", "pupils", 1200)]
    [InlineData("-0.15", "points", -0.15)]
    public void Typed_numbers_are_read_as_people_write_them(string typed, string unit, double expected)
    {
        Assert.Equal((decimal)expected, MeasureNumber.Parse(typed, "The current value", "Form.MeasuredValue", unit));
    }

    [Fact]
    public void Text_that_is_not_a_number_is_refused_with_an_example_and_empty_text_is_no_value()
    {
        var e = Assert.Throws<DomainRuleException>(() => MeasureNumber.Parse("about ninety", "The current value", "Form.MeasuredValue"));
        Assert.Equal("Form.MeasuredValue", e.Field);
        Assert.Equal("The current value must be a number, like 94.5", e.Message);
        Assert.Null(MeasureNumber.Parse("  ", "The current value", "Form.MeasuredValue"));
    }

    [Fact]
    public void A_value_at_the_target_meets_it_and_one_on_the_steady_path_is_on_track()
    {
        var measure = Attendance();
        var start = new DateOnly(2025, 9, 1);
        var halfway = DateOnly.FromDayNumber(start.DayNumber + ((July2028.DayNumber - start.DayNumber) / 2));
        Assert.Equal(93.5m, measure.ExpectedOn(halfway, start));
        Assert.Equal(MeasureStanding.TargetMet, measure.Assess(96m, halfway, start).Standing);
        Assert.Equal(MeasureStanding.OnTrack, measure.Assess(93.5m, halfway, start).Standing);
        Assert.Equal(MeasureStanding.Behind, measure.Assess(93.4m, halfway, start).Standing);
        Assert.Equal(96m, measure.ExpectedOn(new DateOnly(2029, 1, 1), start));
        Assert.Equal(91m, measure.ExpectedOn(new DateOnly(2025, 1, 1), start));
    }

    [Fact]
    public void When_lower_is_better_a_value_below_the_path_is_on_track()
    {
        var absence = CriterionMeasure.Create(20, 10, "%", MeasureDirection.LowerIsBetter, July2028);
        var start = new DateOnly(2025, 9, 1);
        var halfway = DateOnly.FromDayNumber(start.DayNumber + ((July2028.DayNumber - start.DayNumber) / 2));
        Assert.Equal(MeasureStanding.OnTrack, absence.Assess(14m, halfway, start).Standing);
        Assert.Equal(MeasureStanding.Behind, absence.Assess(16m, halfway, start).Standing);
        Assert.Equal(MeasureStanding.TargetMet, absence.Assess(9.5m, halfway, start).Standing);
    }

    [Fact]
    public void Setting_a_measure_never_changes_the_trusts_words_or_their_history()
    {
        var (plan, criterion) = PlanWithACriterion();
        var words = criterion.Wording;

        Assert.True(plan.SetMeasure(criterion, Attendance()));

        Assert.Equal(words, criterion.Wording);
        Assert.Empty(criterion.Revisions);
        Assert.Equal(Attendance(), criterion.Measure);
        Assert.False(plan.SetMeasure(criterion, Attendance()));
        Assert.True(plan.SetMeasure(criterion, null));
        Assert.Null(criterion.Measure);
        Assert.Equal(words, criterion.Wording);
    }

    [Fact]
    public void A_target_date_outside_the_plans_period_is_refused_naming_the_period()
    {
        var (plan, criterion) = PlanWithACriterion();
        var e = Assert.Throws<DomainRuleException>(() => plan.SetMeasure(criterion, CriterionMeasure.Create(91, 96, "%", MeasureDirection.HigherIsBetter, new DateOnly(2030, 7, 31))));
        Assert.Equal(nameof(CriterionMeasure.TargetDate), e.Field);
        Assert.Contains("between 1 September 2025 and 31 August 2028", e.Message, StringComparison.Ordinal);
        Assert.Null(criterion.Measure);
    }

    [Fact]
    public void A_retired_criterion_or_an_archived_plan_takes_no_measure()
    {
        var (plan, criterion) = PlanWithACriterion();
        plan.PublishForSeeding();
        plan.RemoveCriterion(criterion, hasProgress: true);
        Assert.Throws<DomainRuleException>(() => plan.SetMeasure(criterion, Attendance()));
        var (archived, other) = PlanWithACriterion();
        archived.Archive();
        Assert.Throws<DomainRuleException>(() => archived.SetMeasure(other, Attendance()));
    }

    [Fact]
    public void A_copied_plan_keeps_a_measure_whose_date_it_still_holds()
    {
        var (plan, criterion) = PlanWithACriterion();
        plan.SetMeasure(criterion, Attendance());
        Assert.Equal(Attendance(), plan.CopyAsNewDraft("copy", "Copy", 2025, 2028).Aims.Single().Criteria.Single().Measure);
        Assert.Null(plan.CopyAsNewDraft("next", "Next", 2028, 2031).Aims.Single().Criteria.Single().Measure);
    }

    [Fact]
    public void An_update_keeps_its_value_in_its_history_and_a_priority_takes_none()
    {
        var at = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        var update = new ProgressUpdate(1, 2, 3, new ProgressEntry(ProgressStatus.OnTrack, null, null, null, null, null, null, null, 93.5m), "Head", at);
        Assert.False(update.Record(new ProgressEntry(ProgressStatus.OnTrack, null, null, null, null, null, null, null, 93.50m), "Head", at));
        Assert.True(update.Record(new ProgressEntry(ProgressStatus.OnTrack, null, null, null, null, null, null, null, 94m), "Head", at));
        Assert.Equal([93.5m, 94m], update.Revisions.Select(r => r.Entry.MeasuredValue!.Value));

        var e = Assert.Throws<DomainRuleException>(() => new PriorityUpdate(1, 3, new ProgressEntry(ProgressStatus.OnTrack, null, null, null, null, null, null, null, 5m), "Head", at));
        Assert.Equal(nameof(ProgressEntry.MeasuredValue), e.Field);
    }
}
