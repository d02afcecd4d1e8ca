using System.Data.Common;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data.Seeding;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Data;

/// `demo generate-nation` (issue 19): trust sizes skewed as England's, every school's progress in every cycle,
/// accounts of every role, and a second run that adds nothing. The small nation is made through the command line on
/// SQLite and on PostgreSQL.
public sealed class NationGeneratorTests
{
    private static readonly string[] Nation = ["demo", "generate-nation", "--trusts", "12", "--schools", "100", "--staff", "1500", "--cycles", "3", "--seed", "7"];

    [Fact]
    public void England_sized_trusts_are_mostly_of_two_to_ten_schools_with_a_few_of_fifty_to_a_hundred_and_twenty()
    {
        var layout = NationGenerator.Layout(new NationSpec(1200, 10_000, 500_000, 3, Seed: 1));

        Assert.Equal(1200, layout.Count);
        Assert.Equal(10_000, layout.Sum(t => t.Schools));
        Assert.True(layout.Count(t => t.Schools is >= 2 and <= 10) > 0.7 * layout.Count, $"{layout.Count(t => t.Schools is >= 2 and <= 10)} trusts of 2-10 schools");
        Assert.InRange(layout.Count(t => t.Schools is >= 50 and <= 130), 8, 40);
        Assert.True(layout.Max(t => t.Schools) <= 130, $"The largest trust has {layout.Max(t => t.Schools)} schools.");
        Assert.InRange(layout.Sum(t => t.Accounts), 500_000, 510_000);
        // URNs in one block, no two trusts sharing one.
        Assert.Equal(NationGenerator.FirstUrn + 10_000, layout[^1].FirstUrn + layout[^1].Schools);
    }

    [Fact]
    public void The_same_seed_gives_the_same_nation_and_another_seed_another()
    {
        var spec = new NationSpec(80, 700, 14_000, 3, Seed: 19);

        Assert.Equal(NationGenerator.Layout(spec), NationGenerator.Layout(spec));
        Assert.NotEqual(NationGenerator.Layout(spec).Select(t => t.Schools), NationGenerator.Layout(spec with { Seed = 20 }).Select(t => t.Schools));
    }

    [Fact]
    public async Task A_small_nation_on_SQLite_has_every_schools_progress_in_three_cycles_accounts_of_every_role_and_a_second_run_adds_nothing()
    {
        var folder = Path.Combine(Path.GetTempPath(), "trustportal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "nation.db");
        var cli = new CommandLineRunner(file, "Development");

        await GenerateTwiceAndCheckAsync(cli, () => new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=false"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [PostgresFact]
    public async Task A_small_nation_on_PostgreSQL_has_every_schools_progress_in_three_cycles_accounts_of_every_role_and_a_second_run_adds_nothing()
    {
        using var database = new PostgresPortalFactory();
        var cli = new CommandLineRunner(Path.Combine(Path.GetTempPath(), "trustportal-tests", "unused.db"), "Development", new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:TrustPortal"] = database.ConnectionString,
        });

        await GenerateTwiceAndCheckAsync(cli, () => new Npgsql.NpgsqlConnection(database.ConnectionString));
    }

    private static async Task GenerateTwiceAndCheckAsync(CommandLineRunner cli, Func<DbConnection> connect)
    {
        var (code, output, error) = await cli.RunAsync("", Nation);
        Assert.True(code == 0, error);
        Assert.Contains("Generated 12 trusts (0 already there): 100 schools, 8400 progress updates", output, StringComparison.Ordinal);

        await using (var db = connect())
        {
            await db.OpenAsync();
            var layout = NationGenerator.Layout(new NationSpec(12, 100, 1500, 3, Seed: 7));
            var sizes = await RowsAsync(db, """SELECT t."Slug", COUNT(*) FROM "Trusts" t JOIN "Schools" s ON s."TrustId" = t."Id" WHERE t."Slug" LIKE 'nation-%' GROUP BY t."Slug" """);
            Assert.Equal(layout.ToDictionary(t => t.Slug, t => (long)t.Schools), sizes);
            // Skewed: the largest trust holds several times the schools of the middle one.
            var ordered = sizes.Values.Order().ToList();
            Assert.True(ordered[^1] >= 4 * ordered[ordered.Count / 2], string.Join(", ", ordered));

            // Every generated school has an update to each of the 28 criteria in each of 3 cycles, each with its history row.
            Assert.Equal(0L, await ScalarAsync(db, """
                SELECT COUNT(*) FROM "Schools" s WHERE s."Urn" >= 700000
                AND ((SELECT COUNT(DISTINCT u."ReviewCycleId") FROM "ProgressUpdates" u WHERE u."SchoolId" = s."Id") <> 3
                  OR (SELECT COUNT(*) FROM "ProgressUpdates" u WHERE u."SchoolId" = s."Id") <> 84)
                """));
            Assert.Equal(8400L, await ScalarAsync(db, """SELECT COUNT(*) FROM "ProgressRevisions" r JOIN "ProgressUpdates" u ON u."Id" = r."ProgressUpdateId" JOIN "Schools" s ON s."Id" = u."SchoolId" WHERE s."Urn" >= 700000"""));
            // Two cycles closed with every return submitted; the last open with its returns in draft.
            Assert.Equal(200L, await ScalarAsync(db, """SELECT COUNT(*) FROM "SchoolReturns" r JOIN "Schools" s ON s."Id" = r."SchoolId" WHERE s."Urn" >= 700000 AND r."State" = 'Submitted'"""));
            Assert.Equal(12L, await ScalarAsync(db, """SELECT COUNT(*) FROM "ReviewCycles" c JOIN "StrategicPlans" p ON p."Id" = c."StrategicPlanId" JOIN "Trusts" t ON t."Id" = p."TrustId" WHERE t."Slug" LIKE 'nation-%' AND c."State" = 'Open'"""));
            Assert.True(await ScalarAsync(db, """SELECT COUNT(*) FROM "Challenges" c JOIN "Trusts" t ON t."Id" = c."TrustId" WHERE t."Slug" LIKE 'nation-%'""") >= 12);

            // Every trust has people of every role, with one shared password hash.
            foreach (var role in Roles.All)
            {
                Assert.Equal(12L, await ScalarAsync(db, $"""
                    SELECT COUNT(DISTINCT u."TrustId") FROM "AspNetUsers" u JOIN "AspNetUserRoles" ur ON ur."UserId" = u."Id"
                    WHERE ur."RoleId" = 'role-{role.ToLowerInvariant()}' AND u."Email" LIKE '%.example'
                    """));
            }
            Assert.InRange(await ScalarAsync(db, """SELECT COUNT(*) FROM "AspNetUsers" WHERE "Email" LIKE '%@nation-%.example'"""), 1500, 1600);
            Assert.Equal(1L, await ScalarAsync(db, """SELECT COUNT(DISTINCT "PasswordHash") FROM "AspNetUsers" WHERE "Email" LIKE '%@nation-%.example'"""));
            // Each head leads their own school.
            Assert.Equal(100L, await ScalarAsync(db, """
                SELECT COUNT(*) FROM "AspNetUsers" u JOIN "UserSchools" l ON l."UserId" = u."Id" JOIN "Schools" s ON s."Id" = l."SchoolId"
                WHERE u."Email" LIKE 'head.' || CAST(s."Urn" AS VARCHAR(10)) || '@nation-%' AND u."TrustId" = s."TrustId"
                """));
        }

        var (again, secondOutput, secondError) = await cli.RunAsync("", Nation);
        Assert.True(again == 0, secondError);
        Assert.Contains("Generated 0 trusts (12 already there)", secondOutput, StringComparison.Ordinal);
        await using var check = connect();
        await check.OpenAsync();
        Assert.Equal(8400L, await ScalarAsync(check, """SELECT COUNT(*) FROM "ProgressUpdates" u JOIN "Schools" s ON s."Id" = u."SchoolId" WHERE s."Urn" >= 700000"""));
    }

    private static async Task<long> ScalarAsync(DbConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Dictionary<string, long>> RowsAsync(DbConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }
        return rows;
    }
}
