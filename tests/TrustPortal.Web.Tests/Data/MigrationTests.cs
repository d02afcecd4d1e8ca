using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Tests.Data;

public sealed class MigrationTests
{
    public static TheoryData<string> Providers() => new(nameof(DatabaseProvider.Sqlite), nameof(DatabaseProvider.SqlServer), nameof(DatabaseProvider.PostgreSql));

    private static TrustPortalDbContext DesignTimeContext(string provider) => provider switch
    {
        nameof(DatabaseProvider.Sqlite) => new SqliteDesignTimeFactory().CreateDbContext([]),
        nameof(DatabaseProvider.SqlServer) => new SqlServerDesignTimeFactory().CreateDbContext([]),
        _ => new PostgreSqlDesignTimeFactory().CreateDbContext([]),
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_model_has_no_changes_without_a_migration(string provider)
    {
        using var db = DesignTimeContext(provider);
        Assert.True(db.Database.GetMigrations().Any(), $"{provider} has no migrations.");
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model has changed since the last {provider} migration: run scripts/add-migration.sh <Name> to add one for every provider.");
    }

    [Fact]
    public void Every_provider_has_the_same_migrations()
    {
        string[] Names(string provider)
        {
            using var db = DesignTimeContext(provider);
            return db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]).ToArray();
        }
        Assert.Equal(Names("Sqlite"), Names("SqlServer"));
        Assert.Equal(Names("Sqlite"), Names("PostgreSql"));
    }

    [Theory]
    [InlineData(MigrationsSqlGenerationOptions.Default)]
    [InlineData(MigrationsSqlGenerationOptions.Idempotent)]
    public void Sql_server_migration_script_parses_without_errors(MigrationsSqlGenerationOptions options)
    {
        using var db = DesignTimeContext("SqlServer");
        var script = db.GetService<IMigrator>().GenerateScript(options: options);
        Assert.Contains("CREATE TABLE [Trusts]", script, StringComparison.Ordinal);

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, string.Join('\n', errors.Select(e => $"line {e.Line}: {e.Message}")));
    }

    /// A column added to a table that has rows needs a real default: an empty string never reads back as an
    /// enum (as the trust statements' audience would have been), so migrations must say what existing rows get.
    [Theory]
    [MemberData(nameof(Providers))]
    public void No_migration_gives_existing_rows_an_empty_string(string provider)
    {
        using var db = DesignTimeContext(provider);
        var script = db.GetService<IMigrator>().GenerateScript();
        Assert.DoesNotContain("DEFAULT ''", script, StringComparison.Ordinal);
        Assert.DoesNotContain("DEFAULT N''", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_parser_does_report_broken_sql()
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader("CREATE TABLE [Broken] ( [Id] int NOT NULL,, );");
        parser.Parse(reader, out var errors);
        Assert.NotEmpty(errors);
    }
}
