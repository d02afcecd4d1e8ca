using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustPortal.Domain;

namespace TrustPortal.Web.Data;

public enum OperatorActionKind
{
    Suspended = 1,
    Reactivated = 2,
    Exported = 3,
    Deleted = 4,
}

/// What the service operator did to a trust, and who did it: the installation's own record, kept by trust name and
/// address rather than by a key to the trust, so it outlives the trust's deletion (ADR 0150). Holds no trust's data.
public sealed class OperatorLogEntry
{
    private OperatorLogEntry() { }

    public OperatorLogEntry(DateTime atUtc, string operatorUserId, string operatorName, OperatorActionKind action, string trustSlug, string trustName, string? reason, string? exportKey)
    {
        AtUtc = atUtc;
        OperatorUserId = operatorUserId;
        OperatorName = operatorName;
        Action = action;
        TrustSlug = trustSlug;
        TrustName = trustName;
        Reason = reason;
        ExportKey = exportKey;
    }

    public long Id { get; private set; }
    public DateTime AtUtc { get; private set; }
    public string OperatorUserId { get; private set; } = "";
    public string OperatorName { get; private set; } = "";
    public OperatorActionKind Action { get; private set; }
    public string TrustSlug { get; private set; } = "";
    public string TrustName { get; private set; } = "";
    public string? Reason { get; private set; }
    /// The export kept in the file store (a deletion always exports first); null for none.
    public string? ExportKey { get; private set; }
}

internal sealed class OperatorLogEntryConfiguration : IEntityTypeConfiguration<OperatorLogEntry>
{
    public void Configure(EntityTypeBuilder<OperatorLogEntry> builder)
    {
        builder.NeverCached("The service operator's own log: shown only on /operator, never on a trust's page.");
        builder.ToTable("OperatorLog");
        builder.Property(e => e.OperatorUserId).HasMaxLength(450);
        builder.Property(e => e.OperatorName).HasMaxLength(Limits.Name);
        builder.Property(e => e.TrustSlug).HasMaxLength(Limits.Slug);
        builder.Property(e => e.TrustName).HasMaxLength(Limits.Name);
        builder.Property(e => e.Reason).HasMaxLength(Limits.Statement);
        builder.Property(e => e.ExportKey).HasMaxLength(Limits.Name);
        builder.HasIndex(e => e.AtUtc);
    }
}
