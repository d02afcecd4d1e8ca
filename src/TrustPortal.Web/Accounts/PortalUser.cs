using Microsoft.AspNetCore.Identity;

namespace TrustPortal.Web.Accounts;

/// A person who signs in: a member of staff, a headteacher, a trustee or a trust administrator of one trust.
public sealed class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public int? TrustId { get; set; }
    public bool IsDisabled { get; set; }
}
