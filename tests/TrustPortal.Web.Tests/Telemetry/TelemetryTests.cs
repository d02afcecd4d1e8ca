using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Infrastructure.Telemetry;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Telemetry;

/// A portal of its own with telemetry on (Telemetry:Enabled, no endpoint) and in-memory exporters in place of OTLP.
public sealed class TelemetryPortalFactory : PortalFactory
{
    public List<MetricSnapshot> Metrics { get; } = [];

    public List<Activity> Traces { get; } = [];

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Telemetry:Enabled"] = "true";
            settings["Telemetry:TraceSampleRatio"] = "1";
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(Metrics));
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Traces));
        });
    }

    /// Every metric point collected so far (cumulative), by instrument name.
    public IReadOnlyList<(string Name, IReadOnlyDictionary<string, object?> Tags, MetricPoint Point, MetricType Type)> Collect()
    {
        lock (Metrics)
        {
            Metrics.Clear();
            Assert.True(Services.GetRequiredService<MeterProvider>().ForceFlush());
            var points = new List<(string, IReadOnlyDictionary<string, object?>, MetricPoint, MetricType)>();
            foreach (var metric in Metrics)
            {
                foreach (var point in metric.MetricPoints)
                {
                    var tags = new Dictionary<string, object?>();
                    foreach (var tag in point.Tags)
                    {
                        tags[tag.Key] = tag.Value;
                    }
                    points.Add((metric.Name, tags, point, metric.MetricType));
                }
            }
            return points;
        }
    }
}

/// Operators can see the portal (issue 19, part 5; ADR 0170): request rate and latency, database time per request,
/// hits and misses of each per-trust cache, the password-hashing queue.
public sealed class TelemetryTests(TelemetryPortalFactory factory) : IClassFixture<TelemetryPortalFactory>
{
    private const string VisionRoute = "{trustSlug:trust}/vision-and-values";

    private long Lookups(string cache, string result) =>
        factory.Collect().Where(p => p.Name == "trustportal.cache.lookups" && Equals(p.Tags["cache"], cache) && Equals(p.Tags["result"], result))
            .Sum(p => p.Point.GetSumLong());

    private (long Count, double Sum) Histogram(string name, string route) =>
        factory.Collect().Where(p => p.Name == name && Equals(p.Tags.GetValueOrDefault("http.route"), route))
            .Select(p => (p.Point.GetHistogramCount(), p.Point.GetHistogramSum()))
            .Aggregate((Count: 0L, Sum: 0.0), (a, b) => (a.Count + b.Item1, a.Sum + b.Item2));

    [Fact]
    public async Task An_anonymous_page_records_its_request_its_database_time_and_an_output_cache_miss_then_a_hit()
    {
        await factory.SettleCachesAsync();
        await factory.ForgetCachedPagesAsync();
        var url = new Uri($"/{DemoAccounts.TrustSlug}/vision-and-values", UriKind.Relative);
        var requestsBefore = Histogram("http.server.request.duration", VisionRoute).Count;
        var dbBefore = Histogram("trustportal.db.time_per_request", VisionRoute);
        var commandsBefore = Histogram("trustportal.db.commands_per_request", VisionRoute);
        var missesBefore = Lookups(PortalMetrics.PublicPageOutput, "miss");
        var hitsBefore = Lookups(PortalMetrics.PublicPageOutput, "hit");

        using (var first = await factory.CreateSecureClient().GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        var dbAfterFirst = Histogram("trustportal.db.time_per_request", VisionRoute);
        var commandsAfterFirst = Histogram("trustportal.db.commands_per_request", VisionRoute);
        Assert.Equal(missesBefore + 1, Lookups(PortalMetrics.PublicPageOutput, "miss"));
        Assert.Equal(dbBefore.Count + 1, dbAfterFirst.Count);
        Assert.True(dbAfterFirst.Sum > dbBefore.Sum, "The first request read the database, so its database time is above nought.");
        Assert.True(commandsAfterFirst.Sum > commandsBefore.Sum, "The first request sent SQL.");

        using (var second = await factory.CreateSecureClient().GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }
        Assert.Equal(hitsBefore + 1, Lookups(PortalMetrics.PublicPageOutput, "hit"));
        Assert.Equal(requestsBefore + 2, Histogram("http.server.request.duration", VisionRoute).Count);
        var commandsAfterSecond = Histogram("trustportal.db.commands_per_request", VisionRoute);
        Assert.Equal(commandsAfterFirst.Count + 1, commandsAfterSecond.Count);
        Assert.Equal(commandsAfterFirst.Sum, commandsAfterSecond.Sum);
    }

    [Fact]
    public async Task A_trustees_dashboard_records_a_work_cache_miss_then_a_hit_and_a_trace_with_its_route()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        await factory.SettleCachesAsync();
        await factory.ForgetCachedPagesAsync();
        var url = new Uri($"/{DemoAccounts.TrustSlug}/board", UriKind.Relative);
        var missesBefore = Lookups(PortalMetrics.TrustWorkPages, "miss");
        var hitsBefore = Lookups(PortalMetrics.TrustWorkPages, "hit");

        using (var first = await client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        var missesAfterFirst = Lookups(PortalMetrics.TrustWorkPages, "miss");
        Assert.True(missesAfterFirst > missesBefore, "The dashboard's read model was built.");
        using (var second = await client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }
        Assert.True(Lookups(PortalMetrics.TrustWorkPages, "hit") > hitsBefore, "The second request found the dashboard's read model.");
        Assert.Equal(missesAfterFirst, Lookups(PortalMetrics.TrustWorkPages, "miss"));

        factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
        lock (factory.Traces)
        {
            Assert.Contains(factory.Traces, a => a.Kind == ActivityKind.Server && Equals(a.GetTagItem("http.route"), "{trustSlug:trust}/board"));
        }
    }

    [Fact]
    public void Cache_lookups_are_tagged_with_the_cache_and_the_result_and_never_with_a_trust()
    {
        var points = factory.Collect().Where(p => p.Name == "trustportal.cache.lookups").ToList();
        Assert.All(points, p => Assert.Equal(["cache", "result"], p.Tags.Keys.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task The_password_hashing_queue_is_measured_as_it_is_now()
    {
        var gate = factory.Services.GetRequiredService<PasswordWorkGate>();
        var slots = new List<IDisposable>();
        for (var i = 0; i < gate.Capacity; i++)
        {
            slots.Add((await gate.EnterAsync(CancellationToken.None))!);
        }
        using var cancel = new CancellationTokenSource();
        var waiting = gate.EnterAsync(cancel.Token);
        try
        {
            var points = factory.Collect();
            Assert.Equal(1, points.Single(p => p.Name == "trustportal.password_work.queue_length").Point.GetGaugeLastValueLong());
            Assert.Equal(gate.Capacity, points.Single(p => p.Name == "trustportal.password_work.in_use").Point.GetGaugeLastValueLong());
        }
        finally
        {
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            slots.ForEach(s => s.Dispose());
        }
    }
}

/// Telemetry is off by default: the shared portal has no OpenTelemetry provider and no database-time interceptor.
[Collection(SharedPortal.Name)]
public sealed class TelemetryOffTests(PortalFactory factory)
{
    [Fact]
    public void With_no_endpoint_and_not_enabled_nothing_is_registered()
    {
        Assert.False(factory.Services.GetRequiredService<TelemetryOptions>().On);
        Assert.Null(factory.Services.GetService<MeterProvider>());
        Assert.Null(factory.Services.GetService<TracerProvider>());
        Assert.DoesNotContain(factory.Services.GetServices<IInterceptor>(), i => i is DatabaseTimeInterceptor);
    }
}
