using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.SelfEvaluation;
using TrustPortal.Web.Features.TrustReview;

namespace TrustPortal.Web.Features.BoardPack;

/// One school × area of the self-evaluation grid: the school's judgement, the trust's beside it (never over it).
public sealed record PackGridCell(string? School, string? Trust, bool Differs)
{
    public string Text => School is null ? "Not judged"
        : Trust is null ? School
        : Differs ? $"{School} (trust: {Trust})" : $"{School} (trust agrees)";
}

/// A school's row of the grid; <see cref="Cells"/> line up with the grid's areas (null: not an area the school has).
public sealed record PackGridRow(string School, int Urn, string State, string Inspection, IReadOnlyList<PackGridCell?> Cells);

/// The schools' self-evaluations of the pack's cycle as a grid of schools × report-card areas (ADR 0163).
public sealed record PackSelfEvaluationGrid(IReadOnlyList<InspectionArea> Areas, IReadOnlyList<PackGridRow> Rows)
{
    public IReadOnlyList<string> AreaNames => Areas.Select(InspectionAreas.Label).ToList();
    public int Differences => Rows.Sum(r => r.Cells.Count(c => c?.Differs == true));
}

/// An open risk of the register, as the pack lists it (highest score first).
public sealed record PackRisk(string Title, string Category, string Whose, string Owner, int Likelihood, int Impact, string? Controls,
    int ResidualLikelihood, int ResidualImpact, DateOnly ReviewOn, bool PastReview, string? LinkedAims)
{
    public int Score => Likelihood * Impact;
    public int ResidualScore => ResidualLikelihood * ResidualImpact;
}

/// One pillar of the trust's own self-review.
public sealed record PackPillar(string Pillar, string Framework, string Judgement, string? Reasons, string? Evidence, string Aims);

public sealed record PackTrustReview(string Year, IReadOnlyList<PackPillar> Pillars, IReadOnlyList<string> Uncovered);

/// The pack's three improvement parts together: the self-evaluation grid, the risk register and the trust's self-review.
public sealed record PackImprovementParts(PackSelfEvaluationGrid Grid, IReadOnlyList<PackRisk> Risks, PackTrustReview TrustReview);

/// Reads the pack's improvement parts in a fixed number of queries (three for the grid, one for the register, five
/// for the self-review) whatever the number of schools, risks, pillars or years.
public sealed class PackImprovement(TrustPortalDbContext db, SelfEvaluationReader selfEvaluation, TrustReviewReader trustReview, TimeProvider clock)
{
    /// <param name="onlySchools">The schools the pack shows (an exceptions-only pack), or null for every school.</param>
    public async Task<PackImprovementParts> BuildAsync(int trustId, int? cycleId, IReadOnlySet<int>? onlySchools, CancellationToken ct)
    {
        var schools = (await selfEvaluation.SchoolsAsync(trustId, ct)).Where(s => onlySchools is null || onlySchools.Contains(s.Id)).ToList();
        var evaluations = cycleId is { } id ? await selfEvaluation.EvaluationsAsync(trustId, id, ct) : [];
        var cards = await selfEvaluation.LatestReportCardsAsync(trustId, ct);
        var areas = Enum.GetValues<InspectionArea>().Where(a => schools.Any(s => s.Areas.Contains(a))).ToList();
        var rows = schools.Select(s =>
        {
            var evaluation = evaluations.GetValueOrDefault(s.Id);
            return new PackGridRow(s.Name, s.Urn,
                evaluation is null ? "Not started" : evaluation.State == SelfEvaluationState.Submitted ? "Submitted" : "In draft",
                cards.TryGetValue(s.Id, out var card) ? $"Report card, {PackModel.Date(card.InspectedOn)}" : "No report card yet",
                areas.Select(a => !s.Areas.Contains(a) ? null
                    : evaluation?.Areas.GetValueOrDefault(a) is { } j
                        ? new PackGridCell(j.School is { } sg ? InspectionAreas.Label(sg) : null, j.Trust is { } tg ? InspectionAreas.Label(tg) : null, j.Differs)
                        : new PackGridCell(null, null, false)).ToList());
        }).ToList();

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var risks = (await db.Risks.AsNoTracking().Where(r => r.TrustId == trustId && r.ClosedOn == null)
            .Select(r => new
            {
                r.Title, r.Category, School = db.Schools.Where(s => s.Id == r.SchoolId).Select(s => s.Name).FirstOrDefault(), r.Owner, r.Likelihood, r.Impact,
                r.Controls, r.ResidualLikelihood, r.ResidualImpact, r.ReviewOn, r.LinkedAims, r.Id,
            }).ToListAsync(ct))
            .OrderByDescending(r => r.Likelihood * r.Impact).ThenBy(r => r.ReviewOn).ThenBy(r => r.Id)
            .Select(r => new PackRisk(r.Title, r.Category.ToString(), r.School ?? "Trust-wide", r.Owner, r.Likelihood, r.Impact, r.Controls,
                r.ResidualLikelihood, r.ResidualImpact, r.ReviewOn, today > r.ReviewOn, r.LinkedAims)).ToList();

        var year = trustReview.CurrentYear;
        var (pillars, _, _) = await trustReview.PillarsAsync(trustId, year, await trustReview.UsesCstAsync(trustId, ct), ct);
        var review = new PackTrustReview(TrustSelfReview.YearName(year),
            pillars.Select(p => new PackPillar(p.Area.Name, p.FrameworkName, p.Grade is { } g ? PillarGrades.Label(g) : "Not yet judged", p.Reasons, p.Evidence,
                p.Uncovered ? "No aim of the plan" : string.Join("; ", p.Aims.Select(a => $"{a.Number}. {a.Title}")))).ToList(),
            pillars.Where(p => p.Uncovered).Select(p => p.Area.Name).ToList());
        return new PackImprovementParts(new PackSelfEvaluationGrid(areas, rows), risks, review);
    }
}
