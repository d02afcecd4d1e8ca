using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// Issue 21: the published demo credentials (README) must never reach or work in a real database. A command never
/// seeds; the web server seeds only in Development, only a database it created or one marked as a demo database; a
/// demo account cannot sign in outside Development; and the portal will not start there while one exists.
public sealed class DemoCredentialsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "trustportal-demo-credentials", Guid.NewGuid().ToString("N"));

    public DemoCredentialsTests() => Directory.CreateDirectory(_folder);

    private string Database => Path.Combine(_folder, "portal.db");

    private Task<(int Code, string Out, string Err)> CliAsync(string environment, string stdin, params string[] args) =>
        new CommandLineRunner(Database, environment).RunAsync(stdin, args);

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task AssertNoDemoDataAsync(string after)
    {
        Assert.True(await CountAsync("SELECT COUNT(*) FROM AspNetUsers") == 0, $"an account was made by: {after}");
        Assert.True(await CountAsync("SELECT COUNT(*) FROM DatabaseMarkers") == 0, $"the demo marker was written by: {after}");
        Assert.True(await CountAsync("SELECT COUNT(*) FROM Trusts WHERE Slug <> 'generated-by-the-command'") == 0, $"a demo trust was loaded by: {after}");
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    [InlineData("Staging")]
    [InlineData("Production")]
    public async Task No_command_loads_demo_trusts_or_makes_demo_accounts_on_an_empty_database_in_any_environment(string environment)
    {
        string[][] commands =
        [
            ["trusts", "list"],
            ["users", "list", "--trust", DemoAccounts.TrustSlug],
            ["users", "add", "--email", "ceo@example.org", "--name", "Ann Example", "--role", "TrustAdmin", "--trust", DemoAccounts.TrustSlug],
            ["users", "disable", "--email", "trustadmin@demo.trustportal.test"],
            ["users", "reset-mfa", "--email", "trustadmin@demo.trustportal.test"],
            ["users", "remove-demo"],
            ["schools", "import-gias", Path.Combine(SeedDocuments.Folder(), "..", "data", "gias", "edubasealldata-sample.csv"), "--trust", DemoAccounts.TrustSlug, "--dry-run"],
            ["demo", "generate", "--trust", "generated-by-the-command", "--schools", "1", "--cycles", "1"],
        ];
        foreach (var command in commands)
        {
            var result = await CliAsync(environment, "A-long-pass-phrase-for-the-ceo\n", command);
            Assert.Contains($"Environment: {environment}. Database: SQLite file {Database}.", result.Err, StringComparison.Ordinal);
            await AssertNoDemoDataAsync(string.Join(' ', command));
        }
        // The one trust is the one the last command was asked to make.
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM Trusts WHERE Slug = 'generated-by-the-command'"));
    }

    [Fact]
    public async Task The_READMEs_first_administrator_steps_work_on_an_empty_production_database_and_plant_nothing_else()
    {
        var added = await CliAsync("Production", "", "trusts", "add", "--slug", "oak-learning-trust", "--name", "Oak Learning Trust");
        Assert.True(added.Code == 0, added.Err);
        Assert.Contains("Added the trust Oak Learning Trust at /oak-learning-trust.", added.Out, StringComparison.Ordinal);

        var admin = await CliAsync("Production", "A-long-pass-phrase-for-the-ceo\n", "users", "add", "--email", "ceo@example.org", "--name", "Ann Example",
            "--role", "TrustAdmin", "--trust", "oak-learning-trust");
        Assert.True(admin.Code == 0, admin.Err);
        var list = await CliAsync("Production", "", "users", "list", "--trust", "oak-learning-trust");
        Assert.Contains("ceo@example.org\tAnn Example\tTrustAdmin\tactive", list.Out, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM Trusts"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM AspNetUsers"));

        var taken = await CliAsync("Production", "", "trusts", "add", "--slug", "oak-learning-trust", "--name", "Another");
        Assert.Equal(2, taken.Code);
        Assert.Contains("exists already", taken.Err, StringComparison.Ordinal);
        var reserved = await CliAsync("Production", "", "trusts", "add", "--slug", "admin", "--name", "Admin Trust");
        Assert.Equal(2, reserved.Code);
        Assert.Contains("a word the portal uses in its own addresses", reserved.Err, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM Trusts"));
    }

    [Fact]
    public async Task The_development_web_server_loads_no_demo_data_into_a_database_it_did_not_create_and_that_is_not_a_demo_database()
    {
        // The operator's first step on a real database, through `dotnet run` (whose launch profile says Development).
        var first = await CliAsync("Development", "", "trusts", "list");
        Assert.Equal(0, first.Code);

        using var development = new OnDatabaseFactory(Database, "Development");
        using var response = await development.CreateClient().GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertNoDemoDataAsync("the development web server on a database the command line made");
    }

    [Fact]
    public async Task The_development_web_server_seeds_a_database_it_creates_and_marks_it_as_a_demo_database()
    {
        using (var development = new OnDatabaseFactory(Database, "Development"))
        {
            using var response = await development.CreateClient().GetAsync(new Uri("/health/live", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(5, await CountAsync("SELECT COUNT(*) FROM Trusts"));
        Assert.Equal(DemoAccounts.Accounts.Count, await CountAsync("SELECT COUNT(*) FROM AspNetUsers"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM DatabaseMarkers WHERE Name = 'demo'"));

        // A demo database gets its demo accounts back at the next development start (here: after they were removed).
        Assert.Equal(0, (await CliAsync("Development", "", "users", "remove-demo")).Code);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM AspNetUsers"));
        using (var again = new OnDatabaseFactory(Database, "Development"))
        {
            using var response = await again.CreateClient().GetAsync(new Uri("/health/live", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(DemoAccounts.Accounts.Count, await CountAsync("SELECT COUNT(*) FROM AspNetUsers"));
    }

    [Fact]
    public async Task Outside_development_the_portal_refuses_to_start_while_demo_accounts_exist_and_says_how_to_remove_them()
    {
        using (var development = new OnDatabaseFactory(Database, "Development"))
        {
            using var response = await development.CreateClient().GetAsync(new Uri("/health/live", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The portal itself, as an operator starts it: it stops at once with the message and exit code 3.
        var (code, stderr) = await StartPortalProcessAsync("Production");
        Assert.Equal(3, code);
        Assert.Contains("will not start in Production", stderr, StringComparison.Ordinal);
        Assert.Contains("trustadmin@demo.trustportal.test", stderr, StringComparison.Ordinal);
        Assert.Contains("dotnet TrustPortal.Web.dll users remove-demo", stderr, StringComparison.Ordinal);

        // Any other command warns; the removal command says what it removed.
        var listed = await CliAsync("Production", "", "trusts", "list");
        Assert.Contains("the portal will not start in Production until they are removed with `users remove-demo`", listed.Err, StringComparison.Ordinal);
        var removed = await CliAsync("Production", "", "users", "remove-demo");
        Assert.Equal(0, removed.Code);
        Assert.Contains("Removed the demo account trustadmin@demo.trustportal.test.", removed.Out, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM AspNetUsers"));

        using var started = new OnDatabaseFactory(Database, "Production");
        using var live = await started.CreateClient().GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    /// Starts the built portal (TrustPortal.Web.dll beside the tests) on this test's database; it must stop by itself.
    private async Task<(int Code, string Err)> StartPortalProcessAsync(string environment)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TrustPortal.Web.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ConnectionStrings__TrustPortal"] = $"Data Source={Database}";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Portal__BaseUrl"] = "https://portal.example.org";
        start.Environment["DataProtection__AllowUnprotectedKeys"] = "true";
        start.Environment["Files__Root"] = Path.Combine(_folder, "files");
        start.Environment["Serilog__WriteTo__RollingJson__Args__path"] = Path.Combine(_folder, "logs", "portal-.json");
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The portal did not stop by itself within 60 seconds: " + await stdout);
        }
        return (process.ExitCode, await stderr);
    }

    /// What Production requires of every start (issue 18): its address, the hosts it answers, a decision on the key ring.
    internal static void ProductionSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Portal:BaseUrl", "https://portal.example.org");
        builder.UseSetting("AllowedHosts", "portal.example.org;localhost");
        builder.UseSetting("DataProtection:AllowUnprotectedKeys", "true");
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

    /// The portal on a given SQLite file, in a given environment, with demo data and accounts asked for.
    private sealed class OnDatabaseFactory(string database, string environment) : PortalFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["ConnectionStrings:TrustPortal"] = $"Data Source={database}";
                return settings;
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
            if (environment == "Development")
            {
                builder.UseSetting("Accounts:Cookies:Secure", "false");
            }
            else
            {
                ProductionSettings(builder);
            }
        }
    }
}

/// In Production the published credentials never work, whoever put them in the database.
public sealed class PublishedCredentialsInProductionTests(PublishedCredentialsInProductionTests.ProductionFactory factory)
    : IClassFixture<PublishedCredentialsInProductionTests.ProductionFactory>
{
    public sealed class ProductionFactory : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            DemoCredentialsTests.ProductionSettings(builder);
        }
    }

    /// Puts an account straight into the database (as a restored copy of a demo database would), after start-up.
    private async Task<string> PlantAsync(string email, string role, string password, string? authenticatorKey)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Trusts.Where(t => t.Slug == "planted-trust").Select(t => (int?)t.Id).SingleOrDefaultAsync();
        if (trustId is null)
        {
            var trust = new Trust("planted-trust", "Planted Trust");
            db.Trusts.Add(trust);
            await db.SaveChangesAsync();
            trustId = trust.Id;
        }
        var (result, user) = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateAsync(email, "Planted", role, trustId.Value, [], password, CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        if (authenticatorKey is not null)
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            await users.SetAuthenticationTokenAsync(user!, "[AspNetUserStore]", "AuthenticatorKey", authenticatorKey);
            await users.SetTwoFactorEnabledAsync(user!, true);
        }
        return user!.Id;
    }

    private async Task AssertRefusedAsync(string email, string password, string userId)
    {
        var client = factory.CreateSecureClient();
        using var response = await client.SignInAsync(email, password);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a correct e-mail address and password", html, StringComparison.Ordinal);
        Assert.Null(AccountHelpers.CookieFrom(response, "__Host-TrustPortal"));
        Assert.Null(AccountHelpers.CookieFrom(response, "__Host-TrustPortal.Mfa"));
        Assert.Contains(factory.LogEvents.Snapshot(), e =>
            e.MessageTemplate.Text.Contains("published demo credentials", StringComparison.Ordinal)
            && e.Properties["UserId"].ToString() == $"\"{userId}\"" && e.Properties["Environment"].ToString() == "\"Production\"");
    }

    [Fact]
    public async Task A_demo_account_with_the_published_password_cannot_sign_in_in_production_and_the_refusal_is_logged()
    {
        var admin = await PlantAsync("trustadmin@demo.trustportal.test", Roles.TrustAdmin, DemoAccounts.Password, DemoAccounts.AuthenticatorKey);
        await AssertRefusedAsync("trustadmin@demo.trustportal.test", DemoAccounts.Password, admin);
        var staff = await PlantAsync("STAFF@demo.trustportal.test", Roles.Staff, DemoAccounts.Password, null);
        await AssertRefusedAsync("staff@demo.trustportal.test", DemoAccounts.Password, staff);
    }

    [Fact]
    public async Task Any_account_carrying_the_published_authenticator_key_cannot_sign_in_in_production()
    {
        var id = await PlantAsync("keyholder@example.org", Roles.Trustee, AccountHelpers.Password, DemoAccounts.AuthenticatorKey);
        await AssertRefusedAsync("keyholder@example.org", AccountHelpers.Password, id);
    }

    [Fact]
    public async Task An_ordinary_account_still_signs_in_in_production()
    {
        await PlantAsync("ordinary@example.org", Roles.Staff, AccountHelpers.Password, null);
        var client = factory.CreateSecureClient();
        using var response = await client.SignInAsync("ordinary@example.org", AccountHelpers.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
