using TrustPortal.Domain.Improvement;

namespace TrustPortal.Domain.Board;

/// A meeting of the whole board, or of one of its committees.
public enum MeetingKind
{
    FullBoard = 0,
    Committee = 1,
}

/// What the board decided about the review of the trust development plan.
public enum DecisionOutcome
{
    Accepted = 0,
    /// Accepted, with actions the board asks for: each has an owner and a due date and is tracked until done.
    AcceptedWithActions = 1,
    NotAccepted = 2,
}

/// The trust's rules for its board meetings: how many trustees make a quorum.
public sealed class BoardSettings : IVersioned
{
    /// The model articles' quorum for a trust board: three trustees.
    public const int DefaultQuorum = 3;
    public const int MaxQuorum = 50;

    private BoardSettings() { }

    public BoardSettings(int trustId, int quorum)
    {
        TrustId = trustId;
        Version = Guid.NewGuid();
        SetQuorum(quorum);
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    /// How many trustees must be present for the meeting to make decisions.
    public int Quorum { get; private set; }
    public Guid Version { get; private set; }

    public void NewVersion() => Version = Guid.NewGuid();

    public void SetQuorum(int quorum) => Quorum = BoardMeeting.CheckQuorum(quorum);
}

/// A meeting of the trust board or of one of its committees: the trustees present (and so whether it was quorate),
/// the packs issued to it, and the decisions it recorded.
public sealed class BoardMeeting
{
    public const int CommitteeLimit = 200;

    private readonly List<MeetingAttendee> _attendees = [];

    private BoardMeeting() { }

    public BoardMeeting(int trustId, DateOnly heldOn, MeetingKind kind, string? committee, int quorum, string createdBy, DateTimeOffset createdAt)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new DomainRuleException(nameof(Kind), "Choose whether it is a full board or a committee meeting.");
        }
        if (heldOn.Year < 2000 || heldOn.Year > 2100)
        {
            throw new DomainRuleException(nameof(HeldOn), "Enter the meeting date as a real date, for example 22 11 2026.");
        }
        TrustId = trustId;
        HeldOn = heldOn;
        Kind = kind;
        Committee = kind == MeetingKind.Committee
            ? Guard.Required(committee, "The committee's name", CommitteeLimit, nameof(Committee))
            : null;
        Quorum = CheckQuorum(quorum);
        CreatedBy = Guard.Required(createdBy, "Who recorded the meeting", Limits.Name);
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    public DateOnly HeldOn { get; private set; }
    public MeetingKind Kind { get; private set; }
    /// The committee's name, e.g. "Standards committee"; none for a full board meeting.
    public string? Committee { get; private set; }
    /// The quorum that applied when the meeting was recorded (the trust's setting then), so a later change of the
    /// trust's quorum never changes whether an earlier meeting was quorate.
    public int Quorum { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public bool IsExample { get; private set; }
    public IReadOnlyList<MeetingAttendee> Attendees => _attendees;

    /// "Full board" or the committee's own name.
    public string Title => TitleOf(Kind, Committee);

    public static string TitleOf(MeetingKind kind, string? committee) => kind == MeetingKind.Committee ? committee ?? "Committee" : "Full board";

    /// A meeting is quorate when at least the quorum of trustees were present.
    public static bool IsQuorate(int present, int quorum) => present >= quorum;

    public bool Quorate => IsQuorate(_attendees.Count, Quorum);

    public void MarkAsExample() => IsExample = true;

    /// Records who was present, from the trust's trustees (each once); replaces any earlier list.
    public void RecordAttendance(IEnumerable<TrusteePresent> trustees)
    {
        ArgumentNullException.ThrowIfNull(trustees);
        var list = trustees.ToList();
        if (list.Select(t => t.UserId).Distinct(StringComparer.Ordinal).Count() != list.Count)
        {
            throw new DomainRuleException(nameof(Attendees), "Each trustee can be present once.");
        }
        _attendees.Clear();
        _attendees.AddRange(list.Select(t => new MeetingAttendee(t.UserId, t.Name)));
    }

    internal static int CheckQuorum(int quorum) => quorum is < 1 or > BoardSettings.MaxQuorum
        ? throw new DomainRuleException(nameof(Quorum), $"The quorum must be a whole number from 1 to {BoardSettings.MaxQuorum}.")
        : quorum;

    /// An improvement action decided at a meeting is carried to every later meeting until it is done or dropped.
    /// Meetings are ordered by date, then by the order they were recorded in (a committee and the board on one day).
    public static bool Carries(DateOnly decidedOn, int decidedAtMeetingId, ActionStatus status, DateOnly meetingOn, int meetingId) =>
        status is ActionStatus.NotStarted or ActionStatus.InProgress
        && (decidedOn < meetingOn || (decidedOn == meetingOn && decidedAtMeetingId < meetingId));
}

/// A trustee present at a meeting; the name is kept as it was.
public sealed class MeetingAttendee
{
    private MeetingAttendee() { }

    internal MeetingAttendee(string userId, string name)
    {
        UserId = Guard.Required(userId, "The trustee", 450);
        UserName = Guard.Required(name, "The trustee's name", Limits.Name);
    }

    public int Id { get; private set; }
    public int BoardMeetingId { get; private set; }
    public string UserId { get; private set; } = "";
    /// Named UserName beside UserId so that erasing the person pseudonymises it (Accounts/Erasure).
    public string UserName { get; private set; } = "";
}

public sealed record TrusteePresent(string UserId, string Name);

/// A decision the meeting recorded about the review of the plan: accepted, accepted with actions or not accepted,
/// with its minute reference, the schools it is about (their heads see it) and, when accepted with actions, the
/// tracked improvement actions linked to it (<see cref="ImprovementAction.BoardDecisionId"/>).
public sealed class BoardDecision
{
    public const int MinuteReferenceLimit = 50;
    public const int NotesLimit = 4000;

    private readonly List<DecisionSchool> _schools = [];
    private readonly List<ImprovementAction> _actions = [];

    private BoardDecision() { }

    /// <param name="actions">The actions the board asked for, each tracked until done from the decision's school (or
    /// the trust's, see <see cref="SchoolForActions"/>): accepted with actions needs one at least; accepted needs none.
    /// They are saved with the decision, which gives them its id.</param>
    public BoardDecision(BoardMeeting meeting, int? reviewCycleId, DecisionOutcome outcome, string minuteReference, string? notes,
        IEnumerable<int> schoolIds, IReadOnlyCollection<DecisionAction> actions, string recordedById, string recordedBy, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(schoolIds);
        ArgumentNullException.ThrowIfNull(actions);
        if (!Enum.IsDefined(outcome))
        {
            throw new DomainRuleException(nameof(Outcome), "Choose what the board decided.");
        }
        if (outcome == DecisionOutcome.AcceptedWithActions && actions.Count == 0)
        {
            throw new DomainRuleException(ActionsField, "Enter at least one action: the board accepted the plan review with actions.");
        }
        if (outcome == DecisionOutcome.Accepted && actions.Count > 0)
        {
            throw new DomainRuleException(nameof(Outcome), "Choose \"Accepted with actions\" to record actions with the decision.");
        }
        if (meeting.HeldOn > DateOnly.FromDateTime(recordedAt.UtcDateTime).AddDays(1))
        {
            throw new DomainRuleException(nameof(Outcome), "A decision is recorded after the meeting: this meeting has not been held yet.");
        }
        TrustId = meeting.TrustId;
        BoardMeetingId = meeting.Id;
        ReviewCycleId = reviewCycleId;
        Outcome = outcome;
        MinuteReference = Guard.Required(minuteReference, "The minute reference", MinuteReferenceLimit, nameof(MinuteReference));
        Notes = Guard.Optional(notes, "The notes", NotesLimit, nameof(Notes));
        _schools.AddRange(schoolIds.Distinct().Select(id => new DecisionSchool(id)));
        RecordedById = Guard.Required(recordedById, "Who recorded the decision", 450);
        RecordedBy = Guard.Required(recordedBy, "Who recorded the decision", Limits.Name);
        RecordedAt = recordedAt;
        _actions.AddRange(actions.Select(a => ImprovementAction.ForDecision(TrustId, SchoolForActions, a.Description, a.Owner, a.DueOn, RecordedBy, recordedAt)));
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    public int BoardMeetingId { get; private set; }
    /// The review cycle whose progress the board reviewed.
    public int? ReviewCycleId { get; private set; }
    public DecisionOutcome Outcome { get; private set; }
    /// The item in the board's minutes, e.g. "FB/2026/11/7".
    public string MinuteReference { get; private set; } = "";
    public string? Notes { get; private set; }
    public string RecordedById { get; private set; } = "";
    public string RecordedBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
    public bool IsExample { get; private set; }
    /// The schools the decision is about; their heads see it.
    public IReadOnlyList<DecisionSchool> Schools => _schools;
    /// The actions the board asked for with the decision: made with it, saved with it (not loaded with it when read).
    public IReadOnlyList<ImprovementAction> Actions => _actions;
    /// Names the actions' inputs in a broken rule (the actions are improvement actions, not a property here).
    public const string ActionsField = "Actions";

    public void MarkAsExample() => IsExample = true;

    public static string Label(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Accepted => "Accepted",
        DecisionOutcome.AcceptedWithActions => "Accepted with actions",
        DecisionOutcome.NotAccepted => "Not accepted",
        _ => outcome.ToString(),
    };

    /// The school an action of this decision belongs to: the decision's one school, else none (trust-wide).
    public int? SchoolForActions => _schools.Count == 1 ? _schools[0].SchoolId : null;
}

/// An action the board asks for with its decision: what will be done, who owns it, by when.
public sealed record DecisionAction(string Description, ActionOwner Owner, DateOnly DueOn);

/// A school a decision is about.
public sealed class DecisionSchool
{
    private DecisionSchool() { }

    internal DecisionSchool(int schoolId) => SchoolId = schoolId;

    public int Id { get; private set; }
    public int BoardDecisionId { get; private set; }
    public int SchoolId { get; private set; }
}
