using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Infrastructure.Caching;

/// Notices a save of anything a cached page shows (as each entity's mapping declares: CachedPages), renews the stamp
/// of that area for that trust only, in the SAME SaveChanges (so the change and the signal commit or fail together),
/// and moves this instance's generation of that trust and area once the change is committed. Other instances see the
/// new stamp through TrustCacheStampPoller. A save of an entity that is never cached renews nothing.
public sealed class TrustCacheStampInterceptor(TrustCacheGenerations generations) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed class SaveState
    {
        public HashSet<(int Trust, CachedArea Area)> Saving = [];
        public List<Trust> AddedTrusts = [];
        public HashSet<(int Trust, CachedArea Area)> AwaitingCommit = [];
        public bool DirectoryAwaitingCommit;
    }

    private readonly ConditionalWeakTable<DbContext, SaveState> _states = new();

    /// The trust of rows that were not loaded (a school a progress save names only by id): a row never moves to
    /// another trust (every TrustId is set once, in a constructor), so what is learnt once stays true.
    private readonly ConcurrentDictionary<(Type Type, int Id), int> _trustOf = new();
    private const int TrustOfLimit = 100_000;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        SavingAsync(eventData.Context, async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        await SavingAsync(eventData.Context, async: true, cancellationToken);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Failed(eventData.Context);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Committed(eventData.Context);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        RolledBack(eventData.Context);
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        RolledBack(eventData.Context);
        return Task.CompletedTask;
    }

    private async ValueTask SavingAsync(DbContext? context, bool async, CancellationToken ct)
    {
        if (context is null)
        {
            return;
        }
        var changed = context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && CachedPages.AreaOf(e.Metadata) is not null)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }
        var tracked = new TrackedRows(context);
        var renew = new HashSet<(int Trust, CachedArea Area)>();
        var addedTrusts = new List<Trust>();
        foreach (var entry in changed)
        {
            var area = CachedPages.AreaOf(entry.Metadata)!.Value;
            if (entry.Entity is Trust trust && entry.State == EntityState.Added)
            {
                // A new trust has no cached pages yet; its stamp row is written with it, and the landing page's list
                // moves on once it is committed.
                context.Add(new TrustCacheStamp(trust));
                addedTrusts.Add(trust);
                continue;
            }
            var owner = await TrustOfAsync(context, tracked, entry, async, ct);
            if (owner is { } id)
            {
                renew.Add((id, area));
            }
        }
        var state = _states.GetOrCreateValue(context);
        foreach (var (trustId, area) in renew)
        {
            if (tracked.Find(typeof(Trust), trustId) is { State: EntityState.Deleted })
            {
                continue; // its stamp row goes with it (cascade); the poller sees the trust gone
            }
            var stamps = context.Set<TrustCacheStamp>();
            // No read first: the row exists from the trust's creation (or the migration), so an UPDATE by key is all it takes.
            var stamp = stamps.Local.FindEntry(trustId) ?? stamps.Attach(TrustCacheStamp.Existing(trustId));
            stamp.Entity.Renew(area);
            stamp.Property(TrustCacheStamp.PropertyOf(area)).IsModified = true;
            state.Saving.Add((trustId, area));
        }
        state.AddedTrusts.AddRange(addedTrusts);
    }

    /// The trust a changed row belongs to, or null when it belongs to a trust being added in this save (nothing of it
    /// is cached yet). Follows the mapping's path (CachedPages.TrustPathOf) through rows loaded in this context,
    /// and asks the database only for a row that was not loaded, once per row per instance.
    private async ValueTask<int?> TrustOfAsync(DbContext context, TrackedRows tracked, EntityEntry entry, bool async, CancellationToken ct)
    {
        var useOriginal = entry.State == EntityState.Deleted;
        while (true)
        {
            var type = entry.Metadata;
            if (CachedPages.OwnTrustPropertyOf(type) is { } own)
            {
                var property = entry.Property(own.Name);
                if (property.IsTemporary || (entry.Entity is Trust && entry.State == EntityState.Added))
                {
                    return null;
                }
                return (int)(useOriginal ? property.OriginalValue : property.CurrentValue)!;
            }
            var path = CachedPages.TrustPathOf(type) ?? throw new InvalidOperationException($"{type.DisplayName()} is cached but names no way to its trust.");
            var key = entry.Property(path.Properties[0].Name);
            var value = (int)(useOriginal ? key.OriginalValue : key.CurrentValue)!;
            var principal = tracked.Find(path.PrincipalEntityType.ClrType, value);
            if (principal is null)
            {
                return await TrustOfRowAsync(context, (IEntityType)path.PrincipalEntityType, value, async, ct);
            }
            entry = principal;
            useOriginal = principal.State == EntityState.Deleted;
        }
    }

    private async ValueTask<int?> TrustOfRowAsync(DbContext context, IEntityType type, int id, bool async, CancellationToken ct)
    {
        if (type.ClrType == typeof(Trust))
        {
            return id;
        }
        if (_trustOf.TryGetValue((type.ClrType, id), out var known))
        {
            return known;
        }
        var column = CachedPages.OwnTrustPropertyOf(type) ?? CachedPages.TrustPathOf(type)!.Properties[0];
        var next = await ReadAsync(context, type, column, id, async, ct);
        if (next is null)
        {
            return null; // the row is gone (deleted by another request): nothing of it is on a page any more
        }
        int? trust = CachedPages.OwnTrustPropertyOf(type) is not null
            ? next
            : await TrustOfRowAsync(context, (IEntityType)CachedPages.TrustPathOf(type)!.PrincipalEntityType, next.Value, async, ct);
        if (trust is { } found)
        {
            if (_trustOf.Count > TrustOfLimit)
            {
                _trustOf.Clear();
            }
            _trustOf[(type.ClrType, id)] = found;
        }
        return trust;
    }

    /// One column of one row, through EF (so it runs in the save's transaction and is counted like any query).
    private static async ValueTask<int?> ReadAsync(DbContext context, IEntityType type, IReadOnlyProperty column, int id, bool async, CancellationToken ct)
    {
        var sql = context.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var keyColumn = type.FindPrimaryKey()!.Properties[0].GetColumnName(table)!;
#pragma warning disable EF1002 // Identifiers come from the EF model, delimited by the provider; the id is a parameter.
        var query = context.Database.SqlQueryRaw<int>(
            $"SELECT {sql.DelimitIdentifier(column.GetColumnName(table)!)} AS {sql.DelimitIdentifier("Value")} FROM {sql.DelimitIdentifier(table.Name, table.Schema)} WHERE {sql.DelimitIdentifier(keyColumn)} = {{0}}",
            id);
#pragma warning restore EF1002
        var values = async ? await query.ToListAsync(ct) : query.ToList();
        return values.Count == 0 ? null : values[0];
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_states.TryGetValue(context, out var state) || (state.Saving.Count == 0 && state.AddedTrusts.Count == 0))
        {
            return;
        }
        var renewed = state.Saving.ToList();
        var directory = state.AddedTrusts.Count > 0;
        state.Saving.Clear();
        state.AddedTrusts.Clear();
        if (context.Database.CurrentTransaction is null)
        {
            Move(renewed, directory);
        }
        else
        {
            // Not visible to other connections until the caller commits: a new generation now could be filled with
            // the old content by a request that reads before the commit.
            state.AwaitingCommit.UnionWith(renewed);
            state.DirectoryAwaitingCommit |= directory;
        }
    }

    private void Move(IEnumerable<(int Trust, CachedArea Area)> renewed, bool directory)
    {
        foreach (var (trust, area) in renewed)
        {
            generations.Changed(trust, area);
        }
        if (directory)
        {
            generations.DirectoryChanged();
        }
    }

    private void Failed(DbContext? context)
    {
        if (context is not null && _states.TryGetValue(context, out var state))
        {
            state.Saving.Clear();
            state.AddedTrusts.Clear();
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && _states.TryGetValue(context, out var state) && (state.AwaitingCommit.Count > 0 || state.DirectoryAwaitingCommit))
        {
            var renewed = state.AwaitingCommit.ToList();
            var directory = state.DirectoryAwaitingCommit;
            state.AwaitingCommit.Clear();
            state.DirectoryAwaitingCommit = false;
            Move(renewed, directory);
        }
    }

    private void RolledBack(DbContext? context)
    {
        if (context is not null && _states.TryGetValue(context, out var state))
        {
            state.AwaitingCommit.Clear();
            state.DirectoryAwaitingCommit = false;
        }
    }

    /// The rows this context has loaded or added, found by type and id (temporary ids included).
    private sealed class TrackedRows(DbContext context)
    {
        private Dictionary<(Type, int), EntityEntry>? _rows;

        public EntityEntry? Find(Type type, int id)
        {
            _rows ??= Build();
            return _rows.GetValueOrDefault((type, id));
        }

        private Dictionary<(Type, int), EntityEntry> Build()
        {
            var rows = new Dictionary<(Type, int), EntityEntry>();
            foreach (var entry in context.ChangeTracker.Entries())
            {
                if (CachedPages.AreaOf(entry.Metadata) is null || entry.Metadata.FindPrimaryKey() is not { Properties: [{ ClrType: var keyType } key] } || keyType != typeof(int))
                {
                    continue;
                }
                rows.TryAdd((entry.Metadata.ClrType, (int)entry.Property(key.Name).CurrentValue!), entry);
            }
            return rows;
        }
    }
}
