using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.Web.Data;

/// One row per trust whose two stamps change, in the same SaveChanges as the change, whenever something a cached page
/// of that trust shows is saved: its published content, or its work (progress, board). Every instance polls the rows
/// to know which trust's cached pages are out of date (docs/adr/0131). Created with the trust.
public sealed class TrustCacheStamp
{
    private TrustCacheStamp() { }

    /// A stamp row for a trust that is being added: its key is filled in when the trust's is.
    public TrustCacheStamp(Trust trust)
    {
        Trust = trust;
        PublicContent = Guid.NewGuid();
        TrustWork = Guid.NewGuid();
    }

    /// A stub of an existing row, attached to renew a stamp without reading it first.
    public static TrustCacheStamp Existing(int trustId) => new() { TrustId = trustId };

    public int TrustId { get; private set; }

    public Trust? Trust { get; private set; }

    public Guid PublicContent { get; private set; }

    public Guid TrustWork { get; private set; }

    public void Renew(CachedArea area)
    {
        switch (area)
        {
            case CachedArea.PublicContent:
                PublicContent = Guid.NewGuid();
                break;
            case CachedArea.TrustWork:
                TrustWork = Guid.NewGuid();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(area), area, null);
        }
    }

    public static string PropertyOf(CachedArea area) => area == CachedArea.PublicContent ? nameof(PublicContent) : nameof(TrustWork);
}

internal sealed class TrustCacheStampConfiguration : IEntityTypeConfiguration<TrustCacheStamp>
{
    public void Configure(EntityTypeBuilder<TrustCacheStamp> builder)
    {
        builder.NeverCached("The cache signal itself, renewed with the change it signals.");
        builder.HasKey(s => s.TrustId);
        builder.Property(s => s.TrustId).ValueGeneratedNever();
        builder.HasOne(s => s.Trust).WithOne().HasForeignKey<TrustCacheStamp>(s => s.TrustId).OnDelete(DeleteBehavior.Cascade);
    }
}
