using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Schools;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.SchoolAdmin;

/// Trust administrators keep their own trust's schools: add, edit, archive and restore (never delete: a school's
/// progress history stays), and record or remove Ofsted inspection outcomes.
[Authorize(Policy = Policies.ManageSchools)]
[Route("admin/schools")]
public sealed class SchoolAdminController(TrustPortalDbContext db, FormWrites writes, TimeProvider clock) : Controller
{
    private int TrustId => User.TrustId() ?? throw new InvalidOperationException("The ManageSchools policy requires a trust.");

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var schools = await db.Schools.AsNoTracking()
            .Where(s => s.TrustId == TrustId)
            .OrderBy(s => s.IsArchived).ThenBy(s => s.Name)
            .Select(s => new AdminSchoolRow(s.Urn, s.Name, s.Phase, s.Town, s.IsArchived, s.IsExample,
                s.Inspections.OrderByDescending(i => i.InspectedOn)
                    .Select(i => new LatestInspection(i.Kind, i.InspectedOn, i.OverallJudgement, i.SafeguardingMet))
                    .FirstOrDefault()))
            .ToListAsync(ct);
        return View(new AdminSchoolListViewModel(schools));
    }

    [HttpGet("add")]
    public IActionResult Add() => View(new AddSchoolViewModel(new AddSchoolForm(), false));

    [HttpPost("add")]
    public async Task<IActionResult> Add([Bind(Prefix = "Form")] AddSchoolForm form, bool preview, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (preview)
        {
            return View(new AddSchoolViewModel(form, true));
        }
        var urn = 0;
        return await writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = c => db.Trusts.SingleOrDefaultAsync(t => t.Id == TrustId, c),
            Check = async (_, c) => urn = await NewUrnAsync(form, c),
            Change = (_, _) =>
            {
                var school = new School(TrustId, urn, form.Name!, form.Phase!.Value);
                form.ApplyTo(school, ModelState);
                db.Schools.Add(school);
                return FormWrites.Done($"{school.Name} added");
            },
            // The unique URN index: another administrator added the same school a moment ago.
            SaveRefused = _ => ("Form.Urn", $"A school with URN {urn} is already in the portal"),
            Done = _ => $"/admin/schools/{urn}",
            Form = (_, _) => View(new AddSchoolViewModel(form, false)),
        }, ct);
    }

    [HttpGet("{urn:int}")]
    public async Task<IActionResult> Show(int urn, CancellationToken ct)
    {
        var school = await db.Schools.AsNoTracking()
            .Where(s => s.TrustId == TrustId && s.Urn == urn)
            .Select(s => new AdminSchoolDetails(s.Urn, s.Name, s.Phase, s.LowAge, s.HighAge, s.HasNursery, s.HasSixthForm,
                s.ReligiousCharacter, s.Diocese, s.LocalAuthority, s.Town, s.PupilsOnRoll, s.JoinedTrustOn, s.ConversionCohort,
                s.Ethos, s.IsExample, s.IsArchived,
                db.ProgressUpdates.Count(p => p.SchoolId == s.Id),
                s.Inspections.OrderByDescending(i => i.InspectedOn)
                    .Select(i => new AdminInspectionRow(i.Id, i.Kind, i.InspectedOn, i.OverallJudgement, i.SafeguardingMet,
                        i.Grades.OrderBy(g => g.Area).Select(g => new GradeView(g.Area, g.Grade)).ToList()))
                    .ToList()))
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        if (school is null)
        {
            return await NotOursAsync(urn, ct);
        }
        var slug = await db.Trusts.Where(t => t.Id == TrustId).Select(t => t.Slug).SingleAsync(ct);
        return View(new AdminSchoolViewModel(school, slug));
    }

    [HttpGet("{urn:int}/edit")]
    public async Task<IActionResult> Edit(int urn, CancellationToken ct)
    {
        var school = await db.Schools.AsNoTracking().SingleOrDefaultAsync(s => s.TrustId == TrustId && s.Urn == urn, ct);
        return school is null ? await NotOursAsync(urn, ct) : View(new EditSchoolViewModel(urn, school.Name, EditSchoolForm.From(school), false, null));
    }

    [HttpPost("{urn:int}/edit")]
    public async Task<IActionResult> Edit(int urn, [Bind(Prefix = "Form")] EditSchoolForm form, bool preview, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (preview)
        {
            var name = await db.Schools.Where(s => s.TrustId == TrustId && s.Urn == urn).Select(s => s.Name).SingleOrDefaultAsync(ct);
            return name is null ? await NotOursAsync(urn, ct) : View(new EditSchoolViewModel(urn, name, form, true, null));
        }
        return await writes.RunAsync(this, new FormWrite<School>
        {
            Load = c => SchoolAsync(urn, c),
            Missing = c => NotOursAsync(urn, c),
            Seen = form,
            Change = (school, _) =>
            {
                form.ApplyTo(school, ModelState);
                return FormWrites.Done($"{school.Name} saved");
            },
            Done = _ => $"/admin/schools/{urn}",
            Form = (school, theirs) => View(new EditSchoolViewModel(urn, school.Name, form, false, theirs ? SavedSchool.Of(school) : null)),
            ConflictMessage = "Another administrator changed this school while you were editing it. Their version is shown below and your changes are kept in the form: check both, then save again to keep yours.",
        }, ct);
    }

    [HttpPost("{urn:int}/archive")]
    public Task<IActionResult> Archive(int urn, CancellationToken ct) =>
        ChangeArchivedAsync(urn, archive: true, ct);

    [HttpPost("{urn:int}/restore")]
    public Task<IActionResult> Restore(int urn, CancellationToken ct) =>
        ChangeArchivedAsync(urn, archive: false, ct);

    [HttpGet("{urn:int}/report-cards/add")]
    public async Task<IActionResult> AddReportCard(int urn, CancellationToken ct)
    {
        var school = await InspectionSchoolAsync(urn, ct);
        return school is null ? await NotOursAsync(urn, ct) : View(new AddReportCardViewModel(school, new AddReportCardForm()));
    }

    [HttpPost("{urn:int}/report-cards/add")]
    public async Task<IActionResult> AddReportCard(int urn, [Bind(Prefix = "Form")] AddReportCardForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        DateOnly? inspectedOn = null;
        var grades = new Dictionary<InspectionArea, ReportCardGrade>();
        return await writes.RunAsync(this, new FormWrite<School>
        {
            Load = c => SchoolAsync(urn, c),
            Missing = c => NotOursAsync(urn, c),
            Check = (school, _) =>
            {
                inspectedOn = InspectionDate(form.InspectedOn);
                grades = Grades(HeaderOf(school), form);
                return Task.CompletedTask;
            },
            Change = (school, _) =>
            {
                school.RecordReportCard(inspectedOn!.Value, grades, form.SafeguardingMet!.Value);
                return FormWrites.Done($"Report card of {SchoolText.Date(inspectedOn.Value)} recorded for {school.Name}");
            },
            FieldOf = _ => ReportCardErrorKey(inspectedOn),
            Done = _ => $"/admin/schools/{urn}",
            Form = (school, _) => View(new AddReportCardViewModel(HeaderOf(school), form)),
        }, ct);
    }

    [HttpGet("{urn:int}/previous-judgements/add")]
    public async Task<IActionResult> AddPreviousJudgement(int urn, CancellationToken ct)
    {
        var school = await InspectionSchoolAsync(urn, ct);
        return school is null ? await NotOursAsync(urn, ct) : View(new AddPreviousJudgementViewModel(school, new AddPreviousJudgementForm()));
    }

    [HttpPost("{urn:int}/previous-judgements/add")]
    public async Task<IActionResult> AddPreviousJudgement(int urn, [Bind(Prefix = "Form")] AddPreviousJudgementForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        DateOnly? inspectedOn = null;
        return await writes.RunAsync(this, new FormWrite<School>
        {
            Load = c => SchoolAsync(urn, c),
            Missing = c => NotOursAsync(urn, c),
            Check = (_, _) => Task.FromResult(inspectedOn = InspectionDate(form.InspectedOn)),
            Change = (school, _) =>
            {
                school.RecordPreviousJudgement(inspectedOn!.Value, form.Judgement!.Value);
                return FormWrites.Done($"{InspectionAreas.Label(form.Judgement!.Value)} judgement of {SchoolText.Date(inspectedOn.Value)} recorded for {school.Name}");
            },
            FieldOf = _ => "Form.InspectedOn",
            Done = _ => $"/admin/schools/{urn}",
            Form = (school, _) => View(new AddPreviousJudgementViewModel(HeaderOf(school), form)),
        }, ct);
    }

    [HttpGet("{urn:int}/inspections/{id:int}/remove")]
    public async Task<IActionResult> RemoveInspection(int urn, int id, CancellationToken ct)
    {
        var school = await InspectionSchoolAsync(urn, ct);
        if (school is null)
        {
            return await NotOursAsync(urn, ct);
        }
        var inspection = await db.Inspections.AsNoTracking()
            .Where(i => i.Id == id && db.Schools.Any(s => s.Id == i.SchoolId && s.Urn == urn && s.TrustId == TrustId))
            .Select(i => new AdminInspectionRow(i.Id, i.Kind, i.InspectedOn, i.OverallJudgement, i.SafeguardingMet,
                i.Grades.OrderBy(g => g.Area).Select(g => new GradeView(g.Area, g.Grade)).ToList()))
            .SingleOrDefaultAsync(ct);
        return inspection is null ? NotFound() : View(new RemoveInspectionViewModel(school, inspection));
    }

    [HttpPost("{urn:int}/inspections/{id:int}/remove")]
    [ActionName(nameof(RemoveInspection))]
    public Task<IActionResult> ConfirmRemoveInspection(int urn, int id, CancellationToken ct) =>
        writes.RunAsync(this, new FormWrite<School>
        {
            Load = c => db.Schools.Include(s => s.Inspections.Where(i => i.Id == id)).ThenInclude(i => i.Grades)
                .SingleOrDefaultAsync(s => s.TrustId == TrustId && s.Urn == urn, c),
            Missing = c => NotOursAsync(urn, c),
            Refuse = (school, _) => Task.FromResult<IActionResult?>(school.Inspections.Count == 0 ? Said("That inspection had already been removed", urn) : null),
            Change = (school, _) =>
            {
                var removed = school.RemoveInspection(id);
                return FormWrites.Done($"Inspection of {SchoolText.Date(removed.InspectedOn)} removed from {school.Name}");
            },
            Done = _ => $"/admin/schools/{urn}",
        }, ct);

    private Task<IActionResult> ChangeArchivedAsync(int urn, bool archive, CancellationToken ct) =>
        writes.RunAsync(this, new FormWrite<School>
        {
            Load = c => SchoolAsync(urn, c),
            Missing = c => NotOursAsync(urn, c),
            Change = (school, _) =>
            {
                if (archive)
                {
                    school.Archive();
                }
                else
                {
                    school.Restore();
                }
                return FormWrites.Done(archive
                    ? $"{school.Name} is archived: it no longer appears on the trust's pages, and its history is kept"
                    : $"{school.Name} is restored and appears on the trust's pages again");
            },
            Done = _ => $"/admin/schools/{urn}",
        }, ct);

    /// The school of the administrator's own trust with this URN, tracked for a change.
    private Task<School?> SchoolAsync(int urn, CancellationToken ct) =>
        db.Schools.SingleOrDefaultAsync(s => s.TrustId == TrustId && s.Urn == urn, ct);

    private static InspectionSchool HeaderOf(School school) => new(school.Urn, school.Name, school.HasEarlyYears, school.HasSixthForm);

    private RedirectResult Said(string message, int urn)
    {
        TempData["Success"] = message;
        return Redirect($"/admin/schools/{urn}");
    }

    /// The URN of a school to add, with an error on its field when it is not six digits or already in the portal.
    private async Task<int> NewUrnAsync(AddSchoolForm form, CancellationToken ct)
    {
        if (form.Urn is null || ModelState.HasError("Form.Urn"))
        {
            return 0;
        }
        if (!School.TryParseUrn(form.Urn, out var urn))
        {
            ModelState.AddModelError("Form.Urn", "URN must be a six-digit number, like 123456");
        }
        else if (await db.Schools.AnyAsync(s => s.Urn == urn, ct))
        {
            ModelState.AddModelError("Form.Urn", $"A school with URN {urn} is already in the portal");
        }
        return urn;
    }

    /// The grade chosen for each area; an area the school has with no grade is an error on its field.
    private Dictionary<InspectionArea, ReportCardGrade> Grades(InspectionSchool school, AddReportCardForm form)
    {
        var grades = new Dictionary<InspectionArea, ReportCardGrade>();
        foreach (var area in Enum.GetValues<InspectionArea>())
        {
            if (form.Grade(area) is { } grade)
            {
                grades[area] = grade;
            }
            else if (school.Areas.Contains(area) && !ModelState.HasError($"Form.{area}"))
            {
                ModelState.AddModelError($"Form.{area}", $"Choose a grade for {InspectionAreas.Label(area).ToLowerInvariant()}");
            }
        }
        return grades;
    }

    /// The inspection date, or null with an error on the date field: a real date, not in the future.
    private DateOnly? InspectionDate(Infrastructure.DateParts parts)
    {
        if (!parts.TryGet("Date of the inspection", out var date, out var error))
        {
            ModelState.AddModelError("Form.InspectedOn", error!);
            return null;
        }
        if (date > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
        {
            ModelState.AddModelError("Form.InspectedOn", "Date of the inspection must be today or in the past");
            return null;
        }
        return date;
    }

    /// A domain refusal of a report card is about its date unless the date is fine (then about the areas).
    private static string ReportCardErrorKey(DateOnly? inspectedOn) =>
        inspectedOn is { } d && d < Inspection.ReportCardsBegan ? "Form.InspectedOn" : "";

    private async Task<InspectionSchool?> InspectionSchoolAsync(int urn, CancellationToken ct)
    {
        var s = await db.Schools.AsNoTracking().Where(s => s.TrustId == TrustId && s.Urn == urn)
            .Select(s => new { s.Urn, s.Name, s.Phase, s.LowAge, s.HasNursery, s.HasSixthForm })
            .SingleOrDefaultAsync(ct);
        return s is null ? null : new InspectionSchool(s.Urn, s.Name, School.HasEarlyYearsFor(s.Phase, s.LowAge, s.HasNursery), s.HasSixthForm);
    }

    /// 403 for a school of another trust, 404 for one that does not exist.
    private async Task<IActionResult> NotOursAsync(int urn, CancellationToken ct) =>
        await db.Schools.AnyAsync(s => s.Urn == urn, ct) ? Forbid() : NotFound();
}
