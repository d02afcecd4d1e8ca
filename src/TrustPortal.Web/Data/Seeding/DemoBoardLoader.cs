using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;

namespace TrustPortal.Web.Data.Seeding;

/// One past board meeting with its decision about the plan review, for the trust the demo accounts use, marked as
/// example data. Dates come from the trust's cycles (never the clock), so every fresh database holds the same rows.
/// No trustee is recorded as present and the decision has no actions: people and owners are accounts, which the demo
/// data does not create.
public sealed class DemoBoardLoader(TrustPortalDbContext db)
{
    public async Task LoadAsync(CancellationToken ct)
    {
        var trustId = await db.Trusts.Where(t => t.Slug == DemoAccounts.TrustSlug).Select(t => (int?)t.Id).SingleOrDefaultAsync(ct);
        if (trustId is not { } id || await db.BoardMeetings.AnyAsync(m => m.TrustId == id, ct))
        {
            return;
        }
        var cycles = await (from c in db.ReviewCycles.AsNoTracking()
                            join p in db.StrategicPlans on c.StrategicPlanId equals p.Id
                            where p.TrustId == id
                            orderby c.OpensOn
                            select new { c.Id, c.OpensOn, c.State }).ToListAsync(ct);
        var open = cycles.FirstOrDefault(c => c.State == CycleState.Open);
        var school = await db.Schools.AsNoTracking().Where(s => s.TrustId == id && !s.IsArchived).OrderBy(s => s.Urn).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);
        if (open is null || school is null)
        {
            return;
        }
        var reviewed = cycles.LastOrDefault(c => c.OpensOn < open.OpensOn)?.Id;
        var heldOn = open.OpensOn.AddDays(-7);
        var at = new DateTimeOffset(heldOn.ToDateTime(new TimeOnly(19, 0)), TimeSpan.Zero);
        var meeting = new BoardMeeting(id, heldOn, MeetingKind.FullBoard, null, BoardSettings.DefaultQuorum, DemoImprovementLoader.Author, at);
        meeting.MarkAsExample();
        db.BoardMeetings.Add(meeting);
        await db.SaveChangesAsync(ct);
        var decision = new BoardDecision(meeting, reviewed, DecisionOutcome.Accepted, "FB/EX/1",
            "Example data: the board accepted the review of the plan and noted the first school's reading results.",
            [school.Value], [], DemoImprovementLoader.Author, DemoImprovementLoader.Author, at);
        decision.MarkAsExample();
        db.BoardDecisions.Add(decision);
        await db.SaveChangesAsync(ct);
    }
}
