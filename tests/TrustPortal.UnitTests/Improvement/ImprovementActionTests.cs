using TrustPortal.Domain;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Schools;

namespace TrustPortal.UnitTests.Improvement;

public sealed class ImprovementActionTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);
    private static readonly ActionOwner Owner = new("user-1", "Sam Deputy");

    private static ImprovementAction Action(DateOnly due) =>
        new(1, 10, new ActionLinks(null, InspectionArea.Inclusion, null), "Track attendance of pupils with SEND weekly", Owner, due, ActionSource.Moderation, "Lead", DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(30, ActionTiming.Later)]
    [InlineData(15, ActionTiming.Later)]
    [InlineData(14, ActionTiming.Due)]
    [InlineData(0, ActionTiming.Due)]
    [InlineData(-1, ActionTiming.Overdue)]
    public void An_action_is_due_within_fourteen_days_and_overdue_the_day_after_its_due_date(int daysAway, ActionTiming expected) =>
        Assert.Equal(expected, Action(Today.AddDays(daysAway)).TimingOn(Today));

    [Fact]
    public void A_done_or_dropped_action_is_never_overdue()
    {
        var done = Action(Today.AddDays(-10));
        var dropped = Action(Today.AddDays(-10));

        done.ChangeStatus(ActionStatus.Done, null);
        dropped.ChangeStatus(ActionStatus.Dropped, "The trust changed the attendance approach");

        Assert.Equal(ActionTiming.Closed, done.TimingOn(Today));
        Assert.Equal(ActionTiming.Closed, dropped.TimingOn(Today));
        Assert.Equal("The trust changed the attendance approach", dropped.DroppedReason);
    }

    [Fact]
    public void Dropping_an_action_needs_the_reason()
    {
        var e = Assert.Throws<DomainRuleException>(() => Action(Today).ChangeStatus(ActionStatus.Dropped, " "));

        Assert.Equal(nameof(ImprovementAction.DroppedReason), e.Field);
    }

    [Fact]
    public void Picking_a_dropped_action_up_again_clears_its_reason()
    {
        var action = Action(Today);
        action.ChangeStatus(ActionStatus.Dropped, "Paused");

        action.ChangeStatus(ActionStatus.InProgress, "ignored");

        Assert.Null(action.DroppedReason);
    }

    [Fact]
    public void An_action_links_to_something_it_improves()
    {
        var e = Assert.Throws<DomainRuleException>(() =>
            new ImprovementAction(1, 10, new ActionLinks(null, null, null), "Something", Owner, Today, ActionSource.Other, "Lead", DateTimeOffset.UnixEpoch));

        Assert.Equal(nameof(ImprovementAction.Area), e.Field);
    }

    [Fact]
    public void An_action_about_an_area_belongs_to_a_school()
    {
        Assert.Throws<DomainRuleException>(() =>
            new ImprovementAction(1, null, new ActionLinks(null, InspectionArea.Achievement, null), "Something", Owner, Today, ActionSource.Other, "Lead", DateTimeOffset.UnixEpoch));
    }
}
