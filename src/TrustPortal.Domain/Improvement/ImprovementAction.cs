using TrustPortal.Domain.Schools;

namespace TrustPortal.Domain.Improvement;

public enum ActionStatus
{
    NotStarted = 0,
    InProgress = 1,
    Done = 2,
    /// No longer pursued; the reason is kept.
    Dropped = 3,
}

/// Where an action stands against its due date (Clever School Systems' words, which trusts know).
public enum ActionTiming
{
    /// Due more than 14 days from today.
    Later = 0,
    /// Due within the next 14 days (or today).
    Due = 1,
    /// Its due date has passed and it is not done or dropped.
    Overdue = 2,
    /// Done or dropped: no longer counts.
    Closed = 3,
}

/// Where an action came from.
public enum ActionSource
{
    /// A next step a head wrote on a progress update.
    NextStep = 0,
    /// The trust's moderation of a self-evaluation area.
    Moderation = 1,
    /// Anything else.
    Other = 2,
    /// A board decision: the board accepted the plan review with actions.
    BoardDecision = 3,
}

/// A tracked improvement action: a description, an owner (a user of the trust), a due date and a status, linked to
/// what it improves — a success criterion of the plan, a report-card area of a school, or a school's own priority.
public sealed class ImprovementAction : IVersioned
{
    public const int DescriptionLimit = 2000;
    public const int ReasonLimit = 2000;
    /// "Due" means due within this many days.
    public const int DueWithinDays = 14;

    private ImprovementAction() { }

    public ImprovementAction(int trustId, int? schoolId, ActionLinks links, string description, ActionOwner owner, DateOnly dueOn, ActionSource source, string createdBy, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(owner);
        if (links.SuccessCriterionId is null && links.Area is null && links.SchoolPriorityId is null && links.BoardDecisionId is null)
        {
            throw new DomainRuleException(nameof(Area), "Link the action to a success criterion, a report-card area, a school priority or a board decision.");
        }
        if (links.Area is { } area && (!Enum.IsDefined(area) || schoolId is null))
        {
            throw new DomainRuleException(nameof(Area), "An action about a report-card area belongs to a school.");
        }
        TrustId = trustId;
        SchoolId = schoolId;
        SuccessCriterionId = links.SuccessCriterionId;
        Area = links.Area;
        SchoolPriorityId = links.SchoolPriorityId;
        BoardDecisionId = links.BoardDecisionId;
        Source = source;
        Describe(description);
        Assign(owner);
        DueOn = dueOn;
        Status = ActionStatus.NotStarted;
        CreatedBy = Guard.Required(createdBy, "Who created the action", Limits.Name);
        CreatedAt = createdAt;
        Version = Guid.NewGuid();
    }

    /// An action a board decision asks for, made with the decision (BoardDecision.Actions) and saved with it: the
    /// save gives it the decision's id.
    internal static ImprovementAction ForDecision(int trustId, int? schoolId, string description, ActionOwner owner, DateOnly dueOn, string createdBy,
        DateTimeOffset createdAt)
    {
        var action = new ImprovementAction
        {
            TrustId = trustId,
            SchoolId = schoolId,
            Source = ActionSource.BoardDecision,
            DueOn = dueOn,
            Status = ActionStatus.NotStarted,
            CreatedBy = Guard.Required(createdBy, "Who created the action", Limits.Name),
            CreatedAt = createdAt,
            Version = Guid.NewGuid(),
        };
        action.Describe(description);
        action.Assign(owner);
        return action;
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    public int? SchoolId { get; private set; }
    public int? SuccessCriterionId { get; private set; }
    public InspectionArea? Area { get; private set; }
    public int? SchoolPriorityId { get; private set; }
    /// The board decision that asked for the action; carried to each later meeting until done (BoardMeeting.Carries).
    public int? BoardDecisionId { get; private set; }
    public ActionSource Source { get; private set; }
    public string Description { get; private set; } = "";
    /// The owner's user id (a person of the trust) and their name as it was when assigned.
    public string OwnerId { get; private set; } = "";
    public string OwnerName { get; private set; } = "";
    public DateOnly DueOn { get; private set; }
    public ActionStatus Status { get; private set; }
    public string? DroppedReason { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public bool IsExample { get; private set; }
    public Guid Version { get; private set; }

    public void NewVersion() => Version = Guid.NewGuid();

    public void MarkAsExample() => IsExample = true;

    public ActionTiming TimingOn(DateOnly today) => Timing(Status, DueOn, today);

    /// Done and dropped actions are closed; otherwise overdue after the due date, due within 14 days, else later.
    public static ActionTiming Timing(ActionStatus status, DateOnly dueOn, DateOnly today) =>
        status is ActionStatus.Done or ActionStatus.Dropped ? ActionTiming.Closed
        : today > dueOn ? ActionTiming.Overdue
        : dueOn.DayNumber - today.DayNumber <= DueWithinDays ? ActionTiming.Due
        : ActionTiming.Later;

    public void Describe(string description) =>
        Description = Guard.Required(description, "The action", DescriptionLimit, nameof(Description));

    public void Assign(ActionOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        OwnerId = Guard.Required(owner.UserId, "The owner", 450, nameof(OwnerId));
        OwnerName = Guard.Required(owner.Name, "The owner's name", Limits.Name, nameof(OwnerId));
    }

    public void Reschedule(DateOnly dueOn) => DueOn = dueOn;

    /// Moves the action to a new status; dropping needs the reason, and the reason goes when it is picked up again.
    public void ChangeStatus(ActionStatus status, string? reason)
    {
        if (!Enum.IsDefined(status))
        {
            throw new DomainRuleException(nameof(Status), "Choose the action's status.");
        }
        DroppedReason = status == ActionStatus.Dropped
            ? Guard.Required(reason, "The reason for dropping the action", ReasonLimit, nameof(DroppedReason))
            : null;
        Status = status;
    }
}

/// What an action improves or came from: at least one of a success criterion, a report-card area (of its school), a
/// priority or a board decision.
public sealed record ActionLinks(int? SuccessCriterionId, InspectionArea? Area, int? SchoolPriorityId, int? BoardDecisionId = null);

/// A person of the trust who owns an action.
public sealed record ActionOwner(string UserId, string Name);
