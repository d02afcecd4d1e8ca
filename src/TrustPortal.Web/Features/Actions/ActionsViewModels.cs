using System.ComponentModel.DataAnnotations;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Actions;

/// One action as the lists show it.
public sealed record ActionRow(int Id, string Description, string? SchoolName, InspectionArea? Area, string? CriterionText, string OwnerName, DateOnly DueOn, ActionStatus Status, bool IsExample)
{
    public ActionTiming TimingOn(DateOnly today) => ImprovementAction.Timing(Status, DueOn, today);
}

public sealed record ActionListViewModel(TrustBrand Trust, string Heading, string Lead, IReadOnlyList<ActionRow> Actions, DateOnly Today, bool ShowOwner) : ITrustPage
{
    public TrustSection Section => TrustSection.Actions;
}

public sealed record OwnerChoice(string Id, string Name);

public sealed record NewActionViewModel(TrustBrand Trust, string? SchoolName, string? CriterionText, NewActionForm Form, IReadOnlyList<OwnerChoice> Owners) : ITrustPage
{
    public TrustSection Section => TrustSection.Actions;
}

public sealed record ActionViewModel(TrustBrand Trust, ActionRow Action, string? DroppedReason, DateOnly Today, bool CanUpdate, UpdateActionForm Form) : ITrustPage
{
    public TrustSection Section => TrustSection.Actions;

    /// The trust's administrators and the heads of the action's school may change its words, owner and due date.
    public bool CanEdit { get; init; }
}

public sealed record EditActionViewModel(TrustBrand Trust, int Id, EditActionForm Form, IReadOnlyList<OwnerChoice> Owners) : ITrustPage
{
    public TrustSection Section => TrustSection.Actions;

    /// The action as someone else saved it while this person was editing (after a conflict).
    public ImprovementAction? Theirs { get; init; }
}

public sealed class EditActionForm : IVersionedForm
{
    [Required(ErrorMessage = "Enter the action")]
    [StringLength(ImprovementAction.DescriptionLimit, ErrorMessage = "The action must be 2,000 characters or fewer")]
    public string? Description { get; set; }

    [Required(ErrorMessage = "Choose who owns the action")]
    public string? OwnerId { get; set; }

    public DateParts DueOn { get; set; } = new();

    public Guid Version { get; set; }
}

public sealed class NewActionForm
{
    [Required(ErrorMessage = "Enter the action")]
    [StringLength(ImprovementAction.DescriptionLimit, ErrorMessage = "The action must be 2,000 characters or fewer")]
    public string? Description { get; set; }

    [Required(ErrorMessage = "Choose who owns the action")]
    public string? OwnerId { get; set; }

    public DateParts DueOn { get; set; } = new();

    /// What the action came from and improves (hidden fields, carried from the link that opened the form).
    public int? School { get; set; }
    public string? Area { get; set; }
    public int? Criterion { get; set; }
    /// The form was opened from a head's next steps on a progress update (of School and Criterion).
    public bool FromNextStep { get; set; }
}

public sealed class UpdateActionForm : IVersionedForm
{
    [Required(ErrorMessage = "Choose the action's status")]
    public ActionStatus? Status { get; set; }

    [StringLength(ImprovementAction.ReasonLimit, ErrorMessage = "The reason must be 2,000 characters or fewer")]
    public string? DroppedReason { get; set; }

    public Guid Version { get; set; }
}

public static class ActionText
{
    public static string Label(ActionStatus status) => status switch
    {
        ActionStatus.NotStarted => "Not started",
        ActionStatus.InProgress => "In progress",
        ActionStatus.Done => "Done",
        ActionStatus.Dropped => "Dropped",
        _ => status.ToString(),
    };

    public static string Label(ActionTiming timing) => timing switch
    {
        ActionTiming.Due => "Due",
        ActionTiming.Overdue => "Overdue",
        _ => "",
    };
}
