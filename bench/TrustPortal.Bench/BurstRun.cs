using System.Diagnostics;
using System.Net;

namespace TrustPortal.Bench;

/// Many people signing in at the same moment (the Monday briefing) while others already signed in keep reading pages:
/// every sign-in must succeed and the other pages must stay fast.
public sealed class BurstRun(Common common, string trust, string password, TextWriter log)
{
    public const string OtherPages = "other pages";

    public async Task<(Stats SignIns, Stats Others, TimeSpan BurstTime)> RunAsync(IReadOnlyList<Account> burst, IReadOnlyList<SignedIn> readers)
    {
        ArgumentNullException.ThrowIfNull(burst);
        ArgumentNullException.ThrowIfNull(readers);
        var signIns = new Stats();
        var others = new Stats();
        using var stopReaders = new CancellationTokenSource();
        var readerTasks = readers.Select(r => Task.Run(() => ReadLoopAsync(r, others, stopReaders.Token))).ToList();
        // Readers run alone for a second first, so the figures cover the whole burst.
        await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = new Stopwatch();
        var tasks = burst.Select(account => Task.Run(async () =>
        {
            await go.Task.ConfigureAwait(false);
            var (_, client) = await LoadRun.SignInOneAsync(common, account, password, signIns, log).ConfigureAwait(false);
            client.Dispose();
        })).ToList();
        watch.Start();
        go.SetResult();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        watch.Stop();
        await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        await stopReaders.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(readerTasks).ConfigureAwait(false);
        return (signIns, others, watch.Elapsed);
    }

    private async Task ReadLoopAsync(SignedIn reader, Stats stats, CancellationToken stop)
    {
        var path = reader.Account.Role switch
        {
            "Trustee" => $"/{trust}/board",
            "Headteacher" => $"/{trust}/progress/{reader.Account.Urn}",
            _ => $"/{trust}/vision-and-values",
        };
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var response = await reader.Client.GetAsync(path, CancellationToken.None).ConfigureAwait(false);
                if (response.Status == HttpStatusCode.OK)
                {
                    stats.Record(OtherPages, response.Elapsed);
                }
                else
                {
                    stats.Error(OtherPages, $"{path}: {response.Problem()}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                stats.Error(OtherPages, $"{path}: {e.Message}");
            }
            try
            {
                await Task.Delay(50, stop).ConfigureAwait(false);
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }
    }
}
