namespace TrustPortal.Web.Accounts;

/// The roles of the portal; a user has exactly one. <see cref="All"/> are the four roles within a trust; the service
/// operator stands above trusts and belongs to none.
public static class Roles
{
    public const string TrustAdmin = nameof(TrustAdmin);
    public const string Trustee = nameof(Trustee);
    public const string Headteacher = nameof(Headteacher);
    public const string Staff = nameof(Staff);
    /// The company running the installation: creates trusts and hands them over; never reads a trust's work.
    public const string ServiceOperator = nameof(ServiceOperator);

    /// The roles within a trust.
    public static readonly IReadOnlyList<string> All = [TrustAdmin, Trustee, Headteacher, Staff];

    /// Every role, the service operator's included (the roles the database holds).
    public static readonly IReadOnlyList<string> AllWithOperator = [.. All, ServiceOperator];

    /// Roles that must sign in with an authenticator app as well as a password.
    public static bool RequiresMfa(string role) => role is TrustAdmin or Trustee or Headteacher or ServiceOperator;

    /// A role within a trust, by name (any case); null for anything else, the service operator included.
    public static string? Parse(string? text) => All.FirstOrDefault(r => string.Equals(r, text?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string Label(string role) => role switch
    {
        TrustAdmin => "Trust administrator",
        Headteacher => "Headteacher",
        Trustee => "Trustee",
        ServiceOperator => "Service operator",
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
