using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace TrustPortal.Bench.Tests;

/// The scale benchmark's OTLP sink, fed by the same OpenTelemetry exporter the portal uses (ADR 0176).
public sealed class OtlpSinkTests : IDisposable
{
    private const string Instance = "test-host:4242";
    private readonly int _port = FreePort();
    private readonly Meter _meter = new("TrustPortal.Bench.Tests.Otlp." + Guid.NewGuid().ToString("N"));
    private readonly OtlpSink _sink;

    // The portal's instruments (PortalMetrics and ASP.NET Core's), by name and unit.
    private readonly Histogram<double> _dbTime;
    private readonly Histogram<int> _commands;
    private readonly Histogram<double> _server;
    private readonly Counter<long> _lookups;

    public OtlpSinkTests()
    {
        _dbTime = _meter.CreateHistogram<double>("trustportal.db.time_per_request", "s");
        _commands = _meter.CreateHistogram<int>("trustportal.db.commands_per_request", "{command}");
        _server = _meter.CreateHistogram<double>("http.server.request.duration", "s");
        _lookups = _meter.CreateCounter<long>("trustportal.cache.lookups", "{lookup}");
        _sink = new OtlpSink(_port, outFile: null, TextWriter.Null);
        _sink.Start();
    }

    public void Dispose()
    {
        _meter.Dispose();
        _sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Fact]
    public void What_the_portals_exporter_sends_over_http_protobuf_is_decoded_to_the_recorded_figures()
    {
        var ignored = _meter.CreateCounter<long>("some.other.metric");
        using var provider = Exporter();

        Request("{trust}", 0.004, 3);
        Request("{trust}", 0.006, 5);
        Request("{trust}/board", 0.5, 1);
        _server.Record(0.010, Route("{trust}"), new("http.request.method", "GET"), new("http.response.status_code", 200));
        _server.Record(0.030, Route("{trust}"), new("http.request.method", "POST"), new("http.response.status_code", 302));
        _lookups.Add(3, Cache("trust-work-pages", "hit"));
        _lookups.Add(1, Cache("trust-work-pages", "miss"));
        _lookups.Add(2, Cache("public-page-output", "hit"));
        ignored.Add(7);
        Assert.True(provider.ForceFlush(30_000));

        var state = _sink.Snapshot();
        var instance = Assert.Single(state.Instances);
        Assert.Equal(Instance, instance.Key);
        var series = instance.Value.Series;
        Assert.Equal((2, 0.010), Figures(series["trustportal.db.time_per_request{http.route={trust}}"]));
        Assert.Equal((1, 0.5), Figures(series["trustportal.db.time_per_request{http.route={trust}/board}"]));
        Assert.Equal((2, 8), Figures(series["trustportal.db.commands_per_request{http.route={trust}}"]));
        Assert.Equal((1, 0.030), Figures(series["http.server.request.duration{http.request.method=POST,http.response.status_code=302,http.route={trust}}"]));
        Assert.Equal(3, series["trustportal.cache.lookups{cache=trust-work-pages,result=hit}"].Sum);
        Assert.Equal(1, series["trustportal.cache.lookups{cache=trust-work-pages,result=miss}"].Sum);
        Assert.DoesNotContain(series.Keys, k => k.StartsWith("some.other.metric", StringComparison.Ordinal));
        Assert.True(instance.Value.CollectedUnixNano > 0);
    }

    [Fact]
    public void A_report_between_two_exports_counts_only_what_happened_between_them()
    {
        using var provider = Exporter();
        Request("{trust}", 1.0, 10);
        _lookups.Add(5, Cache("trust-public-pages", "miss"));
        Assert.True(provider.ForceFlush(30_000));
        var before = _sink.Snapshot();

        Request("{trust}", 0.002, 2);
        Request("{trust}", 0.004, 4);
        Request("account/sign-in", 0.003, 9);
        _lookups.Add(3, Cache("trust-public-pages", "hit"));
        _lookups.Add(1, Cache("trust-public-pages", "miss"));
        Assert.True(provider.ForceFlush(30_000));
        var report = OtlpReport.Between(before, _sink.Snapshot());

        var busiest = report.Routes[0];
        Assert.Equal("{trust}", busiest.Route);
        Assert.Equal(2, busiest.Requests);
        Assert.Equal(3.0, busiest.DatabaseMsPerRequest, precision: 6);
        Assert.Equal(3.0, busiest.CommandsPerRequest, precision: 6);
        Assert.Equal("2 3.00 3.0 0.00 {trust}", report.BusiestLine());
        var cache = Assert.Single(report.Caches);
        Assert.Equal(new CacheFigures("trust-public-pages", 3, 1), cache);
        Assert.Equal(0.75, cache.HitRate);
    }

    [Fact]
    public async Task A_body_that_is_not_protobuf_gets_400_and_the_sink_goes_on_receiving()
    {
        using var http = new HttpClient();
        var garbage = await PostAsync(http, [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01], gzip: false);
        var truncated = await PostAsync(http, [0x0A, 0x05, 0x0A, 0x03], gzip: false);
        var notGzip = await PostAsync(http, Encoding.UTF8.GetBytes("plain text"), gzip: true);
        var json = await http.PostAsync(Url("/v1/metrics"), new StringContent("{}", Encoding.UTF8, "application/json"));

        using var provider = Exporter();
        _lookups.Add(1, Cache("trust-work-pages", "hit"));
        Assert.True(provider.ForceFlush(30_000));

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.UnsupportedMediaType],
            new[] { garbage, truncated, notGzip, json.StatusCode });
        Assert.Equal(1, _sink.Snapshot().Instances[Instance].Series["trustportal.cache.lookups{cache=trust-work-pages,result=hit}"].Sum);
    }

    [Fact]
    public async Task A_gzip_compressed_body_is_read_and_fields_are_found_in_any_order()
    {
        // ExportMetricsServiceRequest { resource_metrics { scope_metrics { metric { sum { point } } }, resource } }:
        // the resource after its metrics, the metric's name after its data, an unknown field to skip.
        var point = Message(1, Message(7, KeyValue("cache", "trust-public-pages")), Message(7, KeyValue("result", "miss")),
            Fixed(3, 123), Fixed(6, 42), Text(99, "unknown"));
        var metric = Message(2, Message(7, point, Varint(2, 2)), Text(1, "trustportal.cache.lookups"));
        var resource = Message(1, Message(1, KeyValue("service.instance.id", "hand-made")));
        var body = Message(1, Message(2, metric), resource);

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, await GzipAsync(body), gzip: true));

        var series = _sink.Snapshot().Instances["hand-made"].Series["trustportal.cache.lookups{cache=trust-public-pages,result=miss}"];
        Assert.Equal(42, series.Sum);
    }

    [Fact]
    public void An_export_the_exporter_compresses_with_gzip_is_read()
    {
        // What OTEL_EXPORTER_OTLP_COMPRESSION=gzip asks of an instance, given through the provider's own configuration.
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_COMPRESSION"] = "gzip" }).Build();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureServices(services => services.AddSingleton<IConfiguration>(settings))
            .ConfigureResource(r => r.AddService("trustportal", serviceInstanceId: Instance))
            .AddMeter(_meter.Name)
            .AddOtlpExporter((exporter, _) =>
            {
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.Endpoint = Url("/v1/metrics");
            })
            .Build();
        _lookups.Add(4, Cache("trust-work-pages", "miss"));
        Assert.True(provider.ForceFlush(30_000));

        Assert.Equal(1, _sink.CompressedBodies);
        Assert.Equal(4, _sink.Snapshot().Instances[Instance].Series["trustportal.cache.lookups{cache=trust-work-pages,result=miss}"].Sum);
    }

    [Fact]
    public void A_snapshot_waits_for_an_instance_that_still_exports_until_it_sends_figures_collected_after_the_snapshot_began()
    {
        var began = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        var state = new SinkState();
        state.Apply([Point("fresh", began.AddMilliseconds(200)), Point("behind", began.AddMilliseconds(-300))], began.AddMilliseconds(250), OtlpSink.Metrics);
        state.Apply([Point("stopped", began.AddSeconds(-8))], began.AddSeconds(-8), OtlpSink.Metrics);

        Assert.Equal(["behind"], state.Waiting(began, began.AddSeconds(1), TimeSpan.FromSeconds(5)));
        Assert.Empty(state.Waiting(began, began.AddSeconds(6), TimeSpan.FromSeconds(5)));

        static OtlpPoint Point(string instance, DateTimeOffset collected) =>
            new(instance, "trustportal.cache.lookups", new Dictionary<string, string>(), 0, 1, true, (ulong)(collected - DateTimeOffset.UnixEpoch).Ticks * 100);
    }

    private MeterProvider Exporter() => Sdk.CreateMeterProviderBuilder()
        .ConfigureResource(r => r.AddService("trustportal", serviceInstanceId: Instance))
        .AddMeter(_meter.Name)
        .AddOtlpExporter((exporter, reader) =>
        {
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            exporter.Endpoint = Url("/v1/metrics");
            reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
        })
        .Build();

    private Uri Url(string path) => new($"http://127.0.0.1:{_port}{path}");

    private static async Task<byte[]> GzipAsync(byte[] body)
    {
        using var buffer = new MemoryStream();
        await using (var zip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            await zip.WriteAsync(body);
        }
        return buffer.ToArray();
    }

    /// gzip: the body is declared gzip-compressed (whether it is or not).
    private async Task<HttpStatusCode> PostAsync(HttpClient http, byte[] bytes, bool gzip)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }
        using var response = await http.PostAsync(Url("/v1/metrics"), content);
        return response.StatusCode;
    }

    /// One request's database time and commands, as PortalMetrics.DatabaseTime records them.
    private void Request(string route, double seconds, int commands)
    {
        _dbTime.Record(seconds, Route(route));
        _commands.Record(commands, Route(route));
    }

    private static KeyValuePair<string, object?> Route(string route) => new("http.route", route);

    private static KeyValuePair<string, object?>[] Cache(string cache, string result) => [new("cache", cache), new("result", result)];

    private static (double Count, double Sum) Figures(SinkSeries series) => (series.Count, Math.Round(series.Sum, 9));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Protobuf by hand for the hand-made body: tag, then varint, fixed64 or length-prefixed bytes.
    private static byte[] Message(int field, params byte[][] parts) => Length(field, parts.SelectMany(p => p).ToArray());

    private static byte[] KeyValue(string key, string value) => [.. Text(1, key), .. Message(2, Text(1, value))];

    private static byte[] Text(int field, string text) => Length(field, Encoding.UTF8.GetBytes(text));

    private static byte[] Length(int field, byte[] bytes) => [.. VarintBytes((ulong)(field << 3 | 2)), .. VarintBytes((ulong)bytes.Length), .. bytes];

    private static byte[] Fixed(int field, long value) => [.. VarintBytes((ulong)(field << 3 | 1)), .. BitConverter.GetBytes(value)];

    private static byte[] Varint(int field, ulong value) => [.. VarintBytes((ulong)(field << 3)), .. VarintBytes(value)];

    private static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }
}
