using System.Globalization;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Audit;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Accounts;

/// Settings under "Accounts:PasswordReset".
public sealed class PasswordResetLimits
{
    /// Links asked for one typed e-mail address in an hour (whether or not it has an account).
    public int PerEmailPerHour { get; set; } = 3;

    /// Links asked for from one client address in an hour: a school's staff share one NAT address, so this is
    /// generous; it stops one machine from mailing a whole staff list.
    public int PerClientPerHour { get; set; } = 30;
}

/// Limits requests for reset links per typed address and per client address (fixed windows of an hour).
public sealed class PasswordResetLimiter(PasswordResetLimits limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perEmail = Create(limits.PerEmailPerHour);
    private readonly PartitionedRateLimiter<string> _perClient = Create(limits.PerClientPerHour);

    private static PartitionedRateLimiter<string> Create(int permits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
        }));

    /// Whether one more request fits for both the address and the client; when not, how long until it would.
    public bool TryAcquire(string email, string client, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(client);
        using var byClient = _perClient.AttemptAcquire(client);
        if (!byClient.IsAcquired)
        {
            retryAfter = byClient.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromHours(1);
            return false;
        }
        using var byEmail = _perEmail.AttemptAcquire(email.Trim().ToUpperInvariant());
        retryAfter = byEmail.TryGetMetadata(MetadataName.RetryAfter, out var emailWait) ? emailWait : TimeSpan.FromHours(1);
        return byEmail.IsAcquired;
    }

    public void Dispose()
    {
        _perEmail.Dispose();
        _perClient.Dispose();
    }
}

/// Self-service password reset for people who sign in with a password (ADR 0148): a single-use link by e-mail that
/// works for 30 minutes; the answer on the page is the same whether or not the address has an account; choosing a
/// new password ends every session and leaves the authenticator as it was. Accounts with published demo credentials
/// get no link outside Development (ADR 0095), nor do disabled accounts or those still waiting for an invitation.
public sealed class PasswordResets(
    TrustPortalDbContext db,
    UserManager<PortalUser> users,
    SessionStore sessions,
    OutgoingMail email,
    AuditTrail audit,
    IHostEnvironment environment,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<PasswordResets> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// The page that opens the link: the token travels in the query string, which every log line redacts
    /// (SecretRedaction), and the page posts it back in the form body.
    public const string LinkPath = "/account/reset-password";

    /// Sends a link when the address belongs to an account that may reset its password; otherwise does nothing
    /// visible. Either way the caller shows the same page.
    public async Task RequestAsync(string typedEmail, string baseUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(typedEmail);
        var user = await users.FindByEmailAsync(typedEmail.Trim());
        var refusal = user is null ? "no account" : await RefusalAsync(user);
        if (user is null || refusal is not null)
        {
            logger.LogWarning("Security: password reset link not sent ({Reason}) for {UserId}", refusal, user?.Id ?? "unknown");
            return;
        }
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        db.PasswordResetLinks.Add(new PasswordResetLink
        {
            UserId = user.Id,
            TokenHash = UserAdministration.HashToken(token),
            CreatedUtc = now.UtcDateTime,
            ExpiresUtc = (now + Lifetime).UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        var until = (now + Lifetime).ToString("HH:mm 'UTC on' d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
        await email.SendAsync(new EmailMessage(user.Email!, "Choose a new password for TrustPortal",
            $"Hello {user.DisplayName},\n\nSomeone asked to reset the password of your TrustPortal account. If it was you, choose a new password here. " +
            $"The link works once, until {until}:\n\n{baseUrl.TrimEnd('/')}{LinkPath}?token={token}\n\n" +
            "Your authenticator app stays as it is, and every device signed in to your account is signed out.\n\n" +
            "If you did not ask, you can ignore this e-mail: your password stays as it is.\n"), ct);
        audit.RecordSignIn(user.Id, "ResetLinkSent");
        logger.LogInformation("Security: password reset link sent to {UserId}", user.Id);
    }

    /// The unused, unexpired link for a token, with its account; null for anything else.
    public async Task<(PasswordResetLink Link, PortalUser User)?> FindAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var hash = UserAdministration.HashToken(token);
        var now = clock.GetUtcNow().UtcDateTime;
        var link = await db.PasswordResetLinks.SingleOrDefaultAsync(l => l.TokenHash == hash && l.UsedUtc == null && l.ExpiresUtc > now, ct);
        var user = link is null ? null : await users.FindByIdAsync(link.UserId);
        return link is null || user is null || await RefusalAsync(user) is not null ? null : (link, user);
    }

    /// Sets the new password (the portal's rules: length, the deny list), uses up every link of the account, and
    /// ends every session. The authenticator and recovery codes are untouched.
    public async Task<AdminResult> ResetAsync(PasswordResetLink link, PortalUser user, string password, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(user);
        var problems = new List<AccountProblem>();
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, password);
            problems.AddRange(check.Errors.Select(e => new AccountProblem(AccountField.Password, e.Description)));
        }
        if (problems.Count > 0)
        {
            return new AdminResult(false, problems);
        }
        var result = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            // Only the request that marks the link used goes on: two posts of one link cannot both reset.
            var claimed = await db.PasswordResetLinks.Where(l => l.Id == link.Id && l.UsedUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedUtc, now), ct);
            if (claimed == 0)
            {
                return AdminResult.Fail("This link has already been used");
            }
            await db.PasswordResetLinks.Where(l => l.UserId == user.Id && l.UsedUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedUtc, now), ct);
            var changed = await users.RemovePasswordAsync(user);
            if (changed.Succeeded)
            {
                changed = await users.AddPasswordAsync(user, password);
            }
            if (!changed.Succeeded)
            {
                return AdminResult.From(changed);
            }
            // A reset proves the owner: the waiting after wrong passwords starts again from nothing.
            await users.ResetAccessFailedCountAsync(user);
            await users.SetLockoutEndDateAsync(user, null);
            await sessions.EndAllAsync(user.Id, ct);
            await transaction.CommitAsync(ct);
            return AdminResult.Ok;
        });
        if (result.Succeeded)
        {
            audit.RecordSignIn(user.Id, "PasswordReset");
            logger.LogInformation("Security: password reset with a link for {UserId}; every session ended", user.Id);
        }
        return result;
    }

    /// Why an account gets no link (for the log), or null when it may reset its password.
    private async Task<string?> RefusalAsync(PortalUser user)
    {
        if (user.IsDisabled)
        {
            return "disabled";
        }
        if (!await users.HasPasswordAsync(user))
        {
            return "no password (invitation not accepted, or signs in another way)";
        }
        if (!DemoAccounts.Allowed(environment) && await DemoAccounts.UsesPublishedCredentialsAsync(users, user))
        {
            return "published demo credentials";
        }
        return null;
    }

    /// The address links are built from: Portal:BaseUrl, or (in Development and tests only) the request's own.
    public string BaseUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return configuration[PortalAddress.BaseUrlSetting]?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// Registers the reset service and its limiter (settings under Accounts:PasswordReset).
    public static void AddTo(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("Accounts:PasswordReset").Get<PasswordResetLimits>() ?? new PasswordResetLimits());
        services.AddSingleton<PasswordResetLimiter>();
        services.AddScoped<PasswordResets>();
    }
}
