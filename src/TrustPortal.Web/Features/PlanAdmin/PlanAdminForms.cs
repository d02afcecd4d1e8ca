using System.ComponentModel.DataAnnotations;
using System.Globalization;
using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.PlanAdmin;

public sealed class CreatePlanForm
{
    [Required(ErrorMessage = "Enter the plan's title")]
    [StringLength(Limits.Heading, ErrorMessage = "Title must be 300 characters or fewer")]
    public string? Title { get; set; }

    [Required(ErrorMessage = "Enter the plan's web address, like 2028-2031")]
    [StringLength(Limits.Slug, MinimumLength = 2, ErrorMessage = "Web address must be 2 to 80 characters")]
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "Web address can only include lower-case letters, numbers and single hyphens, like 2028-2031")]
    public string? Slug { get; set; }

    [RegularExpression(@"^\s*\d{4}\s*$", ErrorMessage = "Enter the first year as 4 numbers, like 2028")]
    public string? StartYear { get; set; }

    [RegularExpression(@"^\s*\d{4}\s*$", ErrorMessage = "Enter the last year as 4 numbers, like 2031")]
    public string? EndYear { get; set; }

    /// Empty for a blank plan, or the slug of the trust's plan to copy.
    [StringLength(Limits.Slug)]
    public string? CopyFrom { get; set; }
}

public sealed class PlanDetailsForm : IVersionedForm
{
    [Required(ErrorMessage = "Enter the plan's title")]
    [StringLength(Limits.Heading, ErrorMessage = "Title must be 300 characters or fewer")]
    public string? Title { get; set; }

    [RegularExpression(@"^\s*\d{4}\s*$", ErrorMessage = "Enter the first year as 4 numbers, like 2028")]
    public string? StartYear { get; set; }

    [RegularExpression(@"^\s*\d{4}\s*$", ErrorMessage = "Enter the last year as 4 numbers, like 2031")]
    public string? EndYear { get; set; }

    [StringLength(Limits.LongText, ErrorMessage = "Introduction must be 100,000 characters or fewer")]
    public string? Introduction { get; set; }

    public Guid Version { get; set; }
}

public sealed class HorizonForm : IVersionedForm
{
    [Required(ErrorMessage = "Enter the horizon's name, like Short term: first year")]
    [StringLength(Limits.Heading, ErrorMessage = "Name must be 300 characters or fewer")]
    public string? Name { get; set; }

    public Guid Version { get; set; }
}

public sealed class ThemeForm : IVersionedForm
{
    [StringLength(Limits.Heading, ErrorMessage = "Title must be 300 characters or fewer")]
    public string? Title { get; set; }

    public Guid Version { get; set; }
}

public sealed class AimForm : IVersionedForm
{
    [Required(ErrorMessage = "Enter the aim's number")]
    [RegularExpression(@"^\s*\d{1,2}\s*$", ErrorMessage = "Aim number must be a whole number from 1 to 99")]
    public string? Number { get; set; }

    [Required(ErrorMessage = "Enter the aim's title")]
    [StringLength(Limits.Heading, ErrorMessage = "Title must be 300 characters or fewer")]
    public string? Title { get; set; }

    [StringLength(Limits.Statement, ErrorMessage = "Statement must be 4,000 characters or fewer")]
    public string? Statement { get; set; }

    [Required(ErrorMessage = "Choose the theme the aim belongs to")]
    public int? ThemeId { get; set; }

    public int? HorizonId { get; set; }

    public List<string> Tags { get; set; } = [];

    public Guid Version { get; set; }
}

public sealed class CriterionForm : IVersionedForm
{
    [Required(ErrorMessage = "Enter the success criterion")]
    [StringLength(Limits.Statement, ErrorMessage = "Success criterion must be 4,000 characters or fewer")]
    public string? Text { get; set; }

    [StringLength(Limits.Heading, ErrorMessage = "Measurable target must be 300 characters or fewer")]
    public string? MeasurableTarget { get; set; }

    public DateParts TargetDate { get; set; } = new();

    public Guid Version { get; set; }
}

/// A criterion's numeric measure as the administrator types it (ADR 0144); numbers are kept as typed and read on save.
public sealed class SetMeasureForm : IVersionedForm
{
    [Required(ErrorMessage = "Enter the baseline: where the schools start from")]
    [StringLength(30, ErrorMessage = "The baseline must be 30 characters or fewer")]
    public string? Baseline { get; set; }

    [Required(ErrorMessage = "Enter the target: where the schools aim to get to")]
    [StringLength(30, ErrorMessage = "The target must be 30 characters or fewer")]
    public string? Target { get; set; }

    [Required(ErrorMessage = "Enter the unit, like % or pupils")]
    [StringLength(CriterionMeasure.UnitLimit, ErrorMessage = "The unit must be 40 characters or fewer")]
    public string? Unit { get; set; }

    [Required(ErrorMessage = "Choose whether a higher or a lower value is better")]
    public MeasureDirection? Direction { get; set; }

    public DateParts TargetDate { get; set; } = new();

    public Guid Version { get; set; }

    public static SetMeasureForm From(CriterionMeasure? measure, Guid version) => new()
    {
        Baseline = measure is null ? null : MeasureNumber.Plain(measure.Baseline),
        Target = measure is null ? null : MeasureNumber.Plain(measure.Target),
        Unit = measure?.Unit,
        Direction = measure?.Direction,
        TargetDate = DateParts.From(measure?.TargetDate),
        Version = version,
    };
}

/// Move an item of the plan one place up or down.
public sealed class MoveForm : IVersionedForm
{
    [Required]
    [AllowedValues("horizon", "theme", "aim", "criterion")]
    public string? Kind { get; set; }

    public int Id { get; set; }

    [Required]
    [AllowedValues("up", "down")]
    public string? Direction { get; set; }

    public Guid Version { get; set; }
}

/// The version of the plan the person saw, for buttons that change it (remove, publish, archive, renumber).
public sealed class VersionForm : IVersionedForm
{
    public Guid Version { get; set; }
}

public static class Years
{
    public static int? Parse(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : null;
}

public sealed record PlanListRow(string Slug, string Title, int? StartYear, int? EndYear, PlanStatus Status, int Aims);

public sealed record PlanListViewModel(IReadOnlyList<PlanListRow> Plans);

public sealed record CreatePlanViewModel(CreatePlanForm Form, IReadOnlyList<PlanListRow> Plans);

public sealed record EditorCriterion(int Id, string Text, string? MeasurableTarget, DateOnly? TargetDate, bool IsRetired, int Revisions)
{
    /// The numeric measure beside the words, if any (ADR 0144).
    public CriterionMeasure? Measure { get; init; }
}

public sealed record EditorAim(int Id, int Number, string Title, string? Statement, int? HorizonId, bool IsRetired, List<string> Tags, List<EditorCriterion> Criteria);

public sealed record EditorTheme(int Id, string? Title, List<EditorAim> Aims);

public sealed record EditorHorizon(int Id, string Name);

public sealed record EditorPlan(int Id, string Slug, string Title, int? StartYear, int? EndYear, PlanStatus Status, string? Introduction, Guid Version,
    List<EditorHorizon> Horizons, List<EditorTheme> Themes)
{
    public bool IsEditable => Status != PlanStatus.Archived;

    public string Period => StartYear is null ? "Period not stated" : $"{StartYear}\u2013{EndYear}";

    public string? HorizonName(int? id) => id is null ? null : Horizons.Find(h => h.Id == id)?.Name;
}

public sealed record PlanEditorViewModel(EditorPlan Plan, IReadOnlyDictionary<int, int> UpdatesPerCriterion, int Cycles);

/// A form page about one plan; <paramref name="Current"/> is what another administrator saved, shown after a conflict.
public sealed record PlanFormViewModel<TForm>(PlanHeader Plan, TForm Form, int? ItemId = null, object? Current = null);

public sealed record PlanHeader(string Slug, string Title, PlanStatus Status, Guid Version);

public sealed record AimFormViewModel(PlanHeader Plan, AimForm Form, int? AimId, IReadOnlyList<EditorTheme> Themes, IReadOnlyList<EditorHorizon> Horizons, AimSnapshot? Current);

public sealed record AimSnapshot(int Number, string Title, string? Statement, string? Theme, string? Horizon, IReadOnlyList<string> Tags);

public sealed record CriterionSnapshot(string Text, string? MeasurableTarget, DateOnly? TargetDate);

public sealed record CriterionFormViewModel(PlanHeader Plan, CriterionForm Form, int AimId, string AimTitle, int? CriterionId,
    CriterionSnapshot? Current, IReadOnlyList<CriterionRevisionRow> History);

/// The measure page of one criterion: its words (shown, never edited here), the form, and after a conflict the other
/// administrator's measure. <paramref name="PlanPeriod"/> bounds the target date, when the plan states a period.
public sealed record MeasureFormViewModel(PlanHeader Plan, SetMeasureForm Form, int AimNumber, string AimTitle, int CriterionId, string CriterionText,
    string? MeasurableTarget, bool HasMeasure, CriterionMeasure? Current, (DateOnly First, DateOnly Last)? PlanPeriod)
{
    /// After a conflict: show what the other administrator saved (which may be no measure at all).
    public bool ShowOthers { get; init; }
}

public sealed record CriterionRevisionRow(string Text, string? MeasurableTarget, DateOnly? TargetDate, string ReplacedBy, DateTimeOffset ReplacedAt);

public sealed record ConfirmViewModel(PlanHeader Plan, string Heading, string Body, string Action, string Button, bool Warning, string? Detail = null);
