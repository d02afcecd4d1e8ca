using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Seeding;
using TrustPortal.Web.Infrastructure.Caching;
using TrustPortal.Web.Tests.AdminContent;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Caching;

/// Caching per trust and per area (docs/adr/0131): each trust has a stamp for its published content and one for its
/// work; a save renews only its own trust's stamp of its own area, and each trust's read models are bounded.
[Collection(SharedPortal.Name)]
public sealed class TrustCacheTests(PortalFactory factory)
{
    private async Task<(string Slug, int TrustId)> GenerateAsync()
    {
        var slug = $"tc-{Guid.NewGuid():N}"[..18];
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var generator = new LargeTrustGenerator(db, factory.Clock);
        var firstUrn = await generator.FreeUrnBlockAsync(2, CancellationToken.None) ?? throw new Xunit.Sdk.XunitException("No free URN block.");
        var id = await generator.GenerateAsync(new LargeTrustSpec(slug, "Trust Cache Trust", 2, Aims: 2, CriteriaPerAim: 2, Cycles: 1, Seed: 5, firstUrn, Challenges: 0), CancellationToken.None);
        return (slug, id);
    }

    [Fact]
    public async Task A_trust_gets_its_stamps_in_the_same_save_that_adds_it()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (content, work) = await factory.StampsAsync(trust.Id);
        Assert.NotEqual(Guid.Empty, content);
        Assert.NotEqual(Guid.Empty, work);
    }

    [Fact]
    public async Task A_progress_save_renews_the_trusts_work_stamp_but_leaves_its_public_pages_cached()
    {
        var (slug, trustId) = await GenerateAsync();
        var other = await ContentTrust.CreateAsync(factory);
        await factory.SettleCachesAsync();
        var url = $"/{slug}/schools";
        var client = factory.CreateSecureClient();
        using (var warm = await client.GetAsync(new Uri(url, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }
        var before = await factory.StampsAsync(trustId);
        var otherBefore = await factory.StampsAsync(other.Id);
        var generations = factory.Services.GetRequiredService<TrustCacheGenerations>();
        var workGeneration = generations.Current(trustId, CachedArea.TrustWork).Value;

        // A headteacher's save of progress, through the domain as the progress form does; the school is not loaded,
        // so the interceptor finds its trust from the database.
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var update = await db.ProgressUpdates
                .Where(u => u.Entry.Status != ProgressStatus.OffTrack && db.Schools.Any(s => s.Id == u.SchoolId && s.TrustId == trustId))
                .OrderBy(u => u.Id).FirstAsync();
            Assert.True(update.Record(update.Entry with { Status = ProgressStatus.OffTrack }, "Test head", factory.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        var after = await factory.StampsAsync(trustId);
        Assert.Equal(before.PublicContent, after.PublicContent);
        Assert.NotEqual(before.TrustWork, after.TrustWork);
        Assert.Equal(otherBefore, await factory.StampsAsync(other.Id));
        Assert.True(generations.Current(trustId, CachedArea.TrustWork).Value > workGeneration, "The saving instance moves the trust's work generation at once.");

        await factory.SettleCachesAsync();
        factory.Queries.Reset();
        using var cached = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal(0, factory.Queries.Count);
        Assert.NotNull(cached.Headers.Age);
    }

    /// Issue 19: other trusts' work costs this trust nothing — neither generation moves and its cached page is served
    /// with no SQL after another trust's progress save.
    [Fact]
    public async Task Another_trusts_progress_save_leaves_this_trusts_generations_and_cached_pages_alone()
    {
        var (slug, trustId) = await GenerateAsync();
        var (_, busyTrustId) = await GenerateAsync();
        await factory.SettleCachesAsync();
        var url = $"/{slug}/schools";
        var client = factory.CreateSecureClient();
        using (var warm = await client.GetAsync(new Uri(url, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }
        var generations = factory.Services.GetRequiredService<TrustCacheGenerations>();
        var content = generations.Current(trustId, CachedArea.PublicContent).Value;
        var work = generations.Current(trustId, CachedArea.TrustWork).Value;
        var busyWork = generations.Current(busyTrustId, CachedArea.TrustWork).Value;

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var update = await db.ProgressUpdates
                .Where(u => u.Entry.Status != ProgressStatus.OffTrack && db.Schools.Any(s => s.Id == u.SchoolId && s.TrustId == busyTrustId))
                .OrderBy(u => u.Id).FirstAsync();
            Assert.True(update.Record(update.Entry with { Status = ProgressStatus.OffTrack }, "Test head", factory.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }
        await factory.SettleCachesAsync();

        Assert.True(generations.Current(busyTrustId, CachedArea.TrustWork).Value > busyWork, "The saving trust's work generation moves.");
        Assert.Equal(content, generations.Current(trustId, CachedArea.PublicContent).Value);
        Assert.Equal(work, generations.Current(trustId, CachedArea.TrustWork).Value);
        factory.Queries.Reset();
        using var cached = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal(0, factory.Queries.Count);
        Assert.NotNull(cached.Headers.Age);
    }

    [Fact]
    public async Task A_plan_change_found_through_rows_not_loaded_renews_only_its_own_trusts_content_stamp()
    {
        var (_, trustId) = await GenerateAsync();
        var other = await ContentTrust.CreateAsync(factory);
        var before = await factory.StampsAsync(trustId);
        var otherBefore = await factory.StampsAsync(other.Id);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            // A criterion alone: its aim, theme and plan are not loaded, so the trust is found criterion → aim → theme → plan.
            var criterion = await db.SuccessCriteria
                .Where(c => db.StrategicAims.Any(a => a.Id == c.StrategicAimId && db.PlanThemes.Any(t => t.Id == a.PlanThemeId && db.StrategicPlans.Any(p => p.Id == t.StrategicPlanId && p.TrustId == trustId))))
                .OrderBy(c => c.Id).FirstAsync();
            db.Entry(criterion).Property(c => c.Text).CurrentValue = criterion.Text + " (reworded)";
            await db.SaveChangesAsync();
        }
        var after = await factory.StampsAsync(trustId);
        Assert.NotEqual(before.PublicContent, after.PublicContent);
        Assert.Equal(before.TrustWork, after.TrustWork);
        Assert.Equal(otherBefore, await factory.StampsAsync(other.Id));
    }

    [Fact]
    public async Task Each_trusts_read_models_are_bounded_and_one_trust_cannot_evict_another()
    {
        var options = new CachingOptions { ReadModelsPerTrust = 10 };
        var generations = new TrustCacheGenerations(new NoOutputCache(), NullLogger<TrustCacheGenerations>.Instance);
        using var poller = new TrustCacheStampPoller(factory.Services.GetRequiredService<IServiceScopeFactory>(), generations, options, TimeProvider.System, NullLogger<TrustCacheStampPoller>.Instance);
        using var cache = new TrustPageCache(generations, poller, options);
        for (var i = 0; i < 5; i++)
        {
            await cache.GetOrLoadWorkAsync($"page-{i}", trustId: 2, _ => Task.FromResult<string?>("kept"), CancellationToken.None);
        }
        for (var i = 0; i < 200; i++)
        {
            await cache.GetOrLoadWorkAsync($"page-{i}", trustId: 1, _ => Task.FromResult<string?>("many"), CancellationToken.None);
            Assert.InRange(cache.CountFor(1), 1, 10);
        }
        Assert.Equal(5, cache.CountFor(2));
    }

    [Fact]
    public async Task Past_the_bound_on_trusts_in_memory_the_trust_used_least_recently_gives_up_its_read_models_and_the_hot_one_stays()
    {
        var options = new CachingOptions { TrustsInMemory = 3 };
        var generations = new TrustCacheGenerations(new NoOutputCache(), NullLogger<TrustCacheGenerations>.Instance);
        using var poller = new TrustCacheStampPoller(factory.Services.GetRequiredService<IServiceScopeFactory>(), generations, options, TimeProvider.System, NullLogger<TrustCacheStampPoller>.Instance);
        using var cache = new TrustPageCache(generations, poller, options);
        for (var trust = 100; trust < 120; trust++)
        {
            await cache.GetOrLoadWorkAsync("board", trustId: 1, _ => Task.FromResult<string?>("hot"), CancellationToken.None);
            await cache.GetOrLoadWorkAsync("board", trust, _ => Task.FromResult<string?>("crawled"), CancellationToken.None);
            Assert.InRange(cache.TrustsInMemory, 1, 3);
        }
        Assert.Equal(1, cache.CountFor(1));
        Assert.Equal(1, cache.CountFor(119));
        Assert.Equal(0, cache.CountFor(100));
    }

    [Fact]
    public async Task Requests_that_miss_the_same_model_while_it_loads_wait_for_that_one_load()
    {
        var options = new CachingOptions();
        var generations = new TrustCacheGenerations(new NoOutputCache(), NullLogger<TrustCacheGenerations>.Instance);
        using var poller = new TrustCacheStampPoller(factory.Services.GetRequiredService<IServiceScopeFactory>(), generations, options, TimeProvider.System, NullLogger<TrustCacheStampPoller>.Instance);
        using var cache = new TrustPageCache(generations, poller, options);
        var release = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loads = 0;
        Task<string?> Load(CancellationToken _)
        {
            Interlocked.Increment(ref loads);
            return release.Task;
        }
        var requests = Enumerable.Range(0, 20).Select(_ => cache.GetOrLoadWorkAsync("board", 1, Load, CancellationToken.None)).ToList();
        var otherTrust = cache.GetOrLoadWorkAsync("board", 2, Load, CancellationToken.None);
        release.SetResult("the dashboard");

        var answers = await Task.WhenAll(requests);

        Assert.All(answers, a => Assert.Equal("the dashboard", a));
        Assert.Equal("the dashboard", await otherTrust);
        Assert.Equal(2, loads);
        Assert.Equal("the dashboard", await cache.GetOrLoadWorkAsync("board", 1, Load, CancellationToken.None));
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task When_the_request_that_was_loading_is_cancelled_a_waiting_request_loads_for_itself()
    {
        var options = new CachingOptions();
        var generations = new TrustCacheGenerations(new NoOutputCache(), NullLogger<TrustCacheGenerations>.Instance);
        using var poller = new TrustCacheStampPoller(factory.Services.GetRequiredService<IServiceScopeFactory>(), generations, options, TimeProvider.System, NullLogger<TrustCacheStampPoller>.Instance);
        using var cache = new TrustPageCache(generations, poller, options);
        using var gone = new CancellationTokenSource();
        var first = cache.GetOrLoadWorkAsync("board", 1, async ct => { await Task.Delay(Timeout.Infinite, ct); return "never"; }, gone.Token);
        var waiting = cache.GetOrLoadWorkAsync("board", 1, _ => Task.FromResult<string?>("its own"), CancellationToken.None);

        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal("its own", await waiting);
    }

    [Fact]
    public async Task A_trust_that_is_gone_gives_up_its_read_models()
    {
        var options = new CachingOptions();
        var generations = new TrustCacheGenerations(new NoOutputCache(), NullLogger<TrustCacheGenerations>.Instance);
        using var poller = new TrustCacheStampPoller(factory.Services.GetRequiredService<IServiceScopeFactory>(), generations, options, TimeProvider.System, NullLogger<TrustCacheStampPoller>.Instance);
        using var cache = new TrustPageCache(generations, poller, options);
        await cache.GetOrLoadWorkAsync("board", 7, _ => Task.FromResult<string?>("model"), CancellationToken.None);
        await cache.GetOrLoadWorkAsync("board", 8, _ => Task.FromResult<string?>("model"), CancellationToken.None);
        generations.Removed(7);
        Assert.Equal(0, cache.CountFor(7));
        Assert.Equal(1, cache.CountFor(8));
    }

    [Fact]
    public async Task Readers_racing_generation_changes_never_fail()
    {
        var options = new CachingOptions();
        var generations = new TrustCacheGenerations(new NoOutputCache(), NullLogger<TrustCacheGenerations>.Instance);
        using var poller = new TrustCacheStampPoller(factory.Services.GetRequiredService<IServiceScopeFactory>(), generations, options, TimeProvider.System, NullLogger<TrustCacheStampPoller>.Instance);
        using var cache = new TrustPageCache(generations, poller, options);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var changer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                generations.Changed(1, CachedArea.PublicContent);
                generations.Changed(1, CachedArea.TrustWork);
            }
        });
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                await cache.GetOrLoadWorkAsync($"page-{r}-{i++ % 20}", 1, _ => Task.FromResult<string?>("model"), CancellationToken.None);
            }
        })).ToList();
        await Task.WhenAll([changer, .. readers]);
    }

    private sealed class NoOutputCache : Microsoft.AspNetCore.OutputCaching.IOutputCacheStore
    {
        public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult<byte[]?>(null);

        public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
