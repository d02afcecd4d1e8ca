using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace TrustPortal.BrowserTests.Infrastructure;

/// The portal over HTTPS on a real port of 127.0.0.1 (Kestrel, not the in-memory test server) on a fresh SQLite file with
/// the five demo trusts, and one headless Debian Chromium driven by Playwright; shared by every browser test.
/// FreshBrowserPortal is the same on an empty database: no demo data, no demo accounts.
public class BrowserPortal : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string MissingChromium =
        "Chromium is not installed: run `apt-get install chromium` (scripts/test.sh does this), then run the tests again.";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "trustportal-browser-tests", Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _browserProblem;

    // HTTPS, as in production: the portal's cookies are Secure (__Host-) and antiforgery refuses plain http.
    // A self-signed certificate made for this run; the browser contexts accept it (IgnoreHTTPSErrors).
    private readonly X509Certificate2 _certificate = SelfSignedCertificate();

    public BrowserPortal()
        : this(0)
    {
    }

    /// On a port chosen beforehand (0: any free one), for a fixture that must name its address before the start.
    protected BrowserPortal(int port) => UseKestrel(o => o.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(_certificate)));

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so that the private key is one Kestrel's TLS stack can use on every platform.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
    }

    /// Whether the database starts with the five demo trusts and their demo accounts.
    protected virtual bool SeedDemo => true;

    /// The portal's SQLite database file, for the command line to work on.
    public string DatabasePath => Path.Combine(_folder, "portal.db");

    /// Where the portal writes the e-mails it sends (one .eml file each).
    public string MailFolder => Path.Combine(_folder, "mail");

    /// Where the portal listens, e.g. https://127.0.0.1:40123 (no trailing slash).
    public string BaseUrl { get; private set; } = "";

    /// Screenshots and PDFs: bin/<configuration>/net10.0/screenshots, printed once per run.
    public static string OutputFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// The five demo trusts seeded from src/TrustPortal.Web/Data/Demo/trusts.
    public static TheoryData<string> DemoTrusts => new()
    {
        "care-foundation-trust",
        "create-partnership-trust",
        "innovate-2-educate-partnership",
        "kestrel-ridge-learning-trust",
        "larkspur-vale-academy-trust",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:TrustPortal", $"Data Source={DatabasePath}");
        builder.UseSetting("Database:SeedDemoData", SeedDemo ? "true" : "false");
        // The demo accounts of kestrel-ridge-learning-trust (docs/accounts.md) for the signed-in journeys.
        builder.UseSetting("Database:SeedDemoAccounts", SeedDemo ? "true" : "false");
        builder.UseSetting("Email:Sender", "Folder");
        builder.UseSetting("Email:Folder", MailFolder);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        AddSettings(builder);
    }

    /// Settings a derived fixture adds (e.g. identity providers).
    protected virtual void AddSettings(IWebHostBuilder builder)
    {
    }

    public async Task InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.Single().TrimEnd('/');
        Directory.CreateDirectory(OutputFolder);

        var chromium = FindChromium();
        if (chromium is null)
        {
            _browserProblem = MissingChromium;
            return;
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // Flags that let Debian's Chromium run as root on a machine with no GPU and a closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// TRUSTPORTAL_CHROMIUM names the executable outright (and fails when it is not there); otherwise
    /// `chromium` on PATH, then /usr/bin/chromium.
    public static string? FindChromium()
    {
        var chosen = Environment.GetEnvironmentVariable("TRUSTPORTAL_CHROMIUM");
        if (!string.IsNullOrEmpty(chosen))
        {
            return File.Exists(chosen) ? chosen : null;
        }
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);
        return onPath ?? (File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null);
    }

    /// A new browser context (its own cookies, or those of <paramref name="storageState"/>) at a desktop width unless told otherwise. Fails the test,
    /// never skips it, when Chromium is missing.
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, bool javaScript = true, bool isMobile = false, string? storageState = null)
    {
        if (_browser is null)
        {
            throw new InvalidOperationException(_browserProblem ?? MissingChromium);
        }
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            JavaScriptEnabled = javaScript,
            IsMobile = isMobile,
            HasTouch = isMobile,
            DeviceScaleFactor = 1,
            Locale = "en-GB",
            StorageState = storageState,
        });
        // 20 s: the 2-core machine is often shared with other builds (load 8+), and a page then takes over 10 s.
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await DisposeAsync();
        _certificate.Dispose();
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in the temp folder; nothing depends on it.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<BrowserPortal>
{
    public const string Name = "browser";
}

/// The portal on an empty database, as a new installation starts in production: no trust, no account.
public sealed class FreshBrowserPortal : BrowserPortal
{
    protected override bool SeedDemo => false;
}
