using System.Diagnostics;
using System.Net;

namespace TrustPortal.Bench;

/// Concurrent signed-in users for a fixed time: staff read trust pages, headteachers open their progress page and
/// save a criterion with the real form, trustees open the dashboard. Every non-2xx/3xx answer, exception, redirect
/// back to sign-in or refused save is an error.
public sealed class LoadRun(string trust, TimeSpan duration, int thinkMs, Stats stats)
{
    public const string StaffRead = "staff: trust page";
    public const string HeadProgress = "head: progress page";
    public const string HeadCriterion = "head: criterion form";
    public const string HeadSave = "head: save criterion";
    public const string TrusteeDashboard = "trustee: dashboard";

    private static readonly string[] StaffPages = ["", "/vision-and-values", "/schools", "/plans"];

    public async Task RunAsync(IReadOnlyList<SignedIn> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        using var stop = new CancellationTokenSource(duration);
        await Task.WhenAll(users.Select((u, i) => Task.Run(() => UserLoopAsync(u, i, stop.Token)))).ConfigureAwait(false);
    }

    private async Task UserLoopAsync(SignedIn user, int index, CancellationToken stop)
    {
        var random = new Random(index);
        var step = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                switch (user.Account.Role)
                {
                    case "Headteacher":
                        await HeadAsync(user, random).ConfigureAwait(false);
                        break;
                    case "Trustee":
                        await GetAsync(user.Client, TrusteeDashboard, $"/{trust}/board").ConfigureAwait(false);
                        break;
                    default:
                        await GetAsync(user.Client, StaffRead, $"/{trust}{StaffPages[step % StaffPages.Length]}").ConfigureAwait(false);
                        break;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                stats.Error(user.Account.Role, e.Message);
            }
            step++;
            if (thinkMs > 0)
            {
                // Uniform 0..2×think: people do not click in step.
                try
                {
                    await Task.Delay(random.Next(2 * thinkMs + 1), stop).ConfigureAwait(false);
                }
                catch (TaskCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// A head opens their progress page, opens one criterion and saves it with another status.
    private async Task HeadAsync(SignedIn head, Random random)
    {
        var progress = await GetAsync(head.Client, HeadProgress, $"/{trust}/progress/{head.Account.Urn}").ConfigureAwait(false);
        if (progress is null)
        {
            return;
        }
        var links = progress.Document().QuerySelectorAll($"a[href*='/progress/{head.Account.Urn}/criteria/']")
            .Select(a => a.GetAttribute("href")!).Distinct(StringComparer.Ordinal).ToList();
        if (links.Count == 0)
        {
            stats.Error(HeadProgress, "the progress page links to no criterion");
            return;
        }
        var link = links[random.Next(links.Count)];
        var form = await GetAsync(head.Client, HeadCriterion, link).ConfigureAwait(false);
        if (form is null)
        {
            return;
        }
        var statuses = form.Document().QuerySelectorAll("input[name='Form.Status']").Select(i => i.GetAttribute("value")!).ToList();
        if (statuses.Count == 0)
        {
            stats.Error(HeadCriterion, $"{link}: no status to choose (is the cycle open and the return in draft?)");
            return;
        }
        var changes = new Dictionary<string, string>
        {
            ["Form.Status"] = statuses[random.Next(statuses.Count)],
            ["Form.WhatWasDone"] = $"Benchmark update at {DateTime.UtcNow:O}.",
        };
        var saved = await head.Client.SubmitAsync(form, "form[enctype='multipart/form-data']", changes).ConfigureAwait(false);
        if (saved.IsRedirect && saved.Location!.StartsWith($"/{trust}/progress/{head.Account.Urn}", StringComparison.Ordinal))
        {
            stats.Record(HeadSave, saved.Elapsed);
            await GetAsync(head.Client, HeadProgress, saved.Location).ConfigureAwait(false);
        }
        else
        {
            stats.Error(HeadSave, $"{link}: not saved: {saved.Problem()}{(saved.IsRedirect ? " → " + saved.Location : "")}");
        }
    }

    /// A GET that must answer 200; a redirect (to sign-in or anywhere) is an error for a page the user can read.
    private async Task<PortalResponse?> GetAsync(PortalClient client, string kind, string path)
    {
        var response = await client.GetAsync(path).ConfigureAwait(false);
        if (response.Status == HttpStatusCode.OK)
        {
            stats.Record(kind, response.Elapsed);
            return response;
        }
        stats.Error(kind, $"{path}: {response.Problem()}{(response.IsRedirect ? " → " + response.Location : "")}");
        return null;
    }

    /// Signs everyone in, <paramref name="parallel"/> at a time, and returns those who succeeded; failures are
    /// printed and counted under "sign-in".
    public static async Task<List<SignedIn>> SignInAllAsync(Common common, IReadOnlyList<Account> accounts, string password, int parallel, Stats stats, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(common);
        var signedIn = new List<SignedIn>();
        var gate = new SemaphoreSlim(parallel);
        await Task.WhenAll(accounts.Select(async account =>
        {
            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                var (ok, client) = await SignInOneAsync(common, account, password, stats, log).ConfigureAwait(false);
                if (ok)
                {
                    lock (signedIn)
                    {
                        signedIn.Add(new SignedIn(account, client));
                    }
                }
                else
                {
                    client.Dispose();
                }
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        gate.Dispose();
        return signedIn;
    }

    public static async Task<(bool Ok, PortalClient Client)> SignInOneAsync(Common common, Account account, string password, Stats stats, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(common);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(log);
        var client = new PortalClient(common.Base, common.Trust);
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await SignInFlow.SignInAsync(client, account.Email, password, common.Keys.Find(account.Email)).ConfigureAwait(false);
            watch.Stop();
            if (result.Enrolled && result.TotpKey is not null)
            {
                common.Keys.Save(account.Email, result.TotpKey);
            }
            if (!result.Succeeded)
            {
                stats.Error("sign-in", $"{account.Email}: {result.Message}");
                return (false, client);
            }
            stats.Record("sign-in", watch.Elapsed);
            return (true, client);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            stats.Error("sign-in", $"{account.Email}: {e.Message}");
            await log.WriteLineAsync($"{account.Email}: {e.Message}").ConfigureAwait(false);
            return (false, client);
        }
    }
}
