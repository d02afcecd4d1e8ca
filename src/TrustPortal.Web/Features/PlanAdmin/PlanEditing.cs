using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.PlanAdmin;

/// What the plan editor's controllers share (plans, horizons, themes and aims, criteria; all under /admin/plans): the
/// plan loaded for a change, and its writes through <see cref="FormWrites"/> with the plan's one version (ADR 0030).
public abstract class PlanEditorController(TrustPortalDbContext db, FormWrites writes) : Controller
{
    protected TrustPortalDbContext Db => db;

    protected FormWrites Writes => writes;

    protected int TrustId => User.TrustId() ?? throw new InvalidOperationException("The ManagePlans policy requires a trust.");

    protected string ActorName => User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "An administrator";

    /// The whole plan, tracked, for a change: one query per collection whatever the plan's size.
    protected Task<StrategicPlan?> LoadAsync(string planSlug, CancellationToken ct) =>
        db.StrategicPlans
            .Where(p => p.TrustId == TrustId && p.Slug == planSlug)
            .Include(p => p.Horizons)
            .Include(p => p.Frameworks)
            .Include(p => p.Themes).ThenInclude(t => t.Aims).ThenInclude(a => a.Criteria)
            .Include(p => p.Themes).ThenInclude(t => t.Aims).ThenInclude(a => a.FrameworkTags)
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);

    /// A page of the plan's, or 404 when the trust has no such plan.
    protected async Task<IActionResult> PageAsync(string planSlug, Func<StrategicPlan, IActionResult> page, CancellationToken ct) =>
        await LoadAsync(planSlug, ct) is { } plan ? page(plan) : NotFound();

    /// A form that changes the plan: saved and back to the editor with the message, or the form again with the
    /// errors, or with the other administrator's version beside the kept input. <paramref name="exists"/>: the item
    /// the form is about must be in the plan (404 otherwise).
    protected Task<IActionResult> SaveAsync(string planSlug, IVersionedForm form, Func<StrategicPlan, CancellationToken, Task<string?>> change,
        Func<StrategicPlan, bool, IActionResult> page, CancellationToken ct, string field = "", string anchor = "",
        Func<StrategicPlan, CancellationToken, Task>? check = null, Func<string?, string>? fieldOf = null, Func<StrategicPlan, bool>? exists = null) =>
        writes.RunAsync(this, new FormWrite<StrategicPlan>
        {
            Load = async c => await LoadAsync(planSlug, c) is { } plan && (exists is null || exists(plan)) ? plan : null,
            Seen = form,
            Check = check,
            Change = change,
            FieldOf = fieldOf ?? (_ => field),
            Done = _ => $"/admin/plans/{planSlug}{anchor}",
            Form = page,
            ConflictMessage = PlanAdminController.ConflictMessage,
            VersionKey = form is VersionForm ? nameof(VersionForm.Version) : "Form.Version",
        }, ct);

    /// A button that changes the plan (move, remove, renumber): the outcome or the problem goes back to the editor as a banner.
    protected Task<IActionResult> ButtonAsync(string planSlug, IVersionedForm form, Func<StrategicPlan, CancellationToken, Task<string?>> change,
        CancellationToken ct, string anchor = "") =>
        writes.RunAsync(this, new FormWrite<StrategicPlan>
        {
            Load = c => LoadAsync(planSlug, c),
            Seen = form,
            Change = change,
            Done = _ => $"/admin/plans/{planSlug}{anchor}",
            ConflictButtonMessage = PlanAdminController.ConflictButtonMessage,
        }, ct);

    protected Task<bool> AnyProgressAsync(IEnumerable<int> criterionIds, CancellationToken ct)
    {
        var ids = criterionIds.ToList();
        return db.ProgressUpdates.AnyAsync(u => ids.Contains(u.SuccessCriterionId), ct);
    }

    protected static T Find<T>(IEnumerable<T> items, Func<T, bool> match, string what) =>
        items.FirstOrDefault(match) ?? throw new DomainRuleException($"That {what} is no longer in the plan: another administrator may have removed it.");

    protected static PlanHeader Header(StrategicPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new(plan.Slug, plan.Title, plan.Status, plan.Version);
    }

    protected static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
