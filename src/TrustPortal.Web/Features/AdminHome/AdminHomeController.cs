using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.AdminHome;

public sealed record CycleToAct(string Name, string PlanTitle, string Href, DateOnly OpensOn, DateOnly ClosesOn, CycleState State);

public sealed record OpenCycleReturns(string Name, DateOnly ClosesOn, int Schools, int Submitted, int Drafts);

public sealed record PendingInvitation(string Name, string Email, string UserId, DateTime ExpiresUtc, bool Expired);

public sealed record AdminOverviewViewModel(
    string TrustName,
    string TrustSlug,
    IReadOnlyList<OpenCycleReturns> OpenCycles,
    IReadOnlyList<CycleToAct> CyclesToOpen,
    IReadOnlyList<CycleToAct> CyclesToClose,
    IReadOnlyList<PendingInvitation> Invitations,
    int DraftPlans);

/// The administrator's landing page: what needs doing now, each item a link to the page that does it.
[Authorize(Policy = Policies.ManageContent)]
[Route("admin")]
public sealed class AdminHomeController(TrustPortalDbContext db, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var trustId = User.TrustId()!.Value;
        var trust = await db.Trusts.AsNoTracking().Where(t => t.Id == trustId).Select(t => new { t.Name, t.Slug, t.IsBeingSetUp }).SingleOrDefaultAsync(ct);
        if (trust is null)
        {
            return NotFound();
        }
        if (trust.IsBeingSetUp)
        {
            // A new trust's administrator lands on the guided set-up until they publish the trust (ADR 0152).
            return Redirect("/admin/set-up");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var cycles = await CyclesAsync(trustId, ct);
        var schools = await db.Schools.CountAsync(s => s.TrustId == trustId && !s.IsArchived, ct);
        var returns = await ReturnCountsAsync(trustId, cycles.Where(c => c.State == CycleState.Open).Select(c => c.Id).ToList(), ct);
        int Count(int cycleId, ReturnState state) => returns.Where(r => r.CycleId == cycleId && r.State == state).Sum(r => r.Count);
        var draftPlans = await db.StrategicPlans.CountAsync(p => p.TrustId == trustId && p.Status == PlanStatus.Draft, ct);
        static CycleToAct Act(CycleRow c) => new(c.Name, c.PlanTitle, $"/admin/plans/{c.PlanSlug}/cycles/{c.Id}", c.OpensOn, c.ClosesOn, c.State);
        return View(new AdminOverviewViewModel(
            trust.Name,
            trust.Slug,
            cycles.Where(c => c.State == CycleState.Open)
                .Select(c => new OpenCycleReturns(c.Name, c.ClosesOn, schools, Count(c.Id, ReturnState.Submitted), Count(c.Id, ReturnState.Draft))).ToList(),
            cycles.Where(c => c.State == CycleState.Planned && c.OpensOn <= today).Select(Act).ToList(),
            cycles.Where(c => c.State == CycleState.Open && c.ClosesOn < today).Select(Act).ToList(),
            await InvitationsAsync(trustId, now, ct),
            draftPlans));
    }

    /// The cycles of the trust's published plans that are not closed yet.
    private Task<List<CycleRow>> CyclesAsync(int trustId, CancellationToken ct) => (
            from c in db.ReviewCycles.AsNoTracking()
            join p in db.StrategicPlans on c.StrategicPlanId equals p.Id
            where p.TrustId == trustId && p.Status == PlanStatus.Published && c.State != CycleState.Closed
            orderby c.OpensOn, c.Id
            select new CycleRow(c.Id, c.Name, c.OpensOn, c.ClosesOn, c.State, p.Slug, p.Title))
        .ToListAsync(ct);

    /// How many of the trust's schools' returns are in each state, per open cycle (archived schools left out).
    private Task<List<ReturnCount>> ReturnCountsAsync(int trustId, List<int> openIds, CancellationToken ct) =>
        db.SchoolReturns.AsNoTracking()
            .Where(r => openIds.Contains(r.ReviewCycleId) && db.Schools.Any(s => s.Id == r.SchoolId && s.TrustId == trustId && !s.IsArchived))
            .GroupBy(r => new { r.ReviewCycleId, r.State })
            .Select(g => new ReturnCount(g.Key.ReviewCycleId, g.Key.State, g.Count()))
            .ToListAsync(ct);

    /// Invitations not yet used by people of the trust whose accounts are enabled, newest first, one per person.
    private async Task<List<PendingInvitation>> InvitationsAsync(int trustId, DateTime now, CancellationToken ct)
    {
        var invitations = await (
                from i in db.Invitations.AsNoTracking()
                join u in db.Users on i.UserId equals u.Id
                where u.TrustId == trustId && i.UsedUtc == null && !u.IsDisabled
                orderby i.ExpiresUtc descending
                select new { u.DisplayName, u.Email, u.Id, i.ExpiresUtc })
            .ToListAsync(ct);
        return invitations.GroupBy(i => i.Id).Select(g => g.First())
            .Select(i => new PendingInvitation(i.DisplayName, i.Email ?? "", i.Id, i.ExpiresUtc, i.ExpiresUtc <= now)).ToList();
    }

    private sealed record CycleRow(int Id, string Name, DateOnly OpensOn, DateOnly ClosesOn, CycleState State, string PlanSlug, string PlanTitle);

    private sealed record ReturnCount(int CycleId, ReturnState State, int Count);
}
