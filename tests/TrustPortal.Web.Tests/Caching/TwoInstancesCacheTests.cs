using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure.Caching;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.AdminContent;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Caching;

/// Two portal instances on one database, as behind a load balancer: an edit saved through one shows on the other's
/// cached public pages within a couple of seconds (its poller reads the trusts' cache stamps every second); a save in
/// one trust leaves every other trust's cached pages in place on both instances.
public sealed class TwoInstancesCacheTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "trustportal-cache-two", Guid.NewGuid().ToString("N"));
    private readonly SharedDatabaseFactory _a;
    private readonly SharedDatabaseFactory _b;

    public TwoInstancesCacheTests()
    {
        Directory.CreateDirectory(_folder);
        _a = new SharedDatabaseFactory(Path.Combine(_folder, "shared.db"));
        _b = new SharedDatabaseFactory(Path.Combine(_folder, "shared.db"));
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in the temp folder; nothing depends on it.
        }
    }

    private sealed class SharedDatabaseFactory(string path) : PortalFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["ConnectionStrings:TrustPortal"] = $"Data Source={path}";
                return settings;
            }
        }
    }

    private static async Task<string> TextAsync(HttpClient client, string url)
    {
        var page = await client.GetDocumentAsync(url);
        return Pages.Collapse(page.Body!.TextContent);
    }

    [Fact]
    public async Task A_value_edited_on_one_instance_shows_on_the_others_cached_page_within_seconds()
    {
        var trust = await ContentTrust.CreateAsync(_a);
        var url = $"/{trust.Slug}/vision-and-values";
        var onB = _b.CreateSecureClient();
        // B takes in the new trust's save first, so no generation change falls between the two requests below.
        await _b.Services.GetRequiredService<TrustPortal.Web.Infrastructure.Caching.TrustCacheStampPoller>().PollOnceAsync(CancellationToken.None);
        Assert.Contains("Integrity", await TextAsync(onB, url), StringComparison.Ordinal);
        // B now answers from its cache.
        _b.Queries.Reset();
        Assert.Contains("Integrity", await TextAsync(onB, url), StringComparison.Ordinal);
        Assert.Equal(0, _b.Queries.Count);

        var (admin, _, _, _) = await _a.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        using (var saved = await admin.PostFormAsync($"/admin/content/value/{trust.ValueIds[0]}", new Dictionary<string, string>
        {
            ["Fields[name]"] = "Openness", ["Fields[meaning]"] = "Shared across instances.", ["Fields[audience]"] = "Public", ["LoadedVersion"] = "0", ["action"] = "save",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        Assert.Contains("Openness", await TextAsync(_a.CreateSecureClient(), url), StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(30); // generous: the poller reads every second, but a loaded CI machine is slow
        string text;
        do
        {
            text = await TextAsync(onB, url);
            if (text.Contains("Openness", StringComparison.Ordinal))
            {
                break;
            }
            await Task.Delay(100);
        }
        while (clock.Elapsed < deadline);
        Assert.True(text.Contains("Openness", StringComparison.Ordinal), $"B still showed the old value after {clock.Elapsed.TotalSeconds:0.0} s.");
        // Within the deadline (the poll interval is 1 s; the slack is for a loaded test machine).
        Assert.DoesNotContain("Integrity", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_save_in_one_trust_leaves_another_trusts_cached_pages_in_place_on_both_instances()
    {
        var first = await ContentTrust.CreateAsync(_a);
        var second = await ContentTrust.CreateAsync(_a);
        var (admin, _, _, _) = await _a.SignedInClientAsync(Roles.TrustAdmin, first.Slug);
        var firstUrl = $"/{first.Slug}/vision-and-values";
        var secondUrl = $"/{second.Slug}/vision-and-values";
        var onA = _a.CreateSecureClient();
        var onB = _b.CreateSecureClient();
        await _a.SettleCachesAsync();
        await _b.SettleCachesAsync();
        foreach (var (client, url) in new[] { (onA, firstUrl), (onA, secondUrl), (onB, firstUrl), (onB, secondUrl) })
        {
            Assert.Contains("Integrity", await TextAsync(client, url), StringComparison.Ordinal);
        }

        using (var saved = await admin.PostFormAsync($"/admin/content/value/{first.ValueIds[0]}", new Dictionary<string, string>
        {
            ["Fields[name]"] = "Openness", ["Fields[meaning]"] = "Only in the first trust.", ["Fields[audience]"] = "Public", ["LoadedVersion"] = "0", ["action"] = "save",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        await _b.SettleCachesAsync();
        Assert.Contains("Openness", await TextAsync(onA, firstUrl), StringComparison.Ordinal);
        Assert.Contains("Openness", await TextAsync(onB, firstUrl), StringComparison.Ordinal);

        // The second trust's page is still answered from each instance's cache: no SQL at all.
        _a.Queries.Reset();
        _b.Queries.Reset();
        Assert.Contains("Integrity", await TextAsync(onA, secondUrl), StringComparison.Ordinal);
        Assert.Contains("Integrity", await TextAsync(onB, secondUrl), StringComparison.Ordinal);
        Assert.Equal(0, _a.Queries.Count);
        Assert.Equal(0, _b.Queries.Count);
    }

    [Fact]
    public async Task A_change_saved_outside_any_instance_like_the_command_line_reaches_both_caches()
    {
        var trust = await ContentTrust.CreateAsync(_a);
        var url = $"/{trust.Slug}/vision-and-values";
        var onA = _a.CreateSecureClient();
        var onB = _b.CreateSecureClient();
        await TextAsync(onA, url);
        await TextAsync(onB, url);

        // A separate DbContext on the shared file, as the command line or a data fix-up script would use; both
        // instances learn of it only through the trust's stamp row.
        var options = new DbContextOptionsBuilder<SqliteTrustPortalDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder, "shared.db")}")
            .AddInterceptors(new TrustCacheStampInterceptor(
                new TrustCacheGenerations(new NoOutputCache(), Microsoft.Extensions.Logging.Abstractions.NullLogger<TrustCacheGenerations>.Instance)))
            .Options;
        await using (var db = new SqliteTrustPortalDbContext(options))
        {
            var value = await db.TrustValues.SingleAsync(v => v.Id == trust.ValueIds[1]);
            db.Entry(value).Property("Name").CurrentValue = "Kindness";
            await db.SaveChangesAsync();
        }

        var clock = Stopwatch.StartNew();
        bool seenOnA, seenOnB;
        do
        {
            seenOnA = (await TextAsync(onA, url)).Contains("Kindness", StringComparison.Ordinal);
            seenOnB = (await TextAsync(onB, url)).Contains("Kindness", StringComparison.Ordinal);
            if (seenOnA && seenOnB)
            {
                break;
            }
            await Task.Delay(100);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(30));
        Assert.True(seenOnA && seenOnB, $"A: {seenOnA}, B: {seenOnB} after {clock.Elapsed.TotalSeconds:0.0} s.");
    }

    private sealed class NoOutputCache : Microsoft.AspNetCore.OutputCaching.IOutputCacheStore
    {
        public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult<byte[]?>(null);

        public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
