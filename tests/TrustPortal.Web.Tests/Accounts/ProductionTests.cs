using System.Net;
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
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:SeedDemoAccounts", "true"); // asked for, and still refused
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
}
