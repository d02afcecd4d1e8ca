using System.ComponentModel.DataAnnotations;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Improvement;
using TrustPortal.Web.Features.Actions;
using TrustPortal.Web.Features.BoardPack;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.BoardMeetings;

public sealed record MeetingRow(int Id, DateOnly HeldOn, MeetingKind Kind, string? Committee, int Quorum, int Present, int Papers, int Decisions, bool IsExample)
{
    public string Title => BoardMeeting.TitleOf(Kind, Committee);
    public bool Quorate => BoardMeeting.IsQuorate(Present, Quorum);
}

public sealed record SignOffHistoryRow(DateOnly MeetingDate, string MinuteReference, string? CycleName, string? Comment, string RecordedBy);

public sealed record MeetingsViewModel(TrustBrand Trust, IReadOnlyList<MeetingRow> Meetings, int Quorum, SetQuorumForm QuorumForm, bool MayPrepare,
    IReadOnlyList<SignOffHistoryRow> EarlierSignOffs) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;
}

public sealed record PersonChoice(string Id, string Name);

public sealed record NewMeetingViewModel(TrustBrand Trust, NewMeetingForm Form, IReadOnlyList<PersonChoice> Trustees, int Quorum) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;
}

public sealed record PaperRow(int Id, PackScope Scope, string CycleName, string IssuedBy, DateTimeOffset IssuedAt, IReadOnlyList<IssuedFileRow> Files);

public sealed record DecisionActionRow(int Id, int DecisionId, string Description, string OwnerName, DateOnly DueOn, ActionStatus Status)
{
    public ActionTiming TimingOn(DateOnly today) => ImprovementAction.Timing(Status, DueOn, today);
}

public sealed record DecisionRow(int Id, DecisionOutcome Outcome, string MinuteReference, string? Notes, string? CycleName, string RecordedBy,
    DateTimeOffset RecordedAt, bool IsExample, IReadOnlyList<string> Schools)
{
    public string OutcomeText => BoardDecision.Label(Outcome);
}

/// An open action decided at an earlier meeting, carried to this one until it is done.
public sealed record CarriedAction(DecisionActionRow Action, DateOnly DecidedOn, string MeetingTitle, int MeetingId, string MinuteReference);

public sealed record MeetingViewModel(TrustBrand Trust, int Id, DateOnly HeldOn, string Title, int Quorum, IReadOnlyList<string> Present, bool IsExample,
    IReadOnlyList<PaperRow> Papers, IReadOnlyList<DecisionRow> Decisions, IReadOnlyList<DecisionActionRow> Actions, IReadOnlyList<CarriedAction> Carried,
    IReadOnlyList<PaperChoice> UnlinkedPacks, bool MayPrepare, DateOnly Today) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;
    public bool Quorate => BoardMeeting.IsQuorate(Present.Count, Quorum);
}

public sealed record PaperChoice(int Id, string Text);

public sealed record CycleChoice(int Id, string Name);

public sealed record SchoolChoiceRow(int Id, string Name);

public sealed record DecideViewModel(TrustBrand Trust, int MeetingId, string MeetingTitle, DateOnly HeldOn, RecordDecisionForm Form,
    IReadOnlyList<CycleChoice> Cycles, IReadOnlyList<SchoolChoiceRow> Schools, IReadOnlyList<PersonChoice> Owners) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;
}

/// A decision about a school as its head reads it: the meeting, the decision and its actions.
public sealed record SchoolDecisionRow(DecisionRow Decision, DateOnly HeldOn, string MeetingTitle, IReadOnlyList<DecisionActionRow> Actions);

public sealed record SchoolDecisionsViewModel(TrustBrand Trust, int Urn, string SchoolName, IReadOnlyList<SchoolDecisionRow> Decisions, DateOnly Today) : ITrustPage
{
    public TrustSection Section => TrustSection.Progress;
}

public sealed class SetQuorumForm : IVersionedForm
{
    [Required(ErrorMessage = "Enter the quorum")]
    [Range(1, BoardSettings.MaxQuorum, ErrorMessage = "The quorum must be a whole number from 1 to 50")]
    public int? Quorum { get; set; }

    public Guid Version { get; set; }
}

public sealed class NewMeetingForm
{
    public DateParts HeldOn { get; set; } = new();

    [Required(ErrorMessage = "Choose whether it is a full board or a committee meeting")]
    public MeetingKind? Kind { get; set; }

    [StringLength(BoardMeeting.CommitteeLimit, ErrorMessage = "The committee's name must be 200 characters or fewer")]
    public string? Committee { get; set; }

    /// The trustees present (user ids, from the trust's trustees).
    public List<string> Present { get; set; } = [];
}

public sealed class AddPaperForm
{
    [Required(ErrorMessage = "Choose a pack")]
    public int? PackId { get; set; }
}

public sealed class IssueToMeetingForm
{
    public PackScope Scope { get; set; }
}

public sealed class RecordDecisionForm
{
    /// How many action rows the form offers (blank rows are ignored); more can be added to My actions later.
    public const int ActionRows = 3;

    [Required(ErrorMessage = "Choose what the board decided")]
    public DecisionOutcome? Outcome { get; set; }

    public int? CycleId { get; set; }

    [Required(ErrorMessage = "Enter the minute reference")]
    [StringLength(BoardDecision.MinuteReferenceLimit, ErrorMessage = "The minute reference must be 50 characters or fewer")]
    public string? MinuteReference { get; set; }

    [StringLength(BoardDecision.NotesLimit, ErrorMessage = "The notes must be 4,000 characters or fewer")]
    public string? Notes { get; set; }

    /// The schools the decision is about (ids of the trust's schools).
    public List<int> Schools { get; set; } = [];

    public List<DecisionActionForm> Actions { get; set; } = [];

    /// Pads the action rows to <see cref="ActionRows"/>, so the form always offers them.
    public RecordDecisionForm WithRows()
    {
        while (Actions.Count < ActionRows)
        {
            Actions.Add(new DecisionActionForm());
        }
        return this;
    }
}

public sealed class DecisionActionForm
{
    [StringLength(ImprovementAction.DescriptionLimit, ErrorMessage = "The action must be 2,000 characters or fewer")]
    public string? Description { get; set; }

    public string? OwnerId { get; set; }

    public DateParts DueOn { get; set; } = new();

    public bool IsBlank => string.IsNullOrWhiteSpace(Description) && string.IsNullOrWhiteSpace(OwnerId) && DueOn.IsEmpty;
}

public static class MeetingText
{
    public static string Timing(DecisionActionRow action, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(action);
        var timing = ActionText.Label(action.TimingOn(today));
        return timing.Length == 0 ? ActionText.Label(action.Status) : $"{ActionText.Label(action.Status)} ({timing.ToLowerInvariant()})";
    }
}

/// A decision's actions as a table (the meeting's page and the school's decisions page).
public sealed record DecisionActionsModel(string Slug, string Caption, IReadOnlyList<DecisionActionRow> Actions, DateOnly Today);
