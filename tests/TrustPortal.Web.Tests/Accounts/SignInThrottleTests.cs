using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// Wrong passwords slow an account down instead of locking it, the owner is told, and the page says the same thing
/// whether the address has an account or not (issue 18, items 4 and 5).
[Collection(SharedPortal.Name)]
public sealed class SignInThrottleTests(PortalFactory factory)
{
    private static readonly HtmlParser Parser = new();

    private static async Task<string> ErrorTextAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        return page.QuerySelector(".govuk-error-summary")?.TextContent.Trim() ?? throw new Xunit.Sdk.XunitException("No error summary");
    }

    [Fact]
    public async Task Ten_wrong_passwords_give_the_same_message_as_an_unknown_address_and_the_owner_is_told()
    {
        var (_, email, _) = await factory.CreateUserAsync(Roles.Staff);
        var client = factory.CreateSecureClient();
        using var unknown = await client.SignInAsync($"nobody-{Guid.NewGuid():N}@example.org", "Wrong-password-here");
        var unknownText = await ErrorTextAsync(unknown);

        for (var i = 0; i < 10; i++)
        {
            using var wrong = await client.SignInAsync(email, "Wrong-password-here");
            Assert.Equal(unknownText, await ErrorTextAsync(wrong));
        }
        // The right password while the account is waiting: refused with the very same words.
        using (var waiting = await client.SignInAsync(email, AccountHelpers.Password))
        {
            Assert.Equal(unknownText, await ErrorTextAsync(waiting));
            Assert.DoesNotContain("locked", await waiting.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }

        var told = Assert.Single(factory.Emails.Sent, m => m.To == email);
        Assert.Contains("Wrong passwords", told.Subject, StringComparison.Ordinal);
        Assert.Contains("Tell your trust administrator", told.Body, StringComparison.Ordinal);

        // No lock to wait out: after the longest wait the owner signs in.
        factory.Clock.Advance(SignInThrottle.MaxDelay + TimeSpan.FromSeconds(1));
        using var owner = await client.SignInAsync(email, AccountHelpers.Password);
        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
    }

    [Fact]
    public async Task The_wait_grows_and_a_correct_password_after_a_short_wait_signs_in()
    {
        var (_, email, _) = await factory.CreateUserAsync(Roles.Staff);
        var client = factory.CreateSecureClient();
        for (var i = 0; i < SignInThrottle.FreeAttempts + 1; i++)
        {
            using var wrong = await client.SignInAsync(email, "Wrong-password-here");
        }
        // Six failures: one minute's wait, not fifteen.
        factory.Clock.Advance(SignInThrottle.DelayAfter(SignInThrottle.FreeAttempts + 1) + TimeSpan.FromSeconds(1));
        using var owner = await client.SignInAsync(email, AccountHelpers.Password);
        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
    }

    [Fact]
    public void The_delay_doubles_up_to_fifteen_minutes_and_allows_at_most_ten_guesses_in_five_minutes()
    {
        Assert.Equal(TimeSpan.Zero, SignInThrottle.DelayAfter(SignInThrottle.FreeAttempts - 1));
        Assert.Equal(TimeSpan.FromSeconds(30), SignInThrottle.DelayAfter(5));
        Assert.Equal(TimeSpan.FromSeconds(60), SignInThrottle.DelayAfter(6));
        Assert.Equal(TimeSpan.FromMinutes(15), SignInThrottle.DelayAfter(50));

        // An attacker who guesses the moment each wait ends.
        var elapsed = TimeSpan.Zero;
        var guesses = 0;
        while (true)
        {
            guesses++;
            elapsed += SignInThrottle.DelayAfter(guesses);
            if (elapsed > TimeSpan.FromMinutes(5))
            {
                break;
            }
        }
        Assert.InRange(guesses, 1, 10);
    }
}

/// The portal with a password hasher that counts its work.
public sealed class CountingHasherFactory : PortalFactory
{
    public CountingHasher Hasher { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<PortalUser>>(Hasher));
    }

    public sealed class CountingHasher : IPasswordHasher<PortalUser>
    {
        private readonly PasswordHasher<PortalUser> _inner = new();
        private int _verified;

        public int Verified => Volatile.Read(ref _verified);

        public string HashPassword(PortalUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verified);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

public sealed class SignInTimingTests(CountingHasherFactory factory) : IClassFixture<CountingHasherFactory>
{
    [Fact]
    public async Task An_unknown_address_costs_the_same_password_hashing_as_a_known_one()
    {
        var client = factory.CreateSecureClient();
        var (_, email, _) = await factory.CreateUserAsync(Roles.Staff);

        var before = factory.Hasher.Verified;
        using (var known = await client.SignInAsync(email, "Wrong-password-here"))
        {
            Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        }
        var forKnown = factory.Hasher.Verified - before;

        before = factory.Hasher.Verified;
        using (var unknown = await client.SignInAsync($"nobody-{Guid.NewGuid():N}@example.org", "Wrong-password-here"))
        {
            Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        }
        var forUnknown = factory.Hasher.Verified - before;

        Assert.Equal(1, forKnown);
        Assert.Equal(forKnown, forUnknown);
    }
}
