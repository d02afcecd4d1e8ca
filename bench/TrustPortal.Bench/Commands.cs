namespace TrustPortal.Bench;

public static class Commands
{
    public static async Task<int> SignInAsync(Options options)
    {
        var common = Common.Read(options);
        var email = options.Required("email");
        var key = options.Text("totp-key");
        options.RejectUnknown();
        var password = await common.ReadPasswordAsync();
        key ??= common.Keys.Find(email);
        using var client = new PortalClient(common.Base, common.Trust);
        var result = await SignInFlow.SignInAsync(client, email, password, key);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync($"{email}: {result.Message}");
            return 1;
        }
        if (result.Enrolled && result.TotpKey is not null)
        {
            common.Keys.Save(email, result.TotpKey);
            await Console.Error.WriteLineAsync($"{email}: authenticator enrolled; key {result.TotpKey}");
        }
        await Console.Out.WriteLineAsync(client.CookieHeader());
        return 0;
    }

    public static async Task<int> LoadAsync(Options options)
    {
        var common = Common.Read(options);
        var accounts = Account.Read(options.Required("accounts"));
        var trust = options.Required("trust");
        var users = options.Number("users", 50, 1, 1000);
        var duration = TimeSpan.FromSeconds(options.Number("duration", 60, 1, 86400));
        var think = options.Number("think-ms", 500, 0, 60000);
        var parallel = options.Number("signin-parallel", 4, 1, 100);
        options.RejectUnknown();
        var picked = Account.Pick(accounts, users);
        var password = await common.ReadPasswordAsync();

        var signInStats = new Stats();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var signedIn = await LoadRun.SignInAllAsync(common, picked, password, parallel, signInStats, Console.Error);
        Console.Out.WriteLine($"Signed in {signedIn.Count} of {picked.Count} users in {watch.Elapsed.TotalSeconds:0.0} s ("
            + string.Join(", ", picked.GroupBy(a => a.Role).Select(g => $"{g.Count()} {g.Key}")) + ")");
        try
        {
            if (signedIn.Count < picked.Count)
            {
                PrintMessages(signInStats);
                return 1;
            }
            Console.Out.WriteLine($"Running {users} users for {duration.TotalSeconds:0} s, think time 0-{2 * think} ms between requests");
            var stats = new Stats();
            await new LoadRun(trust, duration, think, stats).RunAsync(signedIn);
            stats.Print(Console.Out, duration);
            Console.Out.WriteLine($"errors: {stats.Errors}");
            PrintMessages(stats);
            return stats.Errors == 0 && stats.Requests > 0 ? 0 : 1;
        }
        finally
        {
            signedIn.ForEach(s => s.Client.Dispose());
        }
    }

    public static async Task<int> BurstAsync(Options options)
    {
        var common = Common.Read(options);
        var accounts = Account.Read(options.Required("accounts"));
        var trust = options.Required("trust");
        var signIns = options.Number("signins", 30, 1, 1000);
        var readerCount = options.Number("readers", 3, 1, 100);
        var limitMs = options.Number("limit-ms", 1000, 1, 60000);
        options.RejectUnknown();
        if (signIns + readerCount > accounts.Count)
        {
            throw new UsageException($"{signIns} sign-ins and {readerCount} readers need {signIns + readerCount} accounts; the file has {accounts.Count}");
        }
        var password = await common.ReadPasswordAsync();
        // The readers are the last accounts of the file (one of each role where possible); the burst signs in the others.
        var readers = Account.Pick([.. accounts.Reverse()], readerCount);
        var burst = accounts.Except(readers).Take(signIns).ToList();

        var readerStats = new Stats();
        var signedIn = await LoadRun.SignInAllAsync(common, readers, password, readerCount, readerStats, Console.Error);
        try
        {
            if (signedIn.Count < readers.Count)
            {
                Console.Out.WriteLine("The readers could not sign in:");
                PrintMessages(readerStats);
                return 1;
            }
            Console.Out.WriteLine($"{burst.Count} sign-ins at once while {signedIn.Count} signed-in users ("
                + string.Join(", ", signedIn.Select(s => s.Account.Role)) + ") read pages");
            var (signInStats, others, burstTime) = await new BurstRun(common, trust, password, Console.Error).RunAsync(burst, signedIn);
            signInStats.Print(Console.Out, burstTime);
            others.Print(Console.Out, burstTime + TimeSpan.FromSeconds(2));
            var succeeded = signInStats.All("sign-in").Count;
            var other = others.All(BurstRun.OtherPages);
            var max = other.Count == 0 ? 0 : other[^1];
            var p99 = Stats.Percentile(other, 99);
            Console.Out.WriteLine($"sign-ins: {succeeded} of {burst.Count} succeeded in {burstTime.TotalSeconds:0.0} s; other pages: {other.Count} answered, "
                + $"{others.Errors} errors, p99 {p99:0} ms, max {max:0} ms (limit {limitMs} ms)");
            PrintMessages(signInStats);
            PrintMessages(others);
            var ok = succeeded == burst.Count && signInStats.Errors == 0 && others.Errors == 0 && other.Count > 0 && max < limitMs;
            Console.Out.WriteLine(ok ? "PASS" : "FAIL");
            return ok ? 0 : 1;
        }
        finally
        {
            signedIn.ForEach(s => s.Client.Dispose());
        }
    }

    private static void PrintMessages(Stats stats)
    {
        foreach (var message in stats.Messages)
        {
            Console.Out.WriteLine("  error: " + message);
        }
    }
}

/// Options every command shares.
public sealed record Common(Uri Base, CertificateTrust Trust, KeyStore Keys, bool PasswordStdin)
{
    public static Common Read(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = options.Required("base");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new UsageException("--base must be an absolute http(s) URL, like https://127.0.0.1:5443");
        }
        var cert = options.Text("cert");
        if (cert is not null && !File.Exists(cert))
        {
            throw new UsageException($"--cert {cert}: no such file");
        }
        return new Common(baseUri, new CertificateTrust(cert), new KeyStore(options.Text("keys")), options.Flag("password-stdin"));
    }

    public async Task<string> ReadPasswordAsync()
    {
        if (!PasswordStdin)
        {
            throw new UsageException("--password-stdin is required (the password is read from standard input, one line; never from the command line)");
        }
        var line = await Console.In.ReadLineAsync();
        return string.IsNullOrEmpty(line) ? throw new UsageException("No password on standard input") : line;
    }
}
