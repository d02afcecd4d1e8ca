using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Seeding;

namespace TrustPortal.Web.Infrastructure;

/// Settings under "Database".
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    /// Apply pending migrations when the portal starts (the embedded SQLite default does; a production
    /// SQL Server deployment usually runs the idempotent script instead).
    public bool MigrateOnStartup { get; set; } = true;
    /// Load the five demo trusts when the database holds no trust.
    public bool SeedDemoData { get; set; }
    /// Create one demo account per role (Development and Testing only; refused in any other environment).
    public bool SeedDemoAccounts { get; set; }
    /// Retries of a transient failure (SQL Server, PostgreSQL), kept within what a person waiting for a page will bear:
    /// an outage longer than that is answered with the friendly 503 rather than a page that hangs (ADR 0080, 0130).
    public int MaxRetryCount { get; set; } = 3;
    public double MaxRetryDelaySeconds { get; set; } = 2;
}

public static class DatabaseSetup
{
    public const string ConnectionStringName = "TrustPortal";

    public static IServiceCollection AddTrustPortalDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Set ConnectionStrings:{ConnectionStringName} for the {options.Provider} provider.");
        }
        services.AddSingleton(options);
        services.AddSingleton<VersionInterceptor>();

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(connectionString, environment.ContentRootPath);
                services.AddDbContextPool<SqliteTrustPortalDbContext>((sp, o) => Common(sp, o.UseSqlite(sqlite).AddInterceptors(new SqliteBusyTimeout())));
                services.AddScoped<TrustPortalDbContext>(sp => sp.GetRequiredService<SqliteTrustPortalDbContext>());
                break;
            // Both server databases retry transient faults (a fail-over, a dropped connection). With a retrying
            // strategy EF refuses a user-initiated transaction outside CreateExecutionStrategy().ExecuteAsync, so the
            // PostgreSQL tests catch on this machine the defect that would otherwise first show on SQL Server (ADR 0130).
            case DatabaseProvider.SqlServer:
                services.AddDbContextPool<SqlServerTrustPortalDbContext>((sp, o) => Common(sp, o.UseSqlServer(connectionString, s => s.EnableRetryOnFailure(options.MaxRetryCount, TimeSpan.FromSeconds(options.MaxRetryDelaySeconds), null))));
                services.AddScoped<TrustPortalDbContext>(sp => sp.GetRequiredService<SqlServerTrustPortalDbContext>());
                break;
            case DatabaseProvider.PostgreSql:
                services.AddDbContextPool<PostgreSqlTrustPortalDbContext>((sp, o) => Common(sp, o.UseNpgsql(connectionString, n => n.EnableRetryOnFailure(options.MaxRetryCount, TimeSpan.FromSeconds(options.MaxRetryDelaySeconds), null))));
                services.AddScoped<TrustPortalDbContext>(sp => sp.GetRequiredService<PostgreSqlTrustPortalDbContext>());
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {options.Provider}.");
        }
        services.AddScoped<DemoDataLoader>();
        services.AddScoped<TrustData>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        return services;
    }

    private static readonly StoredTextInterceptor StoredText = new();

    private static void Common(IServiceProvider sp, DbContextOptionsBuilder options)
    {
        // Text is cleaned first, so the audit trail and the cache see what is stored (ADR 0092).
        options.AddInterceptors(StoredText, sp.GetRequiredService<VersionInterceptor>());
        foreach (var interceptor in sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>())
        {
            options.AddInterceptors(interceptor);
        }
    }

    /// The database the settings point at, for a person to check: the provider and the file, or the server and database
    /// name — never a password.
    public static string Describe(DatabaseProvider provider, IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(ConnectionStringName) ?? "";
        if (provider == DatabaseProvider.Sqlite)
        {
            var sqlite = new SqliteConnectionStringBuilder(connectionString);
            var path = Path.IsPathRooted(sqlite.DataSource) || sqlite.DataSource == ":memory:" ? sqlite.DataSource : Path.Combine(contentRoot, sqlite.DataSource);
            return $"SQLite file {path}";
        }
        var parts = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        string Part(params string[] keys) => keys.Select(k => parts.TryGetValue(k, out var v) ? v?.ToString() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? "?";
        return $"{provider} database {Part("Database", "Initial Catalog")} on {Part("Host", "Server", "Data Source")}";
    }

    /// A relative SQLite file is placed under the content root, and its folder is created.
    internal static string SqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource))
        {
            var path = Path.IsPathRooted(builder.DataSource) ? builder.DataSource : Path.Combine(contentRoot, builder.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }
        return builder.ToString();
    }
}

/// Prepares the database at start-up: migrates as configured and, for the web server in Development (and the tests'
/// Testing environment) only, loads the demo trusts and demo accounts, and only into a database that this start-up
/// created or that carries the demo marker. Any other environment refuses to start while an account with published
/// demo credentials exists. The command line only migrates (<see cref="PrepareForCommandAsync"/>): a command never
/// seeds (ADR 0095). A hosted service starts before the server takes requests, and runs in the test host too.
public sealed class DatabaseInitializer(IServiceProvider services, DatabaseOptions options, IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var created = await MigrateAsync(db, cancellationToken);
        try
        {
            await ProtectSecretsAsync(scope.ServiceProvider, db, cancellationToken);
        }
        catch (Exception ex) when (Infrastructure.DatabaseFailures.IsUnavailable(ex))
        {
            // The portal starts during a database outage and answers 503 until it is back (ADR 0080); the next start converts.
            logger.LogWarning(ex, "MFA secrets and the key ring could not be checked: the database is unreachable");
        }
        if (!Accounts.DemoAccounts.Allowed(environment))
        {
            if (options.SeedDemoData || options.SeedDemoAccounts)
            {
                logger.LogWarning("Database:SeedDemoData and Database:SeedDemoAccounts are ignored in {Environment}: demo data is for Development only",
                    environment.EnvironmentName);
            }
            IReadOnlyList<string> present;
            try
            {
                present = await Accounts.DemoAccounts.FindPresentAsync(db, cancellationToken);
            }
            catch (Exception ex) when (Infrastructure.DatabaseFailures.IsUnavailable(ex))
            {
                // Started during an outage: nobody signs in until the database is back, and then every sign-in still
                // refuses the published credentials (ADR 0095); the next start checks again.
                logger.LogWarning(ex, "Could not check for demo accounts: the database is unreachable");
                return;
            }
            if (present.Count > 0)
            {
                throw new DemoAccountsPresentException(environment.EnvironmentName, present);
            }
            return;
        }
        if (!options.SeedDemoData && !options.SeedDemoAccounts)
        {
            return;
        }
        if (!created && !await db.DatabaseMarkers.AnyAsync(m => m.Name == DatabaseMarker.Demo, cancellationToken))
        {
            logger.LogWarning("No demo data or demo accounts: this database was not created by this start-up and is not a demo database " +
                "(it may hold a real trust). Point ConnectionStrings:TrustPortal at a new database to get the demo");
            return;
        }
        if (options.SeedDemoData)
        {
            await scope.ServiceProvider.GetRequiredService<DemoDataLoader>().LoadIfEmptyAsync(cancellationToken);
        }
        if (options.SeedDemoAccounts)
        {
            await scope.ServiceProvider.GetRequiredService<Accounts.DemoAccounts>().EnsureAsync(cancellationToken);
        }
    }

    /// MFA secrets written before they were encrypted and hashed (issue 18, item 3), then a key ring key from before
    /// the certificate replaced by an encrypted one.
    private static async Task ProtectSecretsAsync(IServiceProvider scoped, TrustPortalDbContext db, CancellationToken cancellationToken)
    {
        var protection = scoped.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>();
        var log = scoped.GetRequiredService<ILogger<DatabaseInitializer>>();
        if (await Accounts.AuthenticatorSecrets.MigrateAsync(db, protection, cancellationToken) is > 0 and var converted)
        {
            log.LogInformation("Encrypted or hashed {Rows} MFA secrets stored in clear", converted);
        }
        // Data Protection dates its keys by the system clock.
        if (await KeyRingProtection.RekeyIfUnprotectedAsync(scoped, scoped.GetRequiredService<IConfiguration>(), TimeProvider.System, cancellationToken))
        {
            log.LogWarning("The Data Protection key ring had an unencrypted current key: a new key encrypted with the certificate now protects new data");
        }
    }

    /// For the command line: migrates as configured, and nothing else, whatever the environment and settings.
    public async Task PrepareForCommandAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await MigrateAsync(scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>(), cancellationToken);
    }

    /// Applies pending migrations when configured; true when the database had none applied before (this start made it).
    private async Task<bool> MigrateAsync(TrustPortalDbContext db, CancellationToken cancellationToken)
    {
        var created = false;
        if (options.MigrateOnStartup)
        {
            created = !(await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any();
            await db.Database.MigrateAsync(cancellationToken);
        }
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging: readers never wait for a writer, and an acknowledged write survives a crash.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        return created;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// The database holds accounts whose credentials are published (the demo accounts), outside Development.
public sealed class DemoAccountsPresentException(string environmentName, IReadOnlyList<string> accounts)
    : InvalidOperationException(
        $"The portal will not start in {environmentName}: this database holds {accounts.Count} account(s) whose password or " +
        $"authenticator key is published in the README ({string.Join(", ", accounts)}). Remove them first with the portal's " +
        "command line, then start again:" + Environment.NewLine +
        "  dotnet TrustPortal.Web.dll users remove-demo" + Environment.NewLine +
        "  (from the source: dotnet run --no-launch-profile --project src/TrustPortal.Web -- users remove-demo)")
{
    public IReadOnlyList<string> Accounts { get; } = accounts;
}
