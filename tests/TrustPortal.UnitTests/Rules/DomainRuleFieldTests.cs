using TrustPortal.Domain;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.UnitTests.Rules;

/// A broken rule about one value names it, so a form shows the message beside that input without reading the message
/// (ADR 0133). Rewording a message can never move it to another field.
public sealed class DomainRuleFieldTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    private static string? FieldOf(Action broken) => Assert.Throws<DomainRuleException>(broken).Field;

    private static string? FieldOf(Func<object> broken) => Assert.Throws<DomainRuleException>(broken).Field;

    [Fact]
    public void A_plans_title_and_years_name_their_fields()
    {
        Assert.Equal(nameof(StrategicPlan.Title), FieldOf(() => new StrategicPlan(1, "a-plan", " ", 2025, 2028)));
        Assert.Equal(nameof(StrategicPlan.StartYear), FieldOf(() => new StrategicPlan(1, "a-plan", "Plan", 2025, null)));
        Assert.Equal(nameof(StrategicPlan.StartYear), FieldOf(() => new StrategicPlan(1, "a-plan", "Plan", 1990, 1995)));
        Assert.Equal(nameof(StrategicPlan.EndYear), FieldOf(() => new StrategicPlan(1, "a-plan", "Plan", 2028, 2025)));
        Assert.Equal(nameof(StrategicPlan.EndYear), FieldOf(() => new StrategicPlan(1, "a-plan", "Plan", 2025, 2040)));
    }

    [Fact]
    public void A_sign_offs_meeting_minute_and_comment_name_their_fields()
    {
        Assert.Equal(nameof(BoardSignOff.MeetingDate), FieldOf(() => new BoardSignOff(1, 1, null, new DateOnly(2026, 12, 25), "M1", null, "u", "U", At)));
        Assert.Equal(nameof(BoardSignOff.MinuteReference), FieldOf(() => new BoardSignOff(1, 1, null, new DateOnly(2026, 10, 1), " ", null, "u", "U", At)));
        Assert.Equal(nameof(BoardSignOff.Comment), FieldOf(() => new BoardSignOff(1, 1, null, new DateOnly(2026, 10, 1), "M1", new string('x', BoardSignOff.CommentLimit + 1), "u", "U", At)));
    }

    [Fact]
    public void A_cycles_name_and_closing_date_name_their_fields()
    {
        var cycle = new ReviewCycle(1, "Autumn 2026", new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 11));
        Assert.Equal(nameof(ReviewCycle.ClosesOn), FieldOf(() => cycle.Edit("Autumn 2026", new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 1))));
        Assert.Equal(nameof(ReviewCycle.Name), FieldOf(() => cycle.Edit(" ", new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 11))));
    }

    [Fact]
    public void A_trusts_name_and_brand_colour_name_their_fields()
    {
        var trust = new Trust("a-trust", "A Trust");
        Assert.Equal(nameof(Trust.BrandColour), FieldOf(() => trust.ChangeBrandColour("blue")));
        Assert.Equal(nameof(Trust.BrandColour), FieldOf(() => trust.ChangeBrandColour("#ffff00")));
        Assert.Equal(nameof(Trust.Name), FieldOf(() => trust.Rename(" ")));
    }

    [Fact]
    public void A_rule_about_the_whole_entity_names_no_field()
    {
        var cycle = new ReviewCycle(1, "Autumn 2026", new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 11));
        Assert.Null(FieldOf(() => cycle.Close()));
        Assert.Throws<ArgumentException>(() => (object)new DomainRuleException(" ", "A message"));
    }
}
