namespace TrustPortal.Web.Tests.Infrastructure;

/// A test against a real PostgreSQL server. scripts/test.sh (and so CI) starts one and sets
/// TRUSTPORTAL_TEST_POSTGRES; without it the test is reported as skipped with the reason, never silently.
/// When the variable is set and the server cannot be reached, the test fails.
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "TRUSTPORTAL_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"Set {Variable} to a PostgreSQL connection string (scripts/test.sh does) to run the PostgreSQL tests.";
        }
    }
}

/// The portal on a fresh PostgreSQL database of its own, migrated and seeded with the demo trusts.
public sealed class PostgresPortalFactory : PortalFactory
{
    public string DatabaseName { get; } = "trustportal_test_" + Guid.NewGuid().ToString("N")[..12];

    public string ConnectionString
    {
        get
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable) ?? "")
            {
                Database = DatabaseName,
            };
            return builder.ConnectionString;
        }
    }

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Database:Provider"] = "PostgreSql";
            settings["ConnectionStrings:TrustPortal"] = ConnectionString;
            return settings;
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable) is { Length: > 0 } admin)
        {
            try
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                using var connection = new Npgsql.NpgsqlConnection(admin);
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = $"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)";
                command.ExecuteNonQuery();
            }
            catch (Npgsql.NpgsqlException)
            {
                // The server went away first; the database is left for the cluster's next cleanup.
            }
        }
    }
}
