using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace TrustPortal.Bench;

/// `stream`: one headteacher saves progress updates one after another with the real form (antiforgery token and
/// idempotency key included), each with a unique "What was done" text. An update counts as acknowledged only when the
/// portal answers the POST with its redirect back to the school's page; its text then goes to --ack-log at once.
/// A POST that fails (connection refused while the portal restarts, 503 while the database is down) is sent again,
/// byte for byte the same form (same idempotency key), until acknowledged: so a drill can check afterwards that every
/// acknowledged text is in the database exactly once. --replay N re-posts the last N acknowledged forms at the end:
/// each must be acknowledged again without being recorded twice (the drill checks the count).
public static class StreamCommand
{
    public const string Usage = """
          stream --base URL --email E --trust SLUG --urn URN --ack-log FILE --password-stdin [--duration 20] [--stop-file F]
                 [--retry-seconds 60] [--replay 0] [--label TEXT] [--keys FILE] [--cert PEM]
              A headteacher saves progress updates one after another until --duration ends or --stop-file appears; every
              acknowledged update's text is appended to --ack-log ("text<TAB>idempotency key"). Failed POSTs are re-sent
              unchanged until acknowledged (up to --retry-seconds). Prints one summary line of counts; exit 1 on a 5xx
              other than the friendly 503, an unfriendly 503, a refused save, or an update given up.
        """;

    public const string FormSelector = "form[enctype='multipart/form-data']";

    public static async Task<int> RunAsync(Options options)
    {
        var common = Common.Read(options);
        var email = options.Required("email");
        var trust = options.Required("trust");
        var urn = options.Required("urn");
        var ackLog = options.Required("ack-log");
        var duration = TimeSpan.FromSeconds(options.Number("duration", 20, 1, 86400));
        var stopFile = options.Text("stop-file");
        var retryFor = TimeSpan.FromSeconds(options.Number("retry-seconds", 60, 1, 3600));
        var replay = options.Number("replay", 0, 0, 1000);
        var label = options.Text("label") ?? "stream";
        options.RejectUnknown();
        var password = await common.ReadPasswordAsync();

        using var client = new PortalClient(common.Base, common.Trust);
        var signIn = await SignInFlow.SignInAsync(client, email, password, common.Keys.Find(email));
        if (signIn.Enrolled && signIn.TotpKey is not null)
        {
            common.Keys.Save(email, signIn.TotpKey);
        }
        if (!signIn.Succeeded)
        {
            await Console.Error.WriteLineAsync($"{email}: {signIn.Message}");
            return 1;
        }
        var run = new StreamRun(client, $"/{trust}/progress/{urn}", retryFor, Console.Error);
        var links = await run.CriterionLinksAsync();
        if (links.Count == 0)
        {
            await Console.Error.WriteLineAsync($"/{trust}/progress/{urn} links to no criterion (is a cycle open and the return in draft?)");
            return 1;
        }

        await using var ack = new StreamWriter(new FileStream(ackLog, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        var acknowledged = new List<(PortalResponse Page, Dictionary<string, string> Changes)>();
        var watch = Stopwatch.StartNew();
        var n = 0;
        while (watch.Elapsed < duration && (stopFile is null || !File.Exists(stopFile)) && !run.GaveUp)
        {
            var text = $"{label}-{n:D5}-{Guid.NewGuid():N}";
            var saved = await run.SaveAsync(links[n % links.Count], text);
            if (saved is not null)
            {
                await ack.WriteLineAsync($"{text}\t{saved.Value.Key}");
                acknowledged.Add((saved.Value.Page, saved.Value.Changes));
            }
            n++;
        }
        var replayed = 0;
        foreach (var (page, changes) in acknowledged.TakeLast(replay))
        {
            if (await run.ResendAsync(page, changes, "replay"))
            {
                replayed++;
            }
        }
        var c = run.Counts;
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"acked={acknowledged.Count} posts={c.Posts} resent={c.Resent} friendly503={c.Friendly503} unfriendly503={c.Unfriendly503} "
            + $"other5xx={c.Other5xx} neterrors={c.NetworkErrors} refused={c.Refused} gaveup={(run.GaveUp ? 1 : 0)} replayed={replayed}/{Math.Min(replay, acknowledged.Count)} "
            + $"seconds={watch.Elapsed.TotalSeconds:0.0}"));
        var ok = c.Unfriendly503 == 0 && c.Other5xx == 0 && c.Refused == 0 && !run.GaveUp && replayed == Math.Min(replay, acknowledged.Count) && acknowledged.Count > 0;
        return ok ? 0 : 1;
    }
}

public sealed class StreamCounts
{
    public int Posts { get; set; }
    public int Resent { get; set; }
    public int Friendly503 { get; set; }
    public int Unfriendly503 { get; set; }
    public int Other5xx { get; set; }
    public int NetworkErrors { get; set; }
    public int Refused { get; set; }
}

/// The requests of one stream, with the retry rules: a transient failure (no connection, a friendly 503) is retried
/// every 200 ms until <c>retryFor</c> has passed; anything else is counted and the update is skipped.
public sealed class StreamRun(PortalClient client, string schoolPath, TimeSpan retryFor, TextWriter log)
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    public StreamCounts Counts { get; } = new();

    public bool GaveUp { get; private set; }

    public async Task<List<string>> CriterionLinksAsync()
    {
        var page = await GetAsync(schoolPath);
        return page is null ? [] : [.. page.Document().QuerySelectorAll($"a[href^='{schoolPath}/criteria/']")
            .Select(a => a.GetAttribute("href")!).Distinct(StringComparer.Ordinal)];
    }

    /// Opens the criterion's form, types the text, saves; returns the acknowledged form, or null.
    public async Task<(PortalResponse Page, Dictionary<string, string> Changes, string Key)?> SaveAsync(string link, string text)
    {
        var page = await GetAsync(link);
        if (page is null)
        {
            return null;
        }
        var doc = page.Document();
        var key = doc.QuerySelector("input[name='Form.IdempotencyKey']")?.GetAttribute("value");
        var status = doc.QuerySelector("input[name='Form.Status'][checked]")?.GetAttribute("value")
            ?? doc.QuerySelector("input[name='Form.Status']")?.GetAttribute("value");
        if (key is null || status is null)
        {
            Counts.Refused++;
            await log.WriteLineAsync($"{link}: no progress form to fill in ({page.Problem()})");
            return null;
        }
        var changes = new Dictionary<string, string> { ["Form.Status"] = status, ["Form.WhatWasDone"] = text };
        return await ResendAsync(page, changes, "save") ? (page, changes, key) : null;
    }

    /// Posts the form (again), retrying transient failures; true when the portal acknowledged it.
    public async Task<bool> ResendAsync(PortalResponse page, Dictionary<string, string> changes, string what)
    {
        var started = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                Counts.Resent++;
                if (started.Elapsed > retryFor)
                {
                    GaveUp = true;
                    await log.WriteLineAsync($"{what}: gave up after {retryFor.TotalSeconds:0} s of failures");
                    return false;
                }
                await Task.Delay(Pause);
            }
            Counts.Posts++;
            PortalResponse answer;
            try
            {
                answer = await client.SubmitAsync(page, StreamCommand.FormSelector, changes);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Counts.NetworkErrors++;
                continue;
            }
            if (answer.IsRedirect && answer.Location == schoolPath)
            {
                return true;
            }
            if (IsTransient(answer))
            {
                continue;
            }
            Counts.Refused++;
            await log.WriteLineAsync($"{what}: not saved: {answer.Problem()}{(answer.IsRedirect ? " → " + answer.Location : "")}");
            return false;
        }
    }

    private async Task<PortalResponse?> GetAsync(string path)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var page = await client.GetAsync(path);
                if (page.Status == HttpStatusCode.OK)
                {
                    return page;
                }
                if (!IsTransient(page))
                {
                    Counts.Refused++;
                    await log.WriteLineAsync($"GET {path}: {page.Problem()}{(page.IsRedirect ? " → " + page.Location : "")}");
                    return null;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Counts.NetworkErrors++;
            }
            if (started.Elapsed > retryFor)
            {
                GaveUp = true;
                await log.WriteLineAsync($"GET {path}: gave up after {retryFor.TotalSeconds:0} s of failures");
                return null;
            }
            await Task.Delay(Pause);
        }
    }

    /// A friendly 503 (the portal's "unavailable" page) is transient; any other 5xx is counted as a failure of the
    /// portal but retried too, so one bad answer does not end the stream.
    private bool IsTransient(PortalResponse answer)
    {
        var code = (int)answer.Status;
        if (code == 503)
        {
            if (answer.Body.Contains("Sorry, the portal is unavailable", StringComparison.Ordinal) && answer.RetryAfter is not null)
            {
                Counts.Friendly503++;
            }
            else
            {
                Counts.Unfriendly503++;
            }
            return true;
        }
        if (code >= 500)
        {
            Counts.Other5xx++;
            return true;
        }
        return false;
    }
}
