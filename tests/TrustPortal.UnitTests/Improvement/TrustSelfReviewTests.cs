using TrustPortal.Domain;
using TrustPortal.Domain.Improvement;

namespace TrustPortal.UnitTests.Improvement;

public sealed class TrustSelfReviewTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<Domain.Plans.FrameworkArea> Tqd = TrustSelfReview.PillarsFor(usesCst: false);

    [Fact]
    public void A_trust_reviews_itself_against_the_five_tqd_pillars_and_the_seven_cst_domains_only_when_it_chooses()
    {
        Assert.Equal(["High-quality and inclusive education", "School improvement", "Workforce", "Finance and operations", "Governance and leadership"],
            Tqd.Select(p => p.Name));
        Assert.Equal(12, TrustSelfReview.PillarsFor(usesCst: true).Count);
    }

    [Fact]
    public void Judging_a_pillar_again_keeps_one_line_with_the_latest_words()
    {
        var review = new TrustSelfReview(1, 2026);

        review.Judge(Tqd, "tqd-workforce", PillarGrade.Developing, "Recruitment is hard", null, "Admin", At);
        review.Judge(Tqd, "tqd-workforce", PillarGrade.Established, "Retention improved", "Exit surveys", "Admin", At.AddDays(1));

        var line = Assert.Single(review.Pillars);
        Assert.Equal(PillarGrade.Established, line.Grade);
        Assert.Equal("Exit surveys", line.Evidence);
    }

    [Fact]
    public void A_judgement_needs_its_reasons_and_a_pillar_the_trust_reviews()
    {
        var review = new TrustSelfReview(1, 2026);

        var noReasons = Assert.Throws<DomainRuleException>(() => review.Judge(Tqd, "tqd-workforce", PillarGrade.Strong, " ", null, "Admin", At));
        var cst = Assert.Throws<DomainRuleException>(() => review.Judge(Tqd, "cst-public-benefit", PillarGrade.Strong, "Why", null, "Admin", At));

        Assert.Equal(nameof(PillarJudgement.Reasons), noReasons.Field);
        Assert.Equal(nameof(PillarJudgement.Code), cst.Field);
        Assert.Empty(review.Pillars);
    }

    [Fact]
    public void The_pillars_no_aim_is_tagged_with_are_the_ones_the_plan_leaves_uncovered()
    {
        var uncovered = TrustSelfReview.Uncovered(Tqd, ["tqd-education", "tqd-workforce", "tqd-education", "cst-governance"]);

        Assert.Equal(["tqd-school-improvement", "tqd-finance-operations", "tqd-governance-leadership"], uncovered.Select(p => p.Code));
    }

    [Fact]
    public void An_academic_year_is_named_as_the_dfe_writes_it() =>
        Assert.Equal("2025 to 2026", TrustSelfReview.YearName(2025));
}
