using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.AdminContent;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Data;

/// PostgreSQL is registered with a retrying execution strategy, as SQL Server is, so a transaction opened outside
/// CreateExecutionStrategy().ExecuteAsync throws here just as it would in production on SQL Server (ADR 0130).
/// The demo load at start-up (PostgreSqlTests) and the paths below run their transactions under that strategy.
public sealed class PostgreSqlTransactionTests : IDisposable
{
    private readonly PostgresPortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [PostgresFact]
    public async Task The_PostgreSQL_registration_retries_so_a_transaction_outside_the_strategy_is_refused()
    {
        _ = _factory.Server;
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        Assert.True(db.Database.CreateExecutionStrategy().RetriesOnFailure);
        await using (await db.Database.BeginTransactionAsync())
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Trusts.CountAsync());
            Assert.Contains("does not support user-initiated transactions", refused.Message, StringComparison.Ordinal);
        }

        // The same transaction inside the strategy is accepted.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.True(await db.Trusts.AnyAsync());
            await transaction.CommitAsync();
        });
    }

    [PostgresFact]
    public async Task Adding_content_on_PostgreSQL_writes_the_item_and_its_first_version_in_one_transaction()
    {
        var trust = await ContentTrust.CreateAsync(_factory);
        var (admin, _, _, _) = await _factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        using var response = await admin.PostFormAsync("/admin/content/value/new", new Dictionary<string, string>
        {
            ["Fields[name]"] = "Courage", ["Fields[meaning]"] = "We try new things.", ["Fields[audience]"] = "Public", ["action"] = "save",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var added = await ContentTrust.ReadAsync(_factory, db => db.TrustValues.AsNoTracking().SingleAsync(v => v.TrustId == trust.Id && v.Name == "Courage"));
        var versions = await trust.VersionsAsync(_factory, "value", added.Id);
        Assert.Equal([1], versions.Select(v => v.Number));
    }
}
