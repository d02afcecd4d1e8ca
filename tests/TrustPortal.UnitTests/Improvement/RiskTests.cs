using TrustPortal.Domain;
using TrustPortal.Domain.Improvement;

namespace TrustPortal.UnitTests.Improvement;

public sealed class RiskTests
{
    private static Risk Risk(RiskScore inherent, RiskScore residual, DateOnly reviewOn) =>
        new(1, null, "Falling rolls in the north cluster", RiskCategory.Financial, "Chief financial officer", inherent, "Marketing; place planning with the LA", residual, reviewOn);

    [Fact]
    public void The_score_is_likelihood_times_impact_before_and_after_controls()
    {
        var risk = Risk(new RiskScore(4, 5), new RiskScore(2, 5), new DateOnly(2027, 1, 31));

        Assert.Equal(20, risk.Score);
        Assert.Equal(10, risk.ResidualScore);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(6, 3)]
    [InlineData(3, 0)]
    [InlineData(3, 6)]
    public void Likelihood_and_impact_are_from_one_to_five(int likelihood, int impact) =>
        Assert.Throws<DomainRuleException>(() => new RiskScore(likelihood, impact));

    [Fact]
    public void A_risk_is_past_its_review_the_day_after_its_review_date()
    {
        var risk = Risk(new RiskScore(3, 3), new RiskScore(2, 2), new DateOnly(2026, 12, 1));

        Assert.False(risk.IsPastReview(new DateOnly(2026, 12, 1)));
        Assert.True(risk.IsPastReview(new DateOnly(2026, 12, 2)));
    }

    [Fact]
    public void A_risk_needs_its_title_and_owner()
    {
        var e = Assert.Throws<DomainRuleException>(() =>
            new Risk(1, null, " ", RiskCategory.Strategic, "CEO", new RiskScore(1, 1), null, new RiskScore(1, 1), new DateOnly(2027, 1, 1)));

        Assert.Equal(nameof(Domain.Improvement.Risk.Title), e.Field);
    }

    [Fact]
    public void Closing_a_risk_needs_a_reason_and_a_closed_risk_is_never_past_review_nor_edited()
    {
        var risk = Risk(new RiskScore(4, 5), new RiskScore(2, 5), new DateOnly(2027, 1, 31));

        var noReason = Assert.Throws<DomainRuleException>(() => risk.Close(" ", "CFO", new DateOnly(2027, 3, 1)));
        risk.Close("Merged into the budget risk", "CFO", new DateOnly(2027, 3, 1));

        Assert.Equal(nameof(Domain.Improvement.Risk.ClosedReason), noReason.Field);
        Assert.True(risk.IsClosed);
        Assert.False(risk.IsPastReview(new DateOnly(2027, 3, 2)));
        Assert.Throws<DomainRuleException>(() => risk.Close("Again", "CFO", new DateOnly(2027, 3, 2)));
        Assert.Throws<DomainRuleException>(() => risk.Edit("New words", RiskCategory.Financial, "CFO", new RiskScore(1, 1), null, new RiskScore(1, 1), new DateOnly(2027, 4, 1)));
    }
}
