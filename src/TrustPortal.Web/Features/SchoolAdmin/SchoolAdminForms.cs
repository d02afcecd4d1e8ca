using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TrustPortal.Domain;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Features.Schools;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.SchoolAdmin;

/// The fields of a school that an administrator edits (all but the URN, which is fixed once added).
public abstract class SchoolFields
{
    [Required(ErrorMessage = "Enter the school's name")]
    [StringLength(Limits.Name, ErrorMessage = "Name must be 200 characters or fewer")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Choose the phase of education")]
    public Phase? Phase { get; set; }

    [Display(Name = "Lowest age")]
    [Range(2, 19, ErrorMessage = "Lowest age must be between 2 and 19")]
    public int? LowAge { get; set; }

    [Display(Name = "Highest age")]
    [Range(2, 25, ErrorMessage = "Highest age must be between 2 and 25")]
    public int? HighAge { get; set; }

    public bool HasNursery { get; set; }

    public bool HasSixthForm { get; set; }

    [StringLength(Limits.Name, ErrorMessage = "Religious character must be 200 characters or fewer")]
    public string? ReligiousCharacter { get; set; }

    [StringLength(Limits.Name, ErrorMessage = "Diocese must be 200 characters or fewer")]
    public string? Diocese { get; set; }

    [StringLength(Limits.Name, ErrorMessage = "Local authority must be 200 characters or fewer")]
    public string? LocalAuthority { get; set; }

    [StringLength(Limits.Name, ErrorMessage = "Town must be 200 characters or fewer")]
    public string? Town { get; set; }

    [Display(Name = "Pupils on roll")]
    [Range(0, 10_000, ErrorMessage = "Pupils on roll must be between 0 and 10,000")]
    public int? PupilsOnRoll { get; set; }

    public DateParts JoinedTrustOn { get; set; } = new();

    [StringLength(Limits.Name, ErrorMessage = "Conversion cohort must be 200 characters or fewer")]
    public string? ConversionCohort { get; set; }

    [StringLength(Limits.LongText, ErrorMessage = "Ethos must be 100,000 characters or fewer")]
    public string? Ethos { get; set; }

    protected void CopyFrom(School school)
    {
        ArgumentNullException.ThrowIfNull(school);
        Name = school.Name;
        Phase = school.Phase;
        LowAge = school.LowAge;
        HighAge = school.HighAge;
        HasNursery = school.HasNursery;
        HasSixthForm = school.HasSixthForm;
        ReligiousCharacter = school.ReligiousCharacter;
        Diocese = school.Diocese;
        LocalAuthority = school.LocalAuthority;
        Town = school.Town;
        PupilsOnRoll = school.PupilsOnRoll;
        JoinedTrustOn = DateParts.From(school.JoinedTrustOn);
        ConversionCohort = school.ConversionCohort;
        Ethos = school.Ethos;
    }

    /// Puts the fields into the school through its own methods; a broken rule becomes an error on its field.
    public void ApplyTo(School school, ModelStateDictionary state)
    {
        ArgumentNullException.ThrowIfNull(school);
        ArgumentNullException.ThrowIfNull(state);
        DateOnly? joined = null;
        if (!JoinedTrustOn.IsEmpty)
        {
            if (JoinedTrustOn.TryGet("The date the school joined the trust", out var date, out var error))
            {
                joined = date;
            }
            else
            {
                state.AddModelError("Form.JoinedTrustOn", error!);
            }
        }
        DomainEdit.Try(state, "Form.Name", () => school.Rename(Name!));
        if (Phase is { } phase)
        {
            DomainEdit.Try(state, "Form.Phase", () => school.ChangePhase(phase));
        }
        DomainEdit.Try(state, "Form.LowAge", () => school.SetAgeRange(LowAge, HighAge, HasNursery, HasSixthForm));
        DomainEdit.Try(state, "Form.ReligiousCharacter", () => school.SetReligiousCharacter(ReligiousCharacter, Diocese));
        DomainEdit.Try(state, "Form.LocalAuthority", () => school.SetLocation(LocalAuthority, Town));
        DomainEdit.Try(state, "Form.PupilsOnRoll", () => school.SetPupilsOnRoll(PupilsOnRoll));
        DomainEdit.Try(state, "Form.ConversionCohort", () => school.SetMembership(joined, ConversionCohort));
        DomainEdit.Try(state, "Form.Ethos", () => school.SetEthos(Ethos));
    }
}

public sealed class AddSchoolForm : SchoolFields
{
    [Required(ErrorMessage = "Enter the school's URN")]
    [StringLength(20, ErrorMessage = "URN must be a six-digit number, like 123456")]
    public string? Urn { get; set; }
}

public sealed class EditSchoolForm : SchoolFields, IVersionedForm
{
    /// The version of the school the administrator started from (lost-update check).
    public Guid Version { get; set; }

    public static EditSchoolForm From(School school)
    {
        ArgumentNullException.ThrowIfNull(school);
        var form = new EditSchoolForm { Version = school.Version };
        form.CopyFrom(school);
        return form;
    }
}

public sealed class AddReportCardForm
{
    public DateParts InspectedOn { get; set; } = new();

    public ReportCardGrade? Inclusion { get; set; }
    public ReportCardGrade? CurriculumAndTeaching { get; set; }
    public ReportCardGrade? Achievement { get; set; }
    public ReportCardGrade? AttendanceAndBehaviour { get; set; }
    public ReportCardGrade? PersonalDevelopmentAndWellBeing { get; set; }
    public ReportCardGrade? LeadershipAndGovernance { get; set; }
    public ReportCardGrade? EarlyYears { get; set; }
    public ReportCardGrade? SixthForm { get; set; }

    [Required(ErrorMessage = "Choose whether safeguarding standards were met")]
    public bool? SafeguardingMet { get; set; }

    public ReportCardGrade? Grade(InspectionArea area) => area switch
    {
        InspectionArea.Inclusion => Inclusion,
        InspectionArea.CurriculumAndTeaching => CurriculumAndTeaching,
        InspectionArea.Achievement => Achievement,
        InspectionArea.AttendanceAndBehaviour => AttendanceAndBehaviour,
        InspectionArea.PersonalDevelopmentAndWellBeing => PersonalDevelopmentAndWellBeing,
        InspectionArea.LeadershipAndGovernance => LeadershipAndGovernance,
        InspectionArea.EarlyYears => EarlyYears,
        InspectionArea.SixthForm => SixthForm,
        _ => null,
    };
}

public sealed class AddPreviousJudgementForm
{
    public DateParts InspectedOn { get; set; } = new();

    [Required(ErrorMessage = "Choose the overall judgement")]
    public OverallJudgement? Judgement { get; set; }
}

/// The school an inspection form is for, and which report card areas apply to it.
public sealed record InspectionSchool(int Urn, string Name, bool HasEarlyYears, bool HasSixthForm)
{
    public IReadOnlyList<InspectionArea> Areas =>
        [.. InspectionAreas.Core, .. HasEarlyYears ? [InspectionArea.EarlyYears] : Array.Empty<InspectionArea>(),
            .. HasSixthForm ? [InspectionArea.SixthForm] : Array.Empty<InspectionArea>()];
}

public sealed record AdminSchoolRow(int Urn, string Name, Phase Phase, string? Town, bool IsArchived, bool IsExample, LatestInspection? LatestInspection);

public sealed record AdminSchoolListViewModel(IReadOnlyList<AdminSchoolRow> Schools);

public sealed record AddSchoolViewModel(AddSchoolForm Form, bool ShowPreview);

/// What is saved now: shown beside the form when another administrator saved first.
public sealed record SavedSchool(string Name, Phase Phase, int? LowAge, int? HighAge, bool HasNursery, bool HasSixthForm,
    string? ReligiousCharacter, string? Diocese, string? LocalAuthority, string? Town, int? PupilsOnRoll, DateOnly? JoinedTrustOn,
    string? ConversionCohort, string? Ethos, Guid Version)
{
    /// The school as saved (the other administrator's version, after a conflict).
    public static SavedSchool Of(School s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Name, s.Phase, s.LowAge, s.HighAge, s.HasNursery, s.HasSixthForm, s.ReligiousCharacter,
            s.Diocese, s.LocalAuthority, s.Town, s.PupilsOnRoll, s.JoinedTrustOn, s.ConversionCohort, s.Ethos, s.Version);
    }
}

public sealed record EditSchoolViewModel(int Urn, string CurrentName, EditSchoolForm Form, bool ShowPreview, SavedSchool? TheirVersion);

public sealed record AdminInspectionRow(int Id, InspectionKind Kind, DateOnly InspectedOn, OverallJudgement? OverallJudgement, bool? SafeguardingMet, List<GradeView> Grades);

public sealed record AdminSchoolDetails(int Urn, string Name, Phase Phase, int? LowAge, int? HighAge, bool HasNursery, bool HasSixthForm,
    string? ReligiousCharacter, string? Diocese, string? LocalAuthority, string? Town, int? PupilsOnRoll, DateOnly? JoinedTrustOn,
    string? ConversionCohort, string? Ethos, bool IsExample, bool IsArchived, int ProgressUpdates, List<AdminInspectionRow> Inspections);

public sealed record AdminSchoolViewModel(AdminSchoolDetails School, string TrustSlug);

public sealed record AddReportCardViewModel(InspectionSchool School, AddReportCardForm Form);

public sealed record AddPreviousJudgementViewModel(InspectionSchool School, AddPreviousJudgementForm Form);

public sealed record RemoveInspectionViewModel(InspectionSchool School, AdminInspectionRow Inspection);

/// Calls a domain method and turns a broken rule into an error on the form field it is about.
public static class DomainEdit
{
    public static bool Try(ModelStateDictionary state, string key, Action edit)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(edit);
        if (state.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
        {
            return false; // one message per field: the form's own check already spoke
        }
        try
        {
            edit();
            return true;
        }
        catch (DomainRuleException ex)
        {
            state.AddModelError(key, ex.Message);
            return false;
        }
    }

    public static bool HasError(this ModelStateDictionary state, string key) =>
        state is not null && state.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    public static IEnumerable<KeyValuePair<string, string>> Phases() =>
        Enum.GetValues<Phase>().Select(p => KeyValuePair.Create(p.ToString(), SchoolText.Phase(p)));

    public static IEnumerable<KeyValuePair<string, string>> Grades() =>
        Enum.GetValues<ReportCardGrade>().Reverse().Select(g => KeyValuePair.Create(g.ToString(), InspectionAreas.Label(g)));

    public static IEnumerable<KeyValuePair<string, string>> Safeguarding() =>
        [KeyValuePair.Create(bool.TrueString, "Met"), KeyValuePair.Create(bool.FalseString, "Not met")];

    public static IEnumerable<KeyValuePair<string, string>> Judgements() =>
        Enum.GetValues<OverallJudgement>().Reverse().Select(j => KeyValuePair.Create(j.ToString(), InspectionAreas.Label(j)));
}
