using System.Data.Common;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using static TrustPortal.Web.Tests.Progress.ProgressTestData;

namespace TrustPortal.Web.Tests.Reliability;

/// A portal whose database can be "switched off": while down, every command fails the way Npgsql fails when the
/// PostgreSQL server has gone (a socket error, connection refused), as in the outage drill.
public sealed class SwitchableDatabaseFactory : PortalFactory
{
    public DatabaseSwitch Database { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(Database));
    }
}

public sealed class DatabaseSwitch : DbCommandInterceptor
{
    private volatile bool _down;

    public IDisposable Outage()
    {
        _down = true;
        return new Restore(this);
    }

    private sealed class Restore(DatabaseSwitch owner) : IDisposable
    {
        public void Dispose() => owner._down = false;
    }

    private void ThrowIfDown()
    {
        if (_down)
        {
            throw new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5499", new SocketException((int)SocketError.ConnectionRefused));
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        ThrowIfDown();
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        ThrowIfDown();
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ThrowIfDown();
        return ValueTask.FromResult(result);
    }
}

public sealed class DatabaseOutageWhileSignedInTests(SwitchableDatabaseFactory factory) : IClassFixture<SwitchableDatabaseFactory>
{
    private static async Task AssertFriendly503Async(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {(html.Length > 600 ? html[..600] : html)}");
        Assert.Equal("10", response.Headers.RetryAfter?.ToString());
        Assert.Contains("Sorry, the portal is unavailable", html, StringComparison.Ordinal);
        Assert.Contains("Nothing you saved has been lost", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_head_sees_the_friendly_503_during_an_outage_and_is_still_signed_in_after_it()
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var url = $"/{Kestrel}/progress/{urn}";

        using (factory.Database.Outage())
        {
            foreach (var page in new[] { url, "/me", $"/{Kestrel}" })
            {
                using var response = await head.GetAsync(new Uri(page, UriKind.Relative));
                await AssertFriendly503Async(response);
                // The sign-in cookie is kept: an outage must not sign anybody out.
                Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("__Host-TrustPortal=", StringComparison.Ordinal)),
                    "the outage page touched the sign-in cookie");
            }
        }

        using var after = await head.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);

        // The request log has one line per request, with the status the browser got.
        var logged = factory.LogEvents.Snapshot()
            .Where(e => e.MessageTemplate.Text.StartsWith("HTTP {RequestMethod}", StringComparison.Ordinal) && e.Properties["RequestPath"].ToString() == $"\"{url}\"")
            .Select(e => e.Properties["StatusCode"].ToString())
            .ToList();
        Assert.Equal(["503", "200"], logged);
    }

    [Fact]
    public async Task A_progress_form_posted_during_an_outage_is_refused_with_503_and_its_retry_records_it_once()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(Kestrel, schoolId);
        var url = $"/{Kestrel}/progress/{urn}/criteria/{cycle.CriterionIds[0]}";
        var form = await head.GetDocumentAsync(url);
        var done = $"Outage retry {Guid.NewGuid():N}";
        var fields = FormFields(form, Entry(done: done));
        fields["__RequestVerificationToken"] = form.QuerySelector("main form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using (factory.Database.Outage())
        {
            using var refused = await head.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(fields));
            await AssertFriendly503Async(refused);
        }
        Assert.Empty(await factory.UpdatesAsync(schoolId));

        // The browser (or the person) sends the same form again once the database is back; and once more.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var retried = await head.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        }
        var update = Assert.Single(await factory.UpdatesAsync(schoolId));
        Assert.Equal(done, update.Entry.WhatWasDone);
        Assert.Single(update.Revisions);
        using var scope = factory.Services.CreateScope();
        var key = Guid.Parse(fields["Form.IdempotencyKey"]);
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().FormReceipts.CountAsync(r => r.Key == key));
    }
}
