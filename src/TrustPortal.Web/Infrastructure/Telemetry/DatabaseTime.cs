using System.Data.Common;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TrustPortal.Web.Infrastructure.Telemetry;

/// Database time of the current request: the middleware opens a tally for each request, the interceptor adds each
/// command's duration to it, and the middleware records the sum once the response is done (ADR 0170). Work outside a
/// request (the stamp poller, jobs) has no tally and is not counted.
public sealed class DatabaseTimeTally
{
    private static readonly AsyncLocal<DatabaseTimeTally?> Ambient = new();

    private long _ticks;
    private int _commands;

    public static DatabaseTimeTally? Current => Ambient.Value;

    public TimeSpan Time => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public int Commands => Volatile.Read(ref _commands);

    internal static DatabaseTimeTally Begin() => Ambient.Value = new DatabaseTimeTally();

    internal static void End() => Ambient.Value = null;

    internal void Add(TimeSpan duration)
    {
        Interlocked.Add(ref _ticks, duration.Ticks);
        Interlocked.Increment(ref _commands);
    }
}

/// Adds every command's duration to the request's tally: from sending it until its reader is closed (the rows read),
/// or until it answered for a command that returns no rows.
public sealed class DatabaseTimeInterceptor : DbCommandInterceptor
{
    // EF raises Disposing for every reader it opened, closed or not (Closing only when it was still open).
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        DatabaseTimeTally.Current?.Add(eventData.Duration);
        return result;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Add(eventData);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Add(eventData);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Add(eventData);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Add(eventData);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        DatabaseTimeTally.Current?.Add(eventData.Duration);
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    private static void Add(CommandExecutedEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        DatabaseTimeTally.Current?.Add(eventData.Duration);
    }
}

/// Opens the request's database-time tally and records it, tagged with the route template, when the request ends.
public sealed class DatabaseTimeMiddleware(RequestDelegate next, PortalMetrics metrics)
{
    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var tally = DatabaseTimeTally.Begin();
        try
        {
            await next(http);
        }
        finally
        {
            DatabaseTimeTally.End();
            metrics.DatabaseTime(tally.Time, tally.Commands, (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText);
        }
    }
}
