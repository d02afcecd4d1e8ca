using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Tests.Infrastructure;

/// Runs the portal's command line in-process against one SQLite file, in a chosen environment, with demo data and
/// demo accounts asked for in the settings (as appsettings.Development.json does), so that only the portal's own
/// rules keep them out.
public sealed class CommandLineRunner(string database, string environment = "Production", IReadOnlyDictionary<string, string?>? extraSettings = null)
{
    /// The settings below, then any the test adds (an e-mail folder, say), the test's winning.
    private Dictionary<string, string?> Settings
    {
        get
        {
            var settings = BaseSettings;
            foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }
            return settings;
        }
    }

    private Dictionary<string, string?> BaseSettings => new()
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:TrustPortal"] = $"Data Source={database}",
        ["Database:MigrateOnStartup"] = "true",
        ["Database:SeedDemoData"] = "true",
        ["Database:SeedDemoAccounts"] = "true",
        ["Files:Root"] = Path.Combine(Path.GetDirectoryName(database)!, "files"),
        ["Serilog:MinimumLevel:Default"] = "Warning",
        // What Production requires of every start, the command line's included (issue 18, items 3 and 10).
        ["Portal:BaseUrl"] = "https://portal.example.org",
        ["DataProtection:AllowUnprotectedKeys"] = "true",
    };

    public async Task<(int Code, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, input, output, error, builder =>
        {
            builder.Environment.EnvironmentName = environment;
            builder.Environment.ContentRootPath = AppContext.BaseDirectory;
            builder.Configuration.AddInMemoryCollection(Settings);
        });
        return (code, output.ToString(), error.ToString());
    }

    /// The five demo trusts (no accounts), loaded the only way the portal allows: the start-up of a web host in a
    /// development environment on a database it creates.
    public async Task SeedDemoTrustsAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(Settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:SeedDemoAccounts"] = "false" });
        builder.AddTrustPortalServices();
        await using var app = builder.Build();
        await app.Services.GetRequiredService<DatabaseInitializer>().StartAsync(CancellationToken.None);
    }
}
