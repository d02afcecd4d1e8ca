using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.Progress;

/// The reads the progress pages share. Each is one SQL query whatever the number of cycles or revisions,
/// so a page's query count stays fixed as the history grows (ProgressQueryCountTests).
public sealed class ProgressReader(TrustPortalDbContext db)
{
    public Task<SchoolRef?> SchoolAsync(int trustId, int urn, CancellationToken ct) =>
        db.Schools.AsNoTracking().Where(s => s.TrustId == trustId && s.Urn == urn)
            .Select(s => new SchoolRef(s.Id, s.Urn, s.Name, s.TrustId)).SingleOrDefaultAsync(ct);

    /// The review cycles of the trust's published plans, oldest first.
    public Task<List<CycleRef>> CyclesAsync(int trustId, CancellationToken ct) =>
        db.ReviewCycles.AsNoTracking()
            .Where(c => db.StrategicPlans.Any(p => p.Id == c.StrategicPlanId && p.TrustId == trustId && p.Status == PlanStatus.Published))
            .OrderBy(c => c.OpensOn).ThenBy(c => c.Id)
            .Select(c => new CycleRef(c.Id, c.StrategicPlanId, c.Name, c.OpensOn, c.ClosesOn, c.State, c.IsExample,
                db.StrategicPlans.Where(p => p.Id == c.StrategicPlanId).Select(p => p.StartYear).FirstOrDefault()))
            .ToListAsync(ct);

    /// The trust's open review cycle, if any (of a published plan; the latest when, unusually, two are open): the one
    /// a school records into.
    public Task<ReviewCycle?> OpenCycleAsync(int trustId, CancellationToken ct) => OpenCycles(trustId, tracked: false).FirstOrDefaultAsync(ct);

    /// The trust's open cycles, the one a school records into first; for a query that reads more beside it.
    public IQueryable<ReviewCycle> OpenCycles(int trustId, bool tracked)
    {
        var cycles = tracked ? db.ReviewCycles : db.ReviewCycles.AsNoTracking();
        return cycles
            .Where(c => c.State == CycleState.Open
                && db.StrategicPlans.Any(p => p.Id == c.StrategicPlanId && p.TrustId == trustId && p.Status == PlanStatus.Published))
            .OrderByDescending(c => c.OpensOn).ThenByDescending(c => c.Id);
    }

    /// The cycle the pages are about: the open one, else the latest closed one (read-only).
    public static CycleRef? Current(IReadOnlyList<CycleRef> cycles) =>
        cycles.LastOrDefault(c => c.State == CycleState.Open) ?? cycles.LastOrDefault(c => c.State == CycleState.Closed);

    public Task<List<CriterionRow>> CriteriaAsync(int planId, CancellationToken ct) =>
        (from c in db.SuccessCriteria.AsNoTracking()
         join a in db.StrategicAims on c.StrategicAimId equals a.Id
         join t in db.PlanThemes on a.PlanThemeId equals t.Id
         where t.StrategicPlanId == planId && !c.IsRetired
         orderby t.Position, a.Position, c.Position
         select new CriterionRow(c.Id, c.Text, c.MeasurableTarget, a.Id, a.Number, a.Title, t.Id, t.Title)
         {
             Measure = SuccessCriterion.FromColumns(c.MeasureBaseline, c.MeasureTarget, c.MeasureUnit, c.MeasureDirection, c.MeasureTargetDate, c.MeasureIsExample),
         })
        .ToListAsync(ct);

    /// The plan's current criteria in plan order (ids only), for "save and continue".
    public Task<List<int>> CriterionIdsAsync(int planId, CancellationToken ct) =>
        (from c in db.SuccessCriteria.AsNoTracking()
         join a in db.StrategicAims on c.StrategicAimId equals a.Id
         join t in db.PlanThemes on a.PlanThemeId equals t.Id
         where t.StrategicPlanId == planId && !c.IsRetired
         orderby t.Position, a.Position, c.Position
         select c.Id)
        .ToListAsync(ct);

    public async Task<string> CriterionTextAsync(int criterionId, CancellationToken ct) =>
        await db.SuccessCriteria.AsNoTracking().Where(c => c.Id == criterionId).Select(c => c.Text).SingleOrDefaultAsync(ct) ?? "";

    public Task<ReturnInfo?> ReturnAsync(int schoolId, int cycleId, CancellationToken ct) =>
        db.SchoolReturns.AsNoTracking().Where(r => r.SchoolId == schoolId && r.ReviewCycleId == cycleId)
            .Select(r => new ReturnInfo(r.State, r.SubmittedAt, r.SubmittedBy, r.ReopenedAt, r.ReopenedBy, r.ReopenReason))
            .SingleOrDefaultAsync(ct);

    /// The school's saved entry for a criterion in every cycle (one row per cycle at most).
    public Task<List<SavedEntry>> EntriesAsync(int schoolId, int criterionId, CancellationToken ct) =>
        db.ProgressUpdates.AsNoTracking().Where(u => u.SchoolId == schoolId && u.SuccessCriterionId == criterionId)
            .Select(u => new SavedEntry(u.ReviewCycleId, u.Entry, u.UpdatedBy, u.UpdatedAt, u.IsExample, u.Version))
            .ToListAsync(ct);

    /// Every change to the school's updates for a criterion, newest first: who changed what, cycle by cycle.
    public Task<List<RevisionRow>> HistoryAsync(int schoolId, int criterionId, CancellationToken ct) =>
        (from r in db.ProgressRevisions.AsNoTracking()
         join u in db.ProgressUpdates on r.ProgressUpdateId equals u.Id
         join c in db.ReviewCycles on u.ReviewCycleId equals c.Id
         where u.SchoolId == schoolId && u.SuccessCriterionId == criterionId
         orderby c.OpensOn descending, r.Id descending
         select new RevisionRow(c.Name, r.Entry, r.ChangedBy, r.ChangedAt))
        .ToListAsync(ct);

    /// The evidence files on the school's update for a criterion in a cycle, oldest first.
    public Task<List<EvidenceFileRow>> FilesAsync(int schoolId, int cycleId, int criterionId, CancellationToken ct) =>
        db.EvidenceFiles.AsNoTracking()
            .Where(f => db.ProgressUpdates.Any(u => u.Id == f.ProgressUpdateId && u.SchoolId == schoolId && u.ReviewCycleId == cycleId && u.SuccessCriterionId == criterionId))
            .OrderBy(f => f.Id)
            .Select(f => new EvidenceFileRow(f.Id, f.OriginalName, f.Size, f.UploadedBy, f.UploadedAt))
            .ToListAsync(ct);

    /// The plan's aims in plan order, for linking a school's own priority to one.
    public Task<List<AimRef>> AimsAsync(int planId, CancellationToken ct) =>
        (from a in db.StrategicAims.AsNoTracking()
         join t in db.PlanThemes on a.PlanThemeId equals t.Id
         where t.StrategicPlanId == planId
         orderby t.Position, a.Position
         select new AimRef(a.Id, a.Number, a.Title))
        .ToListAsync(ct);

    /// The school's current priorities with their status in the cycle, in the plan's aim order.
    public Task<List<PriorityLine>> PrioritiesAsync(int schoolId, int cycleId, CancellationToken ct) =>
        (from p in db.SchoolPriorities.AsNoTracking()
         join a in db.StrategicAims on p.StrategicAimId equals a.Id
         where p.SchoolId == schoolId && !p.IsRetired
         orderby a.Number, p.Position
         select new PriorityLine(p.Id, p.Title, a.Number, a.Title,
             db.PriorityUpdates.Where(u => u.SchoolPriorityId == p.Id && u.ReviewCycleId == cycleId).Select(u => (ProgressStatus?)u.Entry.Status).FirstOrDefault()))
        .ToListAsync(ct);
}
