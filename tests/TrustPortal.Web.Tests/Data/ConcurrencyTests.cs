using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Data;

[Collection(SharedPortal.Name)]
public sealed class ConcurrencyTests(PortalFactory factory)
{
    [Fact]
    public async Task On_sqlite_a_save_from_an_older_version_is_refused()
    {
        using var first = factory.Services.CreateScope();
        using var second = factory.Services.CreateScope();
        var db1 = first.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var db2 = second.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var a = await db1.Schools.SingleAsync(s => s.Urn == 900101);
        var b = await db2.Schools.SingleAsync(s => s.Urn == 900101);
        var before = a.Version;

        a.SetPupilsOnRoll(401);
        await db1.SaveChangesAsync();
        Assert.NotEqual(before, a.Version);
        b.SetPupilsOnRoll(999);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync());
    }
}
