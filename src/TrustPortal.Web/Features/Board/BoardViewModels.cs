using System.ComponentModel.DataAnnotations;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Features.Progress;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Board;

public sealed record NoPlanViewModel(TrustBrand Trust) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;
}

public sealed record ExceptionsViewModel(BoardSnapshot Board, IReadOnlyList<string> Problems, IReadOnlyList<ExceptionRow> Rows,
    int Total, int Page, int Pages) : ITrustPage
{
    public const int PageSize = 100;
    public TrustBrand Trust => Board.Trust;

    /// The page asked for of the exceptions; a page that does not exist shows the first, saying so.
    public static ExceptionsViewModel Of(BoardSnapshot board, IReadOnlyList<string> problems, string? page)
    {
        ArgumentNullException.ThrowIfNull(board);
        var all = board.Exceptions;
        var pages = Math.Max(1, (all.Count + PageSize - 1) / PageSize);
        var number = 1;
        if (!string.IsNullOrWhiteSpace(page) && (!int.TryParse(page, out number) || number < 1 || number > pages))
        {
            problems = [.. problems, $"There is no page {page} of this list, so the first page is shown."];
            number = 1;
        }
        var rows = all.Skip((number - 1) * PageSize).Take(PageSize).ToList();
        return new ExceptionsViewModel(board, problems, rows, all.Count, number, pages);
    }
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

public sealed record CriterionHeading(int Id, string Text, string? MeasurableTarget, int AimNumber, string AimTitle)
{
    public CriterionMeasure? Measure { get; init; }
}

public sealed record RevisionRow(ProgressStatus Status, string ChangedBy, DateTimeOffset ChangedAt, string? WhatWasDone, string? Evidence);

public sealed record CriterionHistoryRow(int Id, int CycleId, ProgressStatus Status, Confidence? Confidence, string? WhatWasDone, string? Impact,
    string? Evidence, string? NextSteps, string? Owner, DateOnly? DueOn, string UpdatedBy, DateTimeOffset UpdatedAt, List<RevisionRow> Revisions,
    decimal? MeasuredValue);

public sealed record CriterionHistoryViewModel(TrustBrand Trust, SchoolInfo School, CriterionHeading Criterion, IReadOnlyList<CycleInfo> Cycles,
    IReadOnlyList<CriterionHistoryRow> Updates, IReadOnlyList<ChallengeRow> Challenges) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;

    /// Evidence files of the school's updates shown, each with the update it belongs to.
    public IReadOnlyList<BoardEvidenceFile> Files { get; init; } = [];

    /// The measure's values over the cycles, when the criterion has a measure (docs/adr/0144).
    public MeasureChartModel? Chart { get; init; }

    public string FileUrl(int fileId) => $"/{Trust.Slug}/progress/{School.Urn}/files/{fileId}";
}

public sealed record BoardEvidenceFile(int UpdateId, EvidenceFileRow File);
