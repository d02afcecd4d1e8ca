using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Audit;

namespace TrustPortal.Web.Accounts;

/// Everything the portal holds about one person, as JSON: account, roles, schools, sessions, invitations, sign-in
/// history and every audit row they made or that is about them (no row cap). Used by the person (/me/export) and by
/// their trust's administrator (/admin/users/{id}/export), e.g. for a leaver who can no longer sign in. Each export is
/// itself recorded in the audit.
public sealed class SubjectAccessExport(TrustPortalDbContext db, UserManager<PortalUser> users, AuditTrail audit, TimeProvider clock)
{
    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<byte[]> BuildAsync(PortalUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var trail = db.AuditEntries.AsNoTracking()
            .Where(a => a.UserId == user.Id || a.EntityId == user.Id || a.EntityId.StartsWith(user.Id + ","))
            .OrderBy(a => a.Id);
        var export = new
        {
            ExportedUtc = clock.GetUtcNow().UtcDateTime,
            Account = new
            {
                user.Id,
                user.Email,
                user.DisplayName,
                Trust = await db.Trusts.Where(t => t.Id == user.TrustId).Select(t => new { t.Slug, t.Name }).SingleOrDefaultAsync(ct),
                Roles = await users.GetRolesAsync(user),
                user.CreatedUtc,
                user.EmailConfirmed,
                MfaEnabled = user.TwoFactorEnabled,
                RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user),
                user.IsDisabled,
                user.LockoutEnd,
                FailedSignInsSinceLastSuccess = user.AccessFailedCount,
            },
            Schools = await db.UserSchools.Where(l => l.UserId == user.Id)
                .Join(db.Schools, l => l.SchoolId, s => s.Id, (l, s) => new { s.Urn, s.Name }).ToListAsync(ct),
            Sessions = await db.UserSessions.Where(s => s.UserId == user.Id).OrderBy(s => s.CreatedUtc)
                .Select(s => new { s.CreatedUtc, s.LastSeenUtc }).ToListAsync(ct),
            Invitations = await db.Invitations.Where(i => i.UserId == user.Id).OrderBy(i => i.CreatedUtc)
                .Select(i => new { i.CreatedUtc, i.ExpiresUtc, i.UsedUtc }).ToListAsync(ct),
            SignIns = await trail.Where(a => a.EntityType == AuditTrail.SignIn)
                .Select(a => new { a.UtcTime, Outcome = a.Action, Address = a.NewValues }).ToListAsync(ct),
            EmailsSent = await trail.Where(a => a.EntityType == AuditTrail.Email)
                .Select(a => new { a.UtcTime, ToAndSubject = a.NewValues }).ToListAsync(ct),
            AuditTrail = await trail.Where(a => a.EntityType != AuditTrail.SignIn && a.EntityType != AuditTrail.Email)
                .Select(a => new { a.UtcTime, a.UserName, a.EntityType, a.EntityId, a.Action, a.OldValues, a.NewValues })
                .ToListAsync(ct),
        };
        await audit.RecordExportAsync("SubjectAccess", user.Id, user.TrustId, ct);
        return JsonSerializer.SerializeToUtf8Bytes(export, ExportJson);
    }
}
