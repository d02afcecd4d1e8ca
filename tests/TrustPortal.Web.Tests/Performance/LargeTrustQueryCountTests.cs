using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Seeding;
using TrustPortal.Web.Infrastructure.Caching;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.Progress;

namespace TrustPortal.Web.Tests.Performance;

/// Every main page runs as many SQL commands for a generated trust of 12 schools and 5 review cycles as for one of
/// 2 schools and 1 cycle: no query per school, cycle, aim or update. Each count is of a page built from the database
/// (the public page caches are dropped first), after one warm-up request so a due session touch is not counted.
[Collection(SharedPortal.Name)]
public sealed class LargeTrustQueryCountTests(PortalFactory factory)
{
    public sealed record GeneratedTrust(string Slug, int FirstSchoolId, int FirstUrn);

    private static readonly ConditionalWeakTable<PortalFactory, Task<(GeneratedTrust Small, GeneratedTrust Large)>> Trusts = new();

    private Task<(GeneratedTrust Small, GeneratedTrust Large)> TrustsAsync() =>
        Trusts.GetValue(factory, f => GenerateBothAsync(f));

    private static async Task<(GeneratedTrust Small, GeneratedTrust Large)> GenerateBothAsync(PortalFactory factory) =>
        (await GenerateAsync(factory, schools: 2, cycles: 1), await GenerateAsync(factory, schools: 12, cycles: 5));

    private static async Task<GeneratedTrust> GenerateAsync(PortalFactory factory, int schools, int cycles)
    {
        var slug = $"qc-{schools}x{cycles}-{Guid.NewGuid():N}"[..24];
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var generator = new LargeTrustGenerator(db, factory.Clock);
        var firstUrn = await generator.FreeUrnBlockAsync(schools, CancellationToken.None) ?? throw new Xunit.Sdk.XunitException("No free URN block.");
        var trustId = await generator.GenerateAsync(new LargeTrustSpec(slug, $"Query Count Trust {schools}x{cycles}", schools, Aims: 7, CriteriaPerAim: 4, cycles, Seed: schools * 100 + cycles, firstUrn, Challenges: 0), CancellationToken.None);
        var first = await db.Schools.AsNoTracking().Where(s => s.TrustId == trustId).OrderBy(s => s.Urn).Select(s => new { s.Id, s.Urn }).FirstAsync();
        Assert.Equal(schools, await db.Schools.CountAsync(s => s.TrustId == trustId));
        return new GeneratedTrust(slug, first.Id, first.Urn);
    }

    /// SQL commands of one request for the page, built from the database.
    private async Task<int> CountAsync(HttpClient client, string url)
    {
        using (var warm = await client.GetAsync(new Uri(url, UriKind.Relative)))
        {
            Assert.True(warm.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)warm.StatusCode}");
        }
        await factory.ForgetCachedPagesAsync();
        factory.Queries.Reset();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        await response.Content.ReadAsByteArrayAsync();
        var count = factory.Queries.Count;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}");
        Assert.Null(response.Headers.Age);
        return count;
    }

    private async Task AssertSameAsync(Func<GeneratedTrust, Task<HttpClient>> client, params string[] pages)
    {
        var (small, large) = await TrustsAsync();
        var smallClient = await client(small);
        var largeClient = await client(large);
        foreach (var page in pages)
        {
            var smallCount = await CountAsync(smallClient, Url(page, small));
            var largeCount = await CountAsync(largeClient, Url(page, large));
            Assert.True(smallCount == largeCount, $"{page}: {smallCount} commands for 2 schools x 1 cycle, {largeCount} for 12 x 5.");
            // The pack's improvement parts (ADR 0163) add a fixed nine: the grid, the register and the trust's self-review.
            Assert.InRange(largeCount, 1, 35);
        }
    }

    private static string Url(string page, GeneratedTrust trust) => page
        .Replace("{slug}", trust.Slug, StringComparison.Ordinal)
        .Replace("{urn}", trust.FirstUrn.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static readonly string[] PublicPages =
    [
        "/{slug}", "/{slug}/vision-and-values", "/{slug}/plans", "/{slug}/plans/generated-plan", "/{slug}/schools",
        "/{slug}/schools/{urn}", "/{slug}/messages",
    ];

    [Fact]
    public Task Public_pages_run_as_many_queries_for_a_large_trust_as_for_a_small_one_for_anonymous_visitors() =>
        AssertSameAsync(_ => Task.FromResult(factory.CreateSecureClient()), PublicPages);

    [Fact]
    public Task Public_pages_run_as_many_queries_for_a_large_trust_as_for_a_small_one_for_signed_in_staff() =>
        AssertSameAsync(async t => (await factory.SignedInClientAsync(Roles.Staff, t.Slug)).Client, PublicPages);

    [Fact]
    public Task The_trust_home_with_trust_wide_progress_and_my_school_runs_as_many_queries_for_a_large_trust_as_for_a_small_one() =>
        AssertSameAsync(async t => (await factory.HeadOfAsync(t.Slug, t.FirstSchoolId)).Client, "/{slug}");

    [Fact]
    public Task The_staff_progress_summary_runs_as_many_queries_for_a_large_trust_as_for_a_small_one() =>
        AssertSameAsync(async t => (await factory.SignedInClientAsync(Roles.Staff, t.Slug)).Client, "/{slug}/progress/summary");

    [Fact]
    public Task The_headteachers_progress_page_runs_as_many_queries_for_a_large_trust_as_for_a_small_one() =>
        AssertSameAsync(async t => (await factory.HeadOfAsync(t.Slug, t.FirstSchoolId)).Client, "/{slug}/progress/{urn}");

    [Fact]
    public Task The_board_dashboard_and_pack_in_every_format_run_as_many_queries_for_a_large_trust_as_for_a_small_one() =>
        AssertSameAsync(async t => (await factory.SignedInClientAsync(Roles.Trustee, t.Slug)).Client,
            "/{slug}/board", "/{slug}/board/exceptions", "/{slug}/board/exceptions?page=2", "/{slug}/progress",
            "/{slug}/board/schools/{urn}", "/{slug}/board/aims/1",
            "/{slug}/board/packs", "/{slug}/board/packs/current", "/{slug}/board/packs/current.docx", "/{slug}/board/packs/current.pdf",
            "/{slug}/board/packs/current.xlsx", "/{slug}/board/packs/current.csv", "/{slug}/board/packs/current?scope=ExceptionsSinceLastMeeting");

    [Fact]
    public Task The_returns_page_runs_as_many_queries_for_a_large_trust_as_for_a_small_one() =>
        AssertSameAsync(async t => (await factory.SignedInClientAsync(Roles.TrustAdmin, t.Slug)).Client, "/{slug}/progress/returns");
}
