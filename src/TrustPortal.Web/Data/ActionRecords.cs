namespace TrustPortal.Web.Data;

/// One owner's weekly digest of due and overdue actions, claimed before it is sent: the unique (Week, UserId) index
/// lets exactly one instance of the portal insert it, so each owner gets one e-mail a week however many instances
/// run the digest job (ADR 0166). Removed again when the e-mail could not be sent, so a later run retries.
public sealed class ActionDigestReceipt
{
    public int Id { get; set; }
    /// The ISO week the digest is for, e.g. "2026-W49".
    public string Week { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }
}
