namespace TrustPortal.Web.Accounts;

/// The four roles of the portal; a user has exactly one.
public static class Roles
{
    public const string TrustAdmin = nameof(TrustAdmin);
    public const string Trustee = nameof(Trustee);
    public const string Headteacher = nameof(Headteacher);
    public const string Staff = nameof(Staff);

    public static readonly IReadOnlyList<string> All = [TrustAdmin, Trustee, Headteacher, Staff];

    /// Roles that must sign in with an authenticator app as well as a password.
    public static bool RequiresMfa(string role) => role is TrustAdmin or Trustee or Headteacher;

    public static string? Parse(string? text) => All.FirstOrDefault(r => string.Equals(r, text?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string Label(string role) => role switch
    {
        TrustAdmin => "Trust administrator",
        Headteacher => "Headteacher",
        Trustee => "Trustee",
        _ => "Staff",
    };
}

/// Claim types the portal adds to the sign-in cookie.
public static class PortalClaims
{
    public const string TrustId = "trust_id";
    public const string DisplayName = "display_name";
    public const string SessionId = "session_id";
    /// Present while a user whose role requires MFA has not yet set up an authenticator.
    public const string MfaEnrolmentRequired = "mfa_enrolment_required";
}
