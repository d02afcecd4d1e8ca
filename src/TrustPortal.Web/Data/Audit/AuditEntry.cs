namespace TrustPortal.Web.Data.Audit;

/// One change to a row: who made it, when, and the values before and after (secrets left out).
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime UtcTime { get; set; }
    public string UserId { get; set; } = "";
    public string UserName { get; set; } = "";
    /// The trust the change belongs to, where it can be told, so each trust's administrators see their own.
    public int? TrustId { get; set; }
    public string EntityType { get; set; } = "";
    /// The key of the row; empty for a row whose key the database makes when it is inserted.
    public string EntityId { get; set; } = "";
    public string Action { get; set; } = "";
    public string? OldValues { get; set; }
    public string? NewValues { get; set; }
}
