using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace TrustPortal.Web.Accounts;

/// Security events for the log (Serilog): who, from where; never a password, a token, a code, or an e-mail address
/// that belongs to no account (that is logged as a short hash so repeated attempts can still be matched).
public sealed class SecurityEvents(ILogger<SecurityEvents> logger, IHttpContextAccessor http)
{
    private string RemoteIp => http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private string CurrentUser => http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";

    public void SignInSucceeded(string userId) =>
        logger.LogInformation("Security: sign-in succeeded for {UserId} from {RemoteIp}", userId, RemoteIp);

    public void SignInFailed(string? userId, string typedEmail) =>
        logger.LogWarning("Security: sign-in failed for {UserId} (address hash {EmailHash}) from {RemoteIp}", userId ?? "unknown", Hash(typedEmail), RemoteIp);

    public void LockedOut(string userId) =>
        logger.LogWarning("Security: account {UserId} locked out after repeated failures, from {RemoteIp}", userId, RemoteIp);

    public void SignInRefused(string userId, string reason) =>
        logger.LogWarning("Security: sign-in refused for {UserId} ({Reason}) from {RemoteIp}", userId, reason, RemoteIp);

    public void PublishedCredentialsRefused(string userId, string environmentName) =>
        logger.LogWarning("Security: sign-in refused for {UserId}: the account uses published demo credentials, which never work in {Environment}; from {RemoteIp}",
            userId, environmentName, RemoteIp);

    public void MfaFailed(string userId) =>
        logger.LogWarning("Security: authenticator code refused for {UserId} from {RemoteIp}", userId, RemoteIp);

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

    public static string Hash(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.Trim().ToUpperInvariant())))[..12];
}
