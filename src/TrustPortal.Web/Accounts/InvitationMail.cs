using System.Globalization;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Accounts;

/// The invitation e-mail, the same whoever sends it (a trust administrator, the service operator): it says which
/// trust, which role, who invited them and until when the link works, so the person can tell it is genuine.
public sealed class InvitationMail(OutgoingMail email, UserAdministration admin, IConfiguration configuration, TimeProvider clock)
{
    public Task SendAsync(PortalUser user, string role, string trustName, string invitedById, string invitedByName, HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(user, role, trustName, invitedById, invitedByName, BaseUrl(configuration, request), ct);
    }

    /// The address links are built from: Portal:BaseUrl, or (where it may be unset: Development, tests) the request's.
    public static string BaseUrl(IConfiguration configuration, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(request);
        return configuration["Portal:BaseUrl"]?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}";
    }

    /// For senders with no request (the background sender of a bulk import, the command line).
    public async Task SendAsync(PortalUser user, string role, string trustName, string invitedById, string invitedByName, string baseUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(baseUrl);
        var token = await admin.CreateInvitationAsync(user, invitedById, ct);
        baseUrl = baseUrl.TrimEnd('/');
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
