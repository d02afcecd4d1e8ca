using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Accounts;

/// What a Microsoft or Google ID token said about the person, read from the external cookie the handler wrote.
public sealed record ExternalIdentity(
    string Provider, string Subject, string? Email, bool EmailVerified, string? Organisation, string Name, IReadOnlyList<string> Amr, string? Acr)
{
    public ExternalRefusal WrongOrganisation => Provider == ExternalProviders.Microsoft ? ExternalRefusal.Tenant : ExternalRefusal.Domain;
}

/// What the callback does next.
public abstract record ExternalOutcome
{
    public sealed record Refused(ExternalRefusal Reason, string? UserId) : ExternalOutcome;
    /// An account with the verified address exists and has no link to this provider yet: ask the person first.
    public sealed record ConfirmLink(PortalUser User) : ExternalOutcome;
    public sealed record SignIn(PortalUser User) : ExternalOutcome;
    /// Nobody has the address; the one trust that allows the tenant or domain makes Staff accounts at first sign-in.
    public sealed record CreateStaff(int TrustId) : ExternalOutcome;
}

/// The linking and MFA rules of single sign-on (ADR 0145).
public sealed class ExternalSignIn(
    TrustPortalDbContext db,
    UserManager<PortalUser> users,
    UserAdministration admin,
    SecurityEvents events,
    IHostEnvironment environment)
{
    /// RFC 8176 methods that are a second factor (or a factor beyond a password) on their own.
    private static readonly HashSet<string> SecondFactorMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "mfa", "otp", "hwk", "swk", "sms", "tel", "fpt", "face", "iris", "retina", "vbm", "sc", "pop",
    };

    public static async Task<ExternalIdentity?> ReadAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var result = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
        var principal = result.Principal;
        if (!result.Succeeded || principal is null || result.Properties?.Items.TryGetValue("LoginProvider", out var provider) != true || provider is null)
        {
            return null;
        }
        var subject = principal.FindFirstValue("sub");
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }
        bool Flag(string type) => string.Equals(principal.FindFirstValue(type), "true", StringComparison.OrdinalIgnoreCase);
        var microsoft = provider == ExternalProviders.Microsoft;
        // Entra puts the address in email (an optional claim) or, failing that, the sign-in name; it vouches for it with
        // xms_edov (the domain's owner verified it). Google says email_verified.
        var email = principal.FindFirstValue("email") ?? (microsoft ? principal.FindFirstValue("preferred_username") : null);
        var verified = Flag("email_verified") || (microsoft && Flag("xms_edov"));
        var organisation = principal.FindFirstValue(microsoft ? "tid" : "hd")?.Trim().ToLowerInvariant();
        return new ExternalIdentity(provider, subject, email?.Trim(), verified, organisation,
            principal.FindFirstValue("name") ?? email ?? "", [.. principal.FindAll("amr").Select(c => c.Value)], principal.FindFirstValue("acr"));
    }

    public async Task<ExternalOutcome> DecideAsync(ExternalIdentity identity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.Organisation is null)
        {
            // A personal Google account has no hd; an Entra token always has a tid.
            return new ExternalOutcome.Refused(identity.WrongOrganisation, null);
        }
        if (!identity.EmailVerified || string.IsNullOrEmpty(identity.Email))
        {
            return new ExternalOutcome.Refused(ExternalRefusal.Unverified, null);
        }
        var linked = await users.FindByLoginAsync(identity.Provider, identity.Subject);
        var user = linked ?? await users.FindByEmailAsync(identity.Email);
        if (user is not null)
        {
            if (user.TrustId is not { } trustId || !await AllowsAsync(trustId, identity, ct))
            {
                return new ExternalOutcome.Refused(identity.WrongOrganisation, user.Id);
            }
            // A demo account outside Development is refused before any link is made (the sign-in manager would refuse it too).
            if (user.IsDisabled || (!DemoAccounts.Allowed(environment) && DemoAccounts.IsDemoAddress(user.Email)))
            {
                return new ExternalOutcome.Refused(ExternalRefusal.Disabled, user.Id);
            }
            return linked is null ? new ExternalOutcome.ConfirmLink(user) : new ExternalOutcome.SignIn(user);
        }
        var trusts = await db.TrustSignInAllowances.AsNoTracking()
            .Where(a => a.Provider == identity.Provider && a.Identifier == identity.Organisation)
            .Select(a => a.TrustId).Distinct().ToListAsync(ct);
        if (trusts.Count == 0)
        {
            return new ExternalOutcome.Refused(identity.WrongOrganisation, null);
        }
        // A tenant or domain that two trusts both list makes nobody's account: it could be either trust's person.
        var creates = trusts.Count == 1
            && await db.TrustAccountPolicies.AnyAsync(p => p.TrustId == trusts[0] && p.CreateStaffAtFirstSignIn, ct)
            && (DemoAccounts.Allowed(environment) || !DemoAccounts.IsDemoAddress(identity.Email));
        return creates ? new ExternalOutcome.CreateStaff(trusts[0]) : new ExternalOutcome.Refused(ExternalRefusal.NoAccount, null);
    }

    /// Records the link (AspNetUserLogins) and its audit entry.
    public async Task<bool> LinkAsync(PortalUser user, ExternalIdentity identity, bool created)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(identity);
        var result = await users.AddLoginAsync(user, new UserLoginInfo(identity.Provider, identity.Subject, identity.Provider));
        if (result.Succeeded)
        {
            events.ExternalLoginLinked(user.Id, identity.Provider, created);
        }
        return result.Succeeded;
    }

    /// A Staff account, with no password, linked to the provider account; never any other role.
    public async Task<PortalUser?> CreateStaffAsync(int trustId, ExternalIdentity identity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var name = string.IsNullOrWhiteSpace(identity.Name) ? identity.Email! : identity.Name.Trim();
        var (result, user) = await admin.CreateAsync(identity.Email!, name.Length > 200 ? name[..200] : name, Roles.Staff, trustId, [], null, ct);
        if (!result.Succeeded || user is null || !await LinkAsync(user, identity, created: true))
        {
            return null;
        }
        events.AccountChanged(user.Id, "created at first sign-in with " + identity.Provider);
        return user;
    }

    /// Whether the provider's own sign-in counts as the second factor: the token says "mfa" in amr; or the trust
    /// states that its tenant enforces MFA and amr names a second-factor method or acr a multi-factor level.
    public async Task<bool> ProviderMfaCountsAsync(PortalUser user, ExternalIdentity identity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.Amr.Contains("mfa", StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }
        var enforced = user.TrustId is { } trustId && await db.TrustAccountPolicies.AnyAsync(p => p.TrustId == trustId && p.TenantEnforcesMfa, ct);
        return enforced
            && (identity.Amr.Any(SecondFactorMethods.Contains)
                || (identity.Acr is { } acr && (acr.Contains("mfa", StringComparison.OrdinalIgnoreCase) || acr.Contains("multi-factor", StringComparison.OrdinalIgnoreCase))));
    }

    private Task<bool> AllowsAsync(int trustId, ExternalIdentity identity, CancellationToken ct) =>
        db.TrustSignInAllowances.AnyAsync(a => a.TrustId == trustId && a.Provider == identity.Provider && a.Identifier == identity.Organisation, ct);
}
