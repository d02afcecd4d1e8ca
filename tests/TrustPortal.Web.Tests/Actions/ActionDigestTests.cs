using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Improvement;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Actions;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Actions;

/// The weekly digest of due and overdue actions: one e-mail per owner per week, however many instances run the job.
[Collection(SharedPortal.Name)]
public sealed class ActionDigestTests(PortalFactory factory)
{
    [Fact]
    public async Task Owners_with_due_or_overdue_actions_get_one_digest_a_week_listing_them_and_no_one_else_does()
    {
        var (dueOwner, dueEmail, _) = await factory.CreateUserAsync(Roles.Staff);
        var (laterOwner, laterEmail, _) = await factory.CreateUserAsync(Roles.Staff);
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        await AddAsync(factory, dueOwner, "Publish the SEND information report", today.AddDays(-3));
        await AddAsync(factory, dueOwner, "Train lunchtime staff in zones of regulation", today.AddDays(7));
        await AddAsync(factory, laterOwner, "Review the curriculum map", today.AddDays(40));
        var job = factory.Services.GetRequiredService<ActionDigestJob>();

        await job.RunOnceAsync(CancellationToken.None);
        await job.RunOnceAsync(CancellationToken.None);

        var digest = Assert.Single(factory.Emails.Sent, m => m.To == dueEmail);
        Assert.Contains("OVERDUE", digest.Body, StringComparison.Ordinal);
        Assert.Contains("Publish the SEND information report", digest.Body, StringComparison.Ordinal);
        Assert.Contains("Train lunchtime staff in zones of regulation", digest.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Emails.Sent, m => m.To == laterEmail);
    }

    [Fact]
    public void The_interval_is_the_ISO_week()
    {
        Assert.Equal("2026-W49", ActionDigestJob.WeekOf(new DateTimeOffset(2026, 12, 6, 23, 0, 0, TimeSpan.Zero)));
        Assert.Equal("2026-W50", ActionDigestJob.WeekOf(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal("2026-W53", ActionDigestJob.WeekOf(new DateTimeOffset(2027, 1, 1, 12, 0, 0, TimeSpan.Zero)));
    }

    internal static async Task AddAsync(PortalFactory factory, string ownerId, string description, DateOnly due)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Users.Where(u => u.Id == ownerId).Select(u => u.TrustId!.Value).SingleAsync();
        var schoolId = await db.Schools.Where(s => s.TrustId == trustId).Select(s => s.Id).FirstAsync();
        db.ImprovementActions.Add(new ImprovementAction(trustId, schoolId, new ActionLinks(null, Domain.Schools.InspectionArea.Inclusion, null), description,
            new ActionOwner(ownerId, "Owner"), due, ActionSource.Other, "Test", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
    }
}

/// Two instances of the portal against one PostgreSQL database run the digest at the same moment: each owner gets
/// exactly one e-mail for the week.
public sealed class ActionDigestTwoInstancesTests : IDisposable
{
    private readonly PostgresPortalFactory _a = new();
    private readonly SecondInstance _b;

    public ActionDigestTwoInstancesTests() => _b = new SecondInstance(_a);

    public void Dispose()
    {
        _b.Dispose();
        _a.Dispose();
    }

    /// A second portal on the first one's PostgreSQL database (it does not create or drop it).
    private sealed class SecondInstance(PostgresPortalFactory first) : PortalFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["Database:Provider"] = "PostgreSql";
                settings["ConnectionStrings:TrustPortal"] = first.ConnectionString;
                settings["Database:MigrateOnStartup"] = "false";
                settings["Database:SeedDemoData"] = "false";
                settings["Database:SeedDemoAccounts"] = "false";
                return settings;
            }
        }
    }

    [PostgresFact]
    public async Task Two_instances_running_the_digest_together_send_one_email_per_owner()
    {
        _ = _a.Services; // the first instance creates, migrates and seeds the database
        var owners = new List<(string Id, string Email)>();
        for (var i = 0; i < 5; i++)
        {
            var (id, email, _) = await _a.CreateUserAsync(Roles.Staff);
            owners.Add((id, email));
            await ActionDigestTests.AddAsync(_a, id, $"Action {i}", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1));
        }
        var jobA = _a.Services.GetRequiredService<ActionDigestJob>();
        var jobB = _b.Services.GetRequiredService<ActionDigestJob>();

        var sent = await Task.WhenAll(jobA.RunOnceAsync(CancellationToken.None), jobB.RunOnceAsync(CancellationToken.None),
            jobA.RunOnceAsync(CancellationToken.None), jobB.RunOnceAsync(CancellationToken.None));

        var all = _a.Emails.Sent.Concat(_b.Emails.Sent).ToList();
        foreach (var (_, email) in owners)
        {
            Assert.Single(all, m => m.To == email);
        }
        Assert.True(sent.Sum() >= owners.Count, "Each owner's e-mail was counted by the instance that sent it.");
    }
}
