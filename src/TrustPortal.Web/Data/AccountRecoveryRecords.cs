namespace TrustPortal.Web.Data;

/// A single-use link to choose a new password, asked for on the sign-in page. Only a hash of the token is stored; the
/// link works once, for <see cref="Accounts.PasswordResets.Lifetime"/>.
public sealed class PasswordResetLink
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public DateTime? UsedUtc { get; set; }
}

/// One CSV of people a trust administrator uploaded (or pasted): kept as sent until it is confirmed, so the preview
/// and the confirmation read the same rows on any instance. Confirming writes the accounts and queues the invitations.
public sealed class UserImportBatch
{
    public int Id { get; set; }
    /// The id in the page's address: random, so one batch's address tells nothing about another's.
    public string PublicId { get; set; } = "";
    public int TrustId { get; set; }
    public string UploadedByUserId { get; set; } = "";
    public string UploadedByName { get; set; } = "";
    public string FileName { get; set; } = "";
    public string Csv { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime? ConfirmedUtc { get; set; }
    /// The portal's address when the batch was confirmed: the invitation links are built from it.
    public string BaseUrl { get; set; } = "";
    public int Invited { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
}

/// An invitation e-mail waiting to be sent by the background sender (or the command line), with its outcome, so
/// progress survives a restart and two instances never send the same one (a claim with an expiry).
public sealed class PendingInvitation
{
    public int Id { get; set; }
    public int BatchId { get; set; }
    public string UserId { get; set; } = "";
    /// The address already has an account elsewhere: the person is told why no invitation came (as the invite page does).
    public bool AddressInUse { get; set; }
    public string Role { get; set; } = "";
    public string? ClaimToken { get; set; }
    public DateTime? ClaimedUntilUtc { get; set; }
    public int Attempts { get; set; }
    public DateTime? SentUtc { get; set; }
    public DateTime? FailedUtc { get; set; }
}
