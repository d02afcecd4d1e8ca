using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Tests.Data;

/// Trusts that exist before the StatementAudience migration keep their statements public: an empty default would
/// not read back as an Audience and would break every trust page.
public sealed class StatementAudienceMigrationTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("SqlServer")]
    [InlineData("PostgreSql")]
    public void Existing_trusts_get_public_statements(string provider)
    {
        using TrustPortalDbContext db = provider switch
        {
            "Sqlite" => new SqliteDesignTimeFactory().CreateDbContext([]),
            "SqlServer" => new SqlServerDesignTimeFactory().CreateDbContext([]),
            _ => new PostgreSqlDesignTimeFactory().CreateDbContext([]),
        };
        var migrations = db.Database.GetMigrations().ToList();
        var index = migrations.FindIndex(m => m.EndsWith("_StatementAudience", StringComparison.Ordinal));
        Assert.True(index > 0, "The StatementAudience migration is missing.");
        var script = db.GetService<IMigrator>().GenerateScript(migrations[index - 1], migrations[index]);
        foreach (var column in new[] { "IntroductionAudience", "VisionAudience", "MissionAudience", "ValuesIntroductionAudience" })
        {
            Assert.Contains(column, script, StringComparison.Ordinal);
        }
        Assert.Equal(4, script.Split("'Public'").Length - 1);
        Assert.DoesNotContain("DEFAULT ''", script, StringComparison.Ordinal);
    }
}
