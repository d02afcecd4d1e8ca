using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Seeding;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.Progress;
using Xunit.Abstractions;

namespace TrustPortal.Web.Tests.Performance;

/// Every hot query uses an index at national size (issue 19, item 3; ADR 0169). A generated nation of 80 trusts and 700
/// schools on PostgreSQL puts the large tables (progress updates and their history, accounts, roles, school links) over
/// 10,000 rows; the SQL of each main page, as the portal sent it with its parameter values, is explained, and no plan may
/// read a table of more than 10,000 rows by a sequential scan. A table that is smaller here but passes 10,000 rows at
/// England's size is checked with sequential scans made the planner's last resort: a scan left then has no index to
/// use. The pages are those of a 10-school trust: 1.4% of this nation's schools, as England's largest trusts (120 of
/// 10,000) are of the real one.
public sealed class NationalQueryPlanTests(ITestOutputHelper output) : IDisposable
{
    public const int LargeTable = 10_000;
    private static readonly NationSpec Spec = new(Trusts: 80, Schools: 700, Staff: 14_000, Cycles: 3, Seed: 19);

    private readonly PostgresPortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [PostgresFact]
    public async Task No_main_page_reads_a_table_of_more_than_ten_thousand_rows_of_a_generated_nation_by_a_sequential_scan()
    {
        var trust = NationGenerator.Layout(Spec).OrderBy(t => Math.Abs(t.Schools - 10)).ThenBy(t => t.Index).First();
        int schoolId, criterionId;
        using (var scope = _factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var hash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<PortalUser>>().HashPassword(new PortalUser(), Guid.NewGuid().ToString());
            var report = await new NationGenerator(db, _factory.Clock).GenerateAsync(Spec, hash, null, CancellationToken.None);
            output.WriteLine($"Generated {report.Rows} rows in {report.Elapsed.TotalSeconds:0.0} s.");
            schoolId = await db.Schools.Where(s => s.Urn == trust.FirstUrn).Select(s => s.Id).SingleAsync();
            var plan = await db.StrategicPlans.AsNoTracking().Include(p => p.Themes).ThenInclude(t => t.Aims).ThenInclude(a => a.Criteria)
                .SingleAsync(p => db.Trusts.Any(t => t.Id == p.TrustId && t.Slug == trust.Slug));
            criterionId = plan.Aims.First().CurrentCriteria.First().Id;
        }
        var slug = trust.Slug;
        var urn = trust.FirstUrn;
        var anonymous = _factory.CreateSecureClient();
        var staff = (await _factory.SignedInClientAsync(Roles.Staff, slug)).Client;
        var head = (await _factory.HeadOfAsync(slug, schoolId)).Client;
        var trustee = (await _factory.SignedInClientAsync(Roles.Trustee, slug)).Client;
        var admin = (await _factory.SignedInClientAsync(Roles.TrustAdmin, slug)).Client;
        var pages = new List<(string Page, List<CapturedCommand> Commands)>
        {
            await GetAsync("trust home", anonymous, $"/{slug}"),
            await GetAsync("vision and values", anonymous, $"/{slug}/vision-and-values"),
            await GetAsync("trust home for staff", staff, $"/{slug}"),
            await GetAsync("schools for staff", staff, $"/{slug}/schools"),
            await GetAsync("progress summary for staff", staff, $"/{slug}/progress/summary"),
            await GetAsync("staff start page", staff, $"/{slug}/staff"),
            await GetAsync("trust home for a head", head, $"/{slug}"),
            await GetAsync("head's progress page", head, $"/{slug}/progress/{urn}"),
            await GetAsync("head's progress form", head, $"/{slug}/progress/{urn}/criteria/{criterionId}"),
            await SaveProgressAsync("head's progress save", head, $"/{slug}/progress/{urn}/criteria/{criterionId}"),
            await GetAsync("head's self-evaluation", head, $"/{slug}/self-evaluation/{urn}"),
            await GetAsync("head's actions", head, $"/{slug}/actions/mine"),
            await GetAsync("trustees' dashboard", trustee, $"/{slug}/board"),
            await GetAsync("board pack", trustee, $"/{slug}/board/packs/current"),
            await GetAsync("trust progress", trustee, $"/{slug}/progress"),
            await GetAsync("self-evaluation grid", trustee, $"/{slug}/self-evaluation"),
            await GetAsync("risks", trustee, $"/{slug}/risks"),
            await GetAsync("trustee's actions", trustee, $"/{slug}/actions/mine"),
            await GetAsync("challenges", trustee, $"/{slug}/challenges"),
            await GetAsync("returns", admin, $"/{slug}/progress/returns"),
            await GetAsync("the trust's accounts", admin, "/admin/users"),
            await GetAsync("the trust's audit trail", admin, "/admin/audit"),
        };

        await using var connection = new Npgsql.NpgsqlConnection(_factory.ConnectionString);
        await connection.OpenAsync();
        var rows = await TableRowsAsync(connection);
        Assert.True(rows.GetValueOrDefault("ProgressUpdates") > LargeTable && rows.GetValueOrDefault("AspNetUsers") > LargeTable,
            "The generated nation is too small for the check: " + string.Join(", ", rows.Where(r => r.Value > 1000).Select(r => $"{r.Key} {r.Value}")));
        // The check itself: a query by an unindexed column is reported.
        using (var bad = await ExplainAsync(connection, "SELECT * FROM \"ProgressUpdates\" WHERE \"UpdatedBy\" = 'x'", [], indexesOnly: true))
        {
            Assert.Contains("ProgressUpdates", SequentialScans(bad.RootElement));
        }
        var failures = new List<string>();
        var explained = 0;
        var scanned = new SortedSet<string>(StringComparer.Ordinal);
        var unindexed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (page, commands) in pages)
        {
            Assert.NotEmpty(commands);
            foreach (var (sql, parameters) in commands.SelectMany(Statements).DistinctBy(s => s.Sql))
            {
                explained++;
                // As the planner chooses at this size: no sequential scan of a table over 10,000 rows.
                using (var plan = await ExplainAsync(connection, sql, parameters, indexesOnly: false))
                {
                    foreach (var table in SequentialScans(plan.RootElement).Distinct())
                    {
                        scanned.Add(table);
                        if (rows.GetValueOrDefault(table) > LargeTable)
                        {
                            failures.Add($"{page}: a sequential scan of {table} ({rows[table]} rows)\n{sql}\n{JsonSerializer.Serialize(plan.RootElement, Indented)}");
                        }
                    }
                }
                // With sequential scans made the last resort, a table that passes 10,000 rows at England's size
                // (this nation's rows x NationalScale) must have an index that serves the query.
                using (var plan = await ExplainAsync(connection, sql, parameters, indexesOnly: true))
                {
                    unindexed.UnionWith(SequentialScans(plan.RootElement).Select(t => $"{t} ({page})"));
                    foreach (var table in SequentialScans(plan.RootElement).Distinct().Where(t => rows.GetValueOrDefault(t) * NationalScale > LargeTable && rows[t] <= LargeTable))
                    {
                        failures.Add($"{page}: no index serves the read of {table} ({rows[table]} rows here, about {rows[table] * NationalScale} in England)\n{sql}\n{JsonSerializer.Serialize(plan.RootElement, Indented)}");
                    }
                }
            }
        }
        output.WriteLine($"{explained} statements of {pages.Count} pages explained; large tables: " +
            string.Join(", ", rows.Where(r => r.Value > LargeTable).OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}")) +
            "; read by sequential scans as planned: " + string.Join(", ", scanned.Select(t => $"{t} {rows.GetValueOrDefault(t)}")) +
            "; with no index to use: " + string.Join(", ", unindexed));
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// England's schools over this nation's (10,000 / 700, rounded up): how much larger each per-school or per-trust table grows.
    private const int NationalScale = 15;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// The commands of one request for the page, built from the database (after a first request and with the page
    /// caches forgotten, so a cached copy or a due session touch does not hide a query).
    private async Task<(string, List<CapturedCommand>)> GetAsync(string page, HttpClient client, string url)
    {
        using (var warm = await client.GetAsync(new Uri(url, UriKind.Relative)))
        {
            Assert.True(warm.StatusCode == HttpStatusCode.OK, $"{page}: GET {url} answered {(int)warm.StatusCode}");
        }
        await _factory.ForgetCachedPagesAsync();
        return await CaptureAsync(page, async () =>
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: GET {url} answered {(int)response.StatusCode}");
        });
    }

    private async Task<(string, List<CapturedCommand>)> SaveProgressAsync(string page, HttpClient client, string url)
    {
        var fields = ProgressTestData.FormFields(await client.GetDocumentAsync(url), ProgressTestData.Entry());
        return await CaptureAsync(page, async () =>
        {
            using var response = await client.PostFormAsync(url, fields, url);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"{page}: POST {url} answered {(int)response.StatusCode}");
        });
    }

    private async Task<(string, List<CapturedCommand>)> CaptureAsync(string page, Func<Task> request)
    {
        _factory.Queries.Reset();
        _factory.Queries.CaptureWhole = true;
        try
        {
            await request();
        }
        finally
        {
            _factory.Queries.CaptureWhole = false;
        }
        return (page, [.. _factory.Queries.Captured]);
    }

    /// A command's statements, each with the parameters it names (a save sends several in one command).
    private static IEnumerable<(string Sql, List<Npgsql.NpgsqlParameter> Parameters)> Statements(CapturedCommand command) =>
        Regex.Split(command.Sql, @";\s*\n")
            .Select(s => s.Trim().TrimEnd(';'))
            .Where(s => Regex.IsMatch(s, @"^(SELECT|WITH|UPDATE|DELETE|INSERT)\b", RegexOptions.IgnoreCase))
            .Select(s => (s, command.Parameters.OfType<Npgsql.NpgsqlParameter>()
                .Where(p => Regex.IsMatch(s, "@" + Regex.Escape(p.ParameterName.TrimStart('@')) + @"\b")).ToList()));

    private static async Task<JsonDocument> ExplainAsync(Npgsql.NpgsqlConnection connection, string sql, List<Npgsql.NpgsqlParameter> parameters, bool indexesOnly)
    {
        await using (var setting = connection.CreateCommand())
        {
            setting.CommandText = indexesOnly ? "SET enable_seqscan = off" : "RESET enable_seqscan";
            await setting.ExecuteNonQueryAsync();
        }
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN (FORMAT JSON) " + sql;
        foreach (var p in parameters)
        {
            command.Parameters.Add(p.Clone());
        }
        var json = (string)(await command.ExecuteScalarAsync())!;
        return JsonDocument.Parse(json);
    }

    /// The tables a plan reads by a sequential scan, at any depth.
    private static IEnumerable<string> SequentialScans(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().SelectMany(SequentialScans);
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        var here = element.TryGetProperty("Node Type", out var type) && type.GetString() == "Seq Scan" && element.TryGetProperty("Relation Name", out var table)
            ? [table.GetString()!]
            : Array.Empty<string>();
        return here.Concat(element.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array).SelectMany(p => SequentialScans(p.Value)));
    }

    /// The planner's row count of every table (the generator analyses the database when it finishes).
    private static async Task<Dictionary<string, long>> TableRowsAsync(Npgsql.NpgsqlConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT relname, GREATEST(reltuples, 0)::bigint FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }
        return rows;
    }
}
