using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.AdminContent;

/// A trust of the test's own with a little of every kind of content, so tests that change content touch nothing else.
public sealed record ContentTrust(string Slug, int Id, int[] ValueIds, int ListId, int[] StatementIds, int AimId, int SectionId, int MessageId, int StaffValueId)
{
    public static async Task<ContentTrust> CreateAsync(PortalFactory factory, int extraValues = 0)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var slug = $"content-{Guid.NewGuid():N}"[..24];
        var trust = new Trust(slug, $"Content Test Trust {slug[^6..]}");
        trust.SetStatements("Our introduction", "Our **vision**", "Our mission", null);
        trust.AddValue("Integrity", "We do the right thing.");
        trust.AddValue("Care", "We look after each other.");
        trust.AddValue("Ambition", null);
        for (var i = 0; i < extraValues; i++)
        {
            trust.AddValue($"Extra value {i}", "More");
        }
        var staffValue = trust.AddValue("Staff wellbeing", "Only for our people.", Audience.Staff);
        var list = trust.AddStatementList(StatementListKind.Beliefs, "What we believe", null, null);
        list.AddItem(null, "Every child can succeed.");
        list.AddItem("Community", "Schools are stronger together.");
        var aim = trust.AddAimGroup("Develop outstanding teaching", "We will do this by:");
        aim.AddItem("Sharing practice");
        trust.AddSection("Our history", "Founded in 2012.");
        trust.AddMessage("welcome", "Welcome", "Alex Chief", "CEO", new DateOnly(2025, 9, 1), "Welcome back.");
        db.Trusts.Add(trust);
        await db.SaveChangesAsync();
        // A headteacher of the trust needs a school to lead, under a URN no other school holds (generated trusts and
        // nations take URNs from the same range): another is drawn while the one drawn is taken.
        int urn;
        do
        {
            urn = Random.Shared.Next(700_000, 999_999);
        }
        while (await db.Schools.AnyAsync(s => s.Urn == urn));
        db.Schools.Add(new Domain.Schools.School(trust.Id, urn, $"{slug} Primary", Domain.Schools.Phase.Primary));
        await db.SaveChangesAsync();
        return new ContentTrust(slug, trust.Id,
            trust.Values.Where(v => v != staffValue).OrderBy(v => v.Position).Select(v => v.Id).ToArray(),
            list.Id, list.Items.OrderBy(i => i.Position).Select(i => i.Id).ToArray(),
            aim.Id, trust.Sections[0].Id, trust.Messages[0].Id, staffValue.Id);
    }

    public static async Task<T> ReadAsync<T>(PortalFactory factory, Func<TrustPortalDbContext, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(read);
        using var scope = factory.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>());
    }

    public static Task<TrustValue> ValueAsync(PortalFactory factory, int id) =>
        ReadAsync(factory, db => db.TrustValues.AsNoTracking().SingleAsync(v => v.Id == id));

    public Task<List<ContentVersion>> VersionsAsync(PortalFactory factory, string type, int id) =>
        ReadAsync(factory, db => db.ContentVersions.AsNoTracking().Where(v => v.TrustId == Id && v.ItemType == type && v.ItemId == id).OrderBy(v => v.Number).ToListAsync());
}
