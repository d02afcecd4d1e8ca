using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.Progress;

/// Builds the progress pages' models for the GET (and for a form shown again after a refused save). A save never
/// calls these on its way to success: it goes through ProgressRecorder and redirects.
public sealed class ProgressPages(TrustPortalDbContext db, ProgressReader reader, IConfiguration configuration)
{
    /// The school's page: every criterion with its status this cycle and last, and the school's own priorities.
    public async Task<SchoolPage> SchoolAsync(int trustId, int schoolId, CancellationToken ct)
    {
        var cycles = await reader.CyclesAsync(trustId, ct);
        var cycle = ProgressReader.Current(cycles);
        if (cycle is null)
        {
            return new SchoolPage(null, null, null, [], []);
        }
        var previous = Previous(cycles, cycle);
        var previousId = previous?.Id ?? 0;
        var criteria = await reader.CriteriaAsync(cycle.PlanId, ct);
        var statuses = await db.ProgressUpdates.AsNoTracking()
            .Where(u => u.SchoolId == schoolId && (u.ReviewCycleId == cycle.Id || u.ReviewCycleId == previousId))
            .Select(u => new { u.ReviewCycleId, u.SuccessCriterionId, u.Entry.Status, u.IsExample, u.Entry.MeasuredValue })
            .ToListAsync(ct);
        var current = statuses.Where(s => s.ReviewCycleId == cycle.Id).ToDictionary(s => s.SuccessCriterionId, s => new CriterionStatus(s.Status, s.IsExample, s.MeasuredValue));
        var before = statuses.Where(s => s.ReviewCycleId == previousId).ToDictionary(s => s.SuccessCriterionId, s => s.Status);
        var lines = criteria.Select(c => new SchoolCriterionLine(c, current.GetValueOrDefault(c.Id), before.TryGetValue(c.Id, out var p) ? p : null));
        var ret = await reader.ReturnAsync(schoolId, cycle.Id, ct);
        return new SchoolPage(cycle, previous?.Name, ret, SchoolProgressViewModel.Group(lines), await reader.PrioritiesAsync(schoolId, cycle.Id, ct));
    }

    /// A criterion's page: this cycle's entry (or the form), last cycle's beside it, the trend, the history, the files.
    /// Null when the criterion is not in the current cycle's plan.
    public async Task<CriterionPageViewModel?> CriterionAsync(TrustBrand trust, SchoolRef school, bool canEdit, int criterionId, CancellationToken ct)
    {
        var cycles = await reader.CyclesAsync(trust.Id, ct);
        var cycle = ProgressReader.Current(cycles);
        var criteria = cycle is null ? [] : await reader.CriteriaAsync(cycle.PlanId, ct);
        var index = criteria.FindIndex(c => c.Id == criterionId);
        if (cycle is null || index < 0)
        {
            return null;
        }
        var entries = await reader.EntriesAsync(school.Id, criterionId, ct);
        var history = await reader.HistoryAsync(school.Id, criterionId, ct);
        var ret = await reader.ReturnAsync(school.Id, cycle.Id, ct);
        var byCycle = entries.ToDictionary(e => e.CycleId);
        var current = byCycle.GetValueOrDefault(cycle.Id);
        var planCycles = cycles.Where(c => c.PlanId == cycle.PlanId && c.OpensOn <= cycle.OpensOn).ToList();
        var trend = planCycles.Select(c => new TrendPoint(c.Name, byCycle.TryGetValue(c.Id, out var e) ? e.Entry.Status : null)).ToList();
        var previousCycle = Previous(cycles, cycle);
        var previous = previousCycle is not null && byCycle.TryGetValue(previousCycle.Id, out var last) ? new PreviousEntry(previousCycle.Name, last) : null;
        var criterion = criteria[index];
        var chart = criterion.Measure is { } measure && planCycles.Count > 0
            ? MeasureChartModel.Of(measure, StrategicPlan.MeasureStart(cycle.PlanStartYear, planCycles[0].OpensOn),
                planCycles.Select(c => (c.Name, c.ClosesOn, byCycle.TryGetValue(c.Id, out var e) ? e.Entry.MeasuredValue : null)))
            : null;
        return new CriterionPageViewModel(trust, school, cycle, ret, criterion, current, trend, history,
            RecordProgressForm.From(current?.Entry, current?.Version), canEdit, null, false)
        {
            Files = await reader.FilesAsync(school.Id, cycle.Id, criterionId, ct),
            MaxEvidenceBytes = EvidenceFiles.MaxBytes(configuration),
            Previous = previous,
            Position = index + 1,
            Count = criteria.Count,
            Chart = chart,
        };
    }

    /// A priority's page; null when the priority is not the school's or there is no cycle.
    public async Task<PriorityPageViewModel?> PriorityAsync(TrustBrand trust, SchoolRef school, bool canEdit, int priorityId, CancellationToken ct)
    {
        var cycle = ProgressReader.Current(await reader.CyclesAsync(trust.Id, ct));
        var priority = await (from p in db.SchoolPriorities.AsNoTracking()
                              join a in db.StrategicAims on p.StrategicAimId equals a.Id
                              where p.Id == priorityId && p.SchoolId == school.Id
                              select new PriorityRow(p.Id, p.Title, p.Description, a.Number, a.Title, p.IsRetired)).SingleOrDefaultAsync(ct);
        if (priority is null || cycle is null)
        {
            return null;
        }
        var current = await db.PriorityUpdates.AsNoTracking().Where(u => u.SchoolPriorityId == priorityId && u.ReviewCycleId == cycle.Id)
            .Select(u => new SavedEntry(u.ReviewCycleId, u.Entry, u.UpdatedBy, u.UpdatedAt, false, u.Version))
            .SingleOrDefaultAsync(ct);
        var ret = await reader.ReturnAsync(school.Id, cycle.Id, ct);
        return new PriorityPageViewModel(trust, school, cycle, ret, priority, current,
            RecordProgressForm.From(current?.Entry, current?.Version), canEdit, null);
    }

    /// The plan's criterion after this one, in plan order; null after the last.
    public async Task<int?> NextCriterionAsync(int trustId, int criterionId, CancellationToken ct)
    {
        var cycle = ProgressReader.Current(await reader.CyclesAsync(trustId, ct));
        var ids = cycle is null ? [] : await reader.CriterionIdsAsync(cycle.PlanId, ct);
        var index = ids.IndexOf(criterionId);
        return index >= 0 && index + 1 < ids.Count ? ids[index + 1] : null;
    }

    /// The cycle of the same plan before this one.
    public static CycleRef? Previous(IReadOnlyList<CycleRef> cycles, CycleRef cycle) =>
        cycles.Where(c => c.PlanId == cycle.PlanId && c.OpensOn < cycle.OpensOn).LastOrDefault();
}

public sealed record SchoolPage(CycleRef? Cycle, string? PreviousCycleName, ReturnInfo? Return, IReadOnlyList<ThemeGroup> Themes, IReadOnlyList<PriorityLine> Priorities);

/// What the school recorded for the criterion in the cycle before, shown beside this cycle's form.
public sealed record PreviousEntry(string CycleName, SavedEntry Saved);
