using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Audit;

namespace TrustPortal.Web.Infrastructure;

/// Settings under "Retention": how long personal data is kept (docs/data-protection.md).
public sealed class RetentionOptions : IPeriodicJobOptions
{
    public bool Enabled { get; set; } = true;
    /// How often the job runs, and how long after start-up it first runs.
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan FirstRunDelay { get; set; } = TimeSpan.FromMinutes(5);
    /// Written e-mails (the Folder sender's .eml files hold invitation links): 30 days.
    public int EmailDays { get; set; } = 30;
    /// Sign-in and export records in the audit: one year.
    public int SecurityRecordDays { get; set; } = 365;
    /// Every other audit row (who changed what): six years, the usual retention of a trust's governance records.
    public int AuditDays { get; set; } = 6 * 365;
    /// Invitations, used or expired, are removed this long after they expire.
    public int InvitationDays { get; set; } = 30;
}

/// Removes what the portal no longer needs to keep: expired sessions, old invitations, written e-mails, and audit and
/// security records past their retention period. Idempotent, so every instance may run it; logs what it removed.
public sealed class RetentionJob(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, IOptions<Accounts.SessionOptions> sessions,
    EmailOptions email, IHostEnvironment environment, TimeProvider clock, ILogger<RetentionJob> logger)
    : PeriodicJob<RetentionOptions>(options, clock, logger)
{
    public sealed record Removed(int Sessions, int Invitations, int Emails, int SecurityRecords, int AuditRows);

    protected override string Name => "Retention";

    protected override Task RunAsync(CancellationToken ct) => RunOnceAsync(ct);

    public async Task<Removed> RunOnceAsync(CancellationToken ct)
    {
        var settings = Settings;
        var now = Clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var idleBefore = now - sessions.Value.IdleTimeout;
        var createdBefore = now - sessions.Value.AbsoluteTimeout;
        var expiredSessions = await db.UserSessions.Where(s => s.LastSeenUtc < idleBefore || s.CreatedUtc < createdBefore).ExecuteDeleteAsync(ct);
        var invitationsBefore = now.AddDays(-settings.InvitationDays);
        var invitations = await db.Invitations.Where(i => i.ExpiresUtc < invitationsBefore).ExecuteDeleteAsync(ct);
        var securityBefore = now.AddDays(-settings.SecurityRecordDays);
        var security = await db.AuditEntries
            .Where(a => (a.EntityType == AuditTrail.SignIn || a.EntityType == AuditTrail.Export || a.EntityType == AuditTrail.Email) && a.UtcTime < securityBefore)
            .ExecuteDeleteAsync(ct);
        var auditBefore = now.AddDays(-settings.AuditDays);
        var audit = await db.AuditEntries.Where(a => a.UtcTime < auditBefore).ExecuteDeleteAsync(ct);
        var emails = PruneEmails(now.AddDays(-settings.EmailDays));
        var removed = new Removed(expiredSessions, invitations, emails, security, audit);
        Logger.LogInformation(
            "Retention: removed {Sessions} expired sessions, {Invitations} old invitations, {Emails} written e-mails, {SecurityRecords} sign-in and export records and {AuditRows} audit rows",
            removed.Sessions, removed.Invitations, removed.Emails, removed.SecurityRecords, removed.AuditRows);
        return removed;
    }

    private int PruneEmails(DateTime before)
    {
        var folder = Path.IsPathRooted(email.Folder) ? email.Folder : Path.Combine(environment.ContentRootPath, email.Folder);
        if (!Directory.Exists(folder))
        {
            return 0;
        }
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
        {
            if (File.GetLastWriteTimeUtc(file) < before)
            {
                File.Delete(file);
                removed++;
            }
        }
        return removed;
    }
}
