using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Features.Progress;

namespace TrustPortal.Web.Features.Board;

/// The trustees' view of the trust development plan: dashboard, drill-downs, board pack, exports and sign-off.
/// Trustees and trust administrators of the trust only; everyone else gets 403.
[Authorize(Policy = Policies.ReviewPlan)]
[Route("{trustSlug:trust}/board")]
public sealed class BoardController(TrustPortalDbContext db, BoardData data, BoardExports exports, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string trustSlug, string? cycle, string? theme, string? phase, CancellationToken ct)
    {
        var (result, snapshot, problems) = await LoadAsync(trustSlug, cycle, theme, phase, ct);
        return result ?? View(new DashboardViewModel(snapshot!, problems));
    }

    /// Every off-track and at-risk criterion of the cycle (the dashboard lists the first few), a page at a time.
    [HttpGet("exceptions")]
    public async Task<IActionResult> Exceptions(string trustSlug, string? cycle, string? theme, string? phase, string? page, CancellationToken ct)
    {
        var (result, snapshot, problems) = await LoadAsync(trustSlug, cycle, theme, phase, ct);
        if (result is not null)
        {
            return result;
        }
        var all = snapshot!.Exceptions;
        var pages = Math.Max(1, (all.Count + ExceptionsViewModel.PageSize - 1) / ExceptionsViewModel.PageSize);
        var number = 1;
        if (!string.IsNullOrWhiteSpace(page) && (!int.TryParse(page, out number) || number < 1 || number > pages))
        {
            problems = [.. problems, $"There is no page {page} of this list, so the first page is shown."];
            number = 1;
        }
        var rows = all.Skip((number - 1) * ExceptionsViewModel.PageSize).Take(ExceptionsViewModel.PageSize).ToList();
        return View(new ExceptionsViewModel(snapshot, problems, rows, all.Count, number, pages));
    }

    [HttpGet("schools/{urn:int}")]
    public async Task<IActionResult> School(string trustSlug, int urn, string? cycle, CancellationToken ct)
    {
        var (result, snapshot, _) = await LoadAsync(trustSlug, cycle, null, null, ct);
        if (result is not null)
        {
            return result;
        }
        var school = snapshot!.AllSchools.FirstOrDefault(s => s.Urn == urn);
        return school is null ? NotFound() : View(new SchoolDrillViewModel(snapshot, school));
    }

    [HttpGet("aims/{number:int}")]
    public async Task<IActionResult> Aim(string trustSlug, int number, string? cycle, string? phase, CancellationToken ct)
    {
        var (result, snapshot, problems) = await LoadAsync(trustSlug, cycle, null, phase, ct);
        if (result is not null)
        {
            return result;
        }
        var aim = snapshot!.AllAims.FirstOrDefault(a => a.Number == number);
        return aim is null ? NotFound() : View(new AimDrillViewModel(snapshot, aim, problems));
    }

    [HttpGet("schools/{urn:int}/criteria/{criterionId:int}")]
    public async Task<IActionResult> Criterion(string trustSlug, int urn, int criterionId, CancellationToken ct)
    {
        var trust = await db.Trusts.FindBrandAsync(trustSlug, ct);
        if (trust is null)
        {
            return NotFound();
        }
        if (User.TrustId() != trust.Id)
        {
            return Forbid();
        }
        var plan = await data.CurrentPlanAsync(trust.Id, ct);
        var school = await db.Schools.AsNoTracking().Where(s => s.TrustId == trust.Id && s.Urn == urn)
            .Select(s => new SchoolInfo(s.Id, s.Urn, s.Name, s.Phase)).SingleOrDefaultAsync(ct);
        if (plan is null || school is null)
        {
            return NotFound();
        }
        var criterion = await (from c in db.SuccessCriteria.AsNoTracking()
                               join a in db.StrategicAims on c.StrategicAimId equals a.Id
                               join t in db.PlanThemes on a.PlanThemeId equals t.Id
                               where c.Id == criterionId && t.StrategicPlanId == plan.Id
                               select new CriterionHeading(c.Id, c.Text, c.MeasurableTarget, a.Number, a.Title)).SingleOrDefaultAsync(ct);
        if (criterion is null)
        {
            return NotFound();
        }
        var cycles = await db.ReviewCycles.AsNoTracking().Where(c => c.StrategicPlanId == plan.Id).OrderBy(c => c.OpensOn)
            .Select(c => new CycleInfo(c.Id, c.Name, c.OpensOn, c.ClosesOn, c.State)).ToListAsync(ct);
        var updates = await db.ProgressUpdates.AsNoTracking()
            .Where(u => u.SchoolId == school.Id && u.SuccessCriterionId == criterion.Id)
            .Select(u => new CriterionHistoryRow(u.Id, u.ReviewCycleId, u.Status, u.Confidence, u.WhatWasDone, u.Impact, u.Evidence, u.NextSteps,
                u.Owner, u.DueOn, u.UpdatedBy, u.UpdatedAt,
                u.Revisions.OrderByDescending(r => r.ChangedAt).ThenByDescending(r => r.Id)
                    .Select(r => new RevisionRow(r.Status, r.ChangedBy, r.ChangedAt, r.WhatWasDone, r.Evidence)).ToList()))
            .AsSplitQuery()
            .ToListAsync(ct);
        var challenges = await db.Challenges.AsNoTracking()
            .Where(c => c.TrustId == trust.Id && c.SchoolId == school.Id && c.ProgressUpdateId != null
                && updates.Select(u => u.Id).Contains(c.ProgressUpdateId.Value))
            .OrderByDescending(c => c.RaisedAt)
            .Select(c => new ChallengeRow(c.Id, c.SchoolId, null, null, c.Question, c.RaisedByName, c.RaisedAt, c.Status, c.Messages.Count))
            .ToListAsync(ct);
        // The files the head attached, as on the school's own page (trustees may open them: ProgressController.Download).
        var updateIds = updates.Select(u => u.Id).ToList();
        var files = await db.EvidenceFiles.AsNoTracking().Where(f => updateIds.Contains(f.ProgressUpdateId)).OrderBy(f => f.Id)
            .Select(f => new BoardEvidenceFile(f.ProgressUpdateId, new EvidenceFileRow(f.Id, f.OriginalName, f.Size, f.UploadedBy, f.UploadedAt)))
            .ToListAsync(ct);
        return View(new CriterionHistoryViewModel(trust, school, criterion, cycles, updates, challenges) { Files = files });
    }

    [HttpGet("pack")]
    public async Task<IActionResult> Pack(string trustSlug, string? cycle, string? theme, string? phase, CancellationToken ct)
    {
        var (result, snapshot, problems) = await LoadPackAsync(trustSlug, cycle, theme, phase, ct);
        return result ?? View(new DashboardViewModel(snapshot!, problems));
    }

    [HttpGet("pack.docx")]
    public async Task<IActionResult> PackDocx(string trustSlug, string? cycle, string? theme, string? phase, CancellationToken ct)
    {
        var (result, snapshot, _) = await LoadPackAsync(trustSlug, cycle, theme, phase, ct);
        if (result is not null)
        {
            return result;
        }
        var bytes = exports.BoardPackDocx(snapshot!);
        return File(bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", exports.FileName(snapshot!, "board-pack", "docx"));
    }

    [HttpGet("progress.xlsx")]
    public async Task<IActionResult> ProgressXlsx(string trustSlug, string? cycle, CancellationToken ct)
    {
        var (result, snapshot, _) = await LoadAsync(trustSlug, cycle, null, null, ct);
        if (result is not null)
        {
            return result;
        }
        var rows = await exports.RowsAsync(snapshot!, ct);
        return File(BoardExports.Xlsx(rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.FileName(snapshot!, "progress", "xlsx"));
    }

    [HttpGet("progress.csv")]
    public async Task<IActionResult> ProgressCsv(string trustSlug, string? cycle, CancellationToken ct)
    {
        var (result, snapshot, _) = await LoadAsync(trustSlug, cycle, null, null, ct);
        if (result is not null)
        {
            return result;
        }
        var rows = await exports.RowsAsync(snapshot!, ct);
        await HttpContext.RequestServices.GetRequiredService<Data.Audit.AuditTrail>().RecordExportAsync("ProgressCsv", trustSlug, User.TrustId(), ct);
        return File(BoardExports.Csv(rows), "text/csv; charset=utf-8", exports.FileName(snapshot!, "progress", "csv"));
    }

    [HttpGet("sign-off")]
    public async Task<IActionResult> SignOff(string trustSlug, CancellationToken ct)
    {
        var (result, snapshot, _) = await LoadAsync(trustSlug, null, null, null, ct);
        if (result is not null)
        {
            return result;
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var form = new RecordSignOffForm { Day = today.Day.ToString(System.Globalization.CultureInfo.InvariantCulture), Month = today.Month.ToString(System.Globalization.CultureInfo.InvariantCulture), Year = today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), CycleId = snapshot!.Cycle?.Id };
        return View(new SignOffViewModel(snapshot, form));
    }

    [HttpPost("sign-off")]
    public async Task<IActionResult> SignOff(string trustSlug, [Bind(Prefix = "Form")] RecordSignOffForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (result, snapshot, _) = await LoadAsync(trustSlug, null, null, null, ct);
        if (result is not null)
        {
            return result;
        }
        var meeting = form.MeetingDate();
        if (meeting is null)
        {
            ModelState.AddModelError("Form.Day", "Enter the meeting date as a real date, for example 22 11 2026.");
        }
        if (form.CycleId is { } id && snapshot!.Cycles.All(c => c.Id != id))
        {
            ModelState.AddModelError("Form.CycleId", "Choose one of the plan's review cycles.");
        }
        if (ModelState.IsValid)
        {
            try
            {
                db.BoardSignOffs.Add(new BoardSignOff(snapshot!.Trust.Id, snapshot.Plan.Id, form.CycleId, meeting!.Value, form.MinuteReference!,
                    form.Comment, User.UserId()!, User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity!.Name!, clock.GetUtcNow()));
                await db.SaveChangesAsync(ct);
                TempData["Success"] = $"Sign-off recorded for the meeting on {meeting.Value.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))}.";
                return Redirect($"/{trustSlug}/board#plan-history");
            }
            catch (DomainRuleException e)
            {
                ModelState.AddModelError(e.Field switch { nameof(BoardSignOff.MinuteReference) => "Form.MinuteReference", nameof(BoardSignOff.Comment) => "Form.Comment", _ => "Form.Day" }, e.Message);
            }
        }
        return View(new SignOffViewModel(snapshot!, form));
    }

    private async Task<(IActionResult? Result, BoardSnapshot? Snapshot, IReadOnlyList<string> Problems)> LoadPackAsync(string trustSlug, string? cycle, string? theme, string? phase, CancellationToken ct)
    {
        // "Changes since the last pack": compare with the cycle the board last signed off, else the previous cycle.
        var trustId = await db.Trusts.Where(t => t.Slug == trustSlug).Select(t => (int?)t.Id).SingleOrDefaultAsync(ct);
        var baseline = trustId is null ? null : await db.BoardSignOffs.AsNoTracking().Where(s => s.TrustId == trustId && s.ReviewCycleId != null)
            .OrderByDescending(s => s.MeetingDate).ThenByDescending(s => s.Id).Select(s => s.ReviewCycleId).FirstOrDefaultAsync(ct);
        return await LoadAsync(trustSlug, cycle, theme, phase, ct, baseline);
    }

    private async Task<(IActionResult? Result, BoardSnapshot? Snapshot, IReadOnlyList<string> Problems)> LoadAsync(
        string trustSlug, string? cycle, string? theme, string? phase, CancellationToken ct, int? baseline = null)
    {
        var trust = await db.Trusts.FindBrandAsync(trustSlug, ct);
        if (trust is null)
        {
            return (NotFound(), null, []);
        }
        if (User.TrustId() != trust.Id)
        {
            return (Forbid(), null, []);
        }
        var problems = new List<string>();
        int? cycleId = ParseId(cycle, "cycle", problems);
        int? themeId = ParseId(theme, "theme", problems);
        Phase? phaseValue = null;
        if (!string.IsNullOrWhiteSpace(phase))
        {
            if (Enum.TryParse<Phase>(phase, ignoreCase: true, out var p) && Enum.IsDefined(p) && !int.TryParse(phase, out _))
            {
                phaseValue = p;
            }
            else
            {
                problems.Add("The phase chosen was not recognised, so schools of every phase are shown.");
            }
        }
        var snapshot = await data.LoadAsync(trust, cycleId, themeId, phaseValue, ct, baseline);
        if (snapshot is null)
        {
            return (View("NoPlan", new NoPlanViewModel(trust)), null, problems);
        }
        if (cycleId is not null && snapshot.Cycle?.Id != cycleId)
        {
            problems.Add("The cycle chosen is not one of this plan's review cycles, so the latest cycle is shown.");
        }
        if (themeId is not null && snapshot.Filters.ThemeId is null)
        {
            problems.Add("The theme chosen is not one of this plan's themes, so every theme is shown.");
        }
        return (null, snapshot, problems);
    }

    private static int? ParseId(string? text, string what, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }
        problems.Add($"The {what} chosen was not recognised, so {(what == "cycle" ? "the latest cycle is" : "every theme is")} shown.");
        return null;
    }
}

public sealed record NoPlanViewModel(TrustBrand Trust) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;
}

public sealed record ExceptionsViewModel(BoardSnapshot Board, IReadOnlyList<string> Problems, IReadOnlyList<ExceptionRow> Rows,
    int Total, int Page, int Pages) : ITrustPage
{
    public const int PageSize = 100;
    public TrustBrand Trust => Board.Trust;
    public TrustSection Section => TrustSection.Board;
}

public sealed record DashboardViewModel(BoardSnapshot Board, IReadOnlyList<string> Problems) : ITrustPage
{
    /// Off-track and at-risk criteria listed on the dashboard itself; the rest are one link away (and all in the pack).
    public const int ExceptionLimit = 25;

    public TrustBrand Trust => Board.Trust;
    public TrustSection Section => TrustSection.Board;
}

public sealed record SchoolDrillViewModel(BoardSnapshot Board, SchoolInfo School) : ITrustPage
{
    public TrustBrand Trust => Board.Trust;
    public TrustSection Section => TrustSection.Board;
}

public sealed record AimDrillViewModel(BoardSnapshot Board, AimInfo Aim, IReadOnlyList<string> Problems) : ITrustPage
{
    public TrustBrand Trust => Board.Trust;
    public TrustSection Section => TrustSection.Board;
}

public sealed record CriterionHeading(int Id, string Text, string? MeasurableTarget, int AimNumber, string AimTitle);

public sealed record RevisionRow(ProgressStatus Status, string ChangedBy, DateTimeOffset ChangedAt, string? WhatWasDone, string? Evidence);

public sealed record CriterionHistoryRow(int Id, int CycleId, ProgressStatus Status, Confidence? Confidence, string? WhatWasDone, string? Impact,
    string? Evidence, string? NextSteps, string? Owner, DateOnly? DueOn, string UpdatedBy, DateTimeOffset UpdatedAt, List<RevisionRow> Revisions);

public sealed record CriterionHistoryViewModel(TrustBrand Trust, SchoolInfo School, CriterionHeading Criterion, IReadOnlyList<CycleInfo> Cycles,
    IReadOnlyList<CriterionHistoryRow> Updates, IReadOnlyList<ChallengeRow> Challenges) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;

    /// Evidence files of the school's updates shown, each with the update it belongs to.
    public IReadOnlyList<BoardEvidenceFile> Files { get; init; } = [];

    public string FileUrl(int fileId) => $"/{Trust.Slug}/progress/{School.Urn}/files/{fileId}";
}

public sealed record BoardEvidenceFile(int UpdateId, EvidenceFileRow File);

public sealed record SignOffViewModel(BoardSnapshot Board, RecordSignOffForm Form) : ITrustPage
{
    public TrustBrand Trust => Board.Trust;
    public TrustSection Section => TrustSection.Board;
}

public sealed class RecordSignOffForm
{
    [Required(ErrorMessage = "Enter the day of the meeting.")]
    [StringLength(2, ErrorMessage = "Enter the day as a number.")]
    public string? Day { get; set; }

    [Required(ErrorMessage = "Enter the month of the meeting.")]
    [StringLength(2, ErrorMessage = "Enter the month as a number.")]
    public string? Month { get; set; }

    [Required(ErrorMessage = "Enter the year of the meeting.")]
    [StringLength(4, ErrorMessage = "Enter the year as four digits.")]
    public string? Year { get; set; }

    [Required(ErrorMessage = "Enter the minute reference.")]
    [StringLength(BoardSignOff.MinuteReferenceLimit, ErrorMessage = "The minute reference must be 50 characters or fewer.")]
    public string? MinuteReference { get; set; }

    [StringLength(BoardSignOff.CommentLimit, ErrorMessage = "The comment must be 4000 characters or fewer.")]
    public string? Comment { get; set; }

    public int? CycleId { get; set; }

    public DateOnly? MeetingDate()
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        return int.TryParse(Day, System.Globalization.NumberStyles.None, ci, out var d)
            && int.TryParse(Month, System.Globalization.NumberStyles.None, ci, out var m)
            && int.TryParse(Year, System.Globalization.NumberStyles.None, ci, out var y)
            && y is >= 2000 and <= 2100 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m)
            ? new DateOnly(y, m, d) : null;
    }
}
