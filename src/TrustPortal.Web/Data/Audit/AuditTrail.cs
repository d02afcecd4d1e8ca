using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Accounts;

namespace TrustPortal.Web.Data.Audit;

/// Events that change no row but belong in the database audit as well as the 31-day log (UK GDPR accountability):
/// sign-ins (success, failure, refusals, MFA) and reads that export personal data (subject access exports, evidence
/// downloads, progress exports). Written in a scope of their own, so a request's unsaved changes are never swept in.
public sealed class AuditTrail(IServiceScopeFactory scopes, IHttpContextAccessor http, TimeProvider clock)
{
    public const string SignIn = "SignIn";
    public const string Export = "Export";
    public const string Email = "Email";
    /// A Microsoft or Google account linked to a portal account (or an account made for it at first sign-in).
    public const string ExternalLogin = "ExternalLogin";

    private static readonly System.Text.Json.JsonSerializerOptions ReadableJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// A sign-in event of a known account, in that account's trust.
    public void RecordSignIn(string userId, string action) => Record(SignIn, userId, action, RemoteAddressJson());

    /// A Microsoft or Google account linked to the account ("Linked"), or the account made at first sign-in ("Created").
    public void RecordExternalLogin(string userId, string action, string provider) =>
        Record(ExternalLogin, userId, action, System.Text.Json.JsonSerializer.Serialize(
            new { Provider = provider, RemoteIp = http.HttpContext?.Connection.RemoteIpAddress?.ToString() }, ReadableJson));

    private void Record(string entityType, string userId, string action, string? values)
    {
        ArgumentNullException.ThrowIfNull(userId);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var account = db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.TrustId, u.DisplayName }).FirstOrDefault();
        db.AuditEntries.Add(new AuditEntry
        {
            UtcTime = clock.GetUtcNow().UtcDateTime,
            UserId = userId,
            UserName = account?.DisplayName ?? "",
            TrustId = account?.TrustId,
            EntityType = entityType,
            EntityId = userId,
            Action = action,
            NewValues = values,
        });
        db.SaveChanges();
    }

    /// A read that takes personal data out of the portal, by the signed-in person.
    public async Task RecordExportAsync(string what, string entityId, int? trustId, CancellationToken ct)
    {
        var user = http.HttpContext?.User;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        db.AuditEntries.Add(new AuditEntry
        {
            UtcTime = clock.GetUtcNow().UtcDateTime,
            UserId = user?.FindFirstValue(ClaimTypes.NameIdentifier) ?? AuditActor.Override ?? "system",
            UserName = user?.FindFirstValue(PortalClaims.DisplayName) ?? AuditActor.Override ?? "system",
            TrustId = trustId,
            EntityType = Export,
            EntityId = entityId,
            Action = what,
            NewValues = RemoteAddressJson(),
        });
        await db.SaveChangesAsync(ct);
    }

    /// An e-mail the portal sent: to whom and its subject (never its body, which may hold a link that signs someone
    /// in), against the recipient's account and trust, so a subject access export can list the e-mails a person was sent.
    public async Task RecordEmailAsync(string to, string subject, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(subject);
        var user = http.HttpContext?.User;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var normalized = to.Trim().ToUpperInvariant();
        var recipient = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Id, u.TrustId }).FirstOrDefaultAsync(ct);
        db.AuditEntries.Add(new AuditEntry
        {
            UtcTime = clock.GetUtcNow().UtcDateTime,
            UserId = user?.FindFirstValue(ClaimTypes.NameIdentifier) ?? AuditActor.Override ?? "system",
            UserName = user?.FindFirstValue(PortalClaims.DisplayName) ?? AuditActor.Override ?? "system",
            TrustId = recipient?.TrustId,
            EntityType = Email,
            EntityId = recipient?.Id ?? "",
            Action = "Sent",
            NewValues = System.Text.Json.JsonSerializer.Serialize(new { To = to, Subject = subject }, ReadableJson),
        });
        await db.SaveChangesAsync(ct);
    }

    private string? RemoteAddressJson() =>
        http.HttpContext?.Connection.RemoteIpAddress is { } address
            ? System.Text.Json.JsonSerializer.Serialize(new { RemoteIp = address.ToString() })
            : null;
}
