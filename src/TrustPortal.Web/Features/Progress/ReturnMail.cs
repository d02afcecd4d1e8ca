using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Progress;

/// The schools' returns as the administrator's overview shows them, and the e-mails to their heads (reminders, a
/// return reopened), sent through OutgoingMail like every other e-mail of the portal.
public sealed partial class ReturnMail(TrustPortalDbContext db, OutgoingMail email, IConfiguration configuration, ILogger<ReturnMail> logger)
{
    private sealed record HeadContact(int SchoolId, string Email, string Name, string School, int Urn);

    /// The active headteacher accounts linked to the schools.
    private IQueryable<HeadContact> HeadsQuery(List<int> schoolIds) =>
        from l in db.UserSchools
        join u in db.Users on l.UserId equals u.Id
        join s in db.Schools on l.SchoolId equals s.Id
        where schoolIds.Contains(l.SchoolId) && !u.IsDisabled && u.Email != null
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Headteacher))
        select new HeadContact(l.SchoolId, u.Email!, u.DisplayName, s.Name, s.Urn);

    public async Task<List<ReturnRow>> RowsAsync(int trustId, int cycleId, CancellationToken ct)
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

    /// Reminds the schools' heads that their return is due; returns how many heads were written to.
    public async Task<int> RemindAsync(TrustBrand trust, CycleRef open, List<int> schoolIds, string baseUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(open);
        var heads = await HeadsQuery(schoolIds).ToListAsync(ct);
        var portal = BaseUrl(baseUrl);
        foreach (var head in heads)
        {
            await email.SendAsync(new EmailMessage(head.Email, $"Reminder: {head.School}'s progress return for {open.Name}",
                $"Hello {head.Name},\n\n{trust.Name} has not yet received {head.School}'s progress return for {open.Name}; " +
                $"returns are due by {ProgressDisplay.Day(open.ClosesOn)}.\n\nRecord progress and submit the return here:\n\n" +
                $"{portal}/{trust.Slug}/progress/{head.Urn}\n"), ct);
        }
        LogReminders(logger, heads.Count, trust.Id);
        return heads.Count;
    }

    /// Tells the school's heads that their submitted return is open again, who opened it and why.
    public async Task<int> ReopenedAsync(TrustBrand trust, SchoolRef school, string cycleName, string reason, string reopenedBy, string baseUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(school);
        var heads = await HeadsQuery([school.Id]).ToListAsync(ct);
        var portal = BaseUrl(baseUrl);
        foreach (var head in heads)
        {
            await email.SendAsync(new EmailMessage(head.Email, $"{school.Name}'s return for {cycleName} is open for changes",
                $"Hello {head.Name},\n\n{reopenedBy} at {trust.Name} has reopened {school.Name}'s progress return for {cycleName}, " +
                $"so you can change it and submit it again.\n\nWhy it was reopened:\n\n{reason}\n\nYour return is here:\n\n" +
                $"{portal}/{trust.Slug}/progress/{school.Urn}\n"), ct);
        }
        return heads.Count;
    }

    /// Tells the school's heads that their submitted self-evaluation is open again, who opened it and why.
    public async Task<int> SelfEvaluationReopenedAsync(TrustBrand trust, SchoolRef school, string cycleName, string reason, string reopenedBy, string baseUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(school);
        var heads = await HeadsQuery([school.Id]).ToListAsync(ct);
        var portal = BaseUrl(baseUrl);
        foreach (var head in heads)
        {
            await email.SendAsync(new EmailMessage(head.Email, $"{school.Name}'s self-evaluation for {cycleName} is open for changes",
                $"Hello {head.Name},\n\n{reopenedBy} at {trust.Name} has reopened {school.Name}'s self-evaluation for {cycleName}, " +
                $"so you can change it and submit it again. The trust's judgements so far are kept.\n\nWhy it was reopened:\n\n{reason}\n\n" +
                $"Your self-evaluation is here:\n\n{portal}/{trust.Slug}/self-evaluation/{school.Urn}\n"), ct);
        }
        return heads.Count;
    }

    private string BaseUrl(string requestBase) => configuration["Portal:BaseUrl"]?.TrimEnd('/') ?? requestBase;

    [LoggerMessage(Level = LogLevel.Information, Message = "Progress return reminders sent to {Count} headteachers of trust {TrustId}")]
    private static partial void LogReminders(ILogger logger, int count, int trustId);
}
