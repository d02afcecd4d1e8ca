using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.SetUp;

/// A portal in which another administrator's plan takes the same address at the moment a plan is saved.
public sealed class PlanClashPortalFactory : PortalFactory
{
    public AnotherAdministratorsPlan Clash { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(Clash));
    }
}

/// When armed, the next save that adds a plan first saves another plan of the same trust under the same address, from
/// a context of its own, as a second administrator accepting a plan at the same moment would.
public sealed class AnotherAdministratorsPlan : SaveChangesInterceptor
{
    private IServiceProvider? _services;

    public void Arm(IServiceProvider services) => _services = services;

    public string? TakenSlug { get; private set; }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        var services = _services;
        var added = eventData.Context?.ChangeTracker.Entries<StrategicPlan>().FirstOrDefault(e => e.State == EntityState.Added)?.Entity;
        if (services is not null && added is not null)
        {
            _services = null;
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            db.StrategicPlans.Add(new StrategicPlan(added.TrustId, added.Slug, "Another administrator's plan", null, null));
            await db.SaveChangesAsync(cancellationToken);
            TakenSlug = added.Slug;
        }
        return result;
    }
}

/// The set-up's plan is a new row under an address made from its years: two saves at once must not lose either plan.
public sealed class SetUpClashTests(PlanClashPortalFactory factory) : IClassFixture<PlanClashPortalFactory>
{
    [Fact]
    public async Task A_plan_whose_address_another_administrator_took_a_moment_ago_is_saved_under_the_next_free_one()
    {
        var slug = $"set-up-{Guid.NewGuid():N}"[..20];
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var trust = new Trust(slug, "Rowan Set-up Trust");
            trust.BeginSetUp();
            db.Trusts.Add(trust);
            await db.SaveChangesAsync();
        }
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, slug);
        var text = File.ReadAllText(Directory.GetFiles(SeedDocuments.Folder(), "004_*.txt").Single());

        factory.Clash.Arm(factory.Services);
        using var saved = await admin.PostFormAsync("/admin/set-up/plan", new Dictionary<string, string> { ["Form.Text"] = text, ["Form.Decision"] = "accept" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/admin/set-up", saved.Headers.Location!.OriginalString);
        Assert.NotNull(factory.Clash.TakenSlug);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var plans = await db.StrategicPlans.Where(p => db.Trusts.Any(t => t.Id == p.TrustId && t.Slug == slug))
                .OrderBy(p => p.Id).Select(p => new { p.Slug, p.Title }).ToListAsync();
            Assert.Equal([(factory.Clash.TakenSlug!, "Another administrator's plan"), (factory.Clash.TakenSlug + "-2", "Strategic Plan 2025\u00a0– 2028")],
                plans.Select(p => (p.Slug, p.Title)));
        }
        Assert.StartsWith("Your plan is saved as a draft, \"Strategic Plan 2025\u00a0– 2028\"",
            (await admin.GetDocumentAsync("/admin/set-up")).QuerySelector("#success-message")!.TextContent.Trim(), StringComparison.Ordinal);
    }
}
