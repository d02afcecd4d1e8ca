using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace TrustPortal.Bench;

/// What the sink has received: per instance (its resource's service.instance.id), the latest value of every series of
/// the metrics the benchmark reads, keyed by metric name and attributes. Written as JSON on every export.
public sealed class SinkState
{
    public long Exports { get; set; }

    public Dictionary<string, SinkInstance> Instances { get; init; } = new(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SinkState FromJson(string json) =>
        JsonSerializer.Deserialize<SinkState>(json, Json) ?? throw new InvalidDataException("Empty metrics snapshot");

    public static SinkState Read(string path) => FromJson(File.ReadAllText(path));

    /// Instances whose latest figures were collected before `since` and that are still exporting (heard within
    /// `active` of now): a snapshot waits for them. One gone quiet (stopped, or restarted under a new id) is not waited for.
    public List<string> Waiting(DateTimeOffset since, DateTimeOffset now, TimeSpan active)
    {
        var sinceNano = (ulong)(since - DateTimeOffset.UnixEpoch).Ticks * 100;
        return [.. Instances.Where(i => i.Value.Received >= now - active && i.Value.CollectedUnixNano < sinceNano).Select(i => i.Key)];
    }

    /// Cumulative points replace the series' value (each is the total since the instance started); delta points add.
    /// Every point says the instance is alive and when it collected; only the metrics in keep are stored.
    public void Apply(IEnumerable<OtlpPoint> points, DateTimeOffset received, IReadOnlySet<string> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        ArgumentNullException.ThrowIfNull(points);
        Exports++;
        foreach (var point in points)
        {
            if (!Instances.TryGetValue(point.Instance, out var instance))
            {
                Instances[point.Instance] = instance = new SinkInstance();
            }
            instance.Received = received;
            instance.CollectedUnixNano = Math.Max(instance.CollectedUnixNano, point.TimeUnixNano);
            if (!keep.Contains(point.Metric))
            {
                continue;
            }
            var key = SinkSeries.Key(point.Metric, point.Attributes);
            if (point.Cumulative || !instance.Series.TryGetValue(key, out var series))
            {
                instance.Series[key] = new SinkSeries(point.Metric, new SortedDictionary<string, string>(point.Attributes.ToDictionary(), StringComparer.Ordinal), point.Count, point.Sum);
            }
            else
            {
                instance.Series[key] = series with { Count = series.Count + point.Count, Sum = series.Sum + point.Sum };
            }
        }
    }
}

public sealed class SinkInstance
{
    /// When the sink last heard from the instance (its clock).
    public DateTimeOffset Received { get; set; }

    /// The latest collection time among the instance's points (the exporter's clock: the same machine's).
    public ulong CollectedUnixNano { get; set; }

    public Dictionary<string, SinkSeries> Series { get; init; } = new(StringComparer.Ordinal);
}

/// A histogram's count and sum, or a counter's value in Sum (Count 0).
public sealed record SinkSeries(string Metric, SortedDictionary<string, string> Attributes, double Count, double Sum)
{
    public static string Key(string metric, IReadOnlyDictionary<string, string> attributes) =>
        metric + "{" + string.Join(",", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value)) + "}";
}

/// A small OTLP/HTTP receiver for metrics (protobuf, optionally gzip-compressed: what the .NET OTLP exporter sends with
/// OtlpExportProtocol.HttpProtobuf) on http://127.0.0.1:PORT/v1/metrics. Traces and logs sent to it are accepted and
/// dropped. A body that cannot be read answers 400; nothing a client sends stops the sink.
public sealed class OtlpSink : IAsyncDisposable
{
    /// The metrics the scale benchmark reads (ADR 0170 names them; http.server.request.duration is ASP.NET Core's).
    public static readonly IReadOnlySet<string> Metrics = new HashSet<string>(StringComparer.Ordinal)
    {
        "trustportal.db.time_per_request", "trustportal.db.commands_per_request", "http.server.request.duration", "trustportal.cache.lookups",
    };

    private const long MaxBody = 64L * 1024 * 1024;

    private readonly HttpListener _listener = new();
    private readonly string? _out;
    private readonly TextWriter _log;
    private readonly Lock _gate = new();
    private readonly SinkState _state = new();
    private Task? _loop;
    private int _compressed;

    public OtlpSink(int port, string? outFile, TextWriter log)
    {
        _out = outFile;
        _log = log;
        _listener.Prefixes.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public void Start()
    {
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// Bodies received gzip-compressed so far.
    public int CompressedBodies => Volatile.Read(ref _compressed);

    /// A copy of what has been received so far.
    public SinkState Snapshot()
    {
        lock (_gate)
        {
            return SinkState.FromJson(_state.ToJson());
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        if (_loop is not null)
        {
            await _loop;
        }
        _listener.Close();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                await HandleAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                await _log.WriteLineAsync($"otlp-sink: {context.Request.Url?.AbsolutePath}: {e.Message}");
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Url?.AbsolutePath ?? "";
        if (path is not ("/v1/metrics" or "/v1/traces" or "/v1/logs"))
        {
            Answer(response, HttpStatusCode.NotFound);
            return;
        }
        if (request.HttpMethod != "POST")
        {
            Answer(response, HttpStatusCode.MethodNotAllowed);
            return;
        }
        if (request.ContentType?.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase) != true)
        {
            Answer(response, HttpStatusCode.UnsupportedMediaType);
            return;
        }
        byte[] body;
        List<OtlpPoint> points;
        try
        {
            body = await ReadBodyAsync(request);
            points = path == "/v1/metrics" ? OtlpDecoder.Decode(body) : [];
        }
        catch (InvalidDataException e)
        {
            await _log.WriteLineAsync($"otlp-sink: {path}: unreadable body ({e.Message})");
            Answer(response, HttpStatusCode.BadRequest);
            return;
        }
        if (path == "/v1/metrics")
        {
            lock (_gate)
            {
                _state.Apply(points, DateTimeOffset.UtcNow, Metrics);
                if (_out is not null)
                {
                    // Written whole and renamed, so a reader never sees half a file.
                    File.WriteAllText(_out + ".tmp", _state.ToJson());
                    File.Move(_out + ".tmp", _out, overwrite: true);
                }
            }
        }
        // An empty Export…ServiceResponse: a protobuf message with no fields is zero bytes.
        Answer(response, HttpStatusCode.OK);
    }

    private async Task<byte[]> ReadBodyAsync(HttpListenerRequest request)
    {
        var gzip = string.Equals(request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase);
        if (gzip)
        {
            Interlocked.Increment(ref _compressed);
        }
        await using var source = gzip ? new GZipStream(request.InputStream, CompressionMode.Decompress) : request.InputStream;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxBody)
            {
                throw new InvalidDataException($"Body larger than {MaxBody} bytes");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static void Answer(HttpListenerResponse response, HttpStatusCode status)
    {
        response.StatusCode = (int)status;
        response.ContentType = "application/x-protobuf";
        response.ContentLength64 = 0;
        response.Close();
    }
}

/// `otlp-sink`, `otlp-snapshot` and `otlp-report`: the scale benchmark's collector (ADR 0176).
public static class OtlpCommands
{
    public const string Usage = """
          otlp-sink [--port 4318] --out FILE
              Receives OTLP/HTTP protobuf metrics on http://127.0.0.1:PORT/v1/metrics (traces and logs are accepted and
              dropped) and rewrites FILE (JSON) after every export: per instance (service.instance.id), the latest value
              of trustportal.db.time_per_request, trustportal.db.commands_per_request, http.server.request.duration and
              trustportal.cache.lookups per series. Prints "listening on URL" once ready; runs until stopped.

          otlp-snapshot --in FILE --out SNAP [--timeout 30] [--active-seconds 5]
              Waits until every instance has sent figures collected after this command started (so every request
              finished before it is counted) or has been silent for --active-seconds (stopped), then copies FILE to
              SNAP. Exit 1 on timeout (SNAP is still written).

          otlp-report --before SNAP (--after SNAP | --in FILE) [--busiest | --caches]
              What happened between two snapshots (--in FILE: waits as otlp-snapshot does and uses FILE as "after"),
              summed over the instances: per route, requests, database time per request (ms), SQL commands per request
              and server time per request (ms); per cache, hits, misses and hit rate. --busiest prints one line for the
              route with most requests ("requests db-ms commands server-ms route"); --caches one line per cache
              ("cache hits misses hit-rate-%").
        """;

    public static async Task<int> SinkAsync(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var port = options.Number("port", 4318, 1, 65535);
        var outFile = options.Required("out");
        options.RejectUnknown();
        using var stopped = new SemaphoreSlim(0);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.Release();
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        await using var sink = new OtlpSink(port, outFile, Console.Error);
        sink.Start();
        await Console.Out.WriteLineAsync($"listening on http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/v1/metrics");
        await Console.Out.FlushAsync();
        await stopped.WaitAsync();
        return 0;
    }

    public static async Task<int> SnapshotAsync(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var input = options.Required("in");
        var output = options.Required("out");
        var timeout = TimeSpan.FromSeconds(options.Number("timeout", 30, 1, 3600));
        var active = TimeSpan.FromSeconds(options.Number("active-seconds", 5, 1, 3600));
        options.RejectUnknown();
        var (json, fresh) = await WaitFreshAsync(input, timeout, active);
        await File.WriteAllTextAsync(output, json);
        return fresh ? 0 : 1;
    }

    public static async Task<int> ReportAsync(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var before = SinkState.Read(options.Required("before"));
        var afterFile = options.Text("after");
        var input = options.Text("in");
        var busiest = options.Flag("busiest");
        var caches = options.Flag("caches");
        options.RejectUnknown();
        if ((afterFile is null) == (input is null))
        {
            throw new UsageException("Give exactly one of --after SNAP and --in FILE");
        }
        var fresh = true;
        string afterJson;
        if (input is not null)
        {
            (afterJson, fresh) = await WaitFreshAsync(input, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5));
        }
        else
        {
            afterJson = await File.ReadAllTextAsync(afterFile!);
        }
        var report = OtlpReport.Between(before, SinkState.FromJson(afterJson));
        if (busiest)
        {
            await Console.Out.WriteLineAsync(report.BusiestLine());
        }
        else if (caches)
        {
            await Console.Out.WriteAsync(report.CacheLines());
        }
        else
        {
            report.Print(Console.Out);
        }
        return fresh ? 0 : 1;
    }

    /// Polls FILE until every recently heard instance has figures collected after the call began.
    private static async Task<(string Json, bool Fresh)> WaitFreshAsync(string path, TimeSpan timeout, TimeSpan active)
    {
        var started = DateTimeOffset.UtcNow;
        while (true)
        {
            var json = File.Exists(path) ? await File.ReadAllTextAsync(path) : null;
            if (json is not null)
            {
                var state = SinkState.FromJson(json);
                var waiting = state.Waiting(started, DateTimeOffset.UtcNow, active);
                if (waiting.Count == 0)
                {
                    return (json, true);
                }
                if (DateTimeOffset.UtcNow - started > timeout)
                {
                    await Console.Error.WriteLineAsync($"otlp: no figures collected after {started:HH:mm:ss} from {string.Join(", ", waiting)} within {timeout.TotalSeconds} s");
                    return (json, false);
                }
            }
            else if (DateTimeOffset.UtcNow - started > timeout)
            {
                await Console.Error.WriteLineAsync($"otlp: {path} was not written within {timeout.TotalSeconds} s");
                return (new SinkState().ToJson(), false);
            }
            await Task.Delay(100);
        }
    }
}
