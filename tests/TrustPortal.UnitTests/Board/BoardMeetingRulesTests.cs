using TrustPortal.Domain;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Progress;

namespace TrustPortal.UnitTests.Board;

/// Quorum, the board's decisions and the actions they carry from one meeting to the next (ADR 0153, 0154).
public sealed class BoardMeetingRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Held = new(2026, 11, 26);

    private static BoardMeeting Meeting(int quorum = 3, params string[] present)
    {
        var meeting = new BoardMeeting(1, Held, MeetingKind.FullBoard, null, quorum, "Clerk", At);
        meeting.RecordAttendance(present.Select(p => new TrusteePresent(p, $"Trustee {p}")));
        return meeting;
    }

    [Fact]
    public void A_meeting_is_quorate_when_at_least_the_quorum_of_trustees_are_present()
    {
        Assert.False(Meeting(3, "a", "b").Quorate);
        Assert.True(Meeting(3, "a", "b", "c").Quorate);
        Assert.True(Meeting(2, "a", "b", "c").Quorate);
    }

    [Fact]
    public void The_trusts_quorum_is_three_until_it_sets_its_own_and_must_be_a_sensible_number()
    {
        Assert.Equal(3, BoardSettings.DefaultQuorum);
        var settings = new BoardSettings(1, BoardSettings.DefaultQuorum);
        settings.SetQuorum(5);
        Assert.Equal(5, settings.Quorum);
        Assert.Equal(nameof(BoardMeeting.Quorum), Assert.Throws<DomainRuleException>(() => settings.SetQuorum(0)).Field);
        Assert.Equal(nameof(BoardMeeting.Quorum), Assert.Throws<DomainRuleException>(() => settings.SetQuorum(BoardSettings.MaxQuorum + 1)).Field);
    }

    [Fact]
    public void A_trustee_is_present_once_and_a_committee_meeting_names_its_committee()
    {
        Assert.Equal(nameof(BoardMeeting.Attendees), Assert.Throws<DomainRuleException>(() => Meeting(3, "a", "a")).Field);
        Assert.Equal(nameof(BoardMeeting.Committee), Assert.Throws<DomainRuleException>(() => new BoardMeeting(1, Held, MeetingKind.Committee, " ", 3, "Clerk", At)).Field);
        Assert.Equal("Standards committee", new BoardMeeting(1, Held, MeetingKind.Committee, "Standards committee", 3, "Clerk", At).Title);
        Assert.Equal("Full board", new BoardMeeting(1, Held, MeetingKind.FullBoard, "ignored", 3, "Clerk", At).Title);
    }

    private static BoardDecision Decide(DecisionOutcome outcome, int actions, DateTimeOffset? at = null, params int[] schools) =>
        new(Meeting(3, "a", "b", "c"), null, outcome, "FB/2026/11/7", null, schools,
            Enumerable.Range(1, actions).Select(n => new DecisionAction($"Action {n}", new ActionOwner("u2", "A Head"), new DateOnly(2027, 1, 31))).ToList(), "u1", "Chair", at ?? At);

    [Fact]
    public void Accepted_with_actions_needs_an_action_and_accepted_takes_none()
    {
        Assert.Equal(BoardDecision.ActionsField, Assert.Throws<DomainRuleException>(() => Decide(DecisionOutcome.AcceptedWithActions, 0)).Field);
        Assert.Equal(nameof(BoardDecision.Outcome), Assert.Throws<DomainRuleException>(() => Decide(DecisionOutcome.Accepted, 1)).Field);
        Assert.Equal(DecisionOutcome.AcceptedWithActions, Decide(DecisionOutcome.AcceptedWithActions, 2).Outcome);
        Assert.Equal(DecisionOutcome.NotAccepted, Decide(DecisionOutcome.NotAccepted, 1).Outcome);
    }

    [Fact]
    public void A_decision_needs_its_minute_and_is_recorded_after_the_meeting()
    {
        Assert.Equal(nameof(BoardDecision.MinuteReference), Assert.Throws<DomainRuleException>(() =>
            new BoardDecision(Meeting(), null, DecisionOutcome.Accepted, " ", null, [], [], "u1", "Chair", At)).Field);
        Assert.Equal(nameof(BoardDecision.Outcome), Assert.Throws<DomainRuleException>(() => Decide(DecisionOutcome.Accepted, 0, new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero))).Field);
    }

    [Fact]
    public void The_actions_of_a_decision_about_one_school_belong_to_that_school_and_others_to_the_trust()
    {
        Assert.Equal(7, Decide(DecisionOutcome.AcceptedWithActions, 1, null, 7, 7).SchoolForActions);
        Assert.Null(Decide(DecisionOutcome.AcceptedWithActions, 1, null, 7, 8).SchoolForActions);
        Assert.Null(Decide(DecisionOutcome.AcceptedWithActions, 1).SchoolForActions);
    }

    [Fact]
    public void The_actions_asked_for_with_a_decision_are_made_with_it_for_its_school_and_tracked_from_not_started()
    {
        var decision = Decide(DecisionOutcome.AcceptedWithActions, 2, null, 7);

        Assert.Equal(["Action 1", "Action 2"], decision.Actions.Select(a => a.Description));
        Assert.All(decision.Actions, a => Assert.Equal((7, ActionSource.BoardDecision, ActionStatus.NotStarted, "u2", "Chair"),
            (a.SchoolId!.Value, a.Source, a.Status, a.OwnerId, a.CreatedBy)));
        Assert.Equal(nameof(ImprovementAction.Description), Assert.Throws<DomainRuleException>(() =>
            new BoardDecision(Meeting(), null, DecisionOutcome.AcceptedWithActions, "FB/1", null, [], [new DecisionAction(" ", new ActionOwner("u2", "A Head"), new DateOnly(2027, 1, 31))],
                "u1", "Chair", At)).Field);
    }

    [Theory]
    [InlineData(ActionStatus.NotStarted, true)]
    [InlineData(ActionStatus.InProgress, true)]
    [InlineData(ActionStatus.Done, false)]
    [InlineData(ActionStatus.Dropped, false)]
    public void An_action_is_carried_to_each_later_meeting_until_it_is_done_or_dropped(ActionStatus status, bool carried)
    {
        Assert.Equal(carried, BoardMeeting.Carries(Held, 4, status, Held.AddMonths(2), 9));
        Assert.False(BoardMeeting.Carries(Held, 4, status, Held.AddDays(-1), 3));
        Assert.False(BoardMeeting.Carries(Held, 4, status, Held, 4));
        Assert.Equal(carried, BoardMeeting.Carries(Held, 4, status, Held, 5));
    }

    [Fact]
    public void A_board_decision_is_a_link_an_action_may_have_alone()
    {
        var action = new ImprovementAction(1, null, new ActionLinks(null, null, null, 12), "Report attendance to the next board", new ActionOwner("u2", "A Head"),
            new DateOnly(2027, 1, 31), ActionSource.BoardDecision, "Chair", At);
        Assert.Equal(12, action.BoardDecisionId);
    }

    [Fact]
    public void A_change_to_a_submitted_return_needs_a_reason_and_the_revision_keeps_it()
    {
        var cycle = new ReviewCycle(1, "Autumn 2026", new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 11));
        cycle.Open(TrustPortal.Domain.Plans.PlanStatus.Published);
        var ret = new SchoolReturn(5, 0);
        Assert.Null(ret.ReasonForChange(true, null));
        ret.Submit(cycle, 0, 0, "Head", At);
        ret.Reopen(cycle, "Aim 2 needs its evidence", "Admin", At);
        Assert.Equal(SchoolReturn.ChangeReasonField, Assert.Throws<DomainRuleException>(() => ret.ReasonForChange(true, " ")).Field);
        Assert.Null(ret.ReasonForChange(false, null));
        Assert.Equal("Status was wrong", ret.ReasonForChange(true, " Status was wrong "));

        var update = new ProgressUpdate(5, 3, 0, new ProgressEntry(ProgressStatus.OnTrack, null, null, null, null, null, null, null), "Head", At);
        update.Record(update.Entry with { Status = ProgressStatus.OffTrack }, "Head", At.AddHours(1), "Status was wrong");
        Assert.Equal("Status was wrong", update.Revisions[^1].Reason);
        Assert.Null(update.Revisions[0].Reason);
    }
}
