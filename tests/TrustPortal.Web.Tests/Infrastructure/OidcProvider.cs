using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TrustPortal.Web.Tests.Infrastructure;

/// A real OpenID Connect provider (npm oidc-provider, tests/oidc-provider/provider.mjs) on a loopback port, for as
/// long as the fixture lives. `npm ci` in tests/oidc-provider installs it (scripts/test.sh does so).
public sealed class OidcProvider : IDisposable
{
    private readonly Process _process;
    private static readonly HttpClient Control = new();

    private OidcProvider(Process process, int port, string clientId, string clientSecret)
    {
        _process = process;
        Port = port;
        ClientId = clientId;
        ClientSecret = clientSecret;
    }

    public int Port { get; }
    public string ClientId { get; }
    public string ClientSecret { get; }
    public string Issuer => $"http://127.0.0.1:{Port}";

    public static string Folder()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TrustPortal.sln")))
        {
            root = root.Parent;
        }
        return Path.Combine(root?.FullName ?? throw new InvalidOperationException("TrustPortal.sln not found above the test folder"), "tests", "oidc-provider");
    }

    /// Starts the provider with one client whose redirect URIs are given, and waits until it listens.
    public static OidcProvider Start(string clientId, params string[] redirectUris)
    {
        var folder = Folder();
        var node = Path.Combine(folder, "node_modules", ".bin", "node");
        if (!File.Exists(node) || !Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException($"The test OpenID Connect provider is not installed: run `npm ci` in {folder} (scripts/test.sh does).");
        }
        var port = FreePort();
        var secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "provider.mjs", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--client-id", clientId, "--client-secret", secret })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var uri in redirectUris)
        {
            start.ArgumentList.Add("--redirect-uri");
            start.ArgumentList.Add(uri);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("listening ", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!listening.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The test OpenID Connect provider did not start: " + string.Join('\n', errors));
        }
        return new OidcProvider(process, port, clientId, secret);
    }

    /// Every request to the provider fails (the connection is reset) until <see cref="UpAsync"/>.
    public async Task DownAsync()
    {
        using var response = await Control.PostAsync(new Uri(Issuer + "/_test/down"), null);
        response.EnsureSuccessStatusCode();
    }

    public async Task UpAsync()
    {
        using var response = await Control.PostAsync(new Uri(Issuer + "/_test/up"), null);
        response.EnsureSuccessStatusCode();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}

/// What the person types on the test provider's login page: the ID token's claims and, optionally, a fault
/// (audience, expired, nonce, signature) that the provider applies to the ID token it sends.
public sealed record ProviderLogin(
    string Email,
    string? Tid = null,
    string? Hd = null,
    string EmailVerified = "true",
    string? XmsEdov = null,
    string Amr = "pwd",
    string? Acr = null,
    string? Fault = null,
    string Name = "Test Person")
{
    /// The subject the test provider gives this address (provider.mjs: the first 32 hex digits of its SHA-256).
    public static string SubjectOf(string email) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(email.ToLowerInvariant())))[..32];

    public Dictionary<string, string> Fields() => new()
    {
        ["email"] = Email,
        ["name"] = Name,
        ["email_verified"] = EmailVerified,
        ["xms_edov"] = XmsEdov ?? "",
        ["tid"] = Tid ?? "",
        ["hd"] = Hd ?? "",
        ["amr"] = Amr,
        ["acr"] = Acr ?? "",
        ["fault"] = Fault ?? "",
    };
}
