using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustPortal.Web.Infrastructure.Caching;

/// One row whose stamp changes, in the same SaveChanges as the change, whenever something that public pages show is
/// saved. Every instance polls it to know when its cached public pages are out of date (see docs/adr/0071).
public sealed class PublicContentVersion
{
    public const int RowId = 1;

    /// The stamp the migration writes; any later stamp is a fresh Guid.
    public static readonly Guid InitialStamp = new("6f0c3b1e-58a4-4d8e-9f4a-2b7d1c0e9a11");

    public PublicContentVersion(int id, Guid stamp)
    {
        Id = id;
        Stamp = stamp;
    }

    public int Id { get; private set; }

    public Guid Stamp { get; private set; }

    public void Renew() => Stamp = Guid.NewGuid();
}

public sealed class PublicContentVersionConfiguration : IEntityTypeConfiguration<PublicContentVersion>
{
    public void Configure(EntityTypeBuilder<PublicContentVersion> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("PublicContentVersions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.HasData(new PublicContentVersion(PublicContentVersion.RowId, PublicContentVersion.InitialStamp));
    }
}
