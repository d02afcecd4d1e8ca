using TrustPortal.Domain;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Progress;

namespace TrustPortal.UnitTests.Board;

public sealed class ChallengeRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    private static Challenge New() => new(1, 10, null, null, "trustee-1", "Tess Trustee", "Why has attendance fallen?", At);

    [Fact]
    public void A_challenge_needs_a_school_or_an_aim_and_a_question()
    {
        Assert.Throws<DomainRuleException>(() => new Challenge(1, null, null, null, "t", "T", "Q", At));
        Assert.Throws<DomainRuleException>(() => new Challenge(1, 10, null, null, "t", "T", " ", At));
        Assert.Throws<DomainRuleException>(() => new Challenge(1, null, 3, 7, "t", "T", "Q", At));
        Assert.Equal(ChallengeStatus.Open, New().Status);
    }

    [Fact]
    public void An_answer_from_the_school_marks_it_answered_and_a_follow_up_opens_it_again()
    {
        var c = New();
        c.AddMessage(ChallengeSide.School, "head-1", "Hal Head", "Because of illness.", At.AddHours(1));
        Assert.Equal(ChallengeStatus.Answered, c.Status);
        c.AddMessage(ChallengeSide.Board, "trustee-1", "Tess Trustee", "Which year groups?", At.AddHours(2));
        Assert.Equal(ChallengeStatus.Open, c.Status);
    }

    [Fact]
    public void Only_the_raiser_or_a_trustee_or_administrator_resolves()
    {
        var c = New();
        Assert.Throws<DomainRuleException>(() => c.Resolve("head-1", "Hal Head", mayResolveAny: false, At));
        c.Resolve("trustee-1", "Tess Trustee", mayResolveAny: false, At);
        Assert.Equal(ChallengeStatus.Resolved, c.Status);
        Assert.Equal("Tess Trustee", c.ResolvedBy);

        var other = New();
        other.Resolve("trustee-2", "Another Trustee", mayResolveAny: true, At);
        Assert.Equal(ChallengeStatus.Resolved, other.Status);
    }

    [Fact]
    public void No_message_is_added_after_it_is_resolved_until_it_is_reopened()
    {
        var c = New();
        c.AddMessage(ChallengeSide.School, "head-1", "Hal Head", "Answer.", At);
        c.Resolve("trustee-1", "Tess Trustee", false, At);
        Assert.Throws<DomainRuleException>(() => c.AddMessage(ChallengeSide.School, "head-1", "Hal Head", "Late.", At));
        Assert.Throws<DomainRuleException>(() => c.Reopen("head-1", false));
        c.Reopen("trustee-1", false);
        Assert.Equal(ChallengeStatus.Answered, c.Status);
        Assert.Null(c.ResolvedAt);
        c.AddMessage(ChallengeSide.Board, "trustee-1", "Tess Trustee", "More.", At);
        Assert.Equal(2, c.Messages.Count);
    }

    [Fact]
    public void Only_the_author_edits_a_message_and_only_within_fifteen_minutes()
    {
        var c = New();
        c.AddMessage(ChallengeSide.Board, "trustee-1", "Tess Trustee", "First.", At);
        var id = c.Messages[0].Id;
        Assert.Throws<DomainRuleException>(() => c.EditMessage(id, "trustee-2", "Changed.", At.AddMinutes(1)));
        Assert.Throws<DomainRuleException>(() => c.EditMessage(id, "trustee-1", "Changed.", At.AddMinutes(16)));
        c.EditMessage(id, "trustee-1", "Changed.", At.AddMinutes(14));
        Assert.Equal("Changed.", c.Messages[0].Body);
        Assert.NotNull(c.Messages[0].EditedAt);
    }

    [Fact]
    public void A_sign_off_needs_a_minute_reference_and_a_meeting_that_has_happened()
    {
        Assert.Throws<DomainRuleException>(() => new BoardSignOff(1, 1, null, new DateOnly(2026, 12, 25), "M1", null, "u", "U", At));
        Assert.Throws<DomainRuleException>(() => new BoardSignOff(1, 1, null, new DateOnly(2026, 10, 1), " ", null, "u", "U", At));
        Assert.Throws<DomainRuleException>(() => new BoardSignOff(1, 1, null, new DateOnly(2026, 10, 1), new string('x', 51), null, "u", "U", At));
        var ok = new BoardSignOff(1, 1, 4, new DateOnly(2026, 10, 1), " FB/7 ", "  ", "u", "U", At);
        Assert.Equal("FB/7", ok.MinuteReference);
        Assert.Null(ok.Comment);
    }

    [Fact]
    public void The_heatmap_shows_the_worst_status_and_movement_follows_the_health_order()
    {
        Assert.Equal(ProgressStatus.OffTrack, StatusRollup.Worst([ProgressStatus.Achieved, ProgressStatus.OffTrack, ProgressStatus.AtRisk]));
        Assert.Equal(ProgressStatus.NotStarted, StatusRollup.Worst([ProgressStatus.OnTrack, ProgressStatus.NotStarted]));
        Assert.Null(StatusRollup.Worst([]));
        Assert.Equal(Movement.Improved, StatusRollup.Move(ProgressStatus.AtRisk, ProgressStatus.OnTrack));
        Assert.Equal(Movement.Declined, StatusRollup.Move(ProgressStatus.NotStarted, ProgressStatus.OffTrack));
        Assert.Equal(Movement.Same, StatusRollup.Move(ProgressStatus.Achieved, ProgressStatus.Achieved));
        Assert.Null(StatusRollup.Move(null, ProgressStatus.Achieved));
    }
}
