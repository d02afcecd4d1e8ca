using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustPortal.Web.Data.Configurations;

internal sealed class FormReceiptConfiguration : IEntityTypeConfiguration<FormReceipt>
{
    public void Configure(EntityTypeBuilder<FormReceipt> builder)
    {
        builder.NeverCached("A record that a form was taken in, read only to answer a repeated POST.");
        // The key is the primary key: two copies of one POST cannot both insert it.
        builder.HasKey(r => r.Key);
        builder.Property(r => r.UserId).HasMaxLength(450);
        builder.Property(r => r.ContentHash).HasMaxLength(FormReceipt.HashLength);
        builder.HasIndex(r => r.RecordedUtc);
    }
}

internal sealed class SavedDraftConfiguration : IEntityTypeConfiguration<SavedDraft>
{
    public void Configure(EntityTypeBuilder<SavedDraft> builder)
    {
        builder.NeverCached("A person's own unsaved work, shown only to them.");
        builder.HasKey(d => d.Token);
        builder.Property(d => d.Token).HasMaxLength(64);
        builder.Property(d => d.UserId).HasMaxLength(450);
        builder.Property(d => d.Path).HasMaxLength(SavedDraft.PathLimit);
        builder.Property(d => d.Fields).HasMaxLength(64_000);
        builder.HasIndex(d => d.ExpiresUtc);
    }
}
