using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.Progress;

/// The trust-wide summary: every member reads what schools said, cycle by cycle (drafts stay with their school).
[Authorize(Policy = Policies.ReadTrust)]
[TrustMembersOnly]
[Route("{trustSlug:trust}/progress")]
public sealed class ProgressSummaryController(TrustPortalDbContext db, ProgressReader reader, IAuthorizationService authorization)
    : ProgressControllerBase(db, reader, authorization)
{
    [HttpGet("summary")]
    public async Task<IActionResult> Summary(TrustBrand trust, int? cycle, CancellationToken ct)
    {
        if (await OpenTrustAsync(trust, TrustOperations.Read) is { } refused)
        {
            return refused;
        }
        var cycles = await Reader.CyclesAsync(Trust.Id, ct);
        var chosen = cycle is null ? ProgressReader.Current(cycles) : cycles.FirstOrDefault(c => c.Id == cycle && c.State != CycleState.Planned);
        if (chosen is null)
        {
            return cycle is null ? View(new ProgressSummaryViewModel(Trust, null, cycles, 0, [])) : NotFound();
        }
        var criteria = await Reader.CriteriaAsync(chosen.PlanId, ct);
        var (leader, userId) = (IsTrustLeader(), User.UserId());
        var updates = await SummaryUpdatesAsync(chosen.Id, leader, userId, ct);
        var schoolCount = await Db.Schools.CountAsync(s => s.TrustId == Trust.Id && !s.IsArchived, ct);
        var filesByUpdate = (await SummaryFilesAsync(Trust.Id, chosen.Id, ct)).ToLookup(f => f.UpdateId, f => f.File);
        var byCriterion = updates.ToLookup(u => u.SuccessCriterionId);
        var aims = criteria.GroupBy(c => (c.AimId, c.AimNumber, c.AimTitle))
            .Select(a => new SummaryAim(a.Key.AimNumber, a.Key.AimTitle, a.Select(c => new SummaryCriterion(c,
                byCriterion[c.Id].GroupBy(u => u.Status).ToDictionary(g => g.Key, g => g.Count()),
                byCriterion[c.Id].Select(u => new SummaryNarrative(u.School, u.Status, u.WhatWasDone, u.Impact, u.NextSteps, u.IsExample)
                {
                    Files = filesByUpdate[u.Id].ToList(),
                }).ToList())).ToList()))
            .ToList();
        return View(new ProgressSummaryViewModel(Trust, chosen, cycles.Where(c => c.State != CycleState.Planned).ToList(), schoolCount, aims)
        {
            SubmittedOnly = !leader,
        });
    }

    /// Statuses and narrative only: evidence is for the school's heads, trustees and administrators. A draft stays
    /// with its school (its heads) and the trust's leaders until it is submitted.
    private Task<List<SummaryUpdate>> SummaryUpdatesAsync(int cycleId, bool leader, string? userId, CancellationToken ct) => (
            from u in Db.ProgressUpdates.AsNoTracking()
            join s in Db.Schools on u.SchoolId equals s.Id
            where u.ReviewCycleId == cycleId && s.TrustId == Trust.Id
                && (leader
                    || Db.SchoolReturns.Any(r => r.SchoolId == u.SchoolId && r.ReviewCycleId == u.ReviewCycleId && r.State == ReturnState.Submitted)
                    || Db.UserSchools.Any(l => l.UserId == userId && l.SchoolId == u.SchoolId))
            orderby s.Name
            select new SummaryUpdate(u.Id, u.SuccessCriterionId, u.SchoolId, s.Name, u.Entry.Status, u.Entry.WhatWasDone, u.Entry.Impact, u.Entry.NextSteps, u.IsExample))
        .ToListAsync(ct);

    private sealed record SummaryUpdate(int Id, int SuccessCriterionId, int SchoolId, string School, ProgressStatus Status,
        string? WhatWasDone, string? Impact, string? NextSteps, bool IsExample);

    private sealed record UpdateFile(int UpdateId, SummaryFile File);

    /// The cycle's evidence files the reader may open: every school's for trustees and administrators, their own
    /// schools' for heads, every school's for staff when the trust allows it, none otherwise.
    private async Task<List<UpdateFile>> SummaryFilesAsync(int trustId, int cycleId, CancellationToken ct)
    {
        var leader = IsTrustLeader();
        var everySchool = leader || (IsStaffOnly() && await StaffMaySeeEvidenceAsync(trustId, ct));
        if (!everySchool && !User.IsInRole(Roles.Headteacher))
        {
            return [];
        }
        var userId = User.UserId();
        return await (
                from f in Db.EvidenceFiles.AsNoTracking()
                join u in Db.ProgressUpdates on f.ProgressUpdateId equals u.Id
                join s in Db.Schools on u.SchoolId equals s.Id
                where u.ReviewCycleId == cycleId && s.TrustId == trustId
                    && (everySchool || Db.UserSchools.Any(l => l.UserId == userId && l.SchoolId == s.Id))
                    && (leader
                        || Db.SchoolReturns.Any(r => r.SchoolId == u.SchoolId && r.ReviewCycleId == u.ReviewCycleId && r.State == ReturnState.Submitted)
                        || Db.UserSchools.Any(l => l.UserId == userId && l.SchoolId == s.Id))
                orderby f.Id
                select new UpdateFile(u.Id, new SummaryFile(f.Id, s.Urn, f.OriginalName, f.Size)))
            .ToListAsync(ct);
    }
}
