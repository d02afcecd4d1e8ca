using Microsoft.AspNetCore.Identity;
using TrustPortal.Web.Infrastructure.Caching;

namespace TrustPortal.Web.Accounts;

/// What a sign-in with an address and password comes to.
public abstract record PasswordOutcome
{
    /// Too many attempts for this address within the minute: answered 429 with Retry-After.
    public sealed record TooMany(TimeSpan RetryAfter) : PasswordOutcome;
    public sealed record SignedIn : PasswordOutcome;
    /// The password was right and the account has an authenticator: the code comes next.
    public sealed record NeedsCode : PasswordOutcome;
    /// Shown beside the address: the same words for every refusal but a suspended trust's.
    public sealed record Refused(string Message) : PasswordOutcome;
}

/// Sign-in with an address and password: the per-address limit, lockout, the trust's suspension, the MFA enrolment it
/// starts and the security events, decided here so that the page only says what happened.
public sealed class PasswordSignIn(
    SignInManager<PortalUser> signIn,
    UserManager<PortalUser> users,
    SignInAccountLimiter accountLimiter,
    MfaPolicy mfa,
    SignInThrottle throttle,
    EqualTimeWork equalTime,
    SecurityEvents events,
    TrustCacheGenerations trusts)
{
    /// The same words for every refusal (unknown address, wrong password, an account that is made to wait), so the page
    /// never tells whether an address has an account.
    public const string Failed = "Enter a correct e-mail address and password. After several wrong attempts the portal waits a few minutes before it checks again";

    public const string Suspended = "Your trust's portal is suspended for now, so you cannot sign in. Nothing has been deleted; ask your trust's leaders when it will be back";

    public async Task<PasswordOutcome> SignInAsync(string email, string password, bool rememberMe, string path, CancellationToken ct)
    {
        if (!accountLimiter.TryAcquire(email, out var retryAfter))
        {
            events.RateLimited(path, "account");
            return new PasswordOutcome.TooMany(retryAfter);
        }
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            equalTime.CheckAgainstDummy(password);
            events.SignInFailed(null, email);
            return new PasswordOutcome.Refused(Failed);
        }
        var result = await signIn.PasswordSignInAsync(user, password, rememberMe, lockoutOnFailure: true);
        if ((result.Succeeded || result.RequiresTwoFactor) && user.TrustId is { } trustId && trusts.IsSuspended(trustId))
        {
            // Said only after the right password, so the page tells nobody else which trust an address belongs to.
            await signIn.SignOutAsync();
            events.SignInRefused(user.Id, "trust suspended");
            return new PasswordOutcome.Refused(Suspended);
        }
        if (result.Succeeded)
        {
            events.SignInSucceeded(user.Id);
            await mfa.StartEnrolmentIfRequiredAsync(user);
            return new PasswordOutcome.SignedIn();
        }
        if (result.RequiresTwoFactor)
        {
            return new PasswordOutcome.NeedsCode();
        }
        await RefusedAsync(user, result, email, password, ct);
        return new PasswordOutcome.Refused(Failed);
    }

    private async Task RefusedAsync(PortalUser user, SignInResult result, string email, string password, CancellationToken ct)
    {
        if (result.IsLockedOut)
        {
            equalTime.CheckAgainstDummy(password);
            events.LockedOut(user.Id);
        }
        else if (result.IsNotAllowed)
        {
            equalTime.CheckAgainstDummy(password);
            // Published demo credentials outside Development are refused, and logged, by the sign-in manager.
            if (user.IsDisabled)
            {
                events.SignInRefused(user.Id, "disabled");
            }
        }
        else
        {
            events.SignInFailed(user.Id, email);
            await throttle.FailedAsync(user, ct);
        }
    }
}
