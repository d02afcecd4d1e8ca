using System.Diagnostics;
using System.Diagnostics.Metrics;
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
            // The exporters add from their own threads (a periodic export, a request ending late): read a copy.
            foreach (var metric in Metrics.ToArray())
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

/// What one portal host measured while a test ran: a MeterListener that takes only the instruments of this host's
/// meters (their scope is the host's IMeterFactory). Other hosts in the test run have meters of the same names, which
/// a listener by name alone (OpenTelemetry's AddMeter) would also hear.
public sealed class HostMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> _seen = new();

    public HostMeasurements(IServiceProvider services)
    {
        var scope = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }
        _seen.Enqueue((instrument.Name, value, copy));
    }

    /// The measurements of the instrument so far, oldest first (observable gauges are read now).
    public IReadOnlyList<(double Value, Dictionary<string, object?> Tags)> Of(string name)
    {
        _listener.RecordObservableInstruments();
        return [.. _seen.Where(m => m.Name == name).Select(m => (m.Value, m.Tags))];
    }

    public void Dispose() => _listener.Dispose();
}

/// Operators can see the portal (issue 19, part 5; ADR 0170): request rate and latency, database time per request,
/// hits and misses of each per-trust cache, the password-hashing queue.
public sealed class TelemetryTests(TelemetryPortalFactory factory) : IClassFixture<TelemetryPortalFactory>
{
    private const string VisionRoute = "{trustSlug:trust}/vision-and-values";

    private static List<string> Lookups(HostMeasurements seen, string cache) =>
        [.. seen.Of("trustportal.cache.lookups").Where(m => Equals(m.Tags["cache"], cache)).Select(m => (string)m.Tags["result"]!)];

    private static List<double> OnRoute(HostMeasurements seen, string name, string route) =>
        [.. seen.Of(name).Where(m => Equals(m.Tags.GetValueOrDefault("http.route"), route)).Select(m => m.Value)];

    [Fact]
    public async Task An_anonymous_page_records_its_request_its_database_time_and_an_output_cache_miss_then_a_hit()
    {
        await factory.SettleCachesAsync();
        await factory.ForgetCachedPagesAsync();
        var url = new Uri($"/{DemoAccounts.TrustSlug}/vision-and-values", UriKind.Relative);
        using var seen = new HostMeasurements(factory.Services);

        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var response = await factory.CreateSecureClient().GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2, OnRoute(seen, "http.server.request.duration", VisionRoute).Count);
        Assert.Equal(["miss", "hit"], Lookups(seen, PortalMetrics.PublicPageOutput));
        var time = OnRoute(seen, "trustportal.db.time_per_request", VisionRoute);
        var commands = OnRoute(seen, "trustportal.db.commands_per_request", VisionRoute);
        Assert.Equal(2, time.Count);
        Assert.True(time[0] > 0 && commands[0] > 0, "The first request read the database.");
        Assert.Equal([0.0, 0.0], [time[1], commands[1]]);
    }

    [Fact]
    public async Task A_trustees_dashboard_records_a_work_cache_miss_then_a_hit()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        await factory.SettleCachesAsync();
        await factory.ForgetCachedPagesAsync();
        var url = new Uri($"/{DemoAccounts.TrustSlug}/board", UriKind.Relative);
        using var seen = new HostMeasurements(factory.Services);

        using (var first = await client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        var afterFirst = Lookups(seen, PortalMetrics.TrustWorkPages);
        using (var second = await client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }
        var afterSecond = Lookups(seen, PortalMetrics.TrustWorkPages);

        Assert.Contains("miss", afterFirst);
        Assert.DoesNotContain("hit", afterFirst);
        Assert.Equal(afterFirst.Count, afterSecond.Count - afterFirst.Count);
        Assert.All(afterSecond.Skip(afterFirst.Count), r => Assert.Equal("hit", r));
        Assert.All(seen.Of("trustportal.cache.lookups"), m => Assert.Equal(["cache", "result"], m.Tags.Keys.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task OpenTelemetry_exports_the_portals_metrics_and_a_trace_of_each_request()
    {
        using (var response = await factory.CreateSecureClient().GetAsync(new Uri($"/{DemoAccounts.TrustSlug}/plans", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var names = factory.Collect().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal)
        {
            "http.server.request.duration", "trustportal.db.time_per_request", "trustportal.db.commands_per_request",
            "trustportal.cache.lookups", "trustportal.password_work.queue_length", "trustportal.password_work.in_use",
        }, names);
        Assert.True(factory.Services.GetRequiredService<TracerProvider>().ForceFlush());
        Assert.Contains(factory.Traces.ToArray(), a => a is not null && a.Kind == ActivityKind.Server && Equals(a.GetTagItem("http.route"), "{trustSlug:trust}/plans"));
    }

    [Fact]
    public async Task The_password_hashing_queue_is_measured_as_it_is_now()
    {
        var gate = factory.Services.GetRequiredService<PasswordWorkGate>();
        using var seen = new HostMeasurements(factory.Services);
        var slots = new List<IDisposable>();
        for (var i = 0; i < gate.Capacity; i++)
        {
            slots.Add((await gate.EnterAsync(CancellationToken.None))!);
        }
        using var cancel = new CancellationTokenSource();
        var waiting = gate.EnterAsync(cancel.Token);
        try
        {
            Assert.Equal(1, seen.Of("trustportal.password_work.queue_length")[^1].Value);
            Assert.Equal(gate.Capacity, seen.Of("trustportal.password_work.in_use")[^1].Value);
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
