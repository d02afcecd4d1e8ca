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

    public static Task<int> LoadAsync(Options options) => throw new UsageException("load: not yet available");

    public static Task<int> BurstAsync(Options options) => throw new UsageException("burst: not yet available");
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
