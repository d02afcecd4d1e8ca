using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Accounts;

/// One demo account per role for the demo trust (TrustSlug), in Development and Testing only — never in
/// Production, whatever the settings say. The roles that need MFA are enrolled with a fixed, published authenticator
/// key so that people and browser tests can compute codes; that is only acceptable because these are demo accounts.
public sealed class DemoAccounts(
    TrustPortalDbContext db,
    UserManager<PortalUser> users,
    UserAdministration admin,
    IWebHostEnvironment environment,
    ILogger<DemoAccounts> logger)
{
    // The demo trust with a published plan and example progress, so every role has something to do.
    public const string TrustSlug = "kestrel-ridge-learning-trust";
    public const string Password = "Demo-portal-2026";
    /// Base32 authenticator key of the demo accounts that need MFA.
    public const string AuthenticatorKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    public static readonly IReadOnlyList<(string Email, string Name, string Role, int Schools)> Accounts =
    [
        ("trustadmin@demo.trustportal.test", "Demo Trust Administrator", Roles.TrustAdmin, 0),
        ("trustee@demo.trustportal.test", "Demo Trustee", Roles.Trustee, 0),
        ("head@demo.trustportal.test", "Demo Headteacher", Roles.Headteacher, 1),
        ("executive.head@demo.trustportal.test", "Demo Executive Headteacher", Roles.Headteacher, 2),
        ("staff@demo.trustportal.test", "Demo Member of Staff", Roles.Staff, 1),
        // Above the trusts: the installation's operator (belongs to no trust).
        ("operator@demo.trustportal.test", "Demo Service Operator", Roles.ServiceOperator, 0),
    ];

    /// Development, and Testing (the automated tests' own environment, never one to deploy with): the only
    /// environments where demo data and demo accounts may exist and the published credentials work.
    public static bool Allowed(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsDevelopment() || environment.IsEnvironment("Testing");
    }

    public static bool IsDemoAddress(string? email) =>
        email is not null && Accounts.Any(a => string.Equals(a.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));

    /// True when this account signs in with a published credential: a demo address, or the published authenticator key.
    public static async Task<bool> UsesPublishedCredentialsAsync(UserManager<PortalUser> users, PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(user);
        return IsDemoAddress(user.Email) || await users.GetAuthenticatorKeyAsync(user) == AuthenticatorKey;
    }

    /// The demo accounts in this database, by address. (The published authenticator key on any other account is
    /// refused at every sign-in; keys are stored encrypted, so they cannot be compared in a query.)
    public static async Task<IReadOnlyList<string>> FindPresentAsync(TrustPortalDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var normalized = Accounts.Select(a => a.Email.ToUpperInvariant()).ToList();
        return await db.Users.AsNoTracking()
            .Where(u => normalized.Contains(u.NormalizedEmail!))
            .OrderBy(u => u.Email).Select(u => u.Email ?? u.Id).ToListAsync(ct);
    }

    /// Removes every demo account. Returns one line per account removed.
    public async Task<IReadOnlyList<string>> RemoveAsync(CancellationToken ct)
    {
        var done = new List<string>();
        foreach (var email in await FindPresentAsync(db, ct))
        {
            if (await users.FindByEmailAsync(email) is not { } user)
            {
                continue;
            }
            var deleted = await users.DeleteAsync(user);
            if (!deleted.Succeeded)
            {
                throw new InvalidOperationException($"Demo account {email}: {string.Join("; ", deleted.Errors.Select(e => e.Description))}");
            }
            done.Add($"Removed the demo account {email}.");
        }
        logger.LogWarning("Removed {Count} demo accounts", done.Count);
        return done;
    }

    public async Task EnsureAsync(CancellationToken ct)
    {
        if (!Allowed(environment))
        {
            throw new InvalidOperationException("Demo accounts are only made in Development and Testing.");
        }
        var trust = await db.Trusts.AsNoTracking().Where(t => t.Slug == TrustSlug).Select(t => new { t.Id }).SingleOrDefaultAsync(ct);
        if (trust is null)
        {
            logger.LogWarning("No demo accounts: the trust {TrustSlug} is not in the database", TrustSlug);
            return;
        }
        var schools = await db.Schools.AsNoTracking().Where(s => s.TrustId == trust.Id && !s.IsArchived)
            .OrderBy(s => s.Urn).Select(s => s.Id).Take(2).ToListAsync(ct);
        foreach (var (email, name, role, schoolCount) in Accounts)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }
            var (result, user) = role == Roles.ServiceOperator
                ? await admin.CreateOperatorAsync(email, name, Password, ct)
                : await admin.CreateAsync(email, name, role, trust.Id, [.. schools.Take(schoolCount)], Password, ct);
            if (!result.Succeeded || user is null)
            {
                throw new InvalidOperationException($"Demo account {email}: {string.Join("; ", result.Errors)}");
            }
            if (Roles.RequiresMfa(role))
            {
                await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", AuthenticatorKey);
                await users.SetTwoFactorEnabledAsync(user, true);
            }
        }
        foreach (var (email, _, role, _) in Accounts)
        {
            logger.LogInformation("Demo account ({Role}): {Email} / password {DemoPassword}{Mfa}", role, email, Password,
                Roles.RequiresMfa(role) ? $" / authenticator key {AuthenticatorKey}" : "");
        }
    }
}
