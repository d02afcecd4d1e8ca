using Microsoft.AspNetCore.Identity;

namespace TrustPortal.Web.Accounts;

/// A person who signs in: a member of staff, a headteacher, a trustee or a trust administrator of one trust.
public sealed class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public int? TrustId { get; set; }
    public bool IsDisabled { get; set; }
    /// The last authenticator time step accepted, so a code cannot be used twice.
    public long? LastTotpTimeStep { get; set; }
    public DateTime CreatedUtc { get; set; }
}

/// Links a headteacher (or a member of staff) to a school of their trust. An executive head has several.
public sealed class UserSchool
{
    public string UserId { get; set; } = "";
    public int SchoolId { get; set; }
}

/// One signed-in browser. Its id is a claim in the cookie; the row is checked on every request, so deleting it
/// (sign-out, password change, MFA reset, disabling the account) ends the session even for a copied cookie.
public sealed class UserSession
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }
}

/// A single-use, expiring invitation to set a password; only a hash of the token is stored.
public sealed class Invitation
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public DateTime? UsedUtc { get; set; }
    public string InvitedByUserId { get; set; } = "";
}

/// Account settings a trust chooses for itself.
public sealed class TrustAccountPolicy
{
    public int TrustId { get; set; }
    /// Staff must use an authenticator too (it is always required for administrators, trustees and headteachers).
    public bool RequireMfaForStaff { get; set; }
    /// Staff may open the evidence files schools attach to their progress updates (off: heads, trustees and
    /// administrators only).
    public bool StaffMaySeeEvidence { get; set; }
    /// A person whose Microsoft or Google account is allowed (TrustSignInAllowance) and who has no account here gets a
    /// Staff account at first sign-in (never another role).
    public bool CreateStaffAtFirstSignIn { get; set; }
    /// The trust's Microsoft tenant enforces multi-factor sign-in (conditional access), so an ID token whose amr or acr
    /// shows a second factor counts as MFA, not only one that says "mfa" (ADR 0145).
    public bool TenantEnforcesMfa { get; set; }
}

/// One Microsoft Entra tenant id or Google Workspace domain whose people may sign in to a trust (ADR 0145).
public sealed class TrustSignInAllowance
{
    public int Id { get; set; }
    public int TrustId { get; set; }
    /// The identity provider's scheme name: <see cref="ExternalProviders.Microsoft"/> or <see cref="ExternalProviders.Google"/>.
    public string Provider { get; set; } = "";
    /// A tenant id (a GUID, lower case) or a domain (lower case).
    public string Identifier { get; set; } = "";
}
