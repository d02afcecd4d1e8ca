using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.PlanAdmin;

/// A plan's horizons (short, medium, long term …): add, rename, remove. Part of the plan editor (PlanAdminController).
[Authorize(Policy = Policies.ManagePlans)]
[Route("admin/plans/{planSlug}/horizons")]
public sealed class PlanHorizonsController(TrustPortalDbContext db, FormWrites writes) : PlanEditorController(db, writes)
{
    [HttpGet("new")]
    public Task<IActionResult> AddHorizon(string planSlug, CancellationToken ct) =>
        PageAsync(planSlug, plan => View("Horizon", new PlanFormViewModel<HorizonForm>(Header(plan), new HorizonForm { Version = plan.Version })), ct);

    [HttpPost("new")]
    public Task<IActionResult> AddHorizon(string planSlug, [Bind(Prefix = "Form")] HorizonForm form, CancellationToken ct) =>
        SaveAsync(planSlug, form, (plan, _) =>
            {
                plan.AddHorizon(form.Name!);
                return FormWrites.Done("Horizon added");
            },
            (plan, theirs) => View("Horizon", new PlanFormViewModel<HorizonForm>(Header(plan), form, null, theirs ? "(other version)" : null)), ct, "Form.Name");

    [HttpGet("{id:int}")]
    public Task<IActionResult> Horizon(string planSlug, int id, CancellationToken ct) =>
        PageAsync(planSlug, plan => plan.Horizons.FirstOrDefault(h => h.Id == id) is { } horizon
            ? View("Horizon", new PlanFormViewModel<HorizonForm>(Header(plan), new HorizonForm { Name = horizon.Name, Version = plan.Version }, id))
            : NotFound(), ct);

    [HttpPost("{id:int}")]
    public Task<IActionResult> Horizon(string planSlug, int id, [Bind(Prefix = "Form")] HorizonForm form, CancellationToken ct) =>
        SaveAsync(planSlug, form, (plan, _) =>
            {
                plan.RenameHorizon(Find(plan.Horizons, h => h.Id == id, "horizon"), form.Name!);
                return FormWrites.Done("Horizon renamed");
            },
            (plan, theirs) => View("Horizon", new PlanFormViewModel<HorizonForm>(Header(plan), form, id,
                theirs ? plan.Horizons.FirstOrDefault(h => h.Id == id)?.Name ?? "(removed)" : null)), ct, "Form.Name");

    [HttpPost("{id:int}/remove")]
    public Task<IActionResult> RemoveHorizon(string planSlug, int id, VersionForm form, CancellationToken ct) =>
        ButtonAsync(planSlug, form, (plan, _) =>
        {
            var horizon = Find(plan.Horizons, h => h.Id == id, "horizon");
            plan.RemoveHorizon(horizon);
            return FormWrites.Done($"Horizon \u201c{horizon.Name}\u201d removed");
        }, ct);
}
