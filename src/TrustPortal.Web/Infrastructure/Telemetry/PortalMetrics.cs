using System.Diagnostics.Metrics;

namespace TrustPortal.Web.Infrastructure.Telemetry;

/// The portal's own measurements, on the "TrustPortal" meter. Always there and almost free: an instrument nobody
/// listens to does nothing. OpenTelemetry (Telemetry:Enabled or an OTLP endpoint, ADR 0170) is what listens.
/// Tags are few and bounded on purpose: a cache's name, never a trust id or slug (1,200 trusts would be 1,200 series
/// per instrument); a route template, never a path.
public sealed class PortalMetrics
{
    public const string MeterName = "TrustPortal";

    /// Read models of a trust's public pages for signed-in people (TrustPageCache.GetOrLoadAsync).
    public const string TrustPublicPages = "trust-public-pages";

    /// Read models of a trust's work pages: the board, a school's progress (TrustPageCache.GetOrLoadWorkAsync).
    public const string TrustWorkPages = "trust-work-pages";

    /// Anonymous public pages in the output cache (PublicPageCachePolicy).
    public const string PublicPageOutput = "public-page-output";

    private readonly Counter<long> _cacheLookups;
    private readonly Histogram<double> _dbTime;
    private readonly Histogram<int> _dbCommands;

    public PortalMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter = meters.Create(MeterName);
        _cacheLookups = Meter.CreateCounter<long>("trustportal.cache.lookups", "{lookup}",
            "Lookups in a per-trust cache, tagged with the cache's name and hit or miss.");
        _dbTime = Meter.CreateHistogram("trustportal.db.time_per_request", "s",
            "Time one request spent waiting for the database, summed over its commands.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _dbCommands = Meter.CreateHistogram<int>("trustportal.db.commands_per_request", "{command}",
            "SQL commands one request sent.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [0, 1, 2, 4, 8, 16, 32, 64] });
    }

    public Meter Meter { get; }

    public void CacheLookup(string cache, bool hit) =>
        _cacheLookups.Add(1, new KeyValuePair<string, object?>("cache", cache), new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public void DatabaseTime(TimeSpan time, int commands, string? route)
    {
        var tag = new KeyValuePair<string, object?>("http.route", route ?? "(none)");
        _dbTime.Record(time.TotalSeconds, tag);
        _dbCommands.Record(commands, tag);
    }
}
