using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Accounts;

/// Settings under "Accounts:Sessions".
public sealed class SessionOptions
{
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);
    /// How stale LastSeenUtc may be before a request writes it again; keeps most requests to one read.
    public TimeSpan TouchInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// Server-side sessions: a row per signed-in browser, checked on every request (see docs/adr/0003).
public sealed class SessionStore(TrustPortalDbContext db, TimeProvider clock, IOptions<SessionOptions> options)
{
    private sealed record SessionTimes(string UserId, DateTime CreatedUtc, DateTime LastSeenUtc);

    // Runs on every signed-in request: compiled once, so a request skips building and looking up the LINQ expression
    // (a fifth of a signed-in page's time in a profile). Still one read of the row each time, so sign-out anywhere
    // ends the session at once on every instance.
    // A compiled query is bound to the model it first ran with, and each provider's context type has its own model
    // (one process may hold several, e.g. the tests on SQLite and PostgreSQL): one compiled query per context type.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<TrustPortalDbContext, string, CancellationToken, Task<SessionTimes?>>> FindSessionBy = new();

    private static Func<TrustPortalDbContext, string, CancellationToken, Task<SessionTimes?>> FindSession(TrustPortalDbContext db) =>
        FindSessionBy.GetOrAdd(db.GetType(), _ =>
            EF.CompileAsyncQuery((TrustPortalDbContext context, string id, CancellationToken ct) => context.UserSessions.AsNoTracking()
                .Where(s => s.Id == id)
                .Select(s => new SessionTimes(s.UserId, s.CreatedUtc, s.LastSeenUtc))
                .SingleOrDefault()));

    public async Task<string> StartAsync(string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new UserSession
        {
            Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)),
            UserId = userId,
            CreatedUtc = now,
            LastSeenUtc = now,
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    /// True when the session exists, belongs to the user and has not timed out; touches it now and then.
    public async Task<bool> ValidateAsync(string sessionId, string userId, CancellationToken ct)
    {
        var session = await FindSession(db)(db, sessionId, ct);
        if (session is null || session.UserId != userId)
        {
            return false;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        if (now - session.LastSeenUtc > settings.IdleTimeout || now - session.CreatedUtc > settings.AbsoluteTimeout)
        {
            await db.UserSessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(ct);
            return false;
        }
        if (now - session.LastSeenUtc > settings.TouchInterval)
        {
            await db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenUtc, now), ct);
        }
        return true;
    }

    /// Ends every session of the user: every cookie issued to them, copies included, stops working.
    public Task<int> EndAllAsync(string userId, CancellationToken ct) =>
        db.UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);

    public Task<int> EndAsync(string sessionId, CancellationToken ct) =>
        db.UserSessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(ct);

    /// Cookie event: refuse a cookie whose session has ended or timed out.
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var sessionId = principal?.FindFirstValue(PortalClaims.SessionId);
        var userId = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var store = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
        bool valid;
        try
        {
            valid = sessionId is not null && userId is not null && await store.ValidateAsync(sessionId, userId, context.HttpContext.RequestAborted);
        }
        catch (Exception e) when (Infrastructure.DatabaseFailures.IsUnavailable(e)
            && context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null)
        {
            // Rendering the "unavailable" page after this very failure: show it as to a visitor, and keep the cookie,
            // because an outage must sign nobody out. (On the first pass the error goes up and becomes that page.)
            context.RejectPrincipal();
            return;
        }
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}

/// Every sign-in goes through SignInWithClaimsAsync (password, authenticator, recovery code, refresh), so this is the
/// one place where a server-side session is started and its id put in the cookie. Disabled accounts cannot sign in.
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    SessionStore sessions,
    IHostEnvironment environment,
    SecurityEvents events,
    TimeProvider clock)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private bool _refreshing;

    /// The account is waiting after repeated failures (SignInThrottle) until its lockout end, on the portal's clock
    /// (Identity's own check reads the system clock, which tests cannot move).
    protected override Task<bool> IsLockedOut(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.FromResult(user.LockoutEnabled && user.LockoutEnd is { } end && end > clock.GetUtcNow());
    }

    public override async Task RefreshSignInAsync(PortalUser user)
    {
        _refreshing = true;
        try
        {
            await base.RefreshSignInAsync(user);
        }
        finally
        {
            _refreshing = false;
        }
    }

    public override async Task SignInWithClaimsAsync(PortalUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        ArgumentNullException.ThrowIfNull(user);
        // A refresh (after enrolling MFA, say) keeps the browser's current session; any other sign-in starts one.
        var current = Context.User;
        var sessionId = _refreshing && current.FindFirstValue(ClaimTypes.NameIdentifier) == user.Id ? current.FindFirstValue(PortalClaims.SessionId) : null;
        sessionId ??= await sessions.StartAsync(user.Id, Context.RequestAborted);
        var principal = await CreateUserPrincipalAsync(user);
        var identity = principal.Identities.First();
        foreach (var claim in additionalClaims.Append(new Claim(PortalClaims.SessionId, sessionId)))
        {
            identity.AddClaim(claim);
        }
        // A sign-in whose second factor was the identity provider's (amr "mfa", ADR 0145) owes no enrolment here.
        if (identity.HasClaim(ProviderMfaClaim, "mfa"))
        {
            foreach (var owed in identity.FindAll(PortalClaims.MfaEnrolmentRequired).ToList())
            {
                identity.RemoveClaim(owed);
            }
        }
        await Context.SignInAsync(AuthenticationScheme, principal, authenticationProperties ?? new AuthenticationProperties());
        Context.User = principal;
    }

    /// The claim Identity (and we) use for "this sign-in had a second factor".
    public const string ProviderMfaClaim = "amr";

    /// A Microsoft or Google sign-in of a user the callback has accepted: straight in when the provider's sign-in
    /// counts as MFA (or none is owed); otherwise on to the portal's own authenticator code, as after a password.
    public async Task<SignInResult> ExternalSignInAsync(PortalUser user, string provider, bool providerMfa)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await CanSignInAsync(user))
        {
            return SignInResult.NotAllowed;
        }
        if (providerMfa)
        {
            await SignInWithClaimsAsync(user, new AuthenticationProperties(), [new Claim(ClaimTypes.AuthenticationMethod, provider), new Claim(ProviderMfaClaim, "mfa")]);
            return SignInResult.Success;
        }
        return await SignInOrTwoFactorAsync(user, isPersistent: false, loginProvider: provider, bypassTwoFactor: false);
    }

    /// Every way in asks this first. Disabled accounts cannot sign in; nor, outside Development, can an account with
    /// published credentials (a demo address or the published authenticator key), whatever its password (ADR 0095).
    public override async Task<bool> CanSignInAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.IsDisabled)
        {
            return false;
        }
        if (!DemoAccounts.Allowed(environment) && await DemoAccounts.UsesPublishedCredentialsAsync(UserManager, user))
        {
            events.PublishedCredentialsRefused(user.Id, environment.EnvironmentName);
            return false;
        }
        return await base.CanSignInAsync(user);
    }

    public override async Task SignOutAsync()
    {
        var userId = Context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is not null)
        {
            await sessions.EndAllAsync(userId, Context.RequestAborted);
        }
        await base.SignOutAsync();
    }
}

/// Adds the trust, the display name and whether MFA enrolment is still owed to the cookie's claims.
public sealed class PortalClaimsFactory(
    UserManager<PortalUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    MfaPolicy mfa)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName));
        if (user.TrustId is { } trustId)
        {
            identity.AddClaim(new Claim(PortalClaims.TrustId, trustId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (!user.TwoFactorEnabled && await mfa.IsRequiredAsync(user))
        {
            identity.AddClaim(new Claim(PortalClaims.MfaEnrolmentRequired, "true"));
        }
        return identity;
    }
}

/// Who must use an authenticator: administrators, trustees and headteachers always; staff when their trust says so.
public sealed class MfaPolicy(UserManager<PortalUser> users, TrustPortalDbContext db)
{
    public async Task<bool> IsRequiredAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var roles = await users.GetRolesAsync(user);
        if (roles.Any(Roles.RequiresMfa))
        {
            return true;
        }
        return user.TrustId is { } trustId
            && await db.TrustAccountPolicies.AnyAsync(p => p.TrustId == trustId && p.RequireMfaForStaff);
    }

    /// At a sign-in of someone who must use an authenticator and has none: a key to enrol with, made once.
    public async Task StartEnrolmentIfRequiredAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.TwoFactorEnabled && await IsRequiredAsync(user) && string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            await users.ResetAuthenticatorKeyAsync(user);
        }
    }
}
