namespace TrustPortal.Domain.Board;

/// The board's record that it reviewed the trust development plan at a meeting: shown in the plan's history
/// and in the next board pack.
public sealed class BoardSignOff
{
    public const int MinuteReferenceLimit = 50;
    public const int CommentLimit = 4000;

    private BoardSignOff() { }

    public BoardSignOff(int trustId, int strategicPlanId, int? reviewCycleId, DateOnly meetingDate, string minuteReference,
        string? comment, string recordedById, string recordedBy, DateTimeOffset recordedAt)
    {
        if (meetingDate > DateOnly.FromDateTime(recordedAt.UtcDateTime).AddDays(1))
        {
            throw new DomainRuleException(nameof(MeetingDate), "The meeting date cannot be in the future: record the sign-off after the meeting.");
        }
        if (meetingDate.Year < 2000)
        {
            throw new DomainRuleException(nameof(MeetingDate), "Enter a real meeting date.");
        }
        TrustId = trustId;
        StrategicPlanId = strategicPlanId;
        ReviewCycleId = reviewCycleId;
        MeetingDate = meetingDate;
        MinuteReference = Guard.Required(minuteReference, "Minute reference", MinuteReferenceLimit, nameof(MinuteReference));
        Comment = Guard.Optional(comment, "Comment", CommentLimit, nameof(Comment));
        RecordedById = Guard.Required(recordedById, "Who recorded the sign-off", Limits.Name);
        RecordedBy = Guard.Required(recordedBy, "Who recorded the sign-off", Limits.Name);
        RecordedAt = recordedAt;
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    public int StrategicPlanId { get; private set; }
    /// The review cycle whose progress the board reviewed, when it reviewed one.
    public int? ReviewCycleId { get; private set; }
    public DateOnly MeetingDate { get; private set; }
    /// The item number in the board's minutes, e.g. "FB/2026/11/7".
    public string MinuteReference { get; private set; } = "";
    public string? Comment { get; private set; }
    public string RecordedById { get; private set; } = "";
    public string RecordedBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
}
