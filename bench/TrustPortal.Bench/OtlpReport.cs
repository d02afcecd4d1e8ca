using System.Globalization;

namespace TrustPortal.Bench;

/// Requests on one route between two snapshots, summed over the instances.
public sealed record RouteFigures(string Route, double Requests, double DatabaseSeconds, double Commands, double ServerRequests, double ServerSeconds)
{
    public double DatabaseMsPerRequest => Requests > 0 ? 1000 * DatabaseSeconds / Requests : 0;

    public double CommandsPerRequest => Requests > 0 ? Commands / Requests : 0;

    public double ServerMsPerRequest => ServerRequests > 0 ? 1000 * ServerSeconds / ServerRequests : 0;
}

/// Lookups in one cache between two snapshots, summed over the instances.
public sealed record CacheFigures(string Cache, double Hits, double Misses)
{
    public double HitRate => Hits + Misses > 0 ? Hits / (Hits + Misses) : 0;
}

/// What happened between two of the sink's snapshots: each series' increase on each instance (an instance that is new
/// since the first snapshot counts from zero), summed per route and per cache.
public sealed class OtlpReport
{
    private OtlpReport(List<RouteFigures> routes, List<CacheFigures> caches)
    {
        Routes = routes;
        Caches = caches;
    }

    /// Busiest first.
    public IReadOnlyList<RouteFigures> Routes { get; }

    public IReadOnlyList<CacheFigures> Caches { get; }

    public static OtlpReport Between(SinkState before, SinkState after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var increases = new List<SinkSeries>();
        foreach (var (name, instance) in after.Instances)
        {
            before.Instances.TryGetValue(name, out var earlier);
            foreach (var (key, series) in instance.Series)
            {
                var old = earlier?.Series.GetValueOrDefault(key);
                // A total that went down was reset (the instance restarted under the same id): all of it is new.
                increases.Add(old is null || series.Count < old.Count || series.Sum < old.Sum
                    ? series : series with { Count = series.Count - old.Count, Sum = series.Sum - old.Sum });
            }
        }
        string Route(SinkSeries s) => s.Attributes.GetValueOrDefault("http.route") ?? "(none)";
        var db = increases.Where(s => s.Metric == "trustportal.db.time_per_request").GroupBy(Route).ToDictionary(g => g.Key, g => (Count: g.Sum(s => s.Count), Sum: g.Sum(s => s.Sum)));
        var commands = increases.Where(s => s.Metric == "trustportal.db.commands_per_request").GroupBy(Route).ToDictionary(g => g.Key, g => g.Sum(s => s.Sum));
        var server = increases.Where(s => s.Metric == "http.server.request.duration").GroupBy(Route).ToDictionary(g => g.Key, g => (Count: g.Sum(s => s.Count), Sum: g.Sum(s => s.Sum)));
        var routes = db.Keys.Union(server.Keys)
            .Select(r => new RouteFigures(r, db.GetValueOrDefault(r).Count, db.GetValueOrDefault(r).Sum, commands.GetValueOrDefault(r),
                server.GetValueOrDefault(r).Count, server.GetValueOrDefault(r).Sum))
            .Where(r => r.Requests > 0 || r.ServerRequests > 0)
            .OrderByDescending(r => Math.Max(r.Requests, r.ServerRequests)).ThenBy(r => r.Route, StringComparer.Ordinal).ToList();
        var caches = increases.Where(s => s.Metric == "trustportal.cache.lookups")
            .GroupBy(s => s.Attributes.GetValueOrDefault("cache") ?? "(none)")
            .Select(g => new CacheFigures(g.Key,
                g.Where(s => s.Attributes.GetValueOrDefault("result") == "hit").Sum(s => s.Sum),
                g.Where(s => s.Attributes.GetValueOrDefault("result") == "miss").Sum(s => s.Sum)))
            .OrderBy(c => c.Cache, StringComparer.Ordinal).ToList();
        return new OtlpReport(routes, caches);
    }

    /// "requests db-ms commands server-ms route" for the busiest route, or "0 - - - -" when nothing was requested.
    public string BusiestLine() => Routes.Count == 0 ? "0 - - - -" : string.Create(CultureInfo.InvariantCulture,
        $"{Routes[0].Requests:0} {Routes[0].DatabaseMsPerRequest:0.00} {Routes[0].CommandsPerRequest:0.0} {Routes[0].ServerMsPerRequest:0.00} {Routes[0].Route}");

    /// "cache hits misses hit-rate-%" per cache.
    public string CacheLines() => string.Concat(Caches.Select(c =>
        string.Create(CultureInfo.InvariantCulture, $"{c.Cache} {c.Hits:0} {c.Misses:0} {100 * c.HitRate:0.0}\n")));

    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"route",-48} {"requests",9} {"db ms/req",10} {"cmds/req",9} {"server ms/req",14}"));
        foreach (var r in Routes)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Route,-48} {Math.Max(r.Requests, r.ServerRequests),9:0} {r.DatabaseMsPerRequest,10:0.00} {r.CommandsPerRequest,9:0.0} {r.ServerMsPerRequest,14:0.00}"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"cache",-48} {"hits",9} {"misses",10} {"hit rate",9}"));
        foreach (var c in Caches)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Cache,-48} {c.Hits,9:0} {c.Misses,10:0} {100 * c.HitRate,8:0.0}%"));
        }
    }
}
