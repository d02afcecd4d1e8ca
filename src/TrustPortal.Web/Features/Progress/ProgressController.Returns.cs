using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Progress;

/// The trust-wide summary (every member) and the returns overview with reminders (trust administrators).
public sealed partial class ProgressController
{
    [HttpGet("summary")]
    public async Task<IActionResult> Summary(string trustSlug, int? cycle, CancellationToken ct)
    {
        var trust = await db.Trusts.FindBrandAsync(trustSlug, ct);
        if (trust is null)
        {
            return NotFound();
        }
        if (!await CanReadTrustAsync(trust))
        {
            return Forbid();
        }
        var cycles = await reader.CyclesAsync(trust.Id, ct);
        var chosen = cycle is null ? ProgressReader.Current(cycles) : cycles.FirstOrDefault(c => c.Id == cycle && c.State != CycleState.Planned);
        if (chosen is null)
        {
            return cycle is null ? View(new ProgressSummaryViewModel(trust, null, cycles, 0, [])) : NotFound();
        }
        var criteria = await reader.CriteriaAsync(chosen.PlanId, ct);
        var (leader, userId) = (IsTrustLeader(), User.UserId());
        // Statuses and narrative only: evidence is for the school's heads, trustees and administrators. A draft stays
        // with its school (its heads) and the trust's leaders until it is submitted.
        var updates = await (
                from u in db.ProgressUpdates.AsNoTracking()
                join s in db.Schools on u.SchoolId equals s.Id
                where u.ReviewCycleId == chosen.Id && s.TrustId == trust.Id
                    && (leader
                        || db.SchoolReturns.Any(r => r.SchoolId == u.SchoolId && r.ReviewCycleId == u.ReviewCycleId && r.State == ReturnState.Submitted)
                        || db.UserSchools.Any(l => l.UserId == userId && l.SchoolId == u.SchoolId))
                orderby s.Name
                select new { u.Id, u.SuccessCriterionId, u.SchoolId, School = s.Name, u.Status, u.WhatWasDone, u.Impact, u.NextSteps, u.IsExample })
            .ToListAsync(ct);
        var schoolCount = await db.Schools.CountAsync(s => s.TrustId == trust.Id && !s.IsArchived, ct);
        var filesByUpdate = (await SummaryFilesAsync(trust.Id, chosen.Id, ct)).ToLookup(f => f.UpdateId, f => f.File);
        var byCriterion = updates.ToLookup(u => u.SuccessCriterionId);
        var aims = criteria.GroupBy(c => (c.AimId, c.AimNumber, c.AimTitle))
            .Select(a => new SummaryAim(a.Key.AimNumber, a.Key.AimTitle, a.Select(c => new SummaryCriterion(c,
                byCriterion[c.Id].GroupBy(u => u.Status).ToDictionary(g => g.Key, g => g.Count()),
                byCriterion[c.Id].Select(u => new SummaryNarrative(u.School, u.Status, u.WhatWasDone, u.Impact, u.NextSteps, u.IsExample)
                {
                    Files = filesByUpdate[u.Id].ToList(),
                }).ToList())).ToList()))
            .ToList();
        return View(new ProgressSummaryViewModel(trust, chosen, cycles.Where(c => c.State != CycleState.Planned).ToList(), schoolCount, aims)
        {
            SubmittedOnly = !leader,
        });
    }

    /// Trustees and administrators read every school's work in progress; everyone else a school's submitted return
    /// (and a head their own schools' drafts).
    private bool IsTrustLeader() => User.IsInRole(Roles.TrustAdmin) || User.IsInRole(Roles.Trustee);

    private sealed record UpdateFile(int UpdateId, SummaryFile File);

    /// The cycle's evidence files the reader may open: every school's for trustees and administrators, their own
    /// schools' for heads, every school's for staff when the trust allows it, none otherwise.
    private async Task<List<UpdateFile>> SummaryFilesAsync(int trustId, int cycleId, CancellationToken ct)
    {
        var everySchool = User.IsInRole(Roles.TrustAdmin) || User.IsInRole(Roles.Trustee)
            || (IsStaffOnly() && await StaffMaySeeEvidenceAsync(trustId, ct));
        var isHead = User.IsInRole(Roles.Headteacher);
        var leader = IsTrustLeader();
        if (!everySchool && !isHead)
        {
            return [];
        }
        var userId = User.UserId();
        return await (
                from f in db.EvidenceFiles.AsNoTracking()
                join u in db.ProgressUpdates on f.ProgressUpdateId equals u.Id
                join s in db.Schools on u.SchoolId equals s.Id
                where u.ReviewCycleId == cycleId && s.TrustId == trustId
                    && (everySchool || db.UserSchools.Any(l => l.UserId == userId && l.SchoolId == s.Id))
                    && (leader
                        || db.SchoolReturns.Any(r => r.SchoolId == u.SchoolId && r.ReviewCycleId == u.ReviewCycleId && r.State == ReturnState.Submitted)
                        || db.UserSchools.Any(l => l.UserId == userId && l.SchoolId == s.Id))
                orderby f.Id
                select new UpdateFile(u.Id, new SummaryFile(f.Id, s.Urn, f.OriginalName, f.Size)))
            .ToListAsync(ct);
    }

    [HttpGet("returns")]
    [Authorize(Policy = Policies.ManageProgressReturns)]
    public async Task<IActionResult> Returns(string trustSlug, CancellationToken ct)
    {
        var trust = await db.Trusts.FindBrandAsync(trustSlug, ct);
        if (trust is null)
        {
            return NotFound();
        }
        if (!(await authorization.AuthorizeAsync(User, trust.AsResource(), TrustOperations.Manage)).Succeeded)
        {
            return Forbid();
        }
        var open = (await reader.CyclesAsync(trust.Id, ct)).LastOrDefault(c => c.IsOpen);
        if (open is null)
        {
            return View(new ReturnsViewModel(trust, null, 0, []) { StaffMaySeeEvidence = await StaffMaySeeEvidenceAsync(trust.Id, ct) });
        }
        var criteria = await reader.CriteriaAsync(open.PlanId, ct);
        var rows = await ReturnRowsAsync(trust.Id, open.Id, ct);
        return View(new ReturnsViewModel(trust, open, criteria.Count, rows) { StaffMaySeeEvidence = await StaffMaySeeEvidenceAsync(trust.Id, ct) });
    }

    [HttpPost("returns/{urn:int}/remind")]
    [Authorize(Policy = Policies.ManageProgressReturns)]
    public async Task<IActionResult> Remind(string trustSlug, int urn, CancellationToken ct)
    {
        var (trust, open, result) = await ReturnsContextAsync(trustSlug, ct);
        if (result is not null)
        {
            return result;
        }
        var school = await reader.SchoolAsync(trust!.Id, urn, ct);
        if (school is null)
        {
            return NotFound();
        }
        var sent = await SendRemindersAsync(trust, open!, [school.Id], ct);
        TempData["Success"] = sent == 0
            ? $"{school.Name} has no headteacher account to remind"
            : $"Reminder sent to {sent} {(sent == 1 ? "headteacher" : "headteachers")} of {school.Name}";
        return Redirect($"/{trust.Slug}/progress/returns");
    }

    [HttpPost("returns/remind-all")]
    [Authorize(Policy = Policies.ManageProgressReturns)]
    public async Task<IActionResult> RemindAll(string trustSlug, CancellationToken ct)
    {
        var (trust, open, result) = await ReturnsContextAsync(trustSlug, ct);
        if (result is not null)
        {
            return result;
        }
        var schoolIds = await db.Schools.AsNoTracking()
            .Where(s => s.TrustId == trust!.Id && !s.IsArchived
                && !db.SchoolReturns.Any(r => r.SchoolId == s.Id && r.ReviewCycleId == open!.Id && r.State == ReturnState.Submitted))
            .Select(s => s.Id).ToListAsync(ct);
        var sent = await SendRemindersAsync(trust!, open!, schoolIds, ct);
        TempData["Success"] = $"Reminders sent to {sent} {(sent == 1 ? "headteacher" : "headteachers")} of {schoolIds.Count} {(schoolIds.Count == 1 ? "school" : "schools")} that have not submitted";
        return Redirect($"/{trust!.Slug}/progress/returns");
    }

    private async Task<(TrustBrand? Trust, CycleRef? Open, IActionResult? Result)> ReturnsContextAsync(string trustSlug, CancellationToken ct)
    {
        var trust = await db.Trusts.FindBrandAsync(trustSlug, ct);
        if (trust is null)
        {
            return (null, null, NotFound());
        }
        if (!(await authorization.AuthorizeAsync(User, trust.AsResource(), TrustOperations.Manage)).Succeeded)
        {
            return (trust, null, Forbid());
        }
        var open = (await reader.CyclesAsync(trust.Id, ct)).LastOrDefault(c => c.IsOpen);
        if (open is null)
        {
            TempData["Problem"] = "No review cycle is open, so there is nothing to remind schools about";
            return (trust, null, Redirect($"/{trust.Slug}/progress/returns"));
        }
        return (trust, open, null);
    }

    private async Task<List<ReturnRow>> ReturnRowsAsync(int trustId, int cycleId, CancellationToken ct)
    {
        var schools = await db.Schools.AsNoTracking().Where(s => s.TrustId == trustId && !s.IsArchived)
            .OrderBy(s => s.Name).Select(s => new { s.Id, s.Urn, s.Name }).ToListAsync(ct);
        var returns = await db.SchoolReturns.AsNoTracking()
            .Where(r => r.ReviewCycleId == cycleId && db.Schools.Any(s => s.Id == r.SchoolId && s.TrustId == trustId))
            .Select(r => new { r.SchoolId, r.State, r.SubmittedAt, r.SubmittedBy }).ToListAsync(ct);
        var recorded = await db.ProgressUpdates.AsNoTracking()
            .Where(u => u.ReviewCycleId == cycleId && db.Schools.Any(s => s.Id == u.SchoolId && s.TrustId == trustId))
            .GroupBy(u => u.SchoolId).Select(g => new { SchoolId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var heads = (await HeadsQuery(schools.Select(s => s.Id).ToList()).ToListAsync(ct))
            .GroupBy(h => h.SchoolId).Select(g => new { SchoolId = g.Key, Count = g.Count() }).ToList();
        return schools.Select(s =>
        {
            var r = returns.FirstOrDefault(x => x.SchoolId == s.Id);
            var count = recorded.FirstOrDefault(x => x.SchoolId == s.Id)?.Count ?? 0;
            var progress = r?.State == ReturnState.Submitted ? ReturnProgress.Submitted : r is not null || count > 0 ? ReturnProgress.Draft : ReturnProgress.NotStarted;
            return new ReturnRow(s.Urn, s.Name, progress, count, r?.SubmittedAt, r?.SubmittedBy, heads.FirstOrDefault(h => h.SchoolId == s.Id)?.Count ?? 0);
        }).ToList();
    }

    private sealed record HeadContact(int SchoolId, string Email, string Name, string School, int Urn);

    /// The active headteacher accounts linked to the schools.
    private IQueryable<HeadContact> HeadsQuery(List<int> schoolIds) =>
        from l in db.UserSchools
        join u in db.Users on l.UserId equals u.Id
        join s in db.Schools on l.SchoolId equals s.Id
        where schoolIds.Contains(l.SchoolId) && !u.IsDisabled && u.Email != null
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Headteacher))
        select new HeadContact(l.SchoolId, u.Email!, u.DisplayName, s.Name, s.Urn);

    private async Task<int> SendRemindersAsync(TrustBrand trust, CycleRef open, List<int> schoolIds, CancellationToken ct)
    {
        var heads = await HeadsQuery(schoolIds).ToListAsync(ct);
        var baseUrl = configuration["Portal:BaseUrl"]?.TrimEnd('/') ?? $"{Request.Scheme}://{Request.Host}";
        foreach (var head in heads)
        {
            await email.SendAsync(new EmailMessage(head.Email, $"Reminder: {head.School}'s progress return for {open.Name}",
                $"Hello {head.Name},\n\n{trust.Name} has not yet received {head.School}'s progress return for {open.Name}; " +
                $"returns are due by {ProgressDisplay.Day(open.ClosesOn)}.\n\nRecord progress and submit the return here:\n\n" +
                $"{baseUrl}/{trust.Slug}/progress/{head.Urn}\n"), ct);
        }
        LogReminders(logger, heads.Count, trust.Id);
        return heads.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Progress return reminders sent to {Count} headteachers of trust {TrustId}")]
    private static partial void LogReminders(ILogger logger, int count, int trustId);
}
