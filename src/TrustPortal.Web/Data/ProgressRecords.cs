namespace TrustPortal.Web.Data;

/// A progress form that has been recorded, by the idempotency key the form carried when it was rendered:
/// a replayed POST (double click, browser retry) finds its key here and records nothing; one with other content
/// under the same key is shown as a conflict (ProgressFormReceipts).
public sealed class FormReceipt
{
    public const int HashLength = 64;

    public Guid Key { get; set; }
    public string UserId { get; set; } = "";
    public DateTime RecordedUtc { get; set; }
    /// SHA-256 (hex) of the content that was recorded; null on receipts written before it was kept.
    public string? ContentHash { get; set; }
}

/// What a head typed into a progress form when the POST arrived after their session had ended. It is given back,
/// to the same user only, when they open the form again after signing in (see docs/adr/0040).
public sealed class SavedDraft
{
    public const int PathLimit = 300;

    public string Token { get; set; } = "";
    public string UserId { get; set; } = "";
    /// The form's URL path, e.g. /kestrel/progress/100001/criteria/12.
    public string Path { get; set; } = "";
    /// The posted fields as JSON (name → value); the antiforgery token is never kept.
    public string Fields { get; set; } = "";
    public DateTime ExpiresUtc { get; set; }
}
