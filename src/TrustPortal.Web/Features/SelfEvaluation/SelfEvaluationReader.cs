using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Progress;

namespace TrustPortal.Web.Features.SelfEvaluation;

/// The reads the self-evaluation pages share; each is one SQL query whatever the number of schools, cycles or
/// judgements, so the grid's query count does not grow with the trust (SelfEvaluationQueryCountTests).
public sealed class SelfEvaluationReader(TrustPortalDbContext db)
{
    public Task<EvaluatedSchool?> SchoolAsync(int trustId, int urn, CancellationToken ct) =>
        db.Schools.AsNoTracking().Where(s => s.TrustId == trustId && s.Urn == urn)
            .Select(s => new EvaluatedSchool(s.Id, s.Urn, s.Name, s.TrustId, s.Phase, s.LowAge, s.HasNursery, s.HasSixthForm))
            .SingleOrDefaultAsync(ct);

    /// The trust's current schools, by name.
    public Task<List<EvaluatedSchool>> SchoolsAsync(int trustId, CancellationToken ct) =>
        db.Schools.AsNoTracking().Where(s => s.TrustId == trustId && !s.IsArchived).OrderBy(s => s.Name)
            .Select(s => new EvaluatedSchool(s.Id, s.Urn, s.Name, s.TrustId, s.Phase, s.LowAge, s.HasNursery, s.HasSixthForm))
            .ToListAsync(ct);

    /// The schools the head is linked to, by name.
    public Task<List<EvaluatedSchool>> SchoolsOfAsync(int trustId, string userId, CancellationToken ct) =>
        db.Schools.AsNoTracking().Where(s => s.TrustId == trustId && !s.IsArchived && db.UserSchools.Any(l => l.UserId == userId && l.SchoolId == s.Id))
            .OrderBy(s => s.Name)
            .Select(s => new EvaluatedSchool(s.Id, s.Urn, s.Name, s.TrustId, s.Phase, s.LowAge, s.HasNursery, s.HasSixthForm))
            .ToListAsync(ct);

    /// The cycle a page is about: the one asked for, else the open one, else the latest closed one.
    public static CycleRef? Choose(IReadOnlyList<CycleRef> cycles, int? asked) =>
        (asked is { } id ? cycles.FirstOrDefault(c => c.Id == id) : null) ?? ProgressReader.Current(cycles);

    /// Every school's self-evaluation state and area judgements in the cycle: one query for the whole trust.
    public async Task<Dictionary<int, GridEvaluation>> EvaluationsAsync(int trustId, int cycleId, CancellationToken ct)
    {
        var rows = await db.SelfEvaluations.AsNoTracking()
            .Where(e => e.ReviewCycleId == cycleId && db.Schools.Any(s => s.Id == e.SchoolId && s.TrustId == trustId))
            .Select(e => new
            {
                e.SchoolId,
                e.State,
                e.SafeguardingMet,
                e.IsExample,
                Areas = e.Areas.Select(a => new GridJudgement(a.Area, a.SchoolGrade, a.TrustGrade)).ToList(),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.SchoolId, r => new GridEvaluation(r.State, r.SafeguardingMet, r.IsExample, r.Areas.ToDictionary(a => a.Area)));
    }

    /// Each school's latest report card (the inspection held per school), for the schools of the trust: one query.
    public async Task<Dictionary<int, LatestReportCard>> LatestReportCardsAsync(int trustId, CancellationToken ct)
    {
        var rows = await db.Inspections.AsNoTracking()
            .Where(i => i.Kind == InspectionKind.ReportCard && db.Schools.Any(s => s.Id == i.SchoolId && s.TrustId == trustId)
                && !db.Inspections.Any(later => later.SchoolId == i.SchoolId && later.Kind == InspectionKind.ReportCard
                    && (later.InspectedOn > i.InspectedOn || (later.InspectedOn == i.InspectedOn && later.Id > i.Id))))
            .Select(i => new { i.SchoolId, i.InspectedOn, i.SafeguardingMet, Grades = i.Grades.Select(g => new { g.Area, g.Grade }).ToList() })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.SchoolId, r => new LatestReportCard(r.InspectedOn, r.SafeguardingMet, r.Grades.ToDictionary(g => g.Area, g => g.Grade)));
    }

    /// One school's latest report card, or null when it has had none.
    public async Task<LatestReportCard?> LatestReportCardAsync(int schoolId, CancellationToken ct)
    {
        var card = await db.Inspections.AsNoTracking()
            .Where(i => i.Kind == InspectionKind.ReportCard && i.SchoolId == schoolId)
            .OrderByDescending(i => i.InspectedOn).ThenByDescending(i => i.Id)
            .Select(i => new { i.InspectedOn, i.SafeguardingMet, Grades = i.Grades.Select(g => new { g.Area, g.Grade }).ToList() })
            .FirstOrDefaultAsync(ct);
        return card is null ? null : new LatestReportCard(card.InspectedOn, card.SafeguardingMet, card.Grades.ToDictionary(g => g.Area, g => g.Grade));
    }

    /// The school's self-evaluation in the cycle with its areas, files and history (split queries: a fixed number).
    public Task<SchoolSelfEvaluation?> EvaluationAsync(int schoolId, int cycleId, CancellationToken ct) =>
        db.SelfEvaluations.AsNoTracking().Include(e => e.Areas).Include(e => e.Files).Include(e => e.Revisions).AsSplitQuery()
            .SingleOrDefaultAsync(e => e.SchoolId == schoolId && e.ReviewCycleId == cycleId, ct);

    /// The same, tracked, for a write; a new (unsaved) one when the school has not started.
    public async Task<SchoolSelfEvaluation> ForWriteAsync(int schoolId, int cycleId, CancellationToken ct)
    {
        var evaluation = await db.SelfEvaluations.Include(e => e.Areas).Include(e => e.Files).Include(e => e.Revisions).AsSplitQuery()
            .SingleOrDefaultAsync(e => e.SchoolId == schoolId && e.ReviewCycleId == cycleId, ct);
        if (evaluation is null)
        {
            evaluation = new SchoolSelfEvaluation(schoolId, cycleId);
            db.SelfEvaluations.Add(evaluation);
        }
        return evaluation;
    }
}

public sealed record EvaluatedSchool(int Id, int Urn, string Name, int TrustId, Phase Phase, int? LowAge, bool HasNursery, bool HasSixthForm)
{
    public IReadOnlyList<InspectionArea> Areas => SchoolSelfEvaluation.AreasFor(School.HasEarlyYearsFor(Phase, LowAge, HasNursery), HasSixthForm);
}

public sealed record GridJudgement(InspectionArea Area, ReportCardGrade? School, ReportCardGrade? Trust)
{
    public bool Differs => AreaJudgement.Disagree(School, Trust);
}

public sealed record GridEvaluation(SelfEvaluationState State, bool? SafeguardingMet, bool IsExample, IReadOnlyDictionary<InspectionArea, GridJudgement> Areas);

public sealed record LatestReportCard(DateOnly InspectedOn, bool? SafeguardingMet, IReadOnlyDictionary<InspectionArea, ReportCardGrade> Grades);
