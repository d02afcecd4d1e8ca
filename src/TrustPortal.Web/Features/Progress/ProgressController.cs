using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;
using TrustPortal.Web.Infrastructure.Caching;
using TrustPortal.Web.Infrastructure.Files;

namespace TrustPortal.Web.Features.Progress;

/// Headteachers record their school's progress against the plan's success criteria, cycle by cycle.
/// Trust administrators and trustees read every school's page; editing is for the school's own heads.
[Authorize(Policy = Policies.ReadTrust)]
[Route("{trustSlug:trust}/progress")]
public sealed partial class ProgressController(
    TrustPortalDbContext db,
    ProgressReader reader,
    IAuthorizationService authorization,
    TimeProvider clock,
    OutgoingMail email,
    IConfiguration configuration,
    IFileStore files,
    TrustPageCache cache,
    ILogger<ProgressController> logger) : Controller
{
    private enum Access { None, Read, Edit }

    [HttpGet("")]
    public async Task<IActionResult> Index(string trustSlug, CancellationToken ct)
    {
        var trust = await db.Trusts.FindBrandAsync(trustSlug, ct);
        if (trust is null)
        {
            return NotFound();
        }
        if (!await CanReadTrustAsync(trust))
        {
            return Forbid();
        }
        var isHead = User.IsInRole(Roles.Headteacher);
        if (!isHead && !User.IsInRole(Roles.TrustAdmin) && !User.IsInRole(Roles.Trustee))
        {
            return Redirect($"/{trust.Slug}/progress/summary");
        }
        var cycle = ProgressReader.Current(await reader.CyclesAsync(trust.Id, ct));
        var userId = User.UserId();
        var cycleId = cycle?.Id ?? 0;
        var schools = await db.Schools.AsNoTracking()
            .Where(s => s.TrustId == trust.Id && !s.IsArchived && (!isHead || db.UserSchools.Any(l => l.UserId == userId && l.SchoolId == s.Id)))
            .OrderBy(s => s.Name)
            .Select(s => new SchoolChoice(s.Urn, s.Name,
                db.SchoolReturns.Where(r => r.SchoolId == s.Id && r.ReviewCycleId == cycleId).Select(r => (ReturnState?)r.State).FirstOrDefault()))
            .ToListAsync(ct);
        if (isHead && schools.Count == 1)
        {
            return Redirect($"/{trust.Slug}/progress/{schools[0].Urn}");
        }
        return View(new ProgressIndexViewModel(trust, cycle, schools, isHead, User.IsInRole(Roles.TrustAdmin)));
    }

    [HttpGet("{urn:int}")]
    public async Task<IActionResult> School(string trustSlug, int urn, CancellationToken ct)
    {
        var trust = await db.Trusts.FindBrandAsync(trustSlug, ct);
        if (trust is null)
        {
            return NotFound();
        }
        var school = await reader.SchoolAsync(trust.Id, urn, ct);
        if (school is null)
        {
            return await CanReadTrustAsync(trust) ? NotFound() : Forbid();
        }
        var access = await AccessAsync(school);
        if (access == Access.None)
        {
            return Forbid();
        }
        // What every reader of the school's page sees is kept in memory under the trust's work and content generations,
        // which any save of its progress, returns, priorities, cycles or plan renews on every instance (docs/adr/0091,
        // 0131); access is decided above, per request.
        var page = await cache.GetOrLoadWorkAsync($"progress-school:{school.Id}", trust.Id, c => SchoolPageAsync(trust.Id, school.Id, c), ct);
        if (page!.Cycle is null)
        {
            return View(new SchoolProgressViewModel(trust, school, null, null, null, [], access == Access.Edit, false));
        }
        return View(new SchoolProgressViewModel(trust, school, page.Cycle, page.PreviousCycleName, page.Return, page.Themes,
            access == Access.Edit, User.IsInRole(Roles.TrustAdmin) && page.Return?.State == ReturnState.Submitted && page.Cycle.IsOpen)
        {
            Priorities = page.Priorities,
        });
    }

    private sealed record SchoolPage(CycleRef? Cycle, string? PreviousCycleName, ReturnInfo? Return, IReadOnlyList<ThemeGroup> Themes, IReadOnlyList<PriorityLine> Priorities);

    private async Task<SchoolPage?> SchoolPageAsync(int trustId, int schoolId, CancellationToken ct)
    {
        var cycles = await reader.CyclesAsync(trustId, ct);
        var cycle = ProgressReader.Current(cycles);
        if (cycle is null)
        {
            return new SchoolPage(null, null, null, [], []);
        }
        var previous = cycles.Where(c => c.PlanId == cycle.PlanId && c.OpensOn < cycle.OpensOn).LastOrDefault();
        var previousId = previous?.Id ?? 0;
        var criteria = await reader.CriteriaAsync(cycle.PlanId, ct);
        var statuses = await db.ProgressUpdates.AsNoTracking()
            .Where(u => u.SchoolId == schoolId && (u.ReviewCycleId == cycle.Id || u.ReviewCycleId == previousId))
            .Select(u => new { u.ReviewCycleId, u.SuccessCriterionId, u.Status, u.IsExample })
            .ToListAsync(ct);
        var current = statuses.Where(s => s.ReviewCycleId == cycle.Id).ToDictionary(s => s.SuccessCriterionId, s => new CriterionStatus(s.Status, s.IsExample));
        var before = statuses.Where(s => s.ReviewCycleId == previousId).ToDictionary(s => s.SuccessCriterionId, s => s.Status);
        var lines = criteria.Select(c => new SchoolCriterionLine(c, current.GetValueOrDefault(c.Id), before.TryGetValue(c.Id, out var p) ? p : null));
        var ret = await reader.ReturnAsync(schoolId, cycle.Id, ct);
        return new SchoolPage(cycle, previous?.Name, ret, SchoolProgressViewModel.Group(lines), await reader.PrioritiesAsync(schoolId, cycle.Id, ct));
    }

    [HttpGet("{urn:int}/criteria/{criterionId:int}")]
    public async Task<IActionResult> Criterion(string trustSlug, int urn, int criterionId, string? draft, CancellationToken ct)
    {
        var page = await LoadCriterionPageAsync(trustSlug, urn, criterionId, ct);
        if (page.Result is not null)
        {
            return page.Result;
        }
        var model = page.Model!;
        if (draft is not null && model.CanRecord && await RestoreDraftAsync(draft, ct) is { } restored)
        {
            restored.Draft = draft;
            return View(model with { Form = restored, DraftRestored = true });
        }
        return View(model);
    }

    [HttpPost("{urn:int}/criteria/{criterionId:int}")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    [EvidenceRequestLimit]
    public async Task<IActionResult> Record(string trustSlug, int urn, int criterionId, [Bind(Prefix = "Form")] RecordProgressForm form, [FromForm(Name = EvidenceFileField)] IFormFile? evidenceFile, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var page = await LoadCriterionPageAsync(trustSlug, urn, criterionId, ct);
        if (page.Result is not null)
        {
            return page.Result;
        }
        var model = page.Model!;
        if (!model.CanEdit)
        {
            return Forbid();
        }
        var schoolUrl = $"/{model.Trust.Slug}/progress/{model.School.Urn}";
        var fingerprint = ProgressFormReceipts.Fingerprint($"criterion:{model.School.Id}:{criterionId}", form);
        switch (await ProgressFormReceipts.CheckAsync(db, form.IdempotencyKey, fingerprint, model.Current?.Entry, form, ct))
        {
            case FormReplay.SameContent:
                // A replay of a form that has already been recorded (double click, browser retry): record nothing.
                TempData["Success"] = $"Progress saved: {Shorten(model.Criterion.Text)}";
                return Redirect(schoolUrl);
            case FormReplay.DifferentContent:
                // The same rendered form saved again with other answers (back button, edit, save): not saved.
                return ShowReplayConflict(model, form);
        }
        var (dueOn, dateError) = form.ParseDueOn();
        if (dateError is not null)
        {
            ModelState.AddModelError("Form.DueDay", dateError);
        }
        if (form.IdempotencyKey == Guid.Empty)
        {
            ModelState.AddModelError("", "The form was incomplete; check your entry and save again");
            form.IdempotencyKey = Guid.NewGuid();
        }
        if (!model.CanRecord)
        {
            ModelState.AddModelError("", model.Cycle?.IsOpen != true
                ? "No review cycle is open, so progress cannot be recorded"
                : "This return has been submitted. Ask a trust administrator to reopen it to make changes");
        }
        EvidenceUpload? upload = null;
        if (evidenceFile is { Length: > 0 } || !string.IsNullOrEmpty(evidenceFile?.FileName))
        {
            (upload, var problem) = await EvidenceFiles.CheckAsync(evidenceFile!, EvidenceFiles.MaxBytes(configuration), ct);
            if (problem is not null)
            {
                ModelState.AddModelError(EvidenceFileField, problem + ". Your entry has not been saved yet: choose a file again, or clear the file, and save");
            }
        }
        if (!ModelState.IsValid)
        {
            return View("Criterion", model with { Form = form });
        }
        var cycle = model.Cycle!;
        var update = await db.ProgressUpdates.Include(u => u.Revisions).Include(u => u.Files).AsSplitQuery()
            .SingleOrDefaultAsync(u => u.SchoolId == model.School.Id && u.ReviewCycleId == cycle.Id && u.SuccessCriterionId == criterionId, ct);
        if (update is not null ? form.Version != update.Version : form.Version is not null && form.Version != Guid.Empty)
        {
            // The page model was read before this check: someone may have saved in between, so show what is saved now.
            db.ChangeTracker.Clear();
            var fresh = await LoadCriterionPageAsync(trustSlug, urn, criterionId, ct);
            return fresh.Model is null ? fresh.Result! : ShowConflict(fresh.Model, form);
        }
        var entry = new ProgressEntry(form.Status!.Value, form.Confidence, form.WhatWasDone, form.Impact, form.Evidence, form.NextSteps, form.Owner, dueOn);
        var now = clock.GetUtcNow();
        var stored = upload is null ? null : await StoreAsync(upload, now, ct);
        try
        {
            var ret = await db.SchoolReturns.SingleOrDefaultAsync(r => r.SchoolId == model.School.Id && r.ReviewCycleId == cycle.Id, ct);
            if (ret is null)
            {
                ret = new SchoolReturn(model.School.Id, cycle.Id);
                db.SchoolReturns.Add(ret);
            }
            var cycleEntity = await db.ReviewCycles.AsNoTracking().SingleAsync(c => c.Id == cycle.Id, ct);
            ret.EnsureEditable(cycleEntity);
            if (update is null)
            {
                update = new ProgressUpdate(model.School.Id, criterionId, cycle.Id, entry, User.DisplayName(), now);
                db.ProgressUpdates.Add(update);
            }
            else
            {
                db.Entry(update).Property(u => u.Version).OriginalValue = form.Version!.Value;
                update.Record(entry, User.DisplayName(), now);
            }
            if (stored is not null)
            {
                update.AttachFile(stored);
            }
        }
        catch (DomainRuleException e)
        {
            await ForgetAsync(stored, ct);
            ModelState.AddModelError(e.Field == nameof(ProgressUpdate.Files) ? EvidenceFileField : "", e.Message);
            return View("Criterion", model with { Form = form });
        }
        db.FormReceipts.Add(ProgressFormReceipts.For(form.IdempotencyKey, User.UserId()!, now, fingerprint));
        if (form.Draft is not null)
        {
            var userId = User.UserId();
            var draft = await db.SavedDrafts.SingleOrDefaultAsync(d => d.Token == form.Draft && d.UserId == userId, ct);
            if (draft is not null)
            {
                db.SavedDrafts.Remove(draft);
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Either the same form arrived twice at once (its receipt is now in), or someone else saved first.
            db.ChangeTracker.Clear();
            await ForgetAsync(stored, ct);
            var reloaded = await LoadCriterionPageAsync(trustSlug, urn, criterionId, ct);
            if (reloaded.Model is null)
            {
                return reloaded.Result!;
            }
            switch (await ProgressFormReceipts.CheckAsync(db, form.IdempotencyKey, fingerprint, reloaded.Model.Current?.Entry, form, ct))
            {
                case FormReplay.SameContent:
                    TempData["Success"] = $"Progress saved: {Shorten(model.Criterion.Text)}";
                    return Redirect(schoolUrl);
                case FormReplay.DifferentContent:
                    return ShowReplayConflict(reloaded.Model, form);
                default:
                    return ShowConflict(reloaded.Model, form);
            }
        }
        LogRecorded(logger, criterionId, model.School.Id);
        TempData["Success"] = stored is null
            ? $"Progress saved: {Shorten(model.Criterion.Text)}"
            : $"Progress saved and {stored.OriginalName} added: {Shorten(model.Criterion.Text)}";
        return Redirect(schoolUrl);
    }

    [HttpPost("{urn:int}/submit")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public async Task<IActionResult> Submit(string trustSlug, int urn, CancellationToken ct)
    {
        var trust = await db.Trusts.FindBrandAsync(trustSlug, ct);
        if (trust is null)
        {
            return NotFound();
        }
        var school = await reader.SchoolAsync(trust.Id, urn, ct);
        if (school is null || await AccessAsync(school) != Access.Edit)
        {
            return school is null && await CanReadTrustAsync(trust) ? NotFound() : Forbid();
        }
        var url = $"/{trust.Slug}/progress/{school.Urn}";
        var cycleRef = ProgressReader.Current(await reader.CyclesAsync(trust.Id, ct));
        var cycle = cycleRef is null ? null : await db.ReviewCycles.AsNoTracking().SingleAsync(c => c.Id == cycleRef.Id, ct);
        if (cycle is null)
        {
            TempData["Problem"] = "No review cycle is open, so there is no return to submit";
            return Redirect(url);
        }
        var ret = await db.SchoolReturns.SingleOrDefaultAsync(r => r.SchoolId == school.Id && r.ReviewCycleId == cycle.Id, ct);
        if (ret?.State == ReturnState.Submitted)
        {
            // A second click on "Submit" changes nothing.
            TempData["Success"] = $"Your return for {cycle.Name} is submitted";
            return Redirect(url);
        }
        if (ret is null)
        {
            ret = new SchoolReturn(school.Id, cycle.Id);
            db.SchoolReturns.Add(ret);
        }
        var criteria = await reader.CriteriaAsync(cycle.StrategicPlanId, ct);
        var ids = criteria.Select(c => c.Id).ToList();
        var recorded = await db.ProgressUpdates.CountAsync(u => u.SchoolId == school.Id && u.ReviewCycleId == cycle.Id && ids.Contains(u.SuccessCriterionId), ct);
        try
        {
            ret.Submit(cycle, criteria.Count, recorded, User.DisplayName(), clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            TempData["Problem"] = e.Message.TrimEnd('.');
            return Redirect(url);
        }
        catch (DbUpdateException)
        {
            TempData["Problem"] = "Someone else changed this return at the same time; check it and submit again";
            return Redirect(url);
        }
        TempData["Success"] = $"Your return for {cycle.Name} is submitted";
        return Redirect(url);
    }

    [HttpPost("{urn:int}/reopen")]
    [Authorize(Policy = Policies.ManageProgressReturns)]
    public async Task<IActionResult> Reopen(string trustSlug, int urn, CancellationToken ct)
    {
        var trust = await db.Trusts.FindBrandAsync(trustSlug, ct);
        if (trust is null)
        {
            return NotFound();
        }
        if (!(await authorization.AuthorizeAsync(User, trust.AsResource(), TrustOperations.Manage)).Succeeded)
        {
            return Forbid();
        }
        var school = await reader.SchoolAsync(trust.Id, urn, ct);
        if (school is null)
        {
            return NotFound();
        }
        var url = $"/{trust.Slug}/progress/{school.Urn}";
        var cycleRef = ProgressReader.Current(await reader.CyclesAsync(trust.Id, ct));
        var cycle = cycleRef is null ? null : await db.ReviewCycles.AsNoTracking().SingleAsync(c => c.Id == cycleRef.Id, ct);
        var ret = cycle is null ? null : await db.SchoolReturns.SingleOrDefaultAsync(r => r.SchoolId == school.Id && r.ReviewCycleId == cycle.Id, ct);
        if (ret is null || ret.State != ReturnState.Submitted)
        {
            TempData["Success"] = $"{school.Name}'s return is open for changes";
            return Redirect(url);
        }
        try
        {
            ret.Reopen(cycle!, User.DisplayName(), clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            TempData["Problem"] = e.Message.TrimEnd('.');
            return Redirect(url);
        }
        TempData["Success"] = $"{school.Name}'s return is reopened: its heads can change it and submit again";
        return Redirect(url);
    }

    private ViewResult ShowConflict(CriterionPageViewModel model, RecordProgressForm form)
    {
        // Show the other person's saved entry beside the user's input, which is kept; saving again now
        // replaces theirs on purpose (the form carries the version just shown).
        ModelState.Clear();
        ModelState.AddModelError("", $"{model.Current?.UpdatedBy ?? "Someone else"} saved this criterion while you were editing it. Compare their entry with yours below, then save yours again or change it (choose any file again too)");
        form.Version = model.Current?.Version;
        // Saving again is a new decision: it must not be taken for a replay of the post that was refused.
        form.IdempotencyKey = Guid.NewGuid();
        return View("Criterion", model with { Form = form, Conflict = model.Current });
    }

    private ViewResult ShowReplayConflict(CriterionPageViewModel model, RecordProgressForm form)
    {
        var view = ShowConflict(model, form);
        ModelState.Clear();
        ModelState.AddModelError("", ReplayConflictMessage(model.Current));
        return view;
    }

    /// Said when a form that was saved already comes back with other answers, e.g. after the browser's back button.
    internal static string ReplayConflictMessage(SavedEntry? saved) =>
        $"This form was saved already{(saved is null ? "" : $" (by {saved.UpdatedBy})")}, with different answers from the ones you have just sent, so your changes have not been saved. Compare the saved entry with yours below, then save yours again or change it";

    private async Task<(CriterionPageViewModel? Model, IActionResult? Result)> LoadCriterionPageAsync(string trustSlug, int urn, int criterionId, CancellationToken ct)
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
        if (access == Access.None)
        {
            return (null, Forbid());
        }
        var cycles = await reader.CyclesAsync(trust.Id, ct);
        var cycle = ProgressReader.Current(cycles);
        if (cycle is null)
        {
            return (null, NotFound());
        }
        var criterion = await reader.CriterionAsync(cycle.PlanId, criterionId, ct);
        if (criterion is null)
        {
            return (null, NotFound());
        }
        var entries = await reader.EntriesAsync(school.Id, criterionId, ct);
        var history = await reader.HistoryAsync(school.Id, criterionId, ct);
        var ret = await reader.ReturnAsync(school.Id, cycle.Id, ct);
        var byCycle = entries.ToDictionary(e => e.CycleId);
        var current = byCycle.GetValueOrDefault(cycle.Id);
        var trend = cycles.Where(c => c.PlanId == cycle.PlanId && c.OpensOn <= cycle.OpensOn)
            .Select(c => new TrendPoint(c.Name, byCycle.TryGetValue(c.Id, out var e) ? e.Entry.Status : null)).ToList();
        var form = RecordProgressForm.From(current?.Entry, current?.Version);
        var evidence = await reader.FilesAsync(school.Id, cycle.Id, criterionId, ct);
        return (new CriterionPageViewModel(trust, school, cycle, ret, criterion, current, trend, history, form, access == Access.Edit, null, false)
        {
            Files = evidence,
            MaxEvidenceBytes = EvidenceFiles.MaxBytes(configuration),
        }, null);
    }

    private async Task<RecordProgressForm?> RestoreDraftAsync(string token, CancellationToken ct)
    {
        var userId = User.UserId();
        var path = Request.Path.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var fields = await db.SavedDrafts.AsNoTracking()
            .Where(d => d.Token == token && d.UserId == userId && d.Path == path)
            .Select(d => new { d.Fields, d.ExpiresUtc })
            .SingleOrDefaultAsync(ct);
        if (fields is null || fields.ExpiresUtc < now)
        {
            return null;
        }
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(fields.Fields) ?? [];
        var form = new RecordProgressForm();
        var binder = new Dictionary<string, string>(values, StringComparer.Ordinal);
        string? Get(string name) => binder.TryGetValue("Form." + name, out var v) ? v : null;
        form.Status = Enum.TryParse<ProgressStatus>(Get(nameof(form.Status)), out var s) && Enum.IsDefined(s) ? s : null;
        form.Confidence = Enum.TryParse<Confidence>(Get(nameof(form.Confidence)), out var c) && Enum.IsDefined(c) ? c : null;
        form.WhatWasDone = Get(nameof(form.WhatWasDone));
        form.Impact = Get(nameof(form.Impact));
        form.Evidence = Get(nameof(form.Evidence));
        form.NextSteps = Get(nameof(form.NextSteps));
        form.Owner = Get(nameof(form.Owner));
        form.DueDay = Get(nameof(form.DueDay));
        form.DueMonth = Get(nameof(form.DueMonth));
        form.DueYear = Get(nameof(form.DueYear));
        form.Version = Guid.TryParse(Get(nameof(form.Version)), out var version) ? version : null;
        form.IdempotencyKey = Guid.TryParse(Get(nameof(form.IdempotencyKey)), out var key) ? key : Guid.NewGuid();
        return form;
    }

    private async Task<bool> CanReadTrustAsync(TrustBrand trust) =>
        (await authorization.AuthorizeAsync(User, trust.AsResource(), TrustOperations.Read)).Succeeded;

    /// Edit for the school's own heads; read for the trust's administrators and trustees; nothing for anyone else.
    private async Task<Access> AccessAsync(SchoolRef school)
    {
        if ((await authorization.AuthorizeAsync(User, new SchoolResource(school.Id, school.TrustId), SchoolOperations.UpdateProgress)).Succeeded)
        {
            return Access.Edit;
        }
        return User.TrustId() == school.TrustId && (User.IsInRole(Roles.TrustAdmin) || User.IsInRole(Roles.Trustee)) ? Access.Read : Access.None;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "…");

    [LoggerMessage(Level = LogLevel.Information, Message = "Progress recorded against criterion {CriterionId} for school {SchoolId}")]
    private static partial void LogRecorded(ILogger logger, int criterionId, int schoolId);
}
