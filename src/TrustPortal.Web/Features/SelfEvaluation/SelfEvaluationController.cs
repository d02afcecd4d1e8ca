using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Features.Progress;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.SelfEvaluation;

/// Schools' self-evaluation against Ofsted's report-card areas (ADR 0165): a head drafts and submits their school's,
/// the trust's administrators moderate it area by area, and the trust's leaders read the grid of every school.
/// Heads see only their own schools (SchoolOperations.Discuss), staff none.
[TrustMembersOnly]
[Authorize(Policy = Policies.ReadSelfEvaluation)]
[Route("{trustSlug:trust}/self-evaluation")]
public sealed class SelfEvaluationController(
    TrustPortalDbContext db,
    SelfEvaluationReader reader,
    ProgressReader progress,
    FormWrites writes,
    IAuthorizationService authz,
    EvidenceAttachments evidence,
    TimeProvider clock) : Controller
{
    public const string EvidenceFileField = "EvidenceFile";

    [HttpGet("")]
    public async Task<IActionResult> Index(TrustBrand trust, [FromQuery] GridFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(filter);
        var isLeader = await MayAsync(trust.AsResource(), TrustOperations.Lead);
        var cycles = await progress.CyclesAsync(trust.Id, ct);
        var cycle = SelfEvaluationReader.Choose(cycles, filter.Cycle);
        var schools = isLeader ? await reader.SchoolsAsync(trust.Id, ct) : await reader.SchoolsOfAsync(trust.Id, User.UserId()!, ct);
        var evaluations = cycle is null ? [] : await reader.EvaluationsAsync(trust.Id, cycle.Id, ct);
        var reportCards = isLeader ? await reader.LatestReportCardsAsync(trust.Id, ct) : [];
        return View(new SelfEvaluationIndexViewModel(trust, isLeader, cycles, cycle, schools, evaluations, reportCards, filter));
    }

    /// The administrator's menu item: their own trust's grid.
    [HttpGet("~/admin/self-evaluation")]
    [Authorize(Policy = Policies.ModerateSelfEvaluation)]
    public async Task<IActionResult> Admin(CancellationToken ct)
    {
        var trustId = User.TrustId();
        var slug = await db.Trusts.AsNoTracking().Where(t => t.Id == trustId).Select(t => t.Slug).SingleOrDefaultAsync(ct);
        return slug is null ? NotFound() : Redirect($"/{slug}/self-evaluation");
    }

    [HttpGet("{urn:int}")]
    public Task<IActionResult> School(TrustBrand trust, int urn, int? cycle, CancellationToken ct) =>
        WithSchoolAsync(trust, urn, null, SchoolOperations.Discuss, async (school, _) =>
        {
            if (SelfEvaluationReader.Choose(await progress.CyclesAsync(trust.Id, ct), cycle) is not { } chosen)
            {
                return NotFound();
            }
            var evaluation = await reader.EvaluationAsync(school.Id, chosen.Id, ct);
            var form = new SubmitSelfEvaluationForm { Version = evaluation?.Version ?? Guid.Empty, Safeguarding = Answer(evaluation?.SafeguardingMet) };
            return View(SchoolModel(trust, school, chosen, evaluation, form, await SettingAsync(trust, school, ct)));
        }, ct);

    [HttpGet("{urn:int}/{area}")]
    public Task<IActionResult> Area(TrustBrand trust, int urn, string area, int? cycle, CancellationToken ct) =>
        WithSchoolAsync(trust, urn, area, SchoolOperations.Discuss, async (school, which) =>
        {
            if (SelfEvaluationReader.Choose(await progress.CyclesAsync(trust.Id, ct), cycle) is not { } chosen)
            {
                return NotFound();
            }
            var evaluation = await reader.EvaluationAsync(school.Id, chosen.Id, ct);
            var line = evaluation?.For(which);
            var form = new JudgeAreaForm
            {
                Grade = line?.SchoolGrade, Reasons = line?.SchoolReasons, Evidence = line?.Evidence, WhatWouldMoveItUp = line?.WhatWouldMoveItUp,
                Version = evaluation?.Version ?? Guid.Empty,
            };
            var moderation = new ModerateAreaForm { Grade = line?.TrustGrade, Reasons = line?.TrustReasons, Version = evaluation?.Version ?? Guid.Empty };
            return View(AreaModel(trust, school, chosen, which, evaluation, form, moderation, await SettingAsync(trust, school, ct)));
        }, ct);

    [HttpPost("{urn:int}/{area}")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    [EvidenceRequestLimit]
    public Task<IActionResult> Judge(TrustBrand trust, int urn, string area, [Bind(Prefix = "Form")] JudgeAreaForm form, [FromForm(Name = EvidenceFileField)] IFormFile? evidenceFile, CancellationToken ct) =>
        WithSchoolAsync(trust, urn, area, SchoolOperations.UpdateProgress, async (school, which) =>
        {
            ArgumentNullException.ThrowIfNull(form);
            if (await OpenCycleAsync(trust, ct) is not { } cycle)
            {
                return NoOpenCycle(trust, urn, "changed");
            }
            var file = await evidence.CheckAsync(evidenceFile, ModelState, EvidenceFileField, ct);
            var setting = await SettingAsync(trust, school, ct);
            return await file.KeptIfSavedAsync(await writes.RunAsync(this, new FormWrite<SchoolSelfEvaluation>
            {
                Load = c => NewOrSavedAsync(school.Id, cycle.Id, form, c),
                Seen = form,
                Change = async (evaluation, c) =>
                {
                    evaluation.JudgeArea(school.Areas, which, new SchoolJudgement(form.Grade!.Value, form.Reasons, form.Evidence, form.WhatWouldMoveItUp), User.DisplayName(), clock.GetUtcNow());
                    if (file.Chosen)
                    {
                        evaluation.AddFile(school.Areas, which, await file.StoreAsync(User.DisplayName(), e => new SelfEvaluationFile(e.Key, e.Name, e.ContentType, e.Size, e.By, e.At), c));
                    }
                    return $"{InspectionAreas.Label(which)} saved";
                },
                FieldOf = JudgementField,
                Done = _ => $"/{trust.Slug}/self-evaluation/{urn}",
                Form = (evaluation, _) => View(nameof(Area), AreaModel(trust, school, cycle, which, evaluation, form, new ModerateAreaForm(), setting)),
            }, ct));
        }, ct);

    private static string JudgementField(string? field) => field switch
    {
        nameof(AreaJudgement.SchoolGrade) => "Form.Grade",
        nameof(AreaJudgement.SchoolReasons) => "Form.Reasons",
        nameof(AreaJudgement.Evidence) => "Form.Evidence",
        nameof(AreaJudgement.WhatWouldMoveItUp) => "Form.WhatWouldMoveItUp",
        _ => "",
    };

    [HttpPost("{urn:int}/submit")]
    [Authorize(Policy = Policies.UpdateSchoolProgress)]
    public Task<IActionResult> Submit(TrustBrand trust, int urn, [Bind(Prefix = "Form")] SubmitSelfEvaluationForm form, CancellationToken ct) =>
        WithSchoolAsync(trust, urn, null, SchoolOperations.UpdateProgress, async (school, _) =>
        {
            ArgumentNullException.ThrowIfNull(form);
            if (await OpenCycleAsync(trust, ct) is not { } cycle)
            {
                return NoOpenCycle(trust, urn, "submitted");
            }
            var setting = await SettingAsync(trust, school, ct);
            return await writes.RunAsync(this, new FormWrite<SchoolSelfEvaluation>
            {
                Load = c => NewOrSavedAsync(school.Id, cycle.Id, form, c),
                Seen = form,
                Change = (evaluation, _) =>
                {
                    evaluation.AnswerSafeguarding(form.Safeguarding == "Met");
                    evaluation.Submit(school.Areas, User.DisplayName(), clock.GetUtcNow());
                    return FormWrites.Done($"Self-evaluation for {cycle.Name} submitted. The trust can now moderate it");
                },
                FieldOf = field => field == nameof(SchoolSelfEvaluation.SafeguardingMet) ? "Form.Safeguarding" : "",
                Done = _ => $"/{trust.Slug}/self-evaluation/{urn}",
                Form = (evaluation, _) => View(nameof(School), SchoolModel(trust, school, cycle, evaluation, form, setting)),
            }, ct);
        }, ct);

    [HttpPost("{urn:int}/{area}/moderate")]
    [Authorize(Policy = Policies.ModerateSelfEvaluation)]
    public Task<IActionResult> Moderate(TrustBrand trust, int urn, string area, int? cycle, [Bind(Prefix = "Moderation")] ModerateAreaForm form, CancellationToken ct) =>
        WithSchoolAsync(trust, urn, area, null, async (school, which) =>
        {
            ArgumentNullException.ThrowIfNull(form);
            if (SelfEvaluationReader.Choose(await progress.CyclesAsync(trust.Id, ct), cycle) is not { } chosen)
            {
                return NotFound();
            }
            var setting = await SettingAsync(trust, school, ct);
            return await ModerateAsync(trust, school, which, chosen, form, setting, ct);
        }, ct);

    private Task<IActionResult> ModerateAsync(TrustBrand trust, EvaluatedSchool school, InspectionArea which, CycleRef chosen, ModerateAreaForm form, Setting setting, CancellationToken ct) =>
        writes.RunAsync(this, new FormWrite<SchoolSelfEvaluation>
        {
            Load = c => db.SelfEvaluations.Include(e => e.Areas).Include(e => e.Files).Include(e => e.Revisions).AsSplitQuery()
                .SingleOrDefaultAsync(e => e.SchoolId == school.Id && e.ReviewCycleId == chosen.Id, c),
            Seen = form,
            Change = (evaluation, _) =>
            {
                var line = evaluation.Moderate(which, form.Grade!.Value, form.Reasons!, User.DisplayName(), clock.GetUtcNow());
                return FormWrites.Done(line.Differs
                    ? $"The trust's judgement of {InspectionAreas.Label(which).ToLowerInvariant()} is recorded beside the school's: they differ"
                    : $"The trust's judgement of {InspectionAreas.Label(which).ToLowerInvariant()} is recorded: it agrees with the school's");
            },
            FieldOf = field => field switch
            {
                nameof(AreaJudgement.TrustGrade) => "Moderation.Grade",
                nameof(AreaJudgement.TrustReasons) => "Moderation.Reasons",
                _ => "",
            },
            VersionKey = "Moderation.Version",
            Done = _ => $"/{trust.Slug}/self-evaluation/{school.Urn}?cycle={chosen.Id}",
            Form = (evaluation, _) => View(nameof(Area), AreaModel(trust, school, chosen, which, evaluation, Saved(evaluation, which), form, setting)),
        }, ct);

    [HttpGet("{urn:int}/files/{fileId:int}")]
    public Task<IActionResult> Download(TrustBrand trust, int urn, int fileId, CancellationToken ct) =>
        WithSchoolAsync(trust, urn, null, SchoolOperations.Discuss, async (school, _) => await evidence.DownloadAsync(this,
            await db.SelfEvaluationFiles.AsNoTracking()
                .Where(f => f.Id == fileId && db.SelfEvaluations.Any(e => e.Id == f.SchoolSelfEvaluationId && e.SchoolId == school.Id))
                .Select(f => new EvidenceDownload(f.StoredKey, f.OriginalName, f.ContentType))
                .SingleOrDefaultAsync(ct), ct), ct);

    /// The school (and the area of it, when the page is about one), to <paramref name="next"/>, when the person may do
    /// <paramref name="operation"/> to it (null: the action's policy decides alone); otherwise 404 or 403.
    private async Task<IActionResult> WithSchoolAsync(TrustBrand trust, int urn, string? area, OperationAuthorizationRequirement? operation,
        Func<EvaluatedSchool, InspectionArea, Task<IActionResult>> next, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var school = await reader.SchoolAsync(trust.Id, urn, ct);
        var which = default(InspectionArea);
        if (school is null || (area is not null && (AreaSlugs.Parse(area) is not { } parsed || !school.Areas.Contains(which = parsed))))
        {
            return NotFound();
        }
        if (operation is not null && !await MayAsync(Resource(school), operation))
        {
            return Forbid();
        }
        return await next(school, which);
    }

    /// The trust's current cycle when it is open: self-evaluations change only then.
    private async Task<CycleRef?> OpenCycleAsync(TrustBrand trust, CancellationToken ct) =>
        ProgressReader.Current(await progress.CyclesAsync(trust.Id, ct)) is { IsOpen: true } cycle ? cycle : null;

    private RedirectResult NoOpenCycle(TrustBrand trust, int urn, string verb)
    {
        TempData["Problem"] = $"There is no open review cycle, so self-evaluations cannot be {verb} now";
        return Redirect($"/{trust.Slug}/self-evaluation/{urn}");
    }

    private async Task<bool> MayAsync(object resource, OperationAuthorizationRequirement operation) =>
        (await authz.AuthorizeAsync(User, resource, operation)).Succeeded;

    private static SchoolResource Resource(EvaluatedSchool school) => new(school.Id, school.TrustId);

    private static string? Answer(bool? met) => met switch { true => "Met", false => "NotMet", null => null };

    private static JudgeAreaForm Saved(SchoolSelfEvaluation evaluation, InspectionArea area) =>
        evaluation.For(area) is { } line
            ? new JudgeAreaForm { Grade = line.SchoolGrade, Reasons = line.SchoolReasons, Evidence = line.Evidence, WhatWouldMoveItUp = line.WhatWouldMoveItUp }
            : new JudgeAreaForm();

    /// The school's self-evaluation to change; a new one (with the version the empty form carried) when it has none.
    private async Task<SchoolSelfEvaluation?> NewOrSavedAsync(int schoolId, int cycleId, IVersionedForm form, CancellationToken ct)
    {
        var evaluation = await reader.ForWriteAsync(schoolId, cycleId, ct);
        if (db.Entry(evaluation).State == EntityState.Added && form.Version == Guid.Empty)
        {
            form.Version = evaluation.Version;
        }
        return evaluation;
    }

    /// What the person may do to the school's self-evaluation, and the latest inspection: read before any write so
    /// that the form can be shown again without another await.
    private async Task<Setting> SettingAsync(TrustBrand trust, EvaluatedSchool school, CancellationToken ct) => new(
        await MayAsync(Resource(school), SchoolOperations.UpdateProgress),
        await MayAsync(trust.AsResource(), TrustOperations.Manage),
        await reader.LatestReportCardAsync(school.Id, ct));

    private static SelfEvaluationSchoolViewModel SchoolModel(TrustBrand trust, EvaluatedSchool school, CycleRef cycle, SchoolSelfEvaluation? evaluation, SubmitSelfEvaluationForm form, Setting setting) =>
        new(trust, school, cycle, evaluation, setting.ReportCard,
            CanEdit: cycle.IsOpen && evaluation is not { State: SelfEvaluationState.Submitted } && setting.MayEdit,
            CanModerate: evaluation is { State: SelfEvaluationState.Submitted } && setting.MayModerate,
            form);

    private SelfEvaluationAreaViewModel AreaModel(TrustBrand trust, EvaluatedSchool school, CycleRef cycle, InspectionArea area, SchoolSelfEvaluation? evaluation, JudgeAreaForm form, ModerateAreaForm moderation, Setting setting) =>
        new(trust, school, cycle, area, evaluation,
            setting.ReportCard is { } card && card.Grades.TryGetValue(area, out var grade) ? grade : null,
            CanEdit: cycle.IsOpen && evaluation is not { State: SelfEvaluationState.Submitted } && setting.MayEdit,
            CanModerate: evaluation is { State: SelfEvaluationState.Submitted } && setting.MayModerate,
            form, moderation, evidence.MaxBytes);

    private sealed record Setting(bool MayEdit, bool MayModerate, LatestReportCard? ReportCard);
}
