using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace TrustPortal.Bench;

/// `crawl`: every trust's public pages (anonymous, and as a trustee of that trust) and its trustees' dashboard, on
/// every instance named; the scale benchmark measures each instance's memory after it (issue 19).
public static class CrawlCommand
{
    public const string Usage = """
          crawl --base URL --trustees FILE --password-stdin [--bases URL,URL,...] [--parallel 2] [--keys FILE] [--cert PEM]
              Signs in one trustee per trust (FILE: "trust-slug email" lines) through --base, then reads the trust's
              public pages anonymously and signed in, and its board dashboard, from each of --bases (default --base; a
              sign-in made on one instance works on every instance). Prints "pages=N errors=N trusts=N seconds=S".
        """;

    private static readonly string[] PublicPages = ["", "/vision-and-values", "/schools", "/plans", "/messages"];

    public static async Task<int> RunAsync(Options options)
    {
        var common = Common.Read(options);
        var trustees = Read(options.Required("trustees"));
        var bases = (options.Text("bases") ?? common.Base.AbsoluteUri).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(b => Uri.TryCreate(b, UriKind.Absolute, out var u) ? u : throw new UsageException($"--bases: {b} is not an absolute URL")).ToList();
        var parallel = options.Number("parallel", 2, 1, 64);
        options.RejectUnknown();
        var password = await common.ReadPasswordAsync();
        var stats = new Stats();
        var pages = 0;
        var errors = 0;
        var watch = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(parallel);
        var anonymous = bases.Select(b => new PortalClient(b, common.Trust)).ToList();
        await Task.WhenAll(trustees.Select(async t =>
        {
            await gate.WaitAsync();
            try
            {
                var (ok, client) = await LoadRun.SignInOneAsync(common, new Account("Trustee", t.Email, null), password, stats, Console.Error);
                using (client)
                {
                    if (!ok)
                    {
                        Interlocked.Increment(ref errors);
                        return;
                    }
                    for (var i = 0; i < bases.Count; i++)
                    {
                        var root = bases[i].AbsoluteUri.TrimEnd('/') + "/" + t.Trust;
                        foreach (var page in PublicPages)
                        {
                            await ReadAsync(anonymous[i], root + page);
                            await ReadAsync(client, root + page);
                        }
                        await ReadAsync(client, root + "/board");
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        anonymous.ForEach(a => a.Dispose());
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"pages={pages} errors={errors} trusts={trustees.Count} seconds={watch.Elapsed.TotalSeconds:0.0}"));
        foreach (var message in stats.Messages)
        {
            await Console.Error.WriteLineAsync("  " + message);
        }
        return errors == 0 ? 0 : 1;

        async Task ReadAsync(PortalClient client, string url)
        {
            var answer = await client.GetAsync(url);
            Interlocked.Increment(ref pages);
            if (answer.Status != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref errors);
                await Console.Error.WriteLineAsync($"GET {url}: {answer.Problem()}");
            }
        }
    }

    private sealed record Trustee(string Trust, string Email);

    private static List<Trustee> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--trustees {path}: no such file");
        }
        var list = new List<Trustee>();
        foreach (var (line, number) in File.ReadAllLines(path).Select((l, i) => (l.Trim(), i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
            {
                throw new UsageException($"{path}:{number}: expected \"trust-slug email\"");
            }
            list.Add(new Trustee(parts[0], parts[1]));
        }
        return list;
    }
}
