using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace TrustPortal.Web.Accounts;

/// The key of the e-mail address hash in security logs (setting Accounts:LogHashKey, base64 of at least 32 bytes).
/// Without the setting a random key is made at start: hashes then match within one run of one instance only.
public sealed class LogHashKey
{
    private LogHashKey(byte[] key, bool configured)
    {
        Key = key;
        Configured = configured;
    }

    public byte[] Key { get; }

    public bool Configured { get; }

    public static LogHashKey From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration["Accounts:LogHashKey"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new LogHashKey(RandomNumberGenerator.GetBytes(32), false);
        }
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Accounts:LogHashKey must be base64 (e.g. the output of `openssl rand -base64 32`).");
        }
        return key.Length >= 32
            ? new LogHashKey(key, true)
            : throw new InvalidOperationException("Accounts:LogHashKey must be at least 32 bytes (e.g. `openssl rand -base64 32`).");
    }
}

/// Security events for the log (Serilog): who, from where; never a password, a token, a code, or an e-mail address
/// that belongs to no account (that is logged as a short keyed hash, HMAC-SHA256, so repeated attempts can still be
/// matched but a list of addresses cannot be hashed to find who it was).
public sealed class SecurityEvents(ILogger<SecurityEvents> logger, IHttpContextAccessor http, LogHashKey hashKey, Data.Audit.AuditTrail audit)
{
    private string RemoteIp => http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private string CurrentUser => http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";

    public void SignInSucceeded(string userId)
    {
        logger.LogInformation("Security: sign-in succeeded for {UserId} from {RemoteIp}", userId, RemoteIp);
        audit.RecordSignIn(userId, "Succeeded");
    }

    public void SignInFailed(string? userId, string typedEmail)
    {
        logger.LogWarning("Security: sign-in failed for {UserId} (address hash {EmailHash}) from {RemoteIp}", userId ?? "unknown", Hash(typedEmail), RemoteIp);
        // An address with no account belongs to no trust: it stays in the log only.
        if (userId is not null)
        {
            audit.RecordSignIn(userId, "Failed");
        }
    }

    public void LockedOut(string userId)
    {
        logger.LogWarning("Security: account {UserId} is waiting after repeated failures: attempt refused unchecked, from {RemoteIp}", userId, RemoteIp);
        audit.RecordSignIn(userId, "RefusedWhileWaiting");
    }

    public void SignInThrottled(string userId, int failures, TimeSpan delay) =>
        logger.LogWarning("Security: sign-in for {UserId} slowed down after {Failures} failures in a row: next check in {DelaySeconds} s, from {RemoteIp}", userId, failures, (int)delay.TotalSeconds, RemoteIp);

    public void SignInRefused(string userId, string reason)
    {
        logger.LogWarning("Security: sign-in refused for {UserId} ({Reason}) from {RemoteIp}", userId, reason, RemoteIp);
        audit.RecordSignIn(userId, "Refused");
    }

    /// A Microsoft or Google sign-in refused; the account, when one was found, gets an audit entry too.
    public void ExternalSignInRefused(string provider, ExternalRefusal reason, string? userId)
    {
        logger.LogWarning("Security: {Provider} sign-in refused ({Reason}) for {UserId} from {RemoteIp}", provider, reason, userId ?? "unknown", RemoteIp);
        if (userId is not null)
        {
            audit.RecordSignIn(userId, "Refused" + provider);
        }
    }

    public void ExternalLoginLinked(string userId, string provider, bool created)
    {
        logger.LogInformation("Security: {Provider} account linked to {UserId} ({How}) from {RemoteIp}", provider, userId, created ? "account made at first sign-in" : "confirmed by the person", RemoteIp);
        audit.RecordExternalLogin(userId, created ? "Created" : "Linked", provider);
    }

    public void PublishedCredentialsRefused(string userId, string environmentName)
    {
        logger.LogWarning("Security: sign-in refused for {UserId}: the account uses published demo credentials, which never work in {Environment}; from {RemoteIp}",
            userId, environmentName, RemoteIp);
        audit.RecordSignIn(userId, "RefusedDemoCredential");
    }

    public void MfaFailed(string userId)
    {
        logger.LogWarning("Security: authenticator code refused for {UserId} from {RemoteIp}", userId, RemoteIp);
        audit.RecordSignIn(userId, "MfaFailed");
    }

    public void MfaChanged(string userId, string change) =>
        logger.LogInformation("Security: MFA {Change} for {UserId} by {ActorId} from {RemoteIp}", change, userId, CurrentUser, RemoteIp);

    public void AccountChanged(string userId, string change) =>
        logger.LogInformation("Security: account {UserId} {Change} by {ActorId} from {RemoteIp}", userId, change, CurrentUser, RemoteIp);

    public void SignedOut(string userId) =>
        logger.LogInformation("Security: {UserId} signed out from {RemoteIp}", userId, RemoteIp);

    public void Forbidden(string path) =>
        logger.LogWarning("Security: forbidden request to {Path} by {UserId} from {RemoteIp}", path, CurrentUser, RemoteIp);

    public void AntiforgeryFailed(string path) =>
        logger.LogWarning("Security: antiforgery check failed on {Path} for {UserId} from {RemoteIp}", path, CurrentUser, RemoteIp);

    public void RateLimited(string path, string partition) =>
        logger.LogWarning("Security: rate limit ({Partition}) reached on {Path} from {RemoteIp}", partition, path, RemoteIp);

    public string Hash(string text) => Hash(hashKey, text);

    public static string Hash(LogHashKey key, string text)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexString(HMACSHA256.HashData(key.Key, Encoding.UTF8.GetBytes(text.Trim().ToUpperInvariant())))[..16];
    }
}
