using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.Board;

/// The trustees' view of the trust development plan: dashboard and drill-downs (the pack is under /board/packs, the
/// meetings under /board/meetings).
/// Trustees and trust administrators of the trust only (the front door checks the trust); everyone else gets 403.
[TrustMembersOnly]
[Authorize(Policy = Policies.ReviewPlan)]
[Route("{trustSlug:trust}/board")]
public sealed class BoardController(BoardData data) : Controller
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

    // The pack before the rebuild (ADR 0160) lived here; its addresses, bookmarked or in old e-mails, move permanently
    // to the one pack: the print page and its files under /board/packs, and the board's meetings for the sign-off.
    [HttpGet("pack")]
    public IActionResult Pack(TrustBrand trust) => MovedTo(trust, "board/packs/current");

    [HttpGet("pack.docx")]
    public IActionResult PackDocx(TrustBrand trust) => MovedTo(trust, "board/packs/current.docx");

    [HttpGet("progress.xlsx")]
    public IActionResult ProgressXlsx(TrustBrand trust) => MovedTo(trust, "board/packs/current.xlsx");

    [HttpGet("progress.csv")]
    public IActionResult ProgressCsv(TrustBrand trust) => MovedTo(trust, "board/packs/current.csv");

    /// The single trustee's sign-off became the board's meetings and decisions; earlier sign-offs are listed there.
    [HttpGet("sign-off")]
    public IActionResult SignOff(TrustBrand trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        return RedirectPermanent($"/{trust.Slug}/board/meetings");
    }

    /// The same filters (cycle, theme, phase) carry over: the new pages read them by the same names.
    private RedirectResult MovedTo(TrustBrand trust, string path)
    {
        ArgumentNullException.ThrowIfNull(trust);
        return RedirectPermanent($"/{trust.Slug}/{path}{Request.QueryString}");
    }

    /// The board's data for the filters asked for, shown by <paramref name="page"/>; a trust without a plan gets the
    /// "no plan yet" page, and filters that were not recognised are named in the problems shown above the page.
    private async Task<IActionResult> OnBoardAsync(TrustBrand trust, BoardFilterText filters, Func<BoardSnapshot, IReadOnlyList<string>, Task<IActionResult>> page,
        CancellationToken ct)
    {
        var (cycleId, themeId, phase, problems) = filters.Read();
        var board = await data.LoadAsync(trust, cycleId, themeId, phase, ct);
        if (board is null)
        {
            return View("NoPlan", new NoPlanViewModel(trust));
        }
        return await page(board, [.. problems, .. filters.Unmatched(board, cycleId, themeId)]);
    }

    private Task<IActionResult> OnBoardAsync(TrustBrand trust, BoardFilterText filters, Func<BoardSnapshot, IReadOnlyList<string>, IActionResult> page, CancellationToken ct) =>
        OnBoardAsync(trust, filters, (board, problems) => Task.FromResult(page(board, problems)), ct);
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
