using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Plans;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.PlanAdmin;

/// A plan's themes and the aims within them: add, edit, remove (an aim with progress is retired, not deleted).
/// Part of the plan editor (PlanAdminController).
[Authorize(Policy = Policies.ManagePlans)]
[Route("admin/plans/{planSlug}")]
public sealed class PlanAimsController(TrustPortalDbContext db, FormWrites writes) : PlanEditorController(db, writes)
{
    [HttpGet("themes/new")]
    public Task<IActionResult> AddTheme(string planSlug, CancellationToken ct) =>
        PageAsync(planSlug, plan => View("Theme", new PlanFormViewModel<ThemeForm>(Header(plan), new ThemeForm { Version = plan.Version })), ct);

    [HttpPost("themes/new")]
    public Task<IActionResult> AddTheme(string planSlug, [Bind(Prefix = "Form")] ThemeForm form, CancellationToken ct) =>
        SaveAsync(planSlug, form, (plan, _) =>
            {
                plan.AddTheme(form.Title);
                return FormWrites.Done("Theme added");
            },
            (plan, theirs) => View("Theme", new PlanFormViewModel<ThemeForm>(Header(plan), form, null, theirs ? "(other version)" : null)), ct, "Form.Title");

    [HttpGet("themes/{id:int}")]
    public Task<IActionResult> Theme(string planSlug, int id, CancellationToken ct) =>
        PageAsync(planSlug, plan => plan.Themes.FirstOrDefault(t => t.Id == id) is { } theme
            ? View("Theme", new PlanFormViewModel<ThemeForm>(Header(plan), new ThemeForm { Title = theme.Title, Version = plan.Version }, id))
            : NotFound(), ct);

    [HttpPost("themes/{id:int}")]
    public Task<IActionResult> Theme(string planSlug, int id, [Bind(Prefix = "Form")] ThemeForm form, CancellationToken ct) =>
        SaveAsync(planSlug, form, (plan, _) =>
            {
                plan.RenameTheme(Find(plan.Themes, t => t.Id == id, "theme"), form.Title);
                return FormWrites.Done("Theme renamed");
            },
            (plan, theirs) => View("Theme", new PlanFormViewModel<ThemeForm>(Header(plan), form, id,
                theirs ? plan.Themes.FirstOrDefault(t => t.Id == id) is { } t ? t.Title ?? "(untitled)" : "(removed)" : null)), ct, "Form.Title");

    [HttpPost("themes/{id:int}/remove")]
    public Task<IActionResult> RemoveTheme(string planSlug, int id, VersionForm form, CancellationToken ct) =>
        ButtonAsync(planSlug, form, (plan, _) =>
        {
            var theme = Find(plan.Themes, t => t.Id == id, "theme");
            plan.RemoveTheme(theme);
            return FormWrites.Done($"Theme \u201c{theme.Title ?? "(untitled)"}\u201d removed");
        }, ct);

    [HttpGet("aims/new")]
    public Task<IActionResult> AddAim(string planSlug, [FromQuery] int? themeId, CancellationToken ct) =>
        PageAsync(planSlug, plan => View("Aim", AimView(plan, new AimForm
        {
            Number = Number((plan.CurrentAims.Select(a => a.Number).DefaultIfEmpty(0).Max() % 99) + 1),
            ThemeId = themeId ?? plan.Themes.OrderBy(t => t.Position).FirstOrDefault()?.Id,
            Version = plan.Version,
        }, null, null)), ct);

    [HttpPost("aims/new")]
    public Task<IActionResult> AddAim(string planSlug, [Bind(Prefix = "Form")] AimForm form, CancellationToken ct) =>
        SaveAsync(planSlug, form, (plan, _) =>
            {
                var aim = plan.AddAim(ThemeOf(plan, form)!, Years.Parse(form.Number) ?? 0, form.Title!, form.Statement, HorizonOf(plan, form));
                aim.SetTags(form.Tags);
                return FormWrites.Done($"Aim {form.Number!.Trim()} added");
            },
            (plan, theirs) => View("Aim", AimView(plan, form, null, theirs ? TheirAim(plan, null) : null)), ct, "Form.Number", check: CheckChoices(form));

    [HttpGet("aims/{id:int}")]
    public Task<IActionResult> Aim(string planSlug, int id, CancellationToken ct) =>
        PageAsync(planSlug, plan => plan.Aims.FirstOrDefault(a => a.Id == id) is { } aim ? View("Aim", AimView(plan, AimFormFrom(plan, aim), id, null)) : NotFound(), ct);

    [HttpPost("aims/{id:int}")]
    public Task<IActionResult> Aim(string planSlug, int id, [Bind(Prefix = "Form")] AimForm form, CancellationToken ct) =>
        SaveAsync(planSlug, form, (plan, _) =>
            {
                var aim = Find(plan.Aims, a => a.Id == id, "aim");
                plan.EditAim(aim, Years.Parse(form.Number) ?? 0, form.Title!, form.Statement, HorizonOf(plan, form), form.Tags);
                plan.MoveAimToTheme(aim, ThemeOf(plan, form)!);
                return FormWrites.Done($"Aim {aim.Number} saved");
            },
            (plan, theirs) => View("Aim", AimView(plan, form, id, theirs ? TheirAim(plan, id) : null)), ct, "Form.Number", check: CheckChoices(form),
            exists: plan => plan.Aims.Any(a => a.Id == id));

    [HttpGet("aims/{id:int}/remove")]
    public async Task<IActionResult> RemoveAim(string planSlug, int id, CancellationToken ct)
    {
        var plan = await LoadAsync(planSlug, ct);
        var aim = plan?.CurrentAims.FirstOrDefault(a => a.Id == id);
        if (aim is null)
        {
            return NotFound();
        }
        var retires = plan!.Status != PlanStatus.Draft || await AnyProgressAsync(aim.Criteria.Select(c => c.Id), ct);
        return View("Confirm", new ConfirmViewModel(Header(plan), $"Remove aim {aim.Number}: {aim.Title}?",
            retires
                ? "The aim and its success criteria will be retired: hidden from the plan and from new returns, and kept with the progress schools recorded against them."
                : "The aim and its success criteria will be deleted. Nothing has been recorded against them.",
            $"/admin/plans/{planSlug}/aims/{id}/remove", retires ? "Retire aim" : "Delete aim", Warning: true));
    }

    [HttpPost("aims/{id:int}/remove")]
    public Task<IActionResult> RemoveAim(string planSlug, int id, VersionForm form, CancellationToken ct) =>
        ButtonAsync(planSlug, form, async (plan, c) =>
        {
            var aim = Find(plan.CurrentAims, a => a.Id == id, "aim");
            var ids = aim.Criteria.Select(x => x.Id).ToList();
            var withProgress = (await Db.ProgressUpdates.Where(u => ids.Contains(u.SuccessCriterionId)).Select(u => u.SuccessCriterionId).Distinct().ToListAsync(c)).ToHashSet();
            return plan.RemoveAim(aim, withProgress) == Removal.Retired
                ? $"Aim {aim.Number} retired: its recorded progress is kept"
                : $"Aim {aim.Number} deleted";
        }, ct);

    private static PlanTheme? ThemeOf(StrategicPlan plan, AimForm form) => plan.Themes.FirstOrDefault(t => t.Id == form.ThemeId);

    private static PlanHorizon? HorizonOf(StrategicPlan plan, AimForm form) => plan.Horizons.FirstOrDefault(h => h.Id == form.HorizonId);

    /// The aim's choices must be the plan's own.
    private Func<StrategicPlan, CancellationToken, Task> CheckChoices(AimForm form) => (plan, _) =>
    {
        ArgumentNullException.ThrowIfNull(form);
        if (form.ThemeId is not null && ThemeOf(plan, form) is null)
        {
            ModelState.AddModelError("Form.ThemeId", "Choose one of the plan's themes");
        }
        if (form.HorizonId is not null && HorizonOf(plan, form) is null)
        {
            ModelState.AddModelError("Form.HorizonId", "Choose one of the plan's horizons, or none");
        }
        if (form.Tags.Exists(t => FrameworkCatalogue.FindArea(t) is null))
        {
            ModelState.AddModelError("Form.Tags", "Choose framework areas from the list");
        }
        return Task.CompletedTask;
    };

    private static AimSnapshot TheirAim(StrategicPlan plan, int? aimId) =>
        (aimId is null ? null : plan.Aims.FirstOrDefault(a => a.Id == aimId)) is { } aim
            ? new AimSnapshot(aim.Number, aim.Title, aim.Statement, plan.Themes.First(t => t.Aims.Contains(aim)).Title,
                aim.Horizon?.Name, aim.FrameworkTags.Select(t => t.Code).ToList())
            : new AimSnapshot(0, "(this aim is not in the other version)", null, null, null, []);

    private static AimFormViewModel AimView(StrategicPlan plan, AimForm form, int? aimId, AimSnapshot? current) => new(Header(plan), form, aimId,
        plan.Themes.OrderBy(t => t.Position).Select(t => new EditorTheme(t.Id, t.Title, [])).ToList(),
        plan.Horizons.OrderBy(h => h.Position).Select(h => new EditorHorizon(h.Id, h.Name)).ToList(),
        current);

    private static AimForm AimFormFrom(StrategicPlan plan, StrategicAim aim) => new()
    {
        Number = Number(aim.Number),
        Title = aim.Title,
        Statement = aim.Statement,
        ThemeId = plan.Themes.First(t => t.Aims.Contains(aim)).Id,
        HorizonId = aim.HorizonId,
        Tags = aim.FrameworkTags.Select(t => t.Code).ToList(),
        Version = plan.Version,
    };
}
