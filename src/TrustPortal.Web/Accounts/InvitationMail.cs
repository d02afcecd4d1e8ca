using System.Globalization;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Accounts;

/// The invitation e-mail, the same whoever sends it (a trust administrator, the service operator): it says which
/// trust, which role, who invited them and until when the link works, so the person can tell it is genuine.
public sealed class InvitationMail(OutgoingMail email, UserAdministration admin, IConfiguration configuration, TimeProvider clock)
{
    public async Task SendAsync(PortalUser user, string role, string trustName, string invitedById, string invitedByName, HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        var token = await admin.CreateInvitationAsync(user, invitedById, ct);
        var baseUrl = configuration["Portal:BaseUrl"]?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}";
        var expires = clock.GetUtcNow().Add(UserAdministration.InvitationLifetime);
        await email.SendAsync(new EmailMessage(user.Email!, $"{trustName}: you are invited to the trust's portal",
            $"Hello {user.DisplayName},\n\n{invitedByName} has invited you to {trustName}'s portal as {AsRole(role)}.\n\n" +
            $"Set your password here. The link works once, until {expires.ToString("d MMMM yyyy 'at' HH:mm 'UTC'", CultureInfo.GetCultureInfo("en-GB"))}:\n\n" +
            $"{baseUrl}/account/invitation/{token}\n\nIf you did not expect this, you can ignore this e-mail: nothing happens unless the link is used.\n"), ct);
    }

    private static string AsRole(string role) => role switch
    {
        Roles.TrustAdmin => "a trust administrator",
        Roles.Trustee => "a trustee",
        Roles.Headteacher => "a headteacher",
        _ => "a member of staff",
    };
}
