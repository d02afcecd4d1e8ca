using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Infrastructure.Caching;

/// Reads every trust's cache stamps (slug, and whether it is suspended) every PollInterval — one query per instance per second, whatever the
/// load — and moves this instance's generation of exactly the trusts and areas whose stamp another instance, the
/// command line or a transaction this instance committed has changed. A trust seen for the first time counts as a
/// change, so nothing cached before the poller knew its stamps survives; a trust gone is dropped.
public sealed class TrustCacheStampPoller(
    IServiceScopeFactory scopes,
    TrustCacheGenerations generations,
    CachingOptions options,
    TimeProvider clock,
    ILogger<TrustCacheStampPoller> logger) : BackgroundService
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private Dictionary<int, (Guid PublicContent, Guid TrustWork)> _seen = [];
    private bool _failing;
    private long _lastPoll;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PollOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping (or a start that failed, e.g. the port was taken): not a fault of the poller.
        }
    }

    /// The trust a public address names. A slug not seen at the last poll (a trust added a moment ago) triggers one
    /// more poll, at most one per quarter of a second, so made-up addresses cannot turn into a stream of queries.
    public async ValueTask<int?> TrustIdOfAsync(string slug, CancellationToken ct)
    {
        if (generations.TrustIdOf(slug) is { } id)
        {
            return id;
        }
        if (clock.GetElapsedTime(Interlocked.Read(ref _lastPoll)) < TimeSpan.FromMilliseconds(250))
        {
            return null;
        }
        await PollOnceAsync(ct);
        return generations.TrustIdOf(slug);
    }

    /// One poll; calls are taken one at a time, so once it returns any change saved before it was taken in.
    /// True when the stamps could be read.
    public async Task<bool> PollOnceAsync(CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            Interlocked.Exchange(ref _lastPoll, clock.GetTimestamp());
            var rows = await ReadStampsAsync(ct);
            var seen = new Dictionary<int, (Guid, Guid)>(rows.Count);
            foreach (var (trustId, _, content, work, _) in rows)
            {
                seen[trustId] = (content, work);
                var known = _seen.TryGetValue(trustId, out var before);
                if (!known || before.PublicContent != content)
                {
                    generations.Changed(trustId, CachedArea.PublicContent);
                }
                if (!known || before.TrustWork != work)
                {
                    generations.Changed(trustId, CachedArea.TrustWork);
                }
            }
            foreach (var gone in _seen.Keys.Where(id => !seen.ContainsKey(id)))
            {
                generations.Removed(gone);
            }
            _seen = seen;
            generations.KnowSlugs(rows.Select(r => KeyValuePair.Create(r.Slug, r.TrustId)), rows.Where(r => r.Suspended).Select(r => r.TrustId));
            if (_failing)
            {
                _failing = false;
                logger.LogInformation("Trust cache stamps readable again");
            }
            return true;
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException or Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException)
        {
            // The database is down or not yet migrated; pages fail on their own, and the next tick tries again.
            if (!_failing)
            {
                _failing = true;
                logger.LogWarning(ex, "Trust cache stamps could not be read; cached pages are kept until they can");
            }
            return false;
        }
        finally
        {
            _one.Release();
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _one.Dispose();
    }

    /// A plain ADO.NET command on the pooled context's connection: no change tracking, no query compilation, and it is
    /// not one of the page queries that EF's command interceptors count.
    private async Task<List<(int TrustId, string Slug, Guid PublicContent, Guid TrustWork, bool Suspended)>> ReadStampsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(IEntityType type, string property) =>
            sql.DelimitIdentifier(type.FindProperty(property)!.GetColumnName(StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema()))!);
        string Table(IEntityType type) => sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());
        var stamps = db.Model.FindEntityType(typeof(TrustCacheStamp))!;
        var trusts = db.Model.FindEntityType(typeof(Trust))!;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
#pragma warning disable CA2100 // Identifiers come from the EF model, delimited by the provider; there are no values.
            command.CommandText =
                $"SELECT s.{Column(stamps, nameof(TrustCacheStamp.TrustId))}, t.{Column(trusts, nameof(Trust.Slug))}, " +
                $"s.{Column(stamps, nameof(TrustCacheStamp.PublicContent))}, s.{Column(stamps, nameof(TrustCacheStamp.TrustWork))}, " +
                $"t.{Column(trusts, nameof(Trust.SuspendedUtc))} " +
                $"FROM {Table(stamps)} s JOIN {Table(trusts)} t ON t.{Column(trusts, nameof(Trust.Id))} = s.{Column(stamps, nameof(TrustCacheStamp.TrustId))}";
#pragma warning restore CA2100
            var rows = new List<(int, string, Guid, Guid, bool)>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetInt32(0), reader.GetString(1), GuidOf(reader.GetValue(2)), GuidOf(reader.GetValue(3)), !reader.IsDBNull(4)));
            }
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// SQLite keeps a Guid as text; SQL Server and PostgreSQL as a Guid.
    private static Guid GuidOf(object value) => value is Guid guid ? guid : Guid.Parse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
}
