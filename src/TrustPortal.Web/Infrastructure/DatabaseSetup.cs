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
            case DatabaseProvider.SqlServer:
                services.AddDbContextPool<SqlServerTrustPortalDbContext>((sp, o) => Common(sp, o.UseSqlServer(connectionString, s => s.EnableRetryOnFailure())));
                services.AddScoped<TrustPortalDbContext>(sp => sp.GetRequiredService<SqlServerTrustPortalDbContext>());
                break;
            case DatabaseProvider.PostgreSql:
                services.AddDbContextPool<PostgreSqlTrustPortalDbContext>((sp, o) => Common(sp, o.UseNpgsql(connectionString)));
                services.AddScoped<TrustPortalDbContext>(sp => sp.GetRequiredService<PostgreSqlTrustPortalDbContext>());
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {options.Provider}.");
        }
        services.AddScoped<DemoDataLoader>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        return services;
    }

    private static void Common(IServiceProvider sp, DbContextOptionsBuilder options)
    {
        options.AddInterceptors(sp.GetRequiredService<VersionInterceptor>());
        foreach (var interceptor in sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>())
        {
            options.AddInterceptors(interceptor);
        }
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

/// Migrates and seeds as configured, once at start-up. A hosted service starts before the server takes
/// requests, and runs in the test host too (code after builder.Build() in Program does not).
public sealed class DatabaseInitializer(IServiceProvider services, DatabaseOptions options, IHostEnvironment environment) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        if (options.MigrateOnStartup)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging: readers never wait for a writer, and an acknowledged write survives a crash.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        // MFA secrets written before they were encrypted and hashed (issue 18, item 3), then a key ring key from before
        // the certificate replaced by an encrypted one.
        var protection = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>();
        var log = scope.ServiceProvider.GetRequiredService<ILogger<DatabaseInitializer>>();
        if (await Accounts.AuthenticatorSecrets.MigrateAsync(db, protection, cancellationToken) is > 0 and var converted)
        {
            log.LogInformation("Encrypted or hashed {Rows} MFA secrets stored in clear", converted);
        }
        if (await KeyRingProtection.RekeyIfUnprotectedAsync(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<IConfiguration>(),
                TimeProvider.System, cancellationToken)) // Data Protection dates its keys by the system clock

        {
            log.LogWarning("The Data Protection key ring had an unencrypted current key: a new key encrypted with the certificate now protects new data");
        }
        if (options.SeedDemoData)
        {
            await scope.ServiceProvider.GetRequiredService<DemoDataLoader>().LoadIfEmptyAsync(cancellationToken);
        }
        if (options.SeedDemoAccounts && Accounts.DemoAccounts.Allowed(environment))
        {
            await scope.ServiceProvider.GetRequiredService<Accounts.DemoAccounts>().EnsureAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
