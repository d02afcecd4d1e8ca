using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Features.SelfEvaluation;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Actions;

/// Improvement actions (ADR 0166): created from a head's next step or from moderation, owned by a person of the
/// trust, "Due" within 14 days and "Overdue" after. Everyone has My actions; the trust's leaders see what is overdue.
[TrustMembersOnly]
[Authorize(Policy = Policies.ReadTrust)]
[Route("{trustSlug:trust}/actions")]
public sealed class ActionsController(TrustPortalDbContext db, FormWrites writes, IAuthorizationService authz, TimeProvider clock) : Controller
{
    [HttpGet("mine")]
    public async Task<IActionResult> Mine(TrustBrand trust, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var userId = User.UserId();
        var rows = await Rows(Of(trust.Id).Where(a => a.OwnerId == userId)).ToListAsync(ct);
        return View("List", new ActionListViewModel(trust, "My actions", "The actions you own, the most urgent first. \"Due\" means due within 14 days.",
            Order(rows), Today, ShowOwner: false));
    }

    [HttpGet("overdue")]
    [Authorize(Policy = Policies.ReviewPlan)]
    public async Task<IActionResult> Overdue(TrustBrand trust, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var today = Today;
        var rows = await Rows(Of(trust.Id).Where(a => (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueOn < today))
            .ToListAsync(ct);
        return View("List", new ActionListViewModel(trust, "Overdue actions", "Actions across the trust whose due date has passed and that are not done or dropped.",
            Order(rows), today, ShowOwner: true));
    }

    [HttpGet("new")]
    [Authorize(Policy = Policies.CreateActions)]
    public async Task<IActionResult> New(TrustBrand trust, [FromQuery] NewActionForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(form);
        ModelState.Clear();
        if (form.FromNextStep && form.Description is null && form.School is { } urn && form.Criterion is { } criterionId)
        {
            // A head's next step becomes the action's words: the school's latest next steps for the criterion.
            form.Description = await db.ProgressUpdates.AsNoTracking()
                .Where(u => u.SuccessCriterionId == criterionId && u.Entry.NextSteps != null && db.Schools.Any(s => s.Id == u.SchoolId && s.Urn == urn && s.TrustId == trust.Id))
                .OrderByDescending(u => u.UpdatedAt).Select(u => u.Entry.NextSteps).FirstOrDefaultAsync(ct);
        }
        var model = await NewModelAsync(trust, form, ct);
        return model is null ? Forbid() : View(model);
    }

    [HttpPost("new")]
    [Authorize(Policy = Policies.CreateActions)]
    public async Task<IActionResult> Create(TrustBrand trust, [Bind(Prefix = "Form")] NewActionForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(form);
        var model = await NewModelAsync(trust, form, ct);
        if (model is null)
        {
            return Forbid();
        }
        var (owner, due) = ReadOwnerAndDue(form.OwnerId, form.DueOn, model.Owners);
        ImprovementAction? added = null;
        return await writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = c => db.Trusts.SingleOrDefaultAsync(t => t.Id == trust.Id, c),
            Change = async (_, c) =>
            {
                var schoolId = form.School is { } urn ? await db.Schools.Where(s => s.TrustId == trust.Id && s.Urn == urn).Select(s => (int?)s.Id).SingleOrDefaultAsync(c) : null;
                added = new ImprovementAction(trust.Id, schoolId, new ActionLinks(form.Criterion, AreaSlugs.Parse(form.Area), null), form.Description!,
                    new ActionOwner(owner!.Id, owner.Name), due!.Value, form.FromNextStep ? ActionSource.NextStep : form.Area is not null ? ActionSource.Moderation : ActionSource.Other,
                    User.DisplayName(), clock.GetUtcNow());
                db.ImprovementActions.Add(added);
                return $"Action created for {owner.Name}";
            },
            FieldOf = ActionField,
            Done = _ => $"/{trust.Slug}/actions/{added!.Id}",
            Form = (_, _) => View(nameof(New), model),
        }, ct);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(TrustBrand trust, int id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var action = await db.ImprovementActions.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.TrustId == trust.Id, ct);
        if (action is null)
        {
            return NotFound();
        }
        return View(await ShowModelAsync(trust, action, new UpdateActionForm { Status = action.Status, DroppedReason = action.DroppedReason, Version = action.Version }, ct));
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Update(TrustBrand trust, int id, [Bind(Prefix = "Form")] UpdateActionForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(form);
        var seen = await db.ImprovementActions.AsNoTracking().Where(a => a.Id == id && a.TrustId == trust.Id).Select(a => new { a.OwnerId, a.SchoolId }).SingleOrDefaultAsync(ct);
        if (seen is null)
        {
            return NotFound();
        }
        if (!await MayUpdateAsync(trust, seen.OwnerId, seen.SchoolId))
        {
            return Forbid();
        }
        var row = await Rows(Of(trust.Id).Where(a => a.Id == id)).SingleAsync(ct);
        return await writes.RunAsync(this, new FormWrite<ImprovementAction>
        {
            Load = c => db.ImprovementActions.SingleOrDefaultAsync(a => a.Id == id && a.TrustId == trust.Id, c),
            Seen = form,
            Change = (action, _) =>
            {
                action.ChangeStatus(form.Status!.Value, form.DroppedReason);
                return FormWrites.Done($"Action marked {ActionText.Label(action.Status).ToLowerInvariant()}");
            },
            FieldOf = field => field == nameof(ImprovementAction.DroppedReason) ? "Form.DroppedReason" : "Form.Status",
            Done = _ => $"/{trust.Slug}/actions/{id}",
            Form = (action, _) => View(nameof(Show), new ActionViewModel(trust, row with { Status = action.Status }, action.DroppedReason, Today, true, form)),
        }, ct);
    }

    [HttpGet("{id:int}/edit")]
    [Authorize(Policy = Policies.CreateActions)]
    public async Task<IActionResult> Edit(TrustBrand trust, int id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var action = await db.ImprovementActions.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.TrustId == trust.Id, ct);
        if (action is null)
        {
            return NotFound();
        }
        if (!await MayEditAsync(trust, action.SchoolId))
        {
            return Forbid();
        }
        var form = new EditActionForm { Description = action.Description, OwnerId = action.OwnerId, DueOn = DateParts.From(action.DueOn), Version = action.Version };
        return View(new EditActionViewModel(trust, id, form, await OwnersAsync(trust, ct)));
    }

    /// Changes an action's words, owner and due date (its status has its own form on the action's page).
    [HttpPost("{id:int}/edit")]
    [Authorize(Policy = Policies.CreateActions)]
    public async Task<IActionResult> Save(TrustBrand trust, int id, [Bind(Prefix = "Form")] EditActionForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(form);
        var schoolId = await db.ImprovementActions.AsNoTracking().Where(a => a.Id == id && a.TrustId == trust.Id).Select(a => new { a.SchoolId }).SingleOrDefaultAsync(ct);
        if (schoolId is null)
        {
            return NotFound();
        }
        if (!await MayEditAsync(trust, schoolId.SchoolId))
        {
            return Forbid();
        }
        var owners = await OwnersAsync(trust, ct);
        var (owner, due) = ReadOwnerAndDue(form.OwnerId, form.DueOn, owners);
        return await writes.RunAsync(this, new FormWrite<ImprovementAction>
        {
            Load = c => db.ImprovementActions.SingleOrDefaultAsync(a => a.Id == id && a.TrustId == trust.Id, c),
            Seen = form,
            Change = (action, _) =>
            {
                action.Describe(form.Description!);
                action.Assign(new ActionOwner(owner!.Id, owner.Name));
                action.Reschedule(due!.Value);
                return FormWrites.Done("Action saved");
            },
            FieldOf = ActionField,
            Done = _ => $"/{trust.Slug}/actions/{id}",
            Form = (action, theirs) => View(nameof(Edit), new EditActionViewModel(trust, id, form, owners) { Theirs = theirs ? action : null }),
        }, ct);
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// The owner chosen (one of the trust's people, else an error beside the choice) and the due date.
    private (OwnerChoice? Owner, DateOnly? Due) ReadOwnerAndDue(string? ownerId, DateParts dueOn, IReadOnlyList<OwnerChoice> owners)
    {
        var due = dueOn.Read(ModelState, "Form.DueOn", "The due date", required: true);
        var owner = owners.FirstOrDefault(o => o.Id == ownerId);
        if (ownerId is not null && owner is null)
        {
            ModelState.AddModelError("Form.OwnerId", "Choose one of the trust's people");
        }
        return (owner, due);
    }

    private static string ActionField(string? field) => field switch
    {
        nameof(ImprovementAction.Description) => "Form.Description",
        nameof(ImprovementAction.OwnerId) => "Form.OwnerId",
        _ => "",
    };

    /// The trust's administrators, and the heads of the action's school.
    private async Task<bool> MayEditAsync(TrustBrand trust, int? schoolId) =>
        (await authz.AuthorizeAsync(User, trust.AsResource(), TrustOperations.Manage)).Succeeded
        || (schoolId is { } s && (await authz.AuthorizeAsync(User, new SchoolResource(s, trust.Id), SchoolOperations.UpdateProgress)).Succeeded);

    private async Task<List<OwnerChoice>> OwnersAsync(TrustBrand trust, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.TrustId == trust.Id && !u.IsDisabled).OrderBy(u => u.DisplayName)
            .Select(u => new OwnerChoice(u.Id, u.DisplayName)).ToListAsync(ct);

    private static List<ActionRow> Order(List<ActionRow> rows) =>
        [.. rows.OrderBy(r => r.Status is ActionStatus.Done or ActionStatus.Dropped).ThenBy(r => r.DueOn).ThenBy(r => r.Id)];

    private IQueryable<ImprovementAction> Of(int trustId) => db.ImprovementActions.AsNoTracking().Where(a => a.TrustId == trustId);

    /// Filter first (on the entity), then project: EF translates neither a filter on a constructed row nor one after it.
    private IQueryable<ActionRow> Rows(IQueryable<ImprovementAction> actions) =>
        actions.Select(a => new ActionRow(a.Id, a.Description,
            db.Schools.Where(s => s.Id == a.SchoolId).Select(s => s.Name).FirstOrDefault(), a.Area,
            db.SuccessCriteria.Where(c => c.Id == a.SuccessCriterionId).Select(c => c.Text).FirstOrDefault(),
            a.OwnerName, a.DueOn, a.Status, a.IsExample));

    /// The owner, the trust's administrators, and the heads of the action's school.
    private async Task<bool> MayUpdateAsync(TrustBrand trust, string ownerId, int? schoolId) =>
        ownerId == User.UserId()
        || (await authz.AuthorizeAsync(User, trust.AsResource(), TrustOperations.Manage)).Succeeded
        || (schoolId is { } s && (await authz.AuthorizeAsync(User, new SchoolResource(s, trust.Id), SchoolOperations.UpdateProgress)).Succeeded);

    private async Task<ActionViewModel> ShowModelAsync(TrustBrand trust, ImprovementAction action, UpdateActionForm form, CancellationToken ct)
    {
        var row = await Rows(Of(trust.Id).Where(a => a.Id == action.Id)).SingleAsync(ct);
        return new ActionViewModel(trust, row, action.DroppedReason, Today, await MayUpdateAsync(trust, action.OwnerId, action.SchoolId), form)
        {
            CanEdit = await MayEditAsync(trust, action.SchoolId),
        };
    }

    /// The form's page, or null when the person may not create an action about the school asked for: a head only
    /// for their own schools, an administrator for any school of the trust or none.
    private async Task<NewActionViewModel?> NewModelAsync(TrustBrand trust, NewActionForm form, CancellationToken ct)
    {
        var school = form.School is { } urn
            ? await db.Schools.AsNoTracking().Where(s => s.TrustId == trust.Id && s.Urn == urn).Select(s => new { s.Id, s.Name }).SingleOrDefaultAsync(ct)
            : null;
        var isAdmin = (await authz.AuthorizeAsync(User, trust.AsResource(), TrustOperations.Manage)).Succeeded;
        if (!isAdmin && (school is null || !(await authz.AuthorizeAsync(User, new SchoolResource(school.Id, trust.Id), SchoolOperations.UpdateProgress)).Succeeded))
        {
            return null;
        }
        // Only a criterion of one of this trust's plans can be linked.
        var criterion = form.Criterion is { } c
            ? await db.SuccessCriteria.AsNoTracking().Where(x => x.Id == c && db.StrategicAims.Any(a => a.Id == x.StrategicAimId
                && db.PlanThemes.Any(t => t.Id == a.PlanThemeId && db.StrategicPlans.Any(p => p.Id == t.StrategicPlanId && p.TrustId == trust.Id))))
                .Select(x => x.Text).SingleOrDefaultAsync(ct)
            : null;
        if (criterion is null)
        {
            form.Criterion = null;
        }
        return new NewActionViewModel(trust, school?.Name, criterion, form, await OwnersAsync(trust, ct));
    }
}
