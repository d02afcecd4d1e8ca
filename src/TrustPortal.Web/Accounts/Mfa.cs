using Microsoft.AspNetCore.Identity;
using TrustPortal.Domain.Accounts;

namespace TrustPortal.Web.Accounts;

/// The authenticator-app token provider: ±1 time step and single use (Identity's own accepts ±2 steps and reuse).
public sealed class TotpTokenProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<PortalUser>
{
    public const string Name = "PortalTotp";

    public Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user) =>
        Task.FromResult(""); // Codes come from the user's app, never from the server.

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }
        var step = Totp.Verify(Totp.DecodeBase32(key), token, clock.GetUtcNow(), user.LastTotpTimeStep);
        if (step is null)
        {
            return false;
        }
        user.LastTotpTimeStep = step;
        // The concurrency stamp makes a second request with the same code, racing this one, fail here.
        var saved = await manager.UpdateAsync(user);
        return saved.Succeeded;
    }

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));
    }
}

/// Refuses passwords on the common-password list and those containing the user's trust or school names, then any that
/// zxcvbn (its frequency lists of about 30,000 breached passwords, English words, names and surnames, and its
/// sequence, repeat, keyboard and date patterns) estimates at fewer than 10^8 guesses, e.g. "123456789012".
public sealed class DenyListPasswordValidator(Data.TrustPortalDbContext db) : IPasswordValidator<PortalUser>
{
    /// zxcvbn's score 3: at least 10^8 guesses.
    public const int MinimumScore = 3;

    public const string TooGuessable = "Password is too easy to guess: it is, or is close to, a common or breached password, a sequence or a keyboard pattern. Choose one that attackers would not try first, such as three random words";

    /// Whether zxcvbn's lists and patterns find the password easy to guess, given words about the person.
    public static bool IsGuessable(string password, IEnumerable<string> userWords) =>
        Zxcvbn.Zxcvbn.MatchPassword(password, userWords).Score < MinimumScore;

    public async Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        var words = new List<string>();
        if (user.TrustId is { } trustId)
        {
            words.AddRange(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.Trusts.Where(t => t.Id == trustId).Select(t => t.Name)));
            words.AddRange(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.Schools.Where(s => s.TrustId == trustId).Select(s => s.Name)));
        }
        var problems = PasswordRules.Check(password, words);
        if (problems.Count == 0 && IsGuessable(password!, [.. words, user.Email ?? "", user.DisplayName]))
        {
            problems = [TooGuessable];
        }
        return problems.Count == 0
            ? IdentityResult.Success
            : IdentityResult.Failed([.. problems.Select(p => new IdentityError { Code = "PasswordDenied", Description = p })]);
    }
}
