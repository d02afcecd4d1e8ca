using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data.Seeding;
using TrustPortal.Web.Infrastructure;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// A portal with low sign-in limits, so the limiter does not disturb the shared portal's tests.
public sealed class RateLimitedPortalFactory : PortalFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Accounts:RateLimits:PerAddressPerMinute"] = "6";
            settings["Accounts:RateLimits:PerAccountPerMinute"] = "3";
            return settings;
        }
    }
}

public sealed class RateLimitTests(RateLimitedPortalFactory factory) : IClassFixture<RateLimitedPortalFactory>
{
    [Fact]
    public async Task Sign_in_is_limited_per_account_and_per_address_with_429()
    {
        var client = factory.CreateSecureClient();
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.SignInAsync("someone@example.org", "wrong-password-attempt");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using (var perAccount = await client.SignInAsync("someone@example.org", "wrong-password-attempt"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, perAccount.StatusCode);
            Assert.InRange(perAccount.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
            Assert.Contains("Too many attempts", await perAccount.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // Two more addresses fit in the per-address limit of 6; the seventh attempt from this address does not.
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await client.SignInAsync($"other{i}@example.org", "wrong-password-attempt");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var perAddress = await client.SignInAsync("yet-another@example.org", "wrong-password-attempt");
        Assert.Equal(HttpStatusCode.TooManyRequests, perAddress.StatusCode);
        Assert.InRange(perAddress.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Contains("Too many attempts", await perAddress.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// A portal with the shipped sign-in limits (the shared factory lifts them for its many sign-ins).
public sealed class DefaultRateLimitPortalFactory : PortalFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings.Remove("Accounts:RateLimits:PerAddressPerMinute");
            settings.Remove("Accounts:RateLimits:PerAccountPerMinute");
            return settings;
        }
    }

    /// Every refused sign-in now costs a password hash (issue 18, item 4); a light work factor lets the 300 attempts
    /// of this test fit in the limiter's one-minute window on a busy two-core machine.
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(builder, services =>
            services.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = 1_000));
    }
}

public sealed class DefaultRateLimitTests(DefaultRateLimitPortalFactory factory) : IClassFixture<DefaultRateLimitPortalFactory>
{
    [Fact]
    public async Task A_whole_school_signing_in_from_its_one_address_within_a_minute_is_not_refused_but_the_address_is_still_limited()
    {
        var client = factory.CreateSecureClient();
        var token = await client.TokenFromAsync("/account/sign-in");
        async Task<HttpStatusCode> AttemptAsync(int i)
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = $"briefing{i}@school.example.org", ["Password"] = "not-this-persons-password", ["__RequestVerificationToken"] = token,
            });
            using var response = await client.PostAsync(new Uri("/account/sign-in", UriKind.Relative), content);
            return response.StatusCode;
        }

        // The largest schools have about 250 staff behind one NAT address (ADR 0075): the default lets 300 a minute in.
        for (var i = 0; i < SignInRateLimits.DefaultPerAddressPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await AttemptAsync(i));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await AttemptAsync(SignInRateLimits.DefaultPerAddressPerMinute));
    }
}

public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "trustportal-cli-tests", Guid.NewGuid().ToString("N"));

    private bool _seeded;

    /// The command line in Production on a database that holds the five demo trusts (loaded first, as a development
    /// start-up would: a command never loads them itself).
    private async Task<(int Code, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        Directory.CreateDirectory(_folder);
        var runner = new CommandLineRunner(Path.Combine(_folder, "cli.db"));
        if (!_seeded)
        {
            await runner.SeedDemoTrustsAsync();
            _seeded = true;
        }
        return await runner.RunAsync(stdin, args);
    }

    [Fact]
    public async Task Commands_add_list_disable_and_reset_mfa_with_exit_codes()
    {
        var trusts = await RunAsync("", "trusts", "list");
        Assert.Equal(0, trusts.Code);
        Assert.Contains("create-partnership-trust\t", trusts.Out, StringComparison.Ordinal);

        var added = await RunAsync("First-admin-passphrase\n", "users", "add", "--email", "first@example.org", "--name", "First Admin",
            "--role", "TrustAdmin", "--trust", "create-partnership-trust");
        Assert.True(added.Code == 0, added.Err);

        var list = await RunAsync("", "users", "list", "--trust", "create-partnership-trust");
        Assert.Contains("first@example.org\tFirst Admin\tTrustAdmin\tactive", list.Out, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("", "users", "reset-mfa", "--email", "first@example.org")).Code);
        Assert.Equal(0, (await RunAsync("", "users", "disable", "--email", "first@example.org")).Code);
        list = await RunAsync("", "users", "list", "--trust", "create-partnership-trust");
        Assert.Contains("first@example.org\tFirst Admin\tTrustAdmin\tdisabled", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schools_import_gias_runs_from_the_portals_command_line()
    {
        var sample = Path.Combine(SeedDocuments.Folder(), "..", "data", "gias", "edubasealldata-sample.csv");
        var result = await RunAsync("", "schools", "import-gias", sample, "--trust", "care-foundation-trust", "--urns", "100000");
        Assert.Equal(1, result.Code); // imported, but the file's unreadable rows are reported
        Assert.Contains("Imported: 1 added, 0 updated.", result.Out, StringComparison.Ordinal);
        Assert.Contains("REJECT row 11", result.Out, StringComparison.Ordinal);

        var again = await RunAsync("", "schools", "import-gias", sample, "--trust", "care-foundation-trust", "--urns", "100000", "--dry-run");
        Assert.Contains("0 to add, 0 to update, 1 unchanged", again.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("users", "add", "--email", "x@example.org", "--name", "X", "--role", "Wizard", "--trust", "create-partnership-trust")]
    [InlineData("users", "add", "--email", "x@example.org", "--name", "X", "--role", "Staff", "--trust", "no-such-trust")]
    [InlineData("users", "add", "--email", "x@example.org", "--role", "Staff", "--trust", "create-partnership-trust")]
    [InlineData("users", "frobnicate")]
    [InlineData("users", "disable", "--email")]
    [InlineData("users", "disable", "--email", "nobody@example.org")]
    public async Task Bad_input_gives_a_message_and_a_non_zero_exit_code(params string[] args)
    {
        var result = await RunAsync("Some-long-passphrase\n", args);
        Assert.NotEqual(0, result.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Err));
    }

    [Fact]
    public async Task A_service_operator_is_made_on_the_command_line_and_belongs_to_no_trust()
    {
        var added = await RunAsync("Operator-long-passphrase\n", "users", "add", "--email", "op@service.example.org", "--name", "Olive Operator", "--role", "ServiceOperator");
        Assert.True(added.Code == 0, added.Err);
        Assert.Contains("Added op@service.example.org as the service's operator.", added.Out, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM AspNetUsers u JOIN AspNetUserRoles r ON r.UserId = u.Id WHERE u.Email = 'op@service.example.org' AND r.RoleId = 'role-serviceoperator' AND u.TrustId IS NULL"));

        var inTrust = await RunAsync("Operator-long-passphrase\n", "users", "add", "--email", "op2@service.example.org", "--name", "Other", "--role", "ServiceOperator", "--trust", "create-partnership-trust");
        Assert.Equal(2, inTrust.Code);
        Assert.Contains("A service operator belongs to no trust", inTrust.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trusts_delete_wants_the_slug_repeated_writes_the_export_first_and_then_deletes_the_trust()
    {
        var export = Path.Combine(_folder, "care-foundation-trust.zip");
        var refused = await RunAsync("", "trusts", "delete", "--trust", "care-foundation-trust", "--confirm", "care-foundation", "--export-to", export);
        Assert.Equal(2, refused.Code);
        Assert.Contains("--confirm must repeat the slug exactly", refused.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(export));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM Trusts WHERE Slug = 'care-foundation-trust'"));

        var deleted = await RunAsync("", "trusts", "delete", "--trust", "care-foundation-trust", "--confirm", "care-foundation-trust", "--export-to", export);
        Assert.True(deleted.Code == 0, deleted.Err);
        Assert.Contains($"Exported care-foundation-trust to {export}", deleted.Out, StringComparison.Ordinal);
        Assert.Contains("Deleted care-foundation-trust", deleted.Out, StringComparison.Ordinal);
        Assert.True(new FileInfo(export).Length > 1000);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM Trusts WHERE Slug = 'care-foundation-trust'"));
        Assert.Equal(4L, await ScalarAsync("SELECT COUNT(*) FROM Trusts"));

        var again = await RunAsync("", "trusts", "export", "--trust", "create-partnership-trust", "--to", export);
        Assert.Equal(2, again.Code);
        Assert.Contains("exists already", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deny_listed_password_from_standard_input_is_refused()
    {
        var result = await RunAsync("password1234\n", "users", "add", "--email", "weak@example.org", "--name", "Weak",
            "--role", "Staff", "--trust", "create-partnership-trust");
        Assert.Equal(1, result.Code);
        Assert.Contains("too common", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_generate_makes_a_trust_of_example_data_with_progress_for_every_school_and_cycle()
    {
        var result = await RunAsync("", "demo", "generate", "--schools", "3", "--cycles", "2", "--trust", "bench-trust");
        Assert.True(result.Code == 0, result.Err);
        Assert.Contains("Generated bench-trust: 3 schools, 7 aims x 4 criteria, 2 review cycles, 168 progress updates", result.Out, StringComparison.Ordinal);

        var trust = $"(SELECT Id FROM Trusts WHERE Slug = 'bench-trust')";
        var cycles = $"(SELECT c.Id FROM ReviewCycles c JOIN StrategicPlans p ON p.Id = c.StrategicPlanId WHERE p.TrustId = {trust})";
        Assert.Equal(LargeTrustGenerator.DataNotes, await ScalarAsync($"SELECT DataNotes FROM Trusts WHERE Slug = 'bench-trust'"));
        Assert.Equal(3L, await ScalarAsync($"SELECT COUNT(*) FROM Schools WHERE TrustId = {trust} AND IsExample = 1"));
        Assert.Equal(1L, await ScalarAsync($"SELECT COUNT(*) FROM StrategicPlans WHERE TrustId = {trust} AND Status = 'Published'"));
        Assert.Equal(7L, await ScalarAsync($"SELECT COUNT(*) FROM StrategicAims a JOIN PlanThemes t ON t.Id = a.PlanThemeId JOIN StrategicPlans p ON p.Id = t.StrategicPlanId WHERE p.TrustId = {trust}"));
        Assert.Equal(28L, await ScalarAsync($"SELECT COUNT(*) FROM SuccessCriteria c JOIN StrategicAims a ON a.Id = c.StrategicAimId JOIN PlanThemes t ON t.Id = a.PlanThemeId JOIN StrategicPlans p ON p.Id = t.StrategicPlanId WHERE p.TrustId = {trust}"));
        Assert.Equal(1L, await ScalarAsync($"SELECT COUNT(*) FROM ReviewCycles WHERE Id IN {cycles} AND State = 'Closed' AND IsExample = 1"));
        Assert.Equal(1L, await ScalarAsync($"SELECT COUNT(*) FROM ReviewCycles WHERE Id IN {cycles} AND State = 'Open' AND IsExample = 1"));
        Assert.Equal(3L * 28 * 2, await ScalarAsync($"SELECT COUNT(*) FROM ProgressUpdates WHERE ReviewCycleId IN {cycles} AND IsExample = 1"));
        Assert.Equal(3L, await ScalarAsync($"SELECT COUNT(*) FROM SchoolReturns WHERE ReviewCycleId IN {cycles} AND State = 'Submitted'"));
        Assert.Equal(3L, await ScalarAsync($"SELECT COUNT(*) FROM Challenges WHERE TrustId = {trust}"));

        var again = await RunAsync("", "demo", "generate", "--schools", "3", "--cycles", "2", "--trust", "bench-trust");
        Assert.Equal(2, again.Code);
        Assert.Contains("A trust with the slug \"bench-trust\" exists already", again.Err, StringComparison.Ordinal);
        Assert.Equal(3L, await ScalarAsync($"SELECT COUNT(*) FROM Schools WHERE TrustId = {trust}"));
    }

    [Theory]
    [InlineData("--schools", "0", "--schools must be a whole number from 1 to 500")]
    [InlineData("--schools", "501", "--schools must be a whole number from 1 to 500")]
    [InlineData("--cycles", "31", "--cycles must be a whole number from 1 to 30")]
    [InlineData("--cycles", "two", "--cycles must be a whole number from 1 to 30")]
    public async Task Demo_generate_refuses_options_out_of_range_with_exit_code_2(string option, string value, string message)
    {
        var result = await RunAsync("", "demo", "generate", "--trust", "never-made-trust", option, value);
        Assert.Equal(2, result.Code);
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM Trusts WHERE Slug = 'never-made-trust'"));
    }

    [Fact]
    public async Task Demo_generate_needs_a_trust_slug()
    {
        var result = await RunAsync("", "demo", "generate", "--schools", "3");
        Assert.Equal(2, result.Code);
        Assert.Contains("--trust is required.", result.Err, StringComparison.Ordinal);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "cli.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; nothing depends on it.
        }
    }
}
