using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Board;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Challenges;

/// E-mails the other side of a challenge: the school's heads (or, for a challenge about an aim only, the trust's
/// administrators) when the board asks; the trustee who raised it when the school answers. The in-portal list
/// (/{trust}/challenges) shows the same challenges, so a lost e-mail loses nothing.
public sealed class ChallengeNotifier(TrustPortalDbContext db, OutgoingMail email, IConfiguration configuration, ILogger<ChallengeNotifier> logger)
{
    /// Sends the e-mails; returns false when any could not be sent. The challenge is already saved by then, so a
    /// failed send is logged and reported to the user, never turned into an error page.
    public async Task<bool> NotifyAsync(Challenge challenge, string trustSlug, ChallengeSide from, string baseUrlFromRequest, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var recipients = from == ChallengeSide.Board
            ? await SchoolSideAsync(challenge, ct)
            : await db.Users.Where(u => u.Id == challenge.RaisedById && !u.IsDisabled).Select(u => u.Email!).ToListAsync(ct);
        var baseUrl = configuration["Portal:BaseUrl"]?.TrimEnd('/') ?? baseUrlFromRequest;
        var link = $"{baseUrl}/{trustSlug}/challenges/{challenge.Id}";
        var subject = from == ChallengeSide.Board ? "A trustee has asked a question about your school's progress" : "Your challenge has been answered";
        var body = from == ChallengeSide.Board
            ? $"{challenge.RaisedByName} has raised a challenge for you to answer in TrustPortal.\n\nRead it and answer here: {link}\n"
            : $"The challenge you raised has an answer in TrustPortal.\n\nRead it here: {link}\n";
        var failed = 0;
        foreach (var to in recipients.Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                await email.SendAsync(new EmailMessage(to, subject, body), ct);
            }
            // Whatever the mail server or its client throws (socket, SMTP, TLS, configuration), the challenge stands.
#pragma warning disable CA1031 // Reason: a failed notification must not undo or hide a saved challenge; it is logged and reported.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                failed++;
                logger.LogError(ex, "Challenge {ChallengeId}: an e-mail notification could not be sent", challenge.Id);
            }
        }
        logger.LogInformation("Challenge {ChallengeId} notified {Count} people, {Failed} failed", challenge.Id, recipients.Count, failed);
        return failed == 0;
    }

    private async Task<List<string>> SchoolSideAsync(Challenge challenge, CancellationToken ct)
    {
        var role = challenge.SchoolId is null ? Roles.TrustAdmin : Roles.Headteacher;
        var users = db.Users.Where(u => u.TrustId == challenge.TrustId && !u.IsDisabled
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        if (challenge.SchoolId is { } schoolId)
        {
            users = users.Where(u => db.UserSchools.Any(l => l.UserId == u.Id && l.SchoolId == schoolId));
        }
        return await users.Select(u => u.Email!).ToListAsync(ct);
    }
}
