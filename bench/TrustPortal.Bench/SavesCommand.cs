using System.Diagnostics;
using System.Globalization;

namespace TrustPortal.Bench;

/// `saves`: headteachers of many trusts save progress at a steady total rate, round robin, each with the real form
/// (the stream's save). The scale benchmark runs it as the other trusts' work while it measures one trust's pages.
public static class SavesCommand
{
    public const string Usage = """
          saves --base URL --heads FILE --password-stdin [--rate 2] [--duration 60] [--stop-file F] [--signin-parallel 2]
                [--keys FILE] [--cert PEM]
              Signs in every head in FILE ("trust-slug urn email" lines), then saves one progress update every 1/--rate
              seconds in total, taking the heads in turn, until --duration ends or --stop-file appears. Prints the
              sign-ins, then "saves=N failed=N seconds=S rate=R/s p50=… p99=… ms"; exit 1 when a sign-in or a save failed.
        """;

    public static async Task<int> RunAsync(Options options)
    {
        var common = Common.Read(options);
        var heads = Read(options.Required("heads"));
        var rate = options.Number("rate", 2, 1, 1000);
        var duration = TimeSpan.FromSeconds(options.Number("duration", 60, 1, 86400));
        var stopFile = options.Text("stop-file");
        var parallel = options.Number("signin-parallel", 2, 1, 100);
        options.RejectUnknown();
        var password = await common.ReadPasswordAsync();

        var stats = new Stats();
        var watch = Stopwatch.StartNew();
        var accounts = heads.Select(h => new Account("Headteacher", h.Email, h.Urn)).ToList();
        var signedIn = await LoadRun.SignInAllAsync(common, accounts, password, parallel, stats, Console.Error);
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"signed in {signedIn.Count} of {heads.Count} heads in {watch.Elapsed.TotalSeconds:0.0} s"));
        if (signedIn.Count == 0)
        {
            return 1;
        }
        var trustOf = heads.ToDictionary(h => h.Email, h => h.Trust, StringComparer.OrdinalIgnoreCase);
        var runs = new List<(StreamRun Run, List<string> Links, SemaphoreSlim Lock)>();
        foreach (var head in signedIn)
        {
            var run = new StreamRun(head.Client, $"/{trustOf[head.Account.Email]}/progress/{head.Account.Urn}", TimeSpan.FromSeconds(10), Console.Error);
            var links = await run.CriterionLinksAsync();
            if (links.Count > 0)
            {
                runs.Add((run, links, new SemaphoreSlim(1, 1)));
            }
        }
        if (runs.Count == 0)
        {
            await Console.Error.WriteLineAsync("No head has a criterion to record (is a cycle open and the return in draft?)");
            return 1;
        }
        // A steady rate: the n-th save starts at n / rate seconds, whatever the earlier ones took (saves overlap when
        // the portal is slow, as real heads' saves do).
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var pending = new List<Task>();
        var failed = 0;
        watch.Restart();
        for (var n = 0; watch.Elapsed < duration && (stopFile is null || !File.Exists(stopFile)); n++)
        {
            var due = interval * n;
            if (due > watch.Elapsed)
            {
                await Task.Delay(due - watch.Elapsed);
            }
            var (run, links, one) = runs[n % runs.Count];
            var link = links[n / runs.Count % links.Count];
            var text = $"saves-{n:D6}-{Guid.NewGuid():N}";
            pending.Add(SaveOneAsync(run, one, link, text));
            pending.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(pending);
        var sorted = stats.All("save");
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"saves={sorted.Count} failed={failed} seconds={watch.Elapsed.TotalSeconds:0.0} rate={sorted.Count / watch.Elapsed.TotalSeconds:0.00}/s "
            + $"p50={Stats.Percentile(sorted, 50):0} p99={Stats.Percentile(sorted, 99):0} ms"));
        foreach (var head in signedIn)
        {
            head.Client.Dispose();
        }
        runs.ForEach(r => r.Lock.Dispose());
        return failed == 0 && signedIn.Count == heads.Count ? 0 : 1;

        async Task SaveOneAsync(StreamRun run, SemaphoreSlim one, string link, string text)
        {
            var started = Stopwatch.StartNew();
            // One StreamRun (one head's client) saves one update at a time.
            await one.WaitAsync();
            try
            {
                if (await run.SaveAsync(link, text) is null)
                {
                    Interlocked.Increment(ref failed);
                    return;
                }
            }
            finally
            {
                one.Release();
            }
            stats.Record("save", started.Elapsed);
        }
    }

    private sealed record Head(string Trust, int Urn, string Email);

    private static List<Head> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--heads {path}: no such file");
        }
        var heads = new List<Head>();
        foreach (var (line, number) in File.ReadAllLines(path).Select((l, i) => (l.Trim(), i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var urn))
            {
                throw new UsageException($"{path}:{number}: expected \"trust-slug urn email\"");
            }
            heads.Add(new Head(parts[0], urn, parts[2]));
        }
        return heads;
    }
}
