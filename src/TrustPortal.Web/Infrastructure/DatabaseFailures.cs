namespace TrustPortal.Web.Infrastructure;

/// Recognises an exception that means "the database cannot be reached right now" on any of the three providers.
public static class DatabaseFailures
{
    public static bool IsUnavailable(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case System.Net.Sockets.SocketException:
                case TimeoutException:
                case System.Data.Common.DbException { IsTransient: true }:
                case Npgsql.NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException }:
                case Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" }: // shutdown, crash, starting, too many connections
                case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED
                    return true;
            }
        }
        return false;
    }
}
