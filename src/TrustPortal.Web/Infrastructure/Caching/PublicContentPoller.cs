using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Infrastructure.Caching;

/// Reads the PublicContentVersions stamp every PollInterval (one single-row query per instance per second, whatever the
/// load) and moves this instance to a new generation when another instance, the command line or a transaction this
/// instance committed has changed it. The first successful read always counts as a change, so nothing cached before the
/// poller knew the stamp survives it.
public sealed class PublicContentPoller(
    IServiceScopeFactory scopes,
    PublicContentGeneration generation,
    CachingOptions options,
    ILogger<PublicContentPoller> logger) : BackgroundService
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private string? _seen;
    private bool _failing;

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

    /// One poll; calls are taken one at a time, so once it returns any change saved before it was taken in.
    /// True when the stamp could be read.
    public async Task<bool> PollOnceAsync(CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            var stamp = await ReadStampAsync(ct);
            if (!string.Equals(stamp, _seen, StringComparison.Ordinal))
            {
                _seen = stamp;
                generation.Changed();
            }
            if (_failing)
            {
                _failing = false;
                logger.LogInformation("Public content version readable again");
            }
            return stamp is not null;
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            // The database is down or not yet migrated; pages fail on their own, and the next tick tries again.
            if (!_failing)
            {
                _failing = true;
                logger.LogWarning(ex, "Public content version could not be read; cached public pages are kept until it can");
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
    private async Task<string?> ReadStampAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var entity = db.Model.FindEntityType(typeof(PublicContentVersion))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var stamp = sql.DelimitIdentifier(entity.FindProperty(nameof(PublicContentVersion.Stamp))!.GetColumnName());
        var id = sql.DelimitIdentifier(entity.FindProperty(nameof(PublicContentVersion.Id))!.GetColumnName());
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
#pragma warning disable CA2100 // Identifiers come from the EF model, delimited by the provider; the only value is a constant.
            command.CommandText = $"SELECT {stamp} FROM {table} WHERE {id} = {PublicContentVersion.RowId}";
#pragma warning restore CA2100
            var value = await command.ExecuteScalarAsync(ct);
            return value is null or DBNull ? null : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.ToUpperInvariant();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
