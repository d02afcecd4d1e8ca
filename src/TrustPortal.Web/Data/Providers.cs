using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TrustPortal.Web.Data;

/// Which database the portal runs on; chosen by the setting Database:Provider.
public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

public sealed class SqliteTrustPortalDbContext(DbContextOptions<SqliteTrustPortalDbContext> options) : TrustPortalDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite cannot compare or order DateTimeOffset text; stored as a sortable number it can.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Identity's lockout end keeps its original text column: converting it would rebuild the users table
        // in a migration, and nothing queries it by order.
        builder.Entity<Accounts.PortalUser>().Property(u => u.LockoutEnd).HasConversion((Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter?)null);
    }
}

public sealed class SqlServerTrustPortalDbContext(DbContextOptions<SqlServerTrustPortalDbContext> options) : TrustPortalDbContext(options);

public sealed class PostgreSqlTrustPortalDbContext(DbContextOptions<PostgreSqlTrustPortalDbContext> options) : TrustPortalDbContext(options);

// Design-time factories: `dotnet ef migrations add` builds each provider's model without starting the portal
// and without a database (see docs/adr/0002-one-model-three-providers.md).
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTrustPortalDbContext>
{
    public SqliteTrustPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTrustPortalDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerTrustPortalDbContext>
{
    public SqlServerTrustPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerTrustPortalDbContext>().UseSqlServer("Server=design-time;Database=TrustPortal").Options);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlTrustPortalDbContext>
{
    public PostgreSqlTrustPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlTrustPortalDbContext>().UseNpgsql("Host=design-time;Database=trustportal").Options);
}
