using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TrustPortal.Web.Accounts;

namespace TrustPortal.Web.Data.Audit;

/// Who is making changes outside a web request: "system" by default, "cli" in the command line.
public static class AuditActor
{
    private static readonly AsyncLocal<string?> Current = new();

    public static string? Override => Current.Value;

    public static IDisposable Use(string name)
    {
        var previous = Current.Value;
        Current.Value = name;
        return new Restore(() => Current.Value = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}

/// Adds an AuditEntry for every inserted, changed or deleted row to the same SaveChanges, so the entries are written
/// in the same transaction as the change, each changed field old → new (those inside a progress entry too). Secrets
/// (password hashes, stamps, tokens) never go into the trail.
public sealed class AuditInterceptor(IHttpContextAccessor http, TimeProvider clock) : BeforeSaveInterceptor
{
    private static readonly HashSet<string> SecretProperties = new(StringComparer.Ordinal)
    {
        nameof(PortalUser.PasswordHash), nameof(PortalUser.SecurityStamp), nameof(PortalUser.ConcurrencyStamp),
        nameof(PortalUser.LastTotpTimeStep), nameof(PortalUser.AccessFailedCount), nameof(PortalUser.NormalizedEmail),
        nameof(PortalUser.NormalizedUserName), nameof(Invitation.TokenHash), "Version",
    };

    private static readonly HashSet<Type> NotAudited =
    [
        // A content version is itself history; the change it records is audited on the content row.
        typeof(AuditEntry), typeof(Domain.Trusts.ContentVersion), typeof(UserSession), typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey), typeof(FormReceipt), typeof(SavedDraft), typeof(IdentityUserToken<string>), typeof(IdentityUserLogin<string>),
        // A cache signal, renewed with the content change that is itself audited.
        typeof(TrustCacheStamp), typeof(DatabaseMarker),
        // An uploaded list (its rows become audited accounts) and the queue of its invitation e-mails (each audited as sent).
        typeof(UserImportBatch), typeof(PendingInvitation),
    ];

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Rows whose key the database generates have no id until the insert: their audit entries are written in the
    // same transaction as the insert and get the id straight after (see SavedChanges).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, List<(AuditEntry Audit, EntityEntry Entry)>> _awaitingKeys = new();

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (FillKeys(eventData.Context))
        {
            eventData.Context!.SaveChanges();
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (FillKeys(eventData.Context))
        {
            await eventData.Context!.SaveChangesAsync(cancellationToken);
        }
        return result;
    }

    private bool FillKeys(DbContext? context)
    {
        if (context is null || !_awaitingKeys.TryGetValue(context, out var pending))
        {
            return false;
        }
        _awaitingKeys.Remove(context);
        var links = new LinkedTrusts(context, [.. context.ChangeTracker.Entries()]);
        foreach (var (audit, entry) in pending)
        {
            // Through the entry, so the change is seen even where automatic change detection is switched off.
            var row = context.Entry(audit);
            row.Property(a => a.EntityId).CurrentValue = KeyText(entry);
            if (audit.TrustId is null)
            {
                row.Property(a => a.TrustId).CurrentValue = TrustOf(entry) ?? links.Of(entry);
            }
        }
        return pending.Count > 0;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context)
        {
            _awaitingKeys.Remove(context);
        }
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    private static string KeyText(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        return key is null || key.Properties.Any(p => entry.Property(p.Name).IsTemporary)
            ? ""
            : string.Join(",", key.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)));
    }

    protected override void BeforeSave(DbContext context)
    {
        context.ChangeTracker.DetectChanges();
        var tracked = context.ChangeTracker.Entries().ToList();
        var changes = tracked
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && !NotAudited.Contains(e.Metadata.ClrType))
            .ToList();
        if (changes.Count == 0)
        {
            return;
        }
        var user = http.HttpContext?.User;
        var userId = user?.FindFirstValue(ClaimTypes.NameIdentifier) ?? AuditActor.Override ?? "system";
        var userName = user?.FindFirstValue(PortalClaims.DisplayName) ?? user?.Identity?.Name ?? AuditActor.Override ?? "system";
        var actorTrust = int.TryParse(user?.FindFirstValue(PortalClaims.TrustId), CultureInfo.InvariantCulture, out var t) ? t : (int?)null;
        var now = clock.GetUtcNow().UtcDateTime;
        var links = new LinkedTrusts(context, tracked);
        foreach (var entry in changes)
        {
            var audit = Describe(entry);
            if (audit is null)
            {
                continue;
            }
            audit.UtcTime = now;
            audit.UserId = userId;
            audit.UserName = userName;
            // A row with no trust of its own (a role grant, a school link, an invitation) belongs to its user's or
            // school's trust, whoever made the change (an administrator, the command line, an invitee).
            audit.TrustId ??= links.Of(entry) ?? (HasTemporaryTrust(entry) ? null : actorTrust);
            context.Add(audit);
            if (audit.EntityId.Length == 0 || audit.TrustId is null)
            {
                _awaitingKeys.GetOrCreateValue(context).Add((audit, entry));
            }
        }
    }

    private static AuditEntry? Describe(EntityEntry entry)
    {
        // A progress entry's fields are named as their columns are (Status, WhatWasDone), as they were before it was one value.
        var properties = RowValues.Of(entry).Where(p => !SecretProperties.Contains(p.Metadata.Name)).ToList();
        Dictionary<string, object?>? oldValues = null, newValues = null;
        switch (entry.State)
        {
            case EntityState.Added:
                newValues = properties.Where(p => !p.IsTemporary).ToDictionary(p => p.Metadata.Name, p => p.CurrentValue);
                break;
            case EntityState.Deleted:
                oldValues = properties.ToDictionary(p => p.Metadata.Name, p => p.OriginalValue);
                break;
            default:
                var changed = properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).ToList();
                if (changed.Count == 0)
                {
                    return null;
                }
                oldValues = changed.ToDictionary(p => p.Metadata.Name, p => p.OriginalValue);
                newValues = changed.ToDictionary(p => p.Metadata.Name, p => p.CurrentValue);
                break;
        }
        var keyText = KeyText(entry);
        return new AuditEntry
        {
            EntityType = entry.Metadata.ClrType.Name,
            EntityId = keyText,
            Action = entry.State.ToString(),
            TrustId = TrustOf(entry),
            OldValues = oldValues is null ? null : JsonSerializer.Serialize(oldValues, Json),
            NewValues = newValues is null ? null : JsonSerializer.Serialize(newValues, Json),
        };
    }

    /// The row's own trust: its TrustId (or its id, for a trust), unless that is still a temporary value (a trust
    /// added in the same save), which is filled in after the save instead.
    private static int? TrustOf(EntityEntry entry)
    {
        if (entry.Entity is Domain.Trusts.Trust)
        {
            var id = entry.Property(nameof(Domain.Trusts.Trust.Id));
            return id.IsTemporary ? null : id.CurrentValue as int?;
        }
        var trustProperty = entry.Metadata.FindProperty("TrustId");
        if (trustProperty is null)
        {
            return null;
        }
        var property = entry.Property(trustProperty.Name);
        return property.IsTemporary || property.CurrentValue is not int { } trust || trust <= 0 ? null : trust;
    }

    private static bool HasTemporaryTrust(EntityEntry entry) =>
        (entry.Entity is Domain.Trusts.Trust && entry.Property("Id").IsTemporary)
        || (entry.Metadata.FindProperty("TrustId") is { } p && entry.Property(p.Name).IsTemporary);

    /// For a row with no TrustId: the trust of the user (UserId) or school (SchoolId) it links to — from the rows
    /// this save tracks (indexed once per save, so a thousand new accounts cost one pass, not a thousand), else the
    /// database, once per user or school.
    private sealed class LinkedTrusts(DbContext context, IReadOnlyList<EntityEntry> tracked)
    {
        private Dictionary<string, int?>? _users;
        private Dictionary<int, int?>? _schools;
        private readonly Dictionary<string, int?> _loadedUsers = new(StringComparer.Ordinal);
        private readonly Dictionary<int, int?> _loadedSchools = [];

        public int? Of(EntityEntry entry)
        {
            if (entry.Metadata.FindProperty("TrustId") is not null || entry.Entity is Domain.Trusts.Trust)
            {
                return null;
            }
            var values = entry.State == EntityState.Deleted ? entry.OriginalValues : entry.CurrentValues;
            if (entry.Metadata.FindProperty("UserId") is not null && values["UserId"] is string userId)
            {
                _users ??= tracked.Select(e => e.Entity).OfType<PortalUser>().DistinctBy(u => u.Id).ToDictionary(u => u.Id, u => u.TrustId, StringComparer.Ordinal);
                if (_users.TryGetValue(userId, out var trust))
                {
                    return trust;
                }
                if (!_loadedUsers.TryGetValue(userId, out trust))
                {
                    trust = context.Set<PortalUser>().Where(u => u.Id == userId).Select(u => u.TrustId).FirstOrDefault();
                    _loadedUsers[userId] = trust;
                }
                return trust;
            }
            if (entry.Metadata.FindProperty("SchoolId") is not null && values["SchoolId"] is int schoolId)
            {
                _schools ??= tracked.Select(e => e.Entity).OfType<Domain.Schools.School>().DistinctBy(s => s.Id).ToDictionary(s => s.Id, s => (int?)s.TrustId);
                if (_schools.TryGetValue(schoolId, out var trust))
                {
                    return trust;
                }
                if (!_loadedSchools.TryGetValue(schoolId, out trust))
                {
                    trust = context.Set<Domain.Schools.School>().Where(s => s.Id == schoolId).Select(s => (int?)s.TrustId).FirstOrDefault();
                    _loadedSchools[schoolId] = trust;
                }
                return trust;
            }
            return null;
        }
    }
}
