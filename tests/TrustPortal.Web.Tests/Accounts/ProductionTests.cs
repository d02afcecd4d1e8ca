using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.PublicPages;

namespace TrustPortal.Web.Tests.Accounts;

/// The portal as it runs in Production: no demo accounts whatever the settings say, HSTS, friendly errors.
public sealed class ProductionTests : IClassFixture<ProductionTests.ProductionFactory>
{
    private readonly ProductionFactory _factory;

    public ProductionTests(ProductionFactory factory) => _factory = factory;

    public sealed class ProductionFactory : PortalFactory
    {
        /// A self-signed certificate for the key ring, as an operator would configure one.
        public string CertificatePath { get; } = MakeCertificate();

        private static string MakeCertificate()
        {
            using var rsa = System.Security.Cryptography.RSA.Create(2048);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=TrustPortal key ring", rsa,
                System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            var path = Path.Combine(Path.GetTempPath(), $"trustportal-keyring-{Guid.NewGuid():N}.pfx");
            File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "test-pfx-password"));
            return path;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:SeedDemoAccounts", "true"); // asked for, and still refused
            builder.UseSetting("Portal:BaseUrl", "https://portal.example.org");
            builder.UseSetting("AllowedHosts", "portal.example.org;localhost");
            builder.UseSetting("DataProtection:Certificate:Path", CertificatePath);
            builder.UseSetting("DataProtection:Certificate:Password", "test-pfx-password");
            builder.ConfigureServices(services => services.AddControllersWithViews().AddApplicationPart(typeof(FailingController).Assembly));
        }
    }

    [Fact]
    public async Task No_account_exists_in_production_even_when_demo_accounts_are_asked_for()
    {
        using var response = await _factory.CreateSecureClient().GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync("trustadmin@demo.trustportal.test"));
    }

    [Fact]
    public async Task Production_sends_hsts_for_a_year_and_hides_error_detail()
    {
        // HSTS is never sent to localhost (the framework excludes it), so ask as the real site would be asked.
        var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://portal.example.org"),
            AllowAutoRedirect = false,
        });
        using var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);

        using var failure = await client.GetAsync(new Uri("/test-failure", UriKind.Relative));
        var html = await failure.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, failure.StatusCode);
        Assert.Contains("Sorry, there is a problem with the portal", html, StringComparison.Ordinal);
        Assert.Contains(failure.Headers.GetValues("X-Correlation-ID").Single(), html, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret detail", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" at TrustPortal", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_host_header_is_refused_and_never_reaches_a_redirect()
    {
        var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://evil.example"),
            AllowAutoRedirect = false,
        });
        using var response = await client.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);

        var real = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://portal.example.org"),
            AllowAutoRedirect = false,
        });
        using var signIn = await real.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("portal.example.org", signIn.Headers.Location!.Host);
    }

    [Theory]
    [InlineData(null, null, "Portal:BaseUrl must be set")]
    [InlineData("http://portal.example.org", null, "must be an https address")]
    [InlineData("https://portal.example.org", "*", "AllowedHosts '*'")]
    public void Production_refuses_to_start_without_its_address_or_with_any_host_allowed(string? baseUrl, string? allowedHosts, string message)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationManager();
        configuration["Portal:BaseUrl"] = baseUrl;
        configuration["AllowedHosts"] = allowedHosts;
        var environment = new Moq.Mock<Microsoft.Extensions.Hosting.IHostEnvironment>();
        environment.SetupGet(e => e.EnvironmentName).Returns("Production");
        var ex = Assert.Throws<InvalidOperationException>(() => TrustPortal.Web.Infrastructure.PortalAddress.Apply(configuration, environment.Object));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_allowed_hosts_production_answers_only_the_base_urls_host()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationManager();
        configuration["Portal:BaseUrl"] = "https://portal.example-trust.org.uk/";
        var environment = new Moq.Mock<Microsoft.Extensions.Hosting.IHostEnvironment>();
        environment.SetupGet(e => e.EnvironmentName).Returns("Production");
        TrustPortal.Web.Infrastructure.PortalAddress.Apply(configuration, environment.Object);
        Assert.Equal("portal.example-trust.org.uk", configuration["AllowedHosts"]);
    }

    [Fact]
    public async Task In_production_the_key_ring_is_stored_encrypted_with_the_configured_certificate()
    {
        var client = _factory.CreateSecureClient();
        using (var page = await client.GetAsync(new Uri("/account/sign-in", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode); // its antiforgery token needs a key
        }
        using var scope = _factory.Services.CreateScope();
        var keys = await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml => Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public void Production_without_a_key_ring_certificate_refuses_to_start_unless_told_to_accept_it(string? allowUnprotected, bool starts)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationManager();
        configuration["DataProtection:AllowUnprotectedKeys"] = allowUnprotected;
        var environment = new Moq.Mock<Microsoft.Extensions.Hosting.IHostEnvironment>();
        environment.SetupGet(e => e.EnvironmentName).Returns("Production");
        var services = new ServiceCollection();
        var builder = services.AddDataProtection();
        var start = () => TrustPortal.Web.Infrastructure.KeyRingProtection.ProtectKeys(builder, configuration, environment.Object);
        if (starts)
        {
            start();
        }
        else
        {
            Assert.Contains("DataProtection:Certificate:Path is not set", Assert.Throws<InvalidOperationException>(start).Message, StringComparison.Ordinal);
        }
    }
}
