using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.UnitTests.Trusts;

public sealed class TrustLifecycleRulesTests
{
    private static readonly DateTime At = new(2026, 12, 6, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_suspension_needs_a_reason_and_names_that_field()
    {
        var trust = new Trust("oak-learning-trust", "Oak Learning Trust");
        var e = Assert.Throws<DomainRuleException>(() => trust.Suspend("  ", At));
        Assert.Equal(nameof(Trust.SuspensionReason), e.Field);
        Assert.False(trust.IsSuspended);
    }

    [Fact]
    public void A_suspended_trust_is_not_suspended_twice_and_reactivating_clears_the_reason()
    {
        var trust = new Trust("oak-learning-trust", "Oak Learning Trust");
        trust.Suspend("The contract ended", At);
        Assert.Equal(At, trust.SuspendedUtc);
        Assert.Throws<DomainRuleException>(() => trust.Suspend("Again", At));
        trust.Reactivate();
        Assert.Null(trust.SuspendedUtc);
        Assert.Null(trust.SuspensionReason);
        Assert.Throws<DomainRuleException>(trust.Reactivate);
    }

    [Fact]
    public void Set_up_begins_with_a_new_trust_of_the_operator_and_ends_when_it_is_published()
    {
        var trust = new Trust("oak-learning-trust", "Oak Learning Trust");
        Assert.False(trust.IsBeingSetUp);
        trust.BeginSetUp();
        Assert.True(trust.IsBeingSetUp);
        trust.CompleteSetUp();
        Assert.False(trust.IsBeingSetUp);
    }

    [Fact]
    public void Accepted_sections_replace_the_old_ones_in_the_documents_order()
    {
        var trust = new Trust("oak-learning-trust", "Oak Learning Trust");
        trust.AddSection("Old", "Old text");
        trust.ReplaceSections([("Our Vision", "A"), ("Our Values", "B")]);
        Assert.Equal(["Our Vision", "Our Values"], trust.Sections.OrderBy(s => s.Position).Select(s => s.Heading));
    }
}
