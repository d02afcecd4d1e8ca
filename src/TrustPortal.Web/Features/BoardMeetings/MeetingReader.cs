using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Improvement;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.BoardPack;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.BoardMeetings;

/// The reads of the meetings pages, each a fixed number of queries whatever the number of meetings, decisions,
/// actions or packs (BoardMeetingsTests counts them).
public sealed class MeetingReader(TrustPortalDbContext db)
{
    public async Task<int> QuorumAsync(int trustId, CancellationToken ct) =>
        await db.BoardSettings.AsNoTracking().Where(s => s.TrustId == trustId).Select(s => (int?)s.Quorum).FirstOrDefaultAsync(ct) ?? BoardSettings.DefaultQuorum;

    public Task<List<MeetingRow>> MeetingsAsync(int trustId, CancellationToken ct) =>
        db.BoardMeetings.AsNoTracking().Where(m => m.TrustId == trustId).OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.Id)
            .Select(m => new MeetingRow(m.Id, m.HeldOn, m.Kind, m.Committee, m.Quorum, m.Attendees.Count,
                db.IssuedPacks.Count(p => p.BoardMeetingId == m.Id), db.BoardDecisions.Count(d => d.BoardMeetingId == m.Id), m.IsExample))
            .ToListAsync(ct);

    public Task<List<SignOffHistoryRow>> EarlierSignOffsAsync(int trustId, CancellationToken ct) =>
        db.BoardSignOffs.AsNoTracking().Where(s => s.TrustId == trustId).OrderByDescending(s => s.MeetingDate).ThenByDescending(s => s.Id)
            .Select(s => new SignOffHistoryRow(s.MeetingDate, s.MinuteReference, db.ReviewCycles.Where(c => c.Id == s.ReviewCycleId).Select(c => c.Name).FirstOrDefault(),
                s.Comment, s.RecordedBy))
            .ToListAsync(ct);

    /// The trust's trustees who can sign in, by name.
    public Task<List<PersonChoice>> TrusteesAsync(int trustId, CancellationToken ct) =>
        (from u in db.Users.AsNoTracking()
         join ur in db.UserRoles on u.Id equals ur.UserId
         join r in db.Roles on ur.RoleId equals r.Id
         where u.TrustId == trustId && !u.IsDisabled && r.Name == Roles.Trustee
         orderby u.DisplayName
         select new PersonChoice(u.Id, u.DisplayName)).ToListAsync(ct);

    /// Everyone of the trust who can own an action.
    public Task<List<PersonChoice>> PeopleAsync(int trustId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.TrustId == trustId && !u.IsDisabled).OrderBy(u => u.DisplayName)
            .Select(u => new PersonChoice(u.Id, u.DisplayName)).ToListAsync(ct);

    public Task<List<CycleChoice>> CyclesAsync(int trustId, CancellationToken ct) =>
        db.ReviewCycles.AsNoTracking()
            .Where(c => db.StrategicPlans.Any(p => p.Id == c.StrategicPlanId && p.TrustId == trustId && p.Status != Domain.Plans.PlanStatus.Archived))
            .OrderByDescending(c => c.OpensOn).Select(c => new CycleChoice(c.Id, c.Name)).ToListAsync(ct);

    public Task<List<SchoolChoiceRow>> SchoolsAsync(int trustId, CancellationToken ct) =>
        db.Schools.AsNoTracking().Where(s => s.TrustId == trustId && !s.IsArchived).OrderBy(s => s.Name)
            .Select(s => new SchoolChoiceRow(s.Id, s.Name)).ToListAsync(ct);

    /// A meeting's page: the meeting, its papers, its decisions and their actions, and the actions carried from
    /// earlier meetings; eight queries at most.
    public async Task<MeetingViewModel?> MeetingAsync(TrustBrand trust, int id, bool mayPrepare, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var meeting = await db.BoardMeetings.AsNoTracking().Where(m => m.Id == id && m.TrustId == trust.Id)
            .Select(m => new { m.Id, m.HeldOn, m.Kind, m.Committee, m.Quorum, m.IsExample, Present = m.Attendees.OrderBy(a => a.UserName).Select(a => a.UserName).ToList() })
            .AsSplitQuery().SingleOrDefaultAsync(ct);
        if (meeting is null)
        {
            return null;
        }
        var papers = await db.IssuedPacks.AsNoTracking().Where(p => p.BoardMeetingId == id && p.TrustId == trust.Id).OrderBy(p => p.IssuedAt).ThenBy(p => p.Id)
            .Select(p => new PaperRow(p.Id, p.Scope, db.ReviewCycles.Where(c => c.Id == p.ReviewCycleId).Select(c => c.Name).First(), p.IssuedBy, p.IssuedAt,
                p.Files.OrderBy(f => f.Id).Select(f => new IssuedFileRow(f.Format, f.Size)).ToList()))
            .AsSplitQuery().ToListAsync(ct);
        var decisions = await db.BoardDecisions.AsNoTracking().Where(d => d.BoardMeetingId == id && d.TrustId == trust.Id).OrderBy(d => d.RecordedAt).ThenBy(d => d.Id)
            .Select(d => new DecisionRow(d.Id, d.Outcome, d.MinuteReference, d.Notes, db.ReviewCycles.Where(c => c.Id == d.ReviewCycleId).Select(c => c.Name).FirstOrDefault(),
                d.RecordedBy, d.RecordedAt, d.IsExample,
                d.Schools.Join(db.Schools, x => x.SchoolId, s => s.Id, (x, s) => s.Name).OrderBy(n => n).ToList()))
            .AsSplitQuery().ToListAsync(ct);
        var actions = await ActionRows(db.ImprovementActions.Where(a => a.TrustId == trust.Id && db.BoardDecisions.Any(d => d.Id == a.BoardDecisionId && d.BoardMeetingId == id)))
            .ToListAsync(ct);

        // Open actions of decisions at meetings before this one; BoardMeeting.Carries is the rule, the query narrows.
        var heldOn = meeting.HeldOn;
        var candidates = await (from a in db.ImprovementActions.AsNoTracking()
                                join d in db.BoardDecisions on a.BoardDecisionId equals d.Id
                                join m in db.BoardMeetings on d.BoardMeetingId equals m.Id
                                where a.TrustId == trust.Id && m.TrustId == trust.Id && m.Id != id && m.HeldOn <= heldOn
                                    && (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress)
                                orderby a.DueOn, a.Id
                                select new { a.Id, DecisionId = d.Id, a.Description, a.OwnerName, a.DueOn, a.Status, m.HeldOn, MeetingId = m.Id, m.Kind, m.Committee, d.MinuteReference })
                               .ToListAsync(ct);
        var carried = candidates.Where(c => BoardMeeting.Carries(c.HeldOn, c.MeetingId, c.Status, heldOn, id))
            .Select(c => new CarriedAction(new DecisionActionRow(c.Id, c.DecisionId, c.Description, c.OwnerName, c.DueOn, c.Status), c.HeldOn,
                BoardMeeting.TitleOf(c.Kind, c.Committee), c.MeetingId, c.MinuteReference)).ToList();

        var unlinked = mayPrepare
            ? await db.IssuedPacks.AsNoTracking().Where(p => p.TrustId == trust.Id && p.BoardMeetingId == null).OrderByDescending(p => p.IssuedAt)
                .Select(p => new { p.Id, p.MeetingTitle, p.MeetingOn, p.Scope }).ToListAsync(ct)
            : [];
        return new MeetingViewModel(trust, meeting.Id, meeting.HeldOn, BoardMeeting.TitleOf(meeting.Kind, meeting.Committee), meeting.Quorum, meeting.Present,
            meeting.IsExample, papers, decisions, actions, carried,
            unlinked.Select(p => new PaperChoice(p.Id, $"{p.MeetingTitle}, {PackModel.Date(p.MeetingOn)}{(p.Scope == PackScope.ExceptionsSinceLastMeeting ? " (exceptions only)" : "")}")).ToList(),
            mayPrepare, today);
    }

    /// The decisions about a school, newest meeting first, with their actions: three queries.
    public async Task<IReadOnlyList<SchoolDecisionRow>> AboutSchoolAsync(int trustId, int schoolId, CancellationToken ct)
    {
        var decisions = await (from d in db.BoardDecisions.AsNoTracking()
                               join m in db.BoardMeetings on d.BoardMeetingId equals m.Id
                               where d.TrustId == trustId && d.Schools.Any(s => s.SchoolId == schoolId)
                               orderby m.HeldOn descending, m.Id descending, d.Id
                               select new
                               {
                                   Row = new DecisionRow(d.Id, d.Outcome, d.MinuteReference, d.Notes, db.ReviewCycles.Where(c => c.Id == d.ReviewCycleId).Select(c => c.Name).FirstOrDefault(),
                                       d.RecordedBy, d.RecordedAt, d.IsExample, d.Schools.Join(db.Schools, x => x.SchoolId, s => s.Id, (x, s) => s.Name).OrderBy(n => n).ToList()),
                                   m.HeldOn, m.Kind, m.Committee,
                               }).AsSplitQuery().ToListAsync(ct);
        var ids = decisions.Select(d => d.Row.Id).ToList();
        var actions = await ActionRows(db.ImprovementActions.Where(a => a.TrustId == trustId && a.BoardDecisionId != null && ids.Contains(a.BoardDecisionId.Value)))
            .ToListAsync(ct);
        return decisions.Select(d => new SchoolDecisionRow(d.Row, d.HeldOn, BoardMeeting.TitleOf(d.Kind, d.Committee),
            actions.Where(a => a.DecisionId == d.Row.Id).ToList())).ToList();
    }

    private static IQueryable<DecisionActionRow> ActionRows(IQueryable<ImprovementAction> actions) =>
        actions.AsNoTracking().OrderBy(a => a.DueOn).ThenBy(a => a.Id)
            .Select(a => new DecisionActionRow(a.Id, a.BoardDecisionId!.Value, a.Description, a.OwnerName, a.DueOn, a.Status));
}
