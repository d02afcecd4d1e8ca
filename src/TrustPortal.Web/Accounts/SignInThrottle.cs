using Microsoft.AspNetCore.Identity;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Accounts;

/// Wrong passwords (and authenticator codes) slow an account down instead of locking it: the first few attempts are
/// checked at once, then the portal waits longer and longer (30 s, 1, 2, 4, 8 minutes, at most 15) before it checks
/// the next one, and the owner is told by e-mail when the waiting starts. An attacker who knows an address cannot
/// shut its owner out for long, and cannot make more than 10 guesses in 5 minutes (Cyber Essentials). Whether an
/// account is waiting is never shown: the sign-in page says the same thing for every failure (issue 18, item 5).
public sealed class SignInThrottle(UserManager<PortalUser> users, OutgoingMail email, TimeProvider clock, SecurityEvents events, ILogger<SignInThrottle> logger)
{
    /// Failures checked at once, before the waiting starts.
    public const int FreeAttempts = 5;

    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);

    /// How long the portal waits after the given number of consecutive failures.
    public static TimeSpan DelayAfter(int failures)
    {
        if (failures < FreeAttempts)
        {
            return TimeSpan.Zero;
        }
        var doublings = Math.Min(failures - FreeAttempts, 10);
        var delay = FirstDelay * Math.Pow(2, doublings);
        return delay > MaxDelay ? MaxDelay : delay;
    }

    /// After a failure that Identity has counted (AccessFailedCount): sets when the next attempt may be checked
    /// (stored as the account's lockout end) and, when the waiting starts, tells the owner.
    public async Task FailedAsync(PortalUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var failures = await users.GetAccessFailedCountAsync(user);
        var delay = DelayAfter(failures);
        if (delay <= TimeSpan.Zero)
        {
            return;
        }
        await users.SetLockoutEndDateAsync(user, clock.GetUtcNow() + delay);
        events.SignInThrottled(user.Id, failures, delay);
        if (failures == FreeAttempts && !string.IsNullOrEmpty(user.Email))
        {
            try
            {
                await email.SendAsync(new EmailMessage(user.Email, "Wrong passwords were tried for your TrustPortal account",
                    $"Hello {user.DisplayName},\n\n{FreeAttempts} wrong passwords or codes in a row were just entered for your TrustPortal account, " +
                    "so for a while the portal waits a few minutes before it checks another one.\n\n" +
                    "If this was you, wait a few minutes and try again.\n\n" +
                    "If it was not you, nobody has signed in: your password was not accepted. Tell your trust administrator, " +
                    "especially if this e-mail comes again.\n"), ct);
            }
#pragma warning disable CA1031 // The sign-in answer must not depend on whether the mail server is up; the failure is logged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "Could not tell {UserId} about repeated sign-in failures", user.Id);
            }
        }
    }
}

/// Makes a refused sign-in that checked no password (unknown address, disabled or waiting account) take as long as one
/// that did: the same PBKDF2 work on a stored dummy hash, so timing does not tell whether an account exists.
public sealed class EqualTimeWork(IPasswordHasher<PortalUser> hasher, Microsoft.Extensions.Options.IOptions<PasswordHasherOptions> options)
{
    // One dummy hash per hasher and work factor (several test hosts in one process may differ), made once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, int, PasswordHasherCompatibilityMode), string> DummyHashes = new();

    public void CheckAgainstDummy(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var dummy = new PortalUser();
        var hash = DummyHashes.GetOrAdd((hasher.GetType(), options.Value.IterationCount, options.Value.CompatibilityMode),
            _ => hasher.HashPassword(dummy, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));
        _ = hasher.VerifyHashedPassword(dummy, hash, password);
    }
}
