using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Primitives;

namespace TrustPortal.Web.Infrastructure.Caching;

/// Settings under "Caching".
public sealed class CachingOptions
{
    /// How often each instance reads the PublicContentVersions row (one tiny query, whatever the load).
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// The longest a cached public page or read model is kept, whatever happens (a safety net).
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);
}

/// This instance's generation of public content. Every cache key of a public page or read model includes the generation
/// current when the request STARTED, so a response built from data read before a change is stored under a key that no
/// request looks up once the change is known: no race between a save and a slow request can store a stale page.
public sealed class PublicContentGeneration(IOutputCacheStore pages, ILogger<PublicContentGeneration> logger) : IDisposable
{
    public const string Tag = "public-content";

    private long _value;
    private CancellationTokenSource _expiry = new();

    public long Current => Interlocked.Read(ref _value);

    /// Expires every read model cached under the current generation (IMemoryCache entries take it as a token).
    public IChangeToken ExpiryToken => new CancellationChangeToken(Volatile.Read(ref _expiry).Token);

    /// Public content changed: new keys from now on, and the old entries are dropped to free their memory.
    public void Changed()
    {
        Interlocked.Increment(ref _value);
        var previous = Interlocked.Exchange(ref _expiry, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
        _ = EvictAsync();
    }

    public void Dispose() => _expiry.Dispose();

    private async Task EvictAsync()
    {
        try
        {
            await pages.EvictByTagAsync(Tag, CancellationToken.None);
        }
#pragma warning disable CA1031 // Eviction only frees memory (the generation already hides old entries); a failure must not fail the save.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Cached public pages could not be evicted");
        }
    }
}

/// Notices a save that changes anything a public page shows (trust content and branding, schools and inspections,
/// plans), renews the PublicContentVersions stamp in the SAME SaveChanges (so the change and the signal commit or fail
/// together), and moves this instance to a new generation once the change is committed. Other instances see the new
/// stamp through PublicContentPoller. Progress, review cycles, board work, accounts, sessions, audit, receipts and keys
/// are never on a public page, so they cache nothing and renew nothing.
public sealed class PublicContentChangeInterceptor(PublicContentGeneration generation) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly HashSet<string> PublicNamespaces = new(StringComparer.Ordinal)
    {
        typeof(Domain.Trusts.Trust).Namespace!,
        typeof(Domain.Schools.School).Namespace!,
        typeof(Domain.Plans.StrategicPlan).Namespace!,
    };

    /// Progress (updates, returns, cycles) and board work (challenges, sign-offs) are not on public pages, but the
    /// trustees' dashboard is cached under the same generation (docs/adr/0091), so a save of them renews it too.
    private static readonly HashSet<string> BoardNamespaces = new(StringComparer.Ordinal)
    {
        typeof(Domain.Progress.ProgressUpdate).Namespace!,
        typeof(Domain.Board.Challenge).Namespace!,
    };

    private sealed class SaveState
    {
        public bool Saving;
        public bool AwaitingCommit;
    }

    private readonly ConditionalWeakTable<DbContext, SaveState> _states = new();

    public static bool IsShownOnPublicPages(Type entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        return entityType.Namespace is { } ns && PublicNamespaces.Contains(ns);
    }

    /// Shown on a public page or on the trustees' dashboard: a save of it must renew the generation.
    public static bool IsCachedSomewhere(Type entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        return IsShownOnPublicPages(entityType) || (entityType.Namespace is { } ns && BoardNamespaces.Contains(ns));
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Saving(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
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

    private void Saving(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        var changed = context.ChangeTracker.Entries().Any(e =>
            e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && IsCachedSomewhere(e.Metadata.ClrType));
        if (!changed)
        {
            return;
        }
        var versions = context.Set<PublicContentVersion>();
        // No read first: the row exists from the migration, so an UPDATE of the stamp by key is all it takes.
        var entry = versions.Local.FindEntry(PublicContentVersion.RowId) ?? versions.Attach(new PublicContentVersion(PublicContentVersion.RowId, Guid.Empty));
        entry.Entity.Renew();
        entry.Property(v => v.Stamp).IsModified = true;
        _states.GetOrCreateValue(context).Saving = true;
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_states.TryGetValue(context, out var state) || !state.Saving)
        {
            return;
        }
        state.Saving = false;
        if (context.Database.CurrentTransaction is null)
        {
            generation.Changed();
        }
        else
        {
            // Not visible to other connections until the caller commits: a new generation now could be filled with
            // the old content by a request that reads before the commit.
            state.AwaitingCommit = true;
        }
    }

    private void Failed(DbContext? context)
    {
        if (context is not null && _states.TryGetValue(context, out var state))
        {
            state.Saving = false;
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && _states.TryGetValue(context, out var state) && state.AwaitingCommit)
        {
            state.AwaitingCommit = false;
            generation.Changed();
        }
    }

    private void RolledBack(DbContext? context)
    {
        if (context is not null && _states.TryGetValue(context, out var state))
        {
            state.AwaitingCommit = false;
        }
    }
}
