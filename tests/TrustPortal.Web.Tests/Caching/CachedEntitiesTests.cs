using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Tests.Caching;

/// Which saves renew which trust's cached pages is declared in each entity's mapping (CachedPages), not guessed from a
/// namespace: a new entity that says neither "shown on cached pages" nor "never cached" fails here, before it can
/// sit stale on a page for five minutes.
public sealed class CachedEntitiesTests
{
    public static TheoryData<string> Providers() => new(nameof(DatabaseProvider.Sqlite), nameof(DatabaseProvider.SqlServer), nameof(DatabaseProvider.PostgreSql));

    private static IModel ModelOf(string provider)
    {
        using TrustPortalDbContext db = provider switch
        {
            nameof(DatabaseProvider.Sqlite) => new SqliteDesignTimeFactory().CreateDbContext([]),
            nameof(DatabaseProvider.SqlServer) => new SqlServerDesignTimeFactory().CreateDbContext([]),
            _ => new PostgreSqlDesignTimeFactory().CreateDbContext([]),
        };
        return db.Model;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_entity_in_the_model_is_either_shown_on_cached_pages_or_declared_never_cached(string provider)
    {
        var undeclared = ModelOf(provider).GetEntityTypes().Where(t => !CachedPages.IsDeclared(t)).Select(t => t.DisplayName()).ToList();
        Assert.True(undeclared.Count == 0,
            "Say in the mapping whether each is shown on a cached page (builder.ShownOnCachedPages(area, trustVia)) or never cached (builder.NeverCached(reason)): "
            + string.Join(", ", undeclared));
    }

    [Fact]
    public void Every_cached_entity_leads_to_its_trust_through_int_keys()
    {
        foreach (var type in ModelOf(nameof(DatabaseProvider.Sqlite)).GetEntityTypes().Where(t => CachedPages.AreaOf(t) is not null))
        {
            var steps = new List<string>();
            IReadOnlyEntityType current = type;
            while (CachedPages.OwnTrustPropertyOf(current) is null)
            {
                Assert.True(steps.Count < 6, $"{type.DisplayName()} goes round in circles: {string.Join(" → ", steps)}");
                var path = CachedPages.TrustPathOf(current);
                Assert.True(path is not null, $"{current.DisplayName()} has no TrustId and names no trustVia.");
                Assert.Equal(typeof(int), path!.Properties.Single().ClrType);
                steps.Add(path.Properties[0].Name);
                current = path.PrincipalEntityType;
                Assert.True(CachedPages.AreaOf(current) is not null, $"{type.DisplayName()} leads to {current.DisplayName()}, which is not cached.");
            }
            Assert.Equal(typeof(int), CachedPages.OwnTrustPropertyOf(current)!.ClrType);
            Assert.Equal(typeof(int), current.FindPrimaryKey()!.Properties.Single().ClrType);
        }
    }

    [Fact]
    public void What_public_pages_and_trust_work_pages_show_is_declared_as_such()
    {
        var model = ModelOf(nameof(DatabaseProvider.Sqlite));
        CachedArea? Area<T>() => CachedPages.AreaOf(model.FindEntityType(typeof(T))!);
        Assert.Equal(CachedArea.PublicContent, Area<Domain.Trusts.Trust>());
        Assert.Equal(CachedArea.PublicContent, Area<Domain.Plans.SuccessCriterion>());
        Assert.Equal(CachedArea.PublicContent, Area<Domain.Schools.InspectionGrade>());
        Assert.Equal(CachedArea.TrustWork, Area<Domain.Progress.ProgressUpdate>());
        Assert.Equal(CachedArea.TrustWork, Area<Domain.Board.Challenge>());
        Assert.Null(Area<TrustPortal.Web.Accounts.UserSession>());
        Assert.True(CachedPages.IsNeverCached(model.FindEntityType(typeof(TrustPortal.Web.Accounts.UserSession))!));
    }

    private sealed class NewThing
    {
        public int Id { get; set; }
    }

    [Fact]
    public void A_new_entity_that_says_nothing_is_reported()
    {
        var builder = new ModelBuilder();
        builder.Entity<NewThing>();
        var declared = new ModelBuilder();
        declared.Entity<NewThing>().NeverCached("A test entity.");
        Assert.False(CachedPages.IsDeclared(builder.Model.FindEntityType(typeof(NewThing))!));
        Assert.True(CachedPages.IsDeclared(declared.Model.FindEntityType(typeof(NewThing))!));
    }
}
