using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Progress;

/// What a head posts to add or change one of the school's own priorities.
public sealed class EditPriorityForm
{
    [Required(ErrorMessage = "Choose the trust aim this priority serves")]
    public int? AimId { get; set; }

    [Required(ErrorMessage = "Enter the priority")]
    [StringLength(Limits.Heading, ErrorMessage = "The priority must be 300 characters or fewer")]
    public string? Title { get; set; }

    [StringLength(SchoolPriority.DescriptionLimit, ErrorMessage = "The description must be 2,000 characters or fewer")]
    public string? Description { get; set; }
}

/// Priorities: a school's own priorities, added, changed and retired by its heads, each linked to a trust aim of the
/// plan, with progress recorded against it cycle by cycle through the same recorder as a criterion (docs/adr/0042).
[Authorize(Policy = Policies.ReadTrust)]
[TrustMembersOnly]
[Route("{trustSlug:trust}/progress/{urn:int}/priorities")]
public sealed class ProgressPrioritiesController(
    TrustPortalDbContext db,
    ProgressReader reader,
    ProgressPages pages,
    ProgressRecorder recorder,
    FormWrites writes,
    IAuthorizationService authorization) : ProgressControllerBase(db, reader, authorization)
{
    private string PrioritiesUrl => $"{SchoolUrl}#own-priorities";

    [HttpGet("new")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> NewPriority(TrustBrand trust, int urn, CancellationToken ct)
    {
        if (await OpenSchoolAsync(trust, urn, SchoolProgressRight.Record, ct) is { } refused)
        {
            return refused;
        }
        var aims = await AimsAsync(ct);
        return aims is null ? NoAims() : View("PriorityForm", new PriorityFormViewModel(Trust, CurrentSchool, null, new EditPriorityForm(), aims));
    }

    [HttpPost("new")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> AddPriority(TrustBrand trust, int urn, [Bind(Prefix = "Form")] EditPriorityForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await OpenSchoolAsync(trust, urn, SchoolProgressRight.Record, ct) is { } refused)
        {
            return refused;
        }
        var aims = await AimsAsync(ct);
        return aims is null ? NoAims() : await PriorityWriteAsync(null, form, aims, c => Db.Schools.SingleOrDefaultAsync(s => s.Id == CurrentSchool.Id, c), async (_, c) =>
        {
            var position = await Db.SchoolPriorities.Where(p => p.SchoolId == CurrentSchool.Id).MaxAsync(p => (int?)p.Position, c) ?? 0;
            var priority = new SchoolPriority(CurrentSchool.Id, form.AimId!.Value, form.Title!, form.Description, position + 1);
            Db.SchoolPriorities.Add(priority);
            return $"Priority added: {Shorten(priority.Title)}";
        }, ct);
    }

    [HttpGet("{priorityId:int}/edit")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> EditPriority(TrustBrand trust, int urn, int priorityId, CancellationToken ct)
    {
        if (await OpenSchoolAsync(trust, urn, SchoolProgressRight.Record, ct) is { } refused)
        {
            return refused;
        }
        var aims = await AimsAsync(ct);
        if (aims is null)
        {
            return NoAims();
        }
        var p = await Db.SchoolPriorities.AsNoTracking().SingleOrDefaultAsync(p => p.Id == priorityId && p.SchoolId == CurrentSchool.Id && !p.IsRetired, ct);
        return p is null ? NotFound()
            : View("PriorityForm", new PriorityFormViewModel(Trust, CurrentSchool, p.Id, new EditPriorityForm { AimId = p.StrategicAimId, Title = p.Title, Description = p.Description }, aims));
    }

    [HttpPost("{priorityId:int}/edit")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> SavePriority(TrustBrand trust, int urn, int priorityId, [Bind(Prefix = "Form")] EditPriorityForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await OpenSchoolAsync(trust, urn, SchoolProgressRight.Record, ct) is { } refused)
        {
            return refused;
        }
        var aims = await AimsAsync(ct);
        return aims is null ? NoAims() : await PriorityWriteAsync(priorityId, form, aims,
            c => Db.SchoolPriorities.SingleOrDefaultAsync(p => p.Id == priorityId && p.SchoolId == CurrentSchool.Id && !p.IsRetired, c), (priority, _) =>
            {
                priority.Edit(form.AimId!.Value, form.Title!, form.Description);
                return FormWrites.Done($"Priority saved: {Shorten(priority.Title)}");
            }, ct);
    }

    [HttpPost("{priorityId:int}/retire")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> RetirePriority(TrustBrand trust, int urn, int priorityId, CancellationToken ct) =>
        await OpenSchoolAsync(trust, urn, SchoolProgressRight.Record, ct) ?? await writes.RunAsync(this, new FormWrite<SchoolPriority>
        {
            Load = c => Db.SchoolPriorities.SingleOrDefaultAsync(p => p.Id == priorityId && p.SchoolId == CurrentSchool.Id, c),
            Change = (priority, _) =>
            {
                priority.Retire();
                return FormWrites.Done($"Priority retired: {Shorten(priority.Title)}. Its recorded progress is kept");
            },
            Done = _ => PrioritiesUrl,
        }, ct);

    [HttpGet("{priorityId:int}")]
    public async Task<IActionResult> Priority(TrustBrand trust, int urn, int priorityId, CancellationToken ct)
    {
        if (await OpenSchoolAsync(trust, urn, SchoolProgressRight.Read, ct) is { } refused)
        {
            return refused;
        }
        var model = await pages.PriorityAsync(Trust, CurrentSchool, Right == SchoolProgressRight.Record, priorityId, ct);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{priorityId:int}")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> RecordPriority(TrustBrand trust, int urn, int priorityId, [Bind(Prefix = "Form")] RecordProgressForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await OpenSchoolAsync(trust, urn, SchoolProgressRight.Record, ct) is { } refused)
        {
            return refused;
        }
        var outcome = ModelState.IsValid
            ? await recorder.RecordAsync(Trust.Id, new PrioritySubject(CurrentSchool.Id, priorityId), form, null, User.UserId()!, User.DisplayName(), ct)
            : RecordingOutcomes.NotValid(ModelState, form);
        if (outcome.Result is Recorded.Saved or Recorded.AlreadySaved)
        {
            var title = outcome.Title ?? await Db.SchoolPriorities.Where(p => p.Id == priorityId).Select(p => p.Title).SingleAsync(ct);
            TempData["Success"] = $"Progress saved: {Shorten(title)}";
            return Redirect(PrioritiesUrl);
        }
        var model = outcome.Result == Recorded.NotFound ? null : await pages.PriorityAsync(Trust, CurrentSchool, canEdit: true, priorityId, ct);
        return model is null ? NotFound() : View("Priority", RecordingOutcomes.Show(ModelState, outcome, model, form));
    }

    /// Adding a priority (to the school, <paramref name="priorityId"/> null) and changing one: the same form, the aim
    /// checked against the plan's, the school's priorities after.
    private Task<IActionResult> PriorityWriteAsync<TEntity>(int? priorityId, EditPriorityForm form, IReadOnlyList<KeyValuePair<string, string>> aims,
        Func<CancellationToken, Task<TEntity?>> load, Func<TEntity, CancellationToken, Task<string?>> change, CancellationToken ct) where TEntity : class =>
        writes.RunAsync(this, new FormWrite<TEntity>
        {
            Load = load,
            Check = (_, _) => Task.FromResult(CheckAim(form, aims)),
            Change = change,
            Done = _ => PrioritiesUrl,
            Form = (_, _) => View("PriorityForm", new PriorityFormViewModel(Trust, CurrentSchool, priorityId, form, aims)),
        }, ct);

    private RedirectResult NoAims()
    {
        TempData["Problem"] = "The trust has no published plan with aims yet, so priorities cannot be linked to one";
        return Redirect(SchoolUrl);
    }

    /// The current plan's aims as choices; null when there is none to link a priority to.
    private async Task<IReadOnlyList<KeyValuePair<string, string>>?> AimsAsync(CancellationToken ct)
    {
        var cycle = ProgressReader.Current(await Reader.CyclesAsync(Trust.Id, ct));
        var aims = cycle is null ? [] : await Reader.AimsAsync(cycle.PlanId, ct);
        return aims.Count == 0 ? null
            : aims.Select(a => new KeyValuePair<string, string>(a.Id.ToString(CultureInfo.InvariantCulture), $"Aim {a.Number}: {a.Title}")).ToList();
    }

    private bool CheckAim(EditPriorityForm form, IReadOnlyList<KeyValuePair<string, string>> aims)
    {
        if (form.AimId is { } aim && aims.All(a => a.Key != aim.ToString(CultureInfo.InvariantCulture)))
        {
            ModelState.AddModelError("Form.AimId", "Choose one of the plan's aims");
        }
        return ModelState.IsValid;
    }
}
