using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TrustPortal.Web.Data;

/// Sets SQLite's own busy handler on every connection the portal opens. Without it, a save that finds another
/// save's write lock gets SQLITE_BUSY and Microsoft.Data.Sqlite retries only after a fixed pause, so two people
/// saving at the same moment waited far longer than the other save took; SQLite's handler retries within milliseconds.
/// A lock held longer than the timeout still ends in SQLITE_BUSY, which Microsoft.Data.Sqlite keeps retrying up to
/// the command timeout, as before.
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public const int Milliseconds = 5000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = Command(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = Command(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {Milliseconds};";
        return command;
    }
}
