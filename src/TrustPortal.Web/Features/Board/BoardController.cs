using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Audit;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Board;

/// The trustees' view of the trust development plan: dashboard, drill-downs, board pack, exports and sign-off.
/// Trustees and trust administrators of the trust only (the front door checks the trust); everyone else gets 403.
[TrustMembersOnly]
[Authorize(Policy = Policies.ReviewPlan)]
[Route("{trustSlug:trust}/board")]
public sealed class BoardController(TrustPortalDbContext db, BoardData data, BoardExports exports, FormWrites writes, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public Task<IActionResult> Index(TrustBrand trust, string? cycle, string? theme, string? phase, CancellationToken ct) =>
        OnBoardAsync(trust, new(cycle, theme, phase), (board, problems) => View(new DashboardViewModel(board, problems)), ct);

    /// Every off-track and at-risk criterion of the cycle (the dashboard lists the first few), a page at a time.
    [HttpGet("exceptions")]
    public Task<IActionResult> Exceptions(TrustBrand trust, string? cycle, string? theme, string? phase, string? page, CancellationToken ct) =>
        OnBoardAsync(trust, new(cycle, theme, phase), (board, problems) => View(ExceptionsViewModel.Of(board, problems, page)), ct);

    [HttpGet("schools/{urn:int}")]
    public Task<IActionResult> School(TrustBrand trust, int urn, string? cycle, CancellationToken ct) =>
        OnBoardAsync(trust, new(cycle, null, null), (board, _) => board.AllSchools.FirstOrDefault(s => s.Urn == urn) is { } school
            ? View(new SchoolDrillViewModel(board, school)) : NotFound(), ct);

    [HttpGet("aims/{number:int}")]
    public Task<IActionResult> Aim(TrustBrand trust, int number, string? cycle, string? phase, CancellationToken ct) =>
        OnBoardAsync(trust, new(cycle, null, phase), (board, problems) => board.AllAims.FirstOrDefault(a => a.Number == number) is { } aim
            ? View(new AimDrillViewModel(board, aim, problems)) : NotFound(), ct);

    [HttpGet("schools/{urn:int}/criteria/{criterionId:int}")]
    public async Task<IActionResult> Criterion(TrustBrand trust, int urn, int criterionId, CancellationToken ct) =>
        await data.CriterionHistoryAsync(trust, urn, criterionId, ct) is { } model ? View(model) : NotFound();

    [HttpGet("pack")]
    public Task<IActionResult> Pack(TrustBrand trust, string? cycle, string? theme, string? phase, CancellationToken ct) =>
        OnPackAsync(trust, new(cycle, theme, phase), (board, problems) => View(new DashboardViewModel(board, problems)), ct);

    [HttpGet("pack.docx")]
    public Task<IActionResult> PackDocx(TrustBrand trust, string? cycle, string? theme, string? phase, CancellationToken ct) =>
        OnPackAsync(trust, new(cycle, theme, phase), (board, _) => File(exports.BoardPackDocx(board),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", exports.FileName(board, "board-pack", "docx")), ct);

    [HttpGet("progress.xlsx")]
    public Task<IActionResult> ProgressXlsx(TrustBrand trust, string? cycle, CancellationToken ct) =>
        OnBoardAsync(trust, new(cycle, null, null), async (board, _) => File(BoardExports.Xlsx(await exports.RowsAsync(board, ct)),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.FileName(board, "progress", "xlsx")), ct);

    [HttpGet("progress.csv")]
    public Task<IActionResult> ProgressCsv(TrustBrand trust, string? cycle, CancellationToken ct) =>
        OnBoardAsync(trust, new(cycle, null, null), async (board, _) =>
        {
            var rows = await exports.RowsAsync(board, ct);
            await HttpContext.RequestServices.GetRequiredService<AuditTrail>().RecordExportAsync("ProgressCsv", trust.Slug, User.TrustId(), ct);
            return File(BoardExports.Csv(rows), "text/csv; charset=utf-8", exports.FileName(board, "progress", "csv"));
        }, ct);

    [HttpGet("sign-off")]
    public Task<IActionResult> SignOff(TrustBrand trust, CancellationToken ct) =>
        OnBoardAsync(trust, new(null, null, null), (board, _) => View(new SignOffViewModel(board, new RecordSignOffForm
        {
            MeetingDate = DateParts.From(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)),
            CycleId = board.Cycle?.Id,
        })), ct);

    [HttpPost("sign-off")]
    public Task<IActionResult> SignOff(TrustBrand trust, [Bind(Prefix = "Form")] RecordSignOffForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        DateOnly? meeting = null;
        return writes.RunAsync(this, new FormWrite<BoardSnapshot>
        {
            Load = c => data.LoadAsync(trust, null, null, null, c),
            Check = (board, _) =>
            {
                meeting = form.MeetingDate.Read(ModelState, "Form.MeetingDate", "The meeting date", required: true);
                if (form.CycleId is { } id && board.Cycles.All(c => c.Id != id))
                {
                    ModelState.AddModelError("Form.CycleId", "Choose one of the plan's review cycles.");
                }
                return Task.CompletedTask;
            },
            Change = (board, _) =>
            {
                db.BoardSignOffs.Add(new BoardSignOff(board.Trust.Id, board.Plan.Id, form.CycleId, meeting!.Value, form.MinuteReference!,
                    form.Comment, User.UserId()!, User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity!.Name!, clock.GetUtcNow()));
                return FormWrites.Done($"Sign-off recorded for the meeting on {meeting.Value.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))}.");
            },
            FieldOf = field => field switch { nameof(BoardSignOff.MinuteReference) => "Form.MinuteReference", nameof(BoardSignOff.Comment) => "Form.Comment", _ => "Form.MeetingDate" },
            Done = _ => $"/{trust.Slug}/board#plan-history",
            Form = (board, _) => View(new SignOffViewModel(board, form)),
        }, ct);
    }

    /// The board's data for the filters asked for, shown by <paramref name="page"/>; a trust without a plan gets the
    /// "no plan yet" page, and filters that were not recognised are named in the problems shown above the page.
    private async Task<IActionResult> OnBoardAsync(TrustBrand trust, BoardFilterText filters, Func<BoardSnapshot, IReadOnlyList<string>, Task<IActionResult>> page,
        CancellationToken ct, int? baseline = null)
    {
        var (cycleId, themeId, phase, problems) = filters.Read();
        var board = await data.LoadAsync(trust, cycleId, themeId, phase, ct, baseline);
        if (board is null)
        {
            return View("NoPlan", new NoPlanViewModel(trust));
        }
        return await page(board, [.. problems, .. filters.Unmatched(board, cycleId, themeId)]);
    }

    private Task<IActionResult> OnBoardAsync(TrustBrand trust, BoardFilterText filters, Func<BoardSnapshot, IReadOnlyList<string>, IActionResult> page, CancellationToken ct) =>
        OnBoardAsync(trust, filters, (board, problems) => Task.FromResult(page(board, problems)), ct);

    /// The pack's "changes since the last pack" compare with the cycle the board last signed off, else the previous cycle.
    private async Task<IActionResult> OnPackAsync(TrustBrand trust, BoardFilterText filters, Func<BoardSnapshot, IReadOnlyList<string>, IActionResult> page, CancellationToken ct)
    {
        var baseline = await db.BoardSignOffs.AsNoTracking().Where(s => s.TrustId == trust.Id && s.ReviewCycleId != null)
            .OrderByDescending(s => s.MeetingDate).ThenByDescending(s => s.Id).Select(s => s.ReviewCycleId).FirstOrDefaultAsync(ct);
        return await OnBoardAsync(trust, filters, (board, problems) => Task.FromResult(page(board, problems)), ct, baseline);
    }
}

/// The board's filters as they came in the address, read into ids with a plain problem for each one not recognised.
public sealed record BoardFilterText(string? Cycle, string? Theme, string? Phase)
{
    public (int? CycleId, int? ThemeId, Phase? Phase, List<string> Problems) Read()
    {
        var problems = new List<string>();
        var cycleId = ParseId(Cycle, "The cycle chosen was not recognised, so the latest cycle is shown.", problems);
        var themeId = ParseId(Theme, "The theme chosen was not recognised, so every theme is shown.", problems);
        Phase? phase = null;
        if (!string.IsNullOrWhiteSpace(Phase))
        {
            if (Enum.TryParse<Phase>(Phase, ignoreCase: true, out var p) && Enum.IsDefined(p) && !int.TryParse(Phase, out _))
            {
                phase = p;
            }
            else
            {
                problems.Add("The phase chosen was not recognised, so schools of every phase are shown.");
            }
        }
        return (cycleId, themeId, phase, problems);
    }

    public IEnumerable<string> Unmatched(BoardSnapshot board, int? cycleId, int? themeId)
    {
        ArgumentNullException.ThrowIfNull(board);
        if (cycleId is not null && board.Cycle?.Id != cycleId)
        {
            yield return "The cycle chosen is not one of this plan's review cycles, so the latest cycle is shown.";
        }
        if (themeId is not null && board.Filters.ThemeId is null)
        {
            yield return "The theme chosen is not one of this plan's themes, so every theme is shown.";
        }
    }

    private static int? ParseId(string? text, string problem, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }
        problems.Add(problem);
        return null;
    }
}
