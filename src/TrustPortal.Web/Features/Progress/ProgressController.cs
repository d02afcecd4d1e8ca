using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;
using TrustPortal.Web.Infrastructure.Caching;

namespace TrustPortal.Web.Features.Progress;

/// Recording: headteachers record their school's progress against the plan's success criteria, cycle by cycle, one
/// criterion after another ("Save and continue"). Trust administrators and trustees read every school's page.
[Authorize(Policy = Policies.ReadTrust)]
[TrustMembersOnly]
[Route("{trustSlug:trust}/progress")]
public sealed partial class ProgressController(
    TrustPortalDbContext db,
    ProgressReader reader,
    ProgressPages pages,
    ProgressRecorder recorder,
    IAuthorizationService authorization,
    IConfiguration configuration,
    TimeProvider clock,
    TrustPageCache cache,
    ILogger<ProgressController> logger) : ProgressControllerBase(db, reader, authorization)
{
    /// The value of the "Save and continue" button.
    public const string Continue = "continue";

    [HttpGet("")]
    public async Task<IActionResult> Index(TrustBrand trust, CancellationToken ct)
    {
        if (await OpenTrustAsync(trust, TrustOperations.Read) is { } refused)
        {
            return refused;
        }
        var isHead = User.IsInRole(Roles.Headteacher);
        if (!isHead && !IsTrustLeader())
        {
            return Redirect($"/{Trust.Slug}/progress/summary");
        }
        var cycle = ProgressReader.Current(await Reader.CyclesAsync(Trust.Id, ct));
        var userId = User.UserId();
        var cycleId = cycle?.Id ?? 0;
        var schools = await Db.Schools.AsNoTracking()
            .Where(s => s.TrustId == Trust.Id && !s.IsArchived && (!isHead || Db.UserSchools.Any(l => l.UserId == userId && l.SchoolId == s.Id)))
            .OrderBy(s => s.Name)
            .Select(s => new SchoolChoice(s.Urn, s.Name,
                Db.SchoolReturns.Where(r => r.SchoolId == s.Id && r.ReviewCycleId == cycleId).Select(r => (ReturnState?)r.State).FirstOrDefault()))
            .ToListAsync(ct);
        if (isHead && schools.Count == 1)
        {
            return Redirect($"/{Trust.Slug}/progress/{schools[0].Urn}");
        }
        return View(new ProgressIndexViewModel(Trust, cycle, schools, isHead, User.IsInRole(Roles.TrustAdmin)));
    }

    [HttpGet("{urn:int}")]
    public async Task<IActionResult> School(TrustBrand trust, int urn, CancellationToken ct)
    {
        if (await OpenSchoolAsync(trust, urn, SchoolProgressRight.Read, ct) is { } refused)
        {
            return refused;
        }
        // What every reader of the school's page sees is kept in memory under the trust's work and content generations,
        // which any save of its progress, returns, priorities, cycles or plan renews on every instance (docs/adr/0091,
        // 0131); access is decided above, per request.
        var schoolId = CurrentSchool.Id;
        var page = (await cache.GetOrLoadWorkAsync($"progress-school:{schoolId}", Trust.Id, async c => (SchoolPage?)await pages.SchoolAsync(Trust.Id, schoolId, c), ct))!;
        var canEdit = Right == SchoolProgressRight.Record;
        return View(new SchoolProgressViewModel(Trust, CurrentSchool, page.Cycle, page.PreviousCycleName, page.Return, page.Themes, canEdit,
            User.IsInRole(Roles.TrustAdmin) && page.Return?.State == ReturnState.Submitted && page.Cycle?.IsOpen == true)
        {
            Priorities = page.Priorities,
        });
    }

    [HttpGet("{urn:int}/criteria/{criterionId:int}")]
    public async Task<IActionResult> Criterion(TrustBrand trust, int urn, int criterionId, string? draft, string? from, CancellationToken ct)
    {
        if (await OpenSchoolAsync(trust, urn, SchoolProgressRight.Read, ct) is { } refused)
        {
            return refused;
        }
        var model = await pages.CriterionAsync(Trust, CurrentSchool, Right == SchoolProgressRight.Record, criterionId, ct);
        if (model is null)
        {
            return NotFound();
        }
        if (draft is not null && model.CanRecord && await RestoreDraftAsync(draft, ct) is { } restored)
        {
            restored.Draft = draft;
            return View(model with { Form = restored, DraftRestored = true });
        }
        if (from == "last" && model.CanRecord && model.Previous is { } previous)
        {
            // "Start from last cycle's text": last cycle's answers in this cycle's form, saved only when the head saves.
            // Last cycle's words, but not its measured value: the value is this cycle's to give (or the one saved already).
            var form = RecordProgressForm.From(previous.Saved.Entry with { MeasuredValue = model.Current?.Entry.MeasuredValue }, model.Current?.Version);
            return View(model with { Form = form, StartedFromLast = true });
        }
        return View(model);
    }

    [HttpPost("{urn:int}/criteria/{criterionId:int}")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    [EvidenceRequestLimit]
    public async Task<IActionResult> Record(TrustBrand trust, int urn, int criterionId, [Bind(Prefix = "Form")] RecordProgressForm form,
        [FromForm(Name = ProgressEvidenceController.EvidenceFileField)] IFormFile? evidenceFile, [FromForm] string? then, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await OpenSchoolAsync(trust, urn, SchoolProgressRight.Record, ct) is { } refused)
        {
            return refused;
        }
        EvidenceUpload? upload = null;
        if (evidenceFile is { Length: > 0 } || !string.IsNullOrEmpty(evidenceFile?.FileName))
        {
            (upload, var problem) = await EvidenceFiles.CheckAsync(evidenceFile!, EvidenceFiles.MaxBytes(configuration), ct);
            if (problem is not null)
            {
                ModelState.AddModelError(ProgressEvidenceController.EvidenceFileField, problem + ". Your entry has not been saved yet: choose a file again, or clear the file, and save");
            }
        }
        var outcome = ModelState.IsValid
            ? await recorder.RecordAsync(Trust.Id, new CriterionSubject(CurrentSchool.Id, criterionId), form, upload, User.UserId()!, User.DisplayName(), ct)
            : RecordingOutcomes.NotValid(ModelState, form);
        if (outcome.Result is Recorded.Saved or Recorded.AlreadySaved)
        {
            if (outcome.Result == Recorded.Saved)
            {
                LogRecorded(logger, criterionId, CurrentSchool.Id);
            }
            return await SavedAsync(criterionId, outcome, then == Continue, ct);
        }
        if (outcome.Result == Recorded.NotFound)
        {
            return NotFound();
        }
        var model = await pages.CriterionAsync(Trust, CurrentSchool, canEdit: true, criterionId, ct);
        return model is null ? NotFound() : View("Criterion", RecordingOutcomes.Show(ModelState, outcome, model, form));
    }

    /// After a save: back to the school's page, or on to the next criterion ("Save and continue"), or, after the
    /// last one, to the check page.
    private async Task<IActionResult> SavedAsync(int criterionId, RecordOutcome outcome, bool next, CancellationToken ct)
    {
        var text = outcome.Title ?? await Reader.CriterionTextAsync(criterionId, ct);
        TempData["Success"] = outcome.FileName is null
            ? $"Progress saved: {Shorten(text)}"
            : $"Progress saved and {outcome.FileName} added: {Shorten(text)}";
        if (!next)
        {
            return Redirect(SchoolUrl);
        }
        var following = await pages.NextCriterionAsync(Trust.Id, criterionId, ct);
        return Redirect(following is { } id ? $"{SchoolUrl}/criteria/{id}" : $"{SchoolUrl}/check");
    }

    private async Task<RecordProgressForm?> RestoreDraftAsync(string token, CancellationToken ct)
    {
        var userId = User.UserId();
        var path = Request.Path.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var fields = await Db.SavedDrafts.AsNoTracking()
            .Where(d => d.Token == token && d.UserId == userId && d.Path == path)
            .Select(d => new { d.Fields, d.ExpiresUtc })
            .SingleOrDefaultAsync(ct);
        if (fields is null || fields.ExpiresUtc < now)
        {
            return null;
        }
        return RecordProgressForm.FromDraft(JsonSerializer.Deserialize<Dictionary<string, string>>(fields.Fields) ?? []);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Progress recorded against criterion {CriterionId} for school {SchoolId}")]
    private static partial void LogRecorded(ILogger logger, int criterionId, int schoolId);
}
