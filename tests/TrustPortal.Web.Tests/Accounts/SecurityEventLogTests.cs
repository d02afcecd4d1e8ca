using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Serilog.Events;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// Security events reach the log with who, from where and when — and never a password.
[Collection(SharedPortal.Name)]
public sealed class SecurityEventLogTests(PortalFactory factory)
{
    private List<LogEvent> EventsSince(DateTimeOffset start, string template) =>
        factory.LogEvents.Snapshot().Where(e => e.Timestamp >= start && e.MessageTemplate.Text.StartsWith(template, StringComparison.Ordinal)).ToList();

    private static string Scalar(LogEvent e, string name) =>
        e.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: var v } ? v?.ToString() ?? "" : "";

    [Fact]
    public async Task Failed_sign_in_and_lockout_are_logged_with_user_and_address_and_never_the_password()
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (id, email, _) = await factory.CreateUserAsync(Roles.Staff);
        var client = factory.CreateSecureClient();
        const string wrong = "Secret-wrong-password-123";
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.SignInAsync(email, wrong);
        }

        var failed = EventsSince(start, "Security: sign-in failed").Where(e => Scalar(e, "UserId") == id).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, e => Assert.False(string.IsNullOrEmpty(Scalar(e, "RemoteIp"))));
        Assert.Contains(EventsSince(start, "Security: sign-in for {UserId} slowed down"), e => Scalar(e, "UserId") == id && Scalar(e, "Failures") == "5");
        Assert.Contains(EventsSince(start, "Security: account {UserId} is waiting"), e => Scalar(e, "UserId") == id);

        var everything = factory.LogEvents.Snapshot().Where(e => e.Timestamp >= start).Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + string.Join(' ', e.Properties.Values)).ToList();
        Assert.DoesNotContain(everything, text => text.Contains(wrong, StringComparison.Ordinal));
        Assert.DoesNotContain(everything, text => text.Contains(AccountHelpers.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_forbidden_request_and_a_missing_antiforgery_token_are_logged()
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (client, id, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        using (var forbidden = await client.GetAsync(new Uri("/admin/users", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }
        using (var noToken = await client.PostAsync(new Uri("/me/name", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "X" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        }

        Assert.Contains(EventsSince(start, "Security: forbidden request"), e => Scalar(e, "Path") == "/admin/users" && Scalar(e, "UserId") == id);
        Assert.Contains(EventsSince(start, "Security: antiforgery check failed"), e => Scalar(e, "Path") == "/me/name");
    }

    [Fact]
    public async Task An_unknown_address_is_logged_as_a_keyed_hash_that_a_dictionary_cannot_reverse()
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        var email = $"nobody-{Guid.NewGuid():N}@example.org";
        var client = factory.CreateSecureClient();
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.SignInAsync(email, "Not-the-password-at-all");
        }

        var hashes = EventsSince(start, "Security: sign-in failed").Select(e => Scalar(e, "EmailHash"))
            .Where(h => h == SecurityEvents.Hash(factory.Services.GetRequiredService<LogHashKey>(), email)).ToList();
        Assert.Equal(2, hashes.Count); // repeated attempts still match
        var unkeyed = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(email.ToUpperInvariant())));
        Assert.DoesNotContain(unkeyed[..12], hashes[0], StringComparison.Ordinal);
        Assert.False(unkeyed.StartsWith(hashes[0], StringComparison.Ordinal));
    }

    [Fact]
    public void The_log_hash_key_comes_from_settings_and_a_short_or_malformed_key_is_refused()
    {
        static Microsoft.Extensions.Configuration.IConfiguration With(string? key) =>
            Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(new Microsoft.Extensions.Configuration.ConfigurationBuilder(), new Dictionary<string, string?> { ["Accounts:LogHashKey"] = key }).Build();
        var key = Convert.ToBase64String(new byte[32]);
        Assert.Equal(SecurityEvents.Hash(LogHashKey.From(With(key)), "a@b.org"), SecurityEvents.Hash(LogHashKey.From(With(key)), " A@B.ORG "));
        Assert.NotEqual(SecurityEvents.Hash(LogHashKey.From(With(null)), "a@b.org"), SecurityEvents.Hash(LogHashKey.From(With(null)), "a@b.org"));
        Assert.Throws<InvalidOperationException>(() => LogHashKey.From(With(Convert.ToBase64String(new byte[16]))));
        Assert.Throws<InvalidOperationException>(() => LogHashKey.From(With("not base64!")));
    }

    [Fact]
    public async Task A_successful_sign_in_is_logged()
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (_, id, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        Assert.Contains(EventsSince(start, "Security: sign-in succeeded"), e => Scalar(e, "UserId") == id);
    }
}

[Collection(SharedPortal.Name)]
public sealed class AuditKeyTests(PortalFactory factory)
{
    [Fact]
    public async Task An_inserted_row_is_audited_with_the_id_the_database_gave_it()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortal.Web.Data.TrustPortalDbContext>();
        // A trust whose school list no other test reads, so the extra school disturbs nobody.
        var trustId = await factory.TrustIdAsync("larkspur-vale-academy-trust");
        var school = new TrustPortal.Domain.Schools.School(trustId, 777001, "Audit Key Academy", TrustPortal.Domain.Schools.Phase.Primary);
        db.Schools.Add(school);
        await db.SaveChangesAsync();

        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityType == "School" && a.Action == "Added" && a.NewValues!.Contains("Audit Key Academy"));
        Assert.Equal(school.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.EntityId);
        Assert.Equal(trustId, entry.TrustId);
    }
}
