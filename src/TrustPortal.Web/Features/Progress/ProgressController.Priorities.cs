using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Authorization;
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

/// A school's own priorities: added, changed and retired by its heads, each linked to a trust aim of the plan, with
/// progress recorded against it cycle by cycle like a success criterion (see docs/adr/0042).
public sealed partial class ProgressController
{
    [HttpGet("{urn:int}/priorities/new")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> NewPriority(string trustSlug, int urn, CancellationToken ct)
    {
        var (ctx, result) = await PriorityContextAsync(trustSlug, urn, edit: true, ct);
        return result ?? View("PriorityForm", new PriorityFormViewModel(ctx!.Trust, ctx.School, null, new EditPriorityForm(), ctx.Aims));
    }

    [HttpPost("{urn:int}/priorities/new")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> AddPriority(string trustSlug, int urn, [Bind(Prefix = "Form")] EditPriorityForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (ctx, result) = await PriorityContextAsync(trustSlug, urn, edit: true, ct);
        if (result is not null)
        {
            return result;
        }
        var c = ctx!;
        CheckAim(form, c);
        if (!ModelState.IsValid)
        {
            return View("PriorityForm", new PriorityFormViewModel(c.Trust, c.School, null, form, c.Aims));
        }
        var position = await db.SchoolPriorities.Where(p => p.SchoolId == c.School.Id).MaxAsync(p => (int?)p.Position, ct) ?? 0;
        var priority = new SchoolPriority(c.School.Id, form.AimId!.Value, form.Title!, form.Description, position + 1);
        db.SchoolPriorities.Add(priority);
        await db.SaveChangesAsync(ct);
        TempData["Success"] = $"Priority added: {Shorten(priority.Title)}";
        return Redirect($"/{c.Trust.Slug}/progress/{c.School.Urn}#own-priorities");
    }

    [HttpGet("{urn:int}/priorities/{priorityId:int}/edit")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> EditPriority(string trustSlug, int urn, int priorityId, CancellationToken ct)
    {
        var (ctx, result) = await PriorityContextAsync(trustSlug, urn, edit: true, ct);
        if (result is not null)
        {
            return result;
        }
        var p = await db.SchoolPriorities.AsNoTracking().SingleOrDefaultAsync(p => p.Id == priorityId && p.SchoolId == ctx!.School.Id && !p.IsRetired, ct);
        return p is null ? NotFound()
            : View("PriorityForm", new PriorityFormViewModel(ctx!.Trust, ctx.School, p.Id, new EditPriorityForm { AimId = p.StrategicAimId, Title = p.Title, Description = p.Description }, ctx.Aims));
    }

    [HttpPost("{urn:int}/priorities/{priorityId:int}/edit")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> SavePriority(string trustSlug, int urn, int priorityId, [Bind(Prefix = "Form")] EditPriorityForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (ctx, result) = await PriorityContextAsync(trustSlug, urn, edit: true, ct);
        if (result is not null)
        {
            return result;
        }
        var priority = await db.SchoolPriorities.SingleOrDefaultAsync(p => p.Id == priorityId && p.SchoolId == ctx!.School.Id && !p.IsRetired, ct);
        if (priority is null)
        {
            return NotFound();
        }
        CheckAim(form, ctx!);
        if (!ModelState.IsValid)
        {
            return View("PriorityForm", new PriorityFormViewModel(ctx!.Trust, ctx.School, priorityId, form, ctx.Aims));
        }
        priority.Edit(form.AimId!.Value, form.Title!, form.Description);
        await db.SaveChangesAsync(ct);
        TempData["Success"] = $"Priority saved: {Shorten(priority.Title)}";
        return Redirect($"/{ctx!.Trust.Slug}/progress/{ctx.School.Urn}#own-priorities");
    }

    [HttpPost("{urn:int}/priorities/{priorityId:int}/retire")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> RetirePriority(string trustSlug, int urn, int priorityId, CancellationToken ct)
    {
        var (ctx, result) = await PriorityContextAsync(trustSlug, urn, edit: true, ct);
        if (result is not null)
        {
            return result;
        }
        var priority = await db.SchoolPriorities.SingleOrDefaultAsync(p => p.Id == priorityId && p.SchoolId == ctx!.School.Id, ct);
        if (priority is null)
        {
            return NotFound();
        }
        priority.Retire();
        await db.SaveChangesAsync(ct);
        TempData["Success"] = $"Priority retired: {Shorten(priority.Title)}. Its recorded progress is kept";
        return Redirect($"/{ctx!.Trust.Slug}/progress/{ctx.School.Urn}#own-priorities");
    }

    [HttpGet("{urn:int}/priorities/{priorityId:int}")]
    public async Task<IActionResult> Priority(string trustSlug, int urn, int priorityId, CancellationToken ct)
    {
        var (model, result) = await LoadPriorityPageAsync(trustSlug, urn, priorityId, ct);
        return result ?? View(model);
    }

    [HttpPost("{urn:int}/priorities/{priorityId:int}")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> RecordPriority(string trustSlug, int urn, int priorityId, [Bind(Prefix = "Form")] RecordProgressForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (model, result) = await LoadPriorityPageAsync(trustSlug, urn, priorityId, ct);
        if (result is not null)
        {
            return result;
        }
        if (!model!.CanEdit)
        {
            return Forbid();
        }
        var savedUrl = $"/{model.Trust.Slug}/progress/{model.School.Urn}#own-priorities";
        var fingerprint = ProgressFormReceipts.Fingerprint($"priority:{model.School.Id}:{priorityId}", form);
        switch (await ProgressFormReceipts.CheckAsync(db, form.IdempotencyKey, fingerprint, model.Current?.Entry, form, ct))
        {
            case FormReplay.SameContent:
                TempData["Success"] = $"Progress saved: {Shorten(model.Priority.Title)}";
                return Redirect(savedUrl);
            case FormReplay.DifferentContent:
                return ShowPriorityReplayConflict(model, form);
        }
        var (dueOn, dateError) = form.ParseDueOn();
        if (dateError is not null)
        {
            ModelState.AddModelError("Form.DueDay", dateError);
        }
        if (!model.CanRecord)
        {
            ModelState.AddModelError("", model.Cycle?.IsOpen != true
                ? "No review cycle is open, so progress cannot be recorded"
                : "This return has been submitted. Ask a trust administrator to reopen it to make changes");
        }
        if (!ModelState.IsValid)
        {
            return View("Priority", model with { Form = form });
        }
        var cycle = model.Cycle!;
        var update = await db.PriorityUpdates.SingleOrDefaultAsync(u => u.SchoolPriorityId == priorityId && u.ReviewCycleId == cycle.Id, ct);
        if (update is not null ? form.Version != update.Version : form.Version is not null && form.Version != Guid.Empty)
        {
            return ShowPriorityConflict(model, form);
        }
        var entry = new ProgressEntry(form.Status!.Value, form.Confidence, form.WhatWasDone, form.Impact, form.Evidence, form.NextSteps, form.Owner, dueOn);
        try
        {
            var ret = await db.SchoolReturns.SingleOrDefaultAsync(r => r.SchoolId == model.School.Id && r.ReviewCycleId == cycle.Id, ct);
            if (ret is null)
            {
                ret = new SchoolReturn(model.School.Id, cycle.Id);
                db.SchoolReturns.Add(ret);
            }
            ret.EnsureEditable(await db.ReviewCycles.AsNoTracking().SingleAsync(c => c.Id == cycle.Id, ct));
            if (update is null)
            {
                db.PriorityUpdates.Add(new PriorityUpdate(priorityId, cycle.Id, entry, User.DisplayName(), clock.GetUtcNow()));
            }
            else
            {
                db.Entry(update).Property(u => u.Version).OriginalValue = form.Version!.Value;
                update.Record(entry, User.DisplayName(), clock.GetUtcNow());
            }
            if (form.IdempotencyKey != Guid.Empty)
            {
                db.FormReceipts.Add(ProgressFormReceipts.For(form.IdempotencyKey, User.UserId()!, clock.GetUtcNow(), fingerprint));
            }
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            return View("Priority", model with { Form = form });
        }
        catch (DbUpdateException)
        {
            // Either the same form arrived twice at once (its receipt is now in), or someone else saved first.
            db.ChangeTracker.Clear();
            var (reloaded, again) = await LoadPriorityPageAsync(trustSlug, urn, priorityId, ct);
            if (reloaded is null)
            {
                return again!;
            }
            switch (await ProgressFormReceipts.CheckAsync(db, form.IdempotencyKey, fingerprint, reloaded.Current?.Entry, form, ct))
            {
                case FormReplay.SameContent:
                    TempData["Success"] = $"Progress saved: {Shorten(model.Priority.Title)}";
                    return Redirect(savedUrl);
                case FormReplay.DifferentContent:
                    return ShowPriorityReplayConflict(reloaded, form);
                default:
                    return ShowPriorityConflict(reloaded, form);
            }
        }
        TempData["Success"] = $"Progress saved: {Shorten(model.Priority.Title)}";
        return Redirect(savedUrl);
    }

    private ViewResult ShowPriorityConflict(PriorityPageViewModel model, RecordProgressForm form)
    {
        ModelState.Clear();
        ModelState.AddModelError("", $"{model.Current?.UpdatedBy ?? "Someone else"} saved this priority while you were editing it. Compare their entry with yours below, then save yours again or change it");
        form.Version = model.Current?.Version;
        form.IdempotencyKey = Guid.NewGuid();
        return View("Priority", model with { Form = form, Conflict = model.Current });
    }

    private ViewResult ShowPriorityReplayConflict(PriorityPageViewModel model, RecordProgressForm form)
    {
        var view = ShowPriorityConflict(model, form);
        ModelState.Clear();
        ModelState.AddModelError("", ReplayConflictMessage(model.Current));
        return view;
    }

    private void CheckAim(EditPriorityForm form, PriorityContext ctx)
    {
        if (form.AimId is { } aim && ctx.Aims.All(a => a.Key != aim.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            ModelState.AddModelError("Form.AimId", "Choose one of the plan's aims");
        }
    }

    private sealed record PriorityContext(TrustBrand Trust, SchoolRef School, CycleRef? Cycle, bool CanEdit, IReadOnlyList<KeyValuePair<string, string>> Aims);

    /// The trust, school and current cycle with the plan's aims; 403 unless the user may read (or, for edit, change)
    /// the school's progress.
    private async Task<(PriorityContext? Context, IActionResult? Result)> PriorityContextAsync(string trustSlug, int urn, bool edit, CancellationToken ct)
    {
        var trust = await db.Trusts.FindBrandAsync(trustSlug, ct);
        if (trust is null)
        {
            return (null, NotFound());
        }
        var school = await reader.SchoolAsync(trust.Id, urn, ct);
        if (school is null)
        {
            return (null, await CanReadTrustAsync(trust) ? NotFound() : Forbid());
        }
        var access = await AccessAsync(school);
        if (access == Access.None || (edit && access != Access.Edit))
        {
            return (null, Forbid());
        }
        var cycle = ProgressReader.Current(await reader.CyclesAsync(trust.Id, ct));
        var aims = cycle is null ? [] : await reader.AimsAsync(cycle.PlanId, ct);
        if (edit && aims.Count == 0)
        {
            TempData["Problem"] = "The trust has no published plan with aims yet, so priorities cannot be linked to one";
            return (null, Redirect($"/{trust.Slug}/progress/{school.Urn}"));
        }
        return (new PriorityContext(trust, school, cycle, access == Access.Edit,
            aims.Select(a => new KeyValuePair<string, string>(a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Aim {a.Number}: {a.Title}")).ToList()), null);
    }

    private async Task<(PriorityPageViewModel? Model, IActionResult? Result)> LoadPriorityPageAsync(string trustSlug, int urn, int priorityId, CancellationToken ct)
    {
        var (ctx, result) = await PriorityContextAsync(trustSlug, urn, edit: false, ct);
        if (result is not null)
        {
            return (null, result);
        }
        var priority = await (from p in db.SchoolPriorities.AsNoTracking()
                              join a in db.StrategicAims on p.StrategicAimId equals a.Id
                              where p.Id == priorityId && p.SchoolId == ctx!.School.Id
                              select new PriorityRow(p.Id, p.Title, p.Description, a.Number, a.Title, p.IsRetired)).SingleOrDefaultAsync(ct);
        if (priority is null || ctx!.Cycle is null)
        {
            return (null, NotFound());
        }
        var cycle = ctx.Cycle;
        var current = await db.PriorityUpdates.AsNoTracking().Where(u => u.SchoolPriorityId == priorityId && u.ReviewCycleId == cycle.Id)
            .Select(u => new SavedEntry(u.ReviewCycleId, new ProgressEntry(u.Status, u.Confidence, u.WhatWasDone, u.Impact, u.Evidence, u.NextSteps, u.Owner, u.DueOn),
                u.UpdatedBy, u.UpdatedAt, false, u.Version))
            .SingleOrDefaultAsync(ct);
        var ret = await reader.ReturnAsync(ctx.School.Id, cycle.Id, ct);
        return (new PriorityPageViewModel(ctx.Trust, ctx.School, cycle, ret, priority, current,
            RecordProgressForm.From(current?.Entry, current?.Version), ctx.CanEdit, null), null);
    }
}
