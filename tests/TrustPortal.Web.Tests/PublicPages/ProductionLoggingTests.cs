using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Serilog;

namespace TrustPortal.Web.Tests.PublicPages;

/// The Production settings write structured JSON log files (one event a line) that roll daily.
public sealed class ProductionLoggingTests : IDisposable
{
    private readonly string _logFolder = Path.Combine(Path.GetTempPath(), "trustportal-logs", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_logFolder))
        {
            Directory.Delete(_logFolder, recursive: true);
        }
    }

    [Fact]
    public void Production_settings_log_json_events_with_their_properties_to_a_rolling_file()
    {
        var webRoot = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "TrustPortal.Web");
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(webRoot, "appsettings.json"))
            .AddJsonFile(Path.Combine(webRoot, "appsettings.Production.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Serilog:WriteTo:RollingJson:Args:path"] = Path.Combine(_logFolder, "trustportal-.json") })
            .Build();
        Assert.Null(configuration["Serilog:WriteTo:Console:Name"]);

        using (var logger = new LoggerConfiguration().ReadFrom.Configuration(configuration).Enrich.FromLogContext().CreateLogger())
        {
            using (Serilog.Context.LogContext.PushProperty("CorrelationId", "abc123"))
            {
                logger.Information("Progress {UpdateId} submitted", 42);
            }
        }

        var file = Assert.Single(Directory.GetFiles(_logFolder, "trustportal-*.json"));
        Assert.Matches(@"trustportal-\d{8}\.json$", file);
        var json = JsonDocument.Parse(File.ReadAllLines(file).Single()).RootElement;
        Assert.Equal("Progress {UpdateId} submitted", json.GetProperty("@mt").GetString());
        Assert.Equal(42, json.GetProperty("UpdateId").GetInt32());
        Assert.Equal("abc123", json.GetProperty("CorrelationId").GetString());
    }
}
