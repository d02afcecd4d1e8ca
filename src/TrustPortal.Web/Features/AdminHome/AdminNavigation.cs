namespace TrustPortal.Web.Features.AdminHome;

public sealed record AdminNavigationItem(string Text, string Href);

/// The administrator's tools, in the order of a trust's year: the overview of what needs doing, the trust's words
/// and look, its schools, its plans and their review cycles, who may sign in, and what changed.
public static class AdminNavigation
{
    public static readonly IReadOnlyList<AdminNavigationItem> Items =
    [
        new("Overview", "/admin"),
        new("Content", "/admin/content"),
        new("Branding", "/admin/branding"),
        new("Schools", "/admin/schools"),
        new("Import from GIAS", "/admin/schools/import"),
        new("Plans and cycles", "/admin/plans"),
        new("Self-evaluation", "/admin/self-evaluation"),
        new("Risk register", "/admin/risks"),
        new("Trust self-review", "/admin/trust-review"),
        new("Users", "/admin/users"),
        new("Sign-in settings", "/admin/sign-in-settings"),
        new("Audit trail", "/admin/audit"),
    ];
}
