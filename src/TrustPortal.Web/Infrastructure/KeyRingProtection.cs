using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Infrastructure;

/// Settings under "DataProtection": the certificate that encrypts the Data Protection key ring in the database
/// (which signs the cookies and encrypts the authenticator keys). Certificate:Path is a PFX (with Certificate:Password)
/// or a PEM certificate with Certificate:KeyPath. Outside Development and Testing the portal refuses to start without
/// one unless AllowUnprotectedKeys is true (docs/operations.md).
public static class KeyRingProtection
{
    public const string Section = "DataProtection";

    public static X509Certificate2? LoadCertificate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration[$"{Section}:Certificate:Path"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{Section}:Certificate:Path '{path}' does not exist.");
        }
        var keyPath = configuration[$"{Section}:Certificate:KeyPath"];
        if (!string.IsNullOrWhiteSpace(keyPath))
        {
            using var pem = X509Certificate2.CreateFromPemFile(path, keyPath);
            // Re-imported so the private key is usable for decryption on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        return X509CertificateLoader.LoadPkcs12FromFile(path, configuration[$"{Section}:Certificate:Password"]);
    }

    public static IDataProtectionBuilder ProtectKeys(this IDataProtectionBuilder builder, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var certificate = LoadCertificate(configuration);
        if (certificate is not null)
        {
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException($"The {Section} certificate has no private key: the portal could not read its own keys back.");
            }
            return builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        if (!PortalAddress.IsLocal(environment) && !configuration.GetValue($"{Section}:AllowUnprotectedKeys", false))
        {
            throw new InvalidOperationException(
                $"{Section}:Certificate:Path is not set: the key ring that signs cookies and encrypts authenticator keys would be stored unencrypted in the database. " +
                $"Set the certificate (docs/operations.md), or set {Section}:AllowUnprotectedKeys=true to accept that.");
        }
        return builder;
    }

    /// With a certificate configured, a key ring that still has an unencrypted current key (from before the certificate)
    /// gets a new, encrypted key, and the authenticator keys are encrypted again under it. Returns whether it did.
    public static async Task<bool> RekeyIfUnprotectedAsync(IServiceProvider services, IConfiguration configuration, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (LoadCertificate(configuration) is null)
        {
            return false;
        }
        var db = services.GetRequiredService<TrustPortalDbContext>();
        var now = clock.GetUtcNow();
        var plain = (await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync(ct))
            .Count(xml => xml is not null && !xml.Contains("encryptedSecret", StringComparison.Ordinal) && ExpiresAfter(xml, now));
        if (plain == 0)
        {
            return false;
        }
        services.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));
        var protector = Accounts.AuthenticatorSecrets.Protector(services.GetRequiredService<IDataProtectionProvider>());
        var rows = await db.UserTokens.Where(t => t.LoginProvider == Accounts.PortalUserStore.IdentityProvider
            && t.Name == Accounts.PortalUserStore.AuthenticatorKeyName && t.Value!.StartsWith(Accounts.AuthenticatorSecrets.KeyPrefix)).ToListAsync(ct);
        foreach (var row in rows)
        {
            row.Value = Accounts.AuthenticatorSecrets.KeyPrefix + protector.Protect(Accounts.AuthenticatorSecrets.UnprotectKey(protector, row.Value!));
        }
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static bool ExpiresAfter(string xml, DateTimeOffset now)
    {
        var doc = System.Xml.Linq.XElement.Parse(xml);
        var expiration = doc.Element("expirationDate")?.Value;
        return expiration is null || DateTimeOffset.Parse(expiration, System.Globalization.CultureInfo.InvariantCulture) > now;
    }
}
