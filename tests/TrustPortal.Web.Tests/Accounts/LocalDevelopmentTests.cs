using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// The README's `dotnet run` serves plain http on localhost in Development: forms and sign-in must work there.
public sealed class LocalDevelopmentTests : IClassFixture<LocalDevelopmentTests.DevelopmentFactory>
{
    private readonly DevelopmentFactory _factory;

    public LocalDevelopmentTests(DevelopmentFactory factory) => _factory = factory;

    public sealed class DevelopmentFactory : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Development");
            builder.UseSetting("Accounts:Cookies:Secure", "false");
        }
    }

    [Fact]
    public async Task Over_plain_http_in_development_the_sign_in_form_works_and_a_demo_user_signs_in()
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });
        using var page = await client.GetAsync(new Uri("/account/sign-in", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var antiforgery = AccountHelpers.CookieFrom(page, "TrustPortal.Antiforgery");
        Assert.NotNull(antiforgery);
        Assert.DoesNotContain("secure", antiforgery, StringComparison.OrdinalIgnoreCase);

        using var signIn = await client.SignInAsync("staff@demo.trustportal.test", DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.NotNull(AccountHelpers.CookieFrom(signIn, "TrustPortal"));
    }

    [Fact]
    public void Outside_development_plain_http_cookies_are_refused_at_start_up()
    {
        using var production = new PlainHttpProductionFactory();
        var ex = Assert.ThrowsAny<Exception>(() => production.CreateClient());
        Assert.Contains("Accounts:Cookies:Secure=false", ex.ToString(), StringComparison.Ordinal);
    }

    private sealed class PlainHttpProductionFactory : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Accounts:Cookies:Secure", "false");
        }
    }
}
