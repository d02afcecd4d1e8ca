using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Data;

/// The same portal on a real PostgreSQL server: migrations, demo data, pages and lost-update detection.
public sealed class PostgreSqlTests : IDisposable
{
    private readonly PostgresPortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [PostgresFact]
    public async Task Migrations_and_demo_data_load_and_every_public_page_renders()
    {
        var client = _factory.CreateBrowserLikeClient();
        var landing = await client.GetDocumentAsync("/");
        var slugs = landing.QuerySelectorAll("main h2 a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(5, slugs.Count);
        foreach (var trust in slugs)
        {
            foreach (var page in new[] { "", "/vision-and-values", "/schools", "/plans", "/messages" })
            {
                await client.GetDocumentAsync(trust + page);
            }
        }
        var plan = await client.GetDocumentAsync("/kestrel-ridge-learning-trust/plans/2025-2028");
        Assert.Equal(28, plan.QuerySelectorAll(".app-aim__criteria li").Length);

        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        Assert.True(db.Database.IsNpgsql());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(23, await db.Schools.CountAsync());
    }

    [PostgresFact]
    public async Task Sign_in_audit_erasure_and_retention_run_on_postgresql()
    {
        var (id, email, _) = await _factory.CreateUserAsync(TrustPortal.Web.Accounts.Roles.Staff);
        using (var signIn = await _factory.CreateSecureClient().SignInAsync(email, TrustPortal.Web.Tests.Accounts.AccountHelpers.Password))
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, signIn.StatusCode);
        }
        using (var scope = _factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<TrustPortal.Web.Accounts.PortalUser>>();
            var result = await scope.ServiceProvider.GetRequiredService<TrustPortal.Web.Accounts.Erasure>().EraseAsync((await users.FindByIdAsync(id))!, CancellationToken.None);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        }
        await _factory.Services.GetRequiredService<TrustPortal.Web.Infrastructure.RetentionJob>().RunOnceAsync(CancellationToken.None);

        using var check = _factory.Services.CreateScope();
        var db = check.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        Assert.StartsWith("Former Staff ", (await db.Users.AsNoTracking().SingleAsync(u => u.Id == id)).DisplayName, StringComparison.Ordinal);
        Assert.Contains(await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "SignIn" && a.EntityId == id).ToListAsync(), a => a.TrustId != null);
    }

    [PostgresFact]
    public async Task A_save_from_an_older_version_is_refused()
    {
        _ = _factory.Server; // starts the host: migrates and seeds
        using var first = _factory.Services.CreateScope();
        using var second = _factory.Services.CreateScope();
        var db1 = first.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var db2 = second.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var a = await db1.Trusts.SingleAsync(t => t.Slug == "create-partnership-trust");
        var b = await db2.Trusts.SingleAsync(t => t.Slug == "create-partnership-trust");

        a.SetStrapline("First editor");
        await db1.SaveChangesAsync();
        b.SetStrapline("Second editor");
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync());

        using var check = _factory.Services.CreateScope();
        var saved = await check.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Trusts.AsNoTracking().SingleAsync(t => t.Id == a.Id);
        Assert.Equal("First editor", saved.Strapline);
    }
}
