using System.Collections.Concurrent;
using System.Globalization;

namespace TrustPortal.Bench;

/// Latencies and errors per kind of request, safe to record into from many users at once.
public sealed class Stats
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latencies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _messages = new();

    public void Record(string kind, TimeSpan elapsed) => _latencies.GetOrAdd(kind, _ => []).Add(elapsed.TotalMilliseconds);

    public void Error(string kind, string message)
    {
        _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
        _latencies.GetOrAdd(kind, _ => []);
        if (_messages.Count < 20)
        {
            _messages.Enqueue($"{kind}: {message}");
        }
    }

    public int Requests => _latencies.Values.Sum(b => b.Count) + Errors;

    public int Errors => _errors.Values.Sum();

    public IEnumerable<string> Messages => _messages;

    public IReadOnlyList<double> All(string kind) => _latencies.TryGetValue(kind, out var bag) ? [.. bag.Order()] : [];

    /// The nearest-rank percentile of sorted values (0 when there are none).
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// A table: kind, requests, errors, p50, p95, p99, max (ms).
    public void Print(TextWriter output, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Format(c, "{0,-28} {1,9} {2,7} {3,8} {4,8} {5,8} {6,8} {7,8}", "kind", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"));
        var everything = new List<double>();
        foreach (var kind in _latencies.Keys.Order(StringComparer.Ordinal))
        {
            var sorted = All(kind);
            everything.AddRange(sorted);
            var errors = _errors.GetValueOrDefault(kind);
            output.WriteLine(Row(kind, sorted, errors));
        }
        everything.Sort();
        output.WriteLine(Row("all", everything, Errors));

        string Row(string kind, IReadOnlyList<double> sorted, int errors) => string.Format(c, "{0,-28} {1,9} {2,7} {3,8:0.0} {4,8:0.0} {5,8:0.0} {6,8:0.0} {7,8:0.0}",
            kind, sorted.Count + errors, errors, (sorted.Count + errors) / Math.Max(duration.TotalSeconds, 0.001),
            Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted.Count == 0 ? 0 : sorted[^1]);
    }
}
