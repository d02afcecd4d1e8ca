using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Accounts;

/// Identity's store, with the MFA secrets in AspNetUserTokens kept so that a copy of the database (or a backup) does
/// not defeat MFA: the authenticator key is encrypted with Data Protection (whose key ring is itself encrypted with
/// the certificate from settings, see KeyRingProtection), and recovery codes are stored only as salted PBKDF2 hashes
/// (issue 18, item 3). Everything that sets or reads the key (enrolment, the demo accounts, the TOTP check) goes
/// through here, so none of it changes.
public sealed class PortalUserStore(TrustPortalDbContext context, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserStore<PortalUser, IdentityRole, TrustPortalDbContext>(context, describer)
{
    public const string IdentityProvider = "[AspNetUserStore]";
    public const string AuthenticatorKeyName = "AuthenticatorKey";
    public const string RecoveryCodesName = "RecoveryCodes";

    private readonly IDataProtector _protector = AuthenticatorSecrets.Protector(protection);

    public override Task SetTokenAsync(PortalUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken)
    {
        if (loginProvider == IdentityProvider && name == AuthenticatorKeyName && !string.IsNullOrEmpty(value))
        {
            value = AuthenticatorSecrets.ProtectKey(_protector, value);
        }
        return base.SetTokenAsync(user, loginProvider, name, value, cancellationToken);
    }

    public override async Task<string?> GetTokenAsync(PortalUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        var value = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        return loginProvider == IdentityProvider && name == AuthenticatorKeyName && value is not null
            ? AuthenticatorSecrets.UnprotectKey(_protector, value)
            : value;
    }

    public override Task ReplaceCodesAsync(PortalUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        base.SetTokenAsync(user, IdentityProvider, RecoveryCodesName, AuthenticatorSecrets.HashCodes(recoveryCodes), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(PortalUser user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var stored = await base.GetTokenAsync(user, IdentityProvider, RecoveryCodesName, cancellationToken) ?? "";
        var remaining = AuthenticatorSecrets.Redeem(stored, code);
        if (remaining is null)
        {
            return false;
        }
        await base.SetTokenAsync(user, IdentityProvider, RecoveryCodesName, remaining, cancellationToken);
        return true;
    }

    public override async Task<int> CountCodesAsync(PortalUser user, CancellationToken cancellationToken) =>
        AuthenticatorSecrets.Count(await base.GetTokenAsync(user, IdentityProvider, RecoveryCodesName, cancellationToken) ?? "");
}

/// The formats: "dp1:" + Data Protection payload for an authenticator key; "h1:" + salt + ";"-separated PBKDF2 hashes
/// for a set of recovery codes. Rows written before these formats are converted at start-up (MigrateAsync).
public static class AuthenticatorSecrets
{
    public const string KeyPrefix = "dp1:";
    public const string CodesPrefix = "h1:";
    private const int Iterations = 10_000;

    public static IDataProtector Protector(IDataProtectionProvider protection)
    {
        ArgumentNullException.ThrowIfNull(protection);
        return protection.CreateProtector("TrustPortal.Accounts.AuthenticatorKey.v1");
    }

    public static string ProtectKey(IDataProtector protector, string key)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(key);
        return key.StartsWith(KeyPrefix, StringComparison.Ordinal) ? key : KeyPrefix + protector.Protect(key);
    }

    /// The plain key; a value from before encryption is returned as it is (and converted at the next start).
    public static string UnprotectKey(IDataProtector protector, string stored)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(stored);
        return stored.StartsWith(KeyPrefix, StringComparison.Ordinal) ? protector.Unprotect(stored[KeyPrefix.Length..]) : stored;
    }

    public static string HashCodes(IEnumerable<string> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var salt = RandomNumberGenerator.GetBytes(16);
        return CodesPrefix + Convert.ToBase64String(salt) + ":" + string.Join(';', codes.Select(c => Hash(salt, c)));
    }

    /// The stored set without the redeemed code, or null when the code is not one of them.
    public static string? Redeem(string stored, string code)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(code);
        if (!TryParse(stored, out var salt, out var hashes))
        {
            return null;
        }
        var hash = Hash(salt, code);
        var match = hashes.FirstOrDefault(h => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(h), Encoding.ASCII.GetBytes(hash)));
        if (match is null)
        {
            return null;
        }
        return CodesPrefix + Convert.ToBase64String(salt) + ":" + string.Join(';', hashes.Where(h => !ReferenceEquals(h, match)));
    }

    public static int Count(string stored) => TryParse(stored, out _, out var hashes) ? hashes.Count : 0;

    private static bool TryParse(string stored, out byte[] salt, out List<string> hashes)
    {
        salt = [];
        hashes = [];
        if (!stored.StartsWith(CodesPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var colon = stored.IndexOf(':', CodesPrefix.Length);
        if (colon < 0)
        {
            return false;
        }
        salt = Convert.FromBase64String(stored[CodesPrefix.Length..colon]);
        hashes = [.. stored[(colon + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries)];
        return true;
    }

    private static string Hash(byte[] salt, string code) =>
        Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(code.Trim().ToUpperInvariant()), salt, Iterations, HashAlgorithmName.SHA256, 32));

    /// Converts rows written before encryption and hashing: plain authenticator keys are encrypted, plain recovery
    /// codes hashed. Idempotent; returns how many rows were changed.
    public static async Task<int> MigrateAsync(TrustPortalDbContext db, IDataProtectionProvider protection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var protector = Protector(protection);
        var rows = await db.UserTokens
            .Where(t => t.LoginProvider == PortalUserStore.IdentityProvider
                && ((t.Name == PortalUserStore.AuthenticatorKeyName && !t.Value!.StartsWith(KeyPrefix))
                    || (t.Name == PortalUserStore.RecoveryCodesName && !t.Value!.StartsWith(CodesPrefix))))
            .ToListAsync(ct);
        foreach (var row in rows.Where(r => !string.IsNullOrEmpty(r.Value)))
        {
            row.Value = row.Name == PortalUserStore.AuthenticatorKeyName
                ? ProtectKey(protector, row.Value!)
                : HashCodes(row.Value!.Split(';', StringSplitOptions.RemoveEmptyEntries));
        }
        return await db.SaveChangesAsync(ct);
    }
}
