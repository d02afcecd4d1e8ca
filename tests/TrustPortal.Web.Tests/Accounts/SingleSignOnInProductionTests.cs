using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Audit;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// The portal in Production with both providers: the published demo addresses never get in this way either.
public sealed class ProductionSingleSignOnFactory : SingleSignOnFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        DemoCredentialsTests.ProductionSettings(builder);
    }
}

/// A demo account copied into a real database (a restored demo copy, a typo'd import) must not become a way in
/// through Microsoft or Google: refused before any link is made, and no Staff account is made for a demo address.
public sealed class SingleSignOnInProductionTests(ProductionSingleSignOnFactory factory) : IClassFixture<ProductionSingleSignOnFactory>
{
    private const string TrustSlug = "sso-production-trust";

    private async Task EnsureTrustAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        if (!await db.Trusts.AnyAsync(t => t.Slug == TrustSlug))
        {
            db.Trusts.Add(new Trust(TrustSlug, "Single Sign-on Production Trust"));
            await db.SaveChangesAsync();
        }
    }

    private async Task<string> PlantAsync(string email)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Trusts.Where(t => t.Slug == TrustSlug).Select(t => t.Id).SingleAsync();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateAsync(email, "Planted", Roles.Staff, trustId, [], "copper lantern orchard migrates", CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return user!.Id;
    }

    private static async Task AssertNotSignedInAsync(SsoBrowser browser)
    {
        using var me = await browser.Portal.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, me.StatusCode);
        Assert.StartsWith("/account/sign-in", me.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_demo_account_planted_in_a_production_database_is_refused_and_never_linked()
    {
        await EnsureTrustAsync();
        var tenant = await factory.AllowAsync(ExternalProviders.Microsoft, trustSlug: TrustSlug);
        var email = DemoAccounts.Accounts.First(a => a.Role == Roles.Staff).Email;
        var id = await PlantAsync(email);

        using var browser = new SsoBrowser(factory);
        using var refused = await browser.SignInAsync(ExternalProviders.Microsoft, new ProviderLogin(email, Tid: tenant, Amr: "pwd mfa"));

        Assert.Equal("/account/external/refused?reason=" + ExternalRefusal.Disabled, refused.RequestMessage!.RequestUri!.PathAndQuery);
        await AssertNotSignedInAsync(browser);
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.Empty(await users.GetLoginsAsync((await users.FindByIdAsync(id))!));
        var audit = await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.EntityId == id).ToListAsync();
        Assert.Contains(audit, a => a.EntityType == AuditTrail.SignIn && a.Action == "RefusedMicrosoft");
    }

    [Fact]
    public async Task No_staff_account_is_made_at_first_sign_in_for_a_demo_address()
    {
        await EnsureTrustAsync();
        var tenant = await factory.AllowAsync(ExternalProviders.Microsoft, trustSlug: TrustSlug, createStaff: true);
        var email = DemoAccounts.Accounts.First(a => a.Role == Roles.Trustee).Email;

        using var browser = new SsoBrowser(factory);
        using var refused = await browser.SignInAsync(ExternalProviders.Microsoft, new ProviderLogin(email, Tid: tenant));

        Assert.Equal("/account/external/refused?reason=" + ExternalRefusal.NoAccount, refused.RequestMessage!.RequestUri!.PathAndQuery);
        await AssertNotSignedInAsync(browser);
        using var scope = factory.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email));
    }
}
