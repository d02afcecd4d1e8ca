using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.Web.Data.Configurations;

internal sealed class TrustConfiguration : IEntityTypeConfiguration<Trust>
{
    public void Configure(EntityTypeBuilder<Trust> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent);
        builder.HasIndex(t => t.Slug).IsUnique();
        builder.Property(t => t.Slug).HasMaxLength(Limits.Slug);
        builder.Property(t => t.Name).HasMaxLength(Limits.Name);
        builder.Property(t => t.Strapline).HasMaxLength(Limits.Heading);
        builder.Property(t => t.AboutTitle).HasMaxLength(Limits.Heading);
        builder.Property(t => t.AimsHeading).HasMaxLength(Limits.Heading);
        builder.Property(t => t.AimsIntroduction).HasMaxLength(Limits.Statement);
        builder.Property(t => t.BrandColour).HasMaxLength(7);
        builder.Property(t => t.GiasGroupUid).HasMaxLength(10);
        builder.Property(t => t.DataNotes).HasMaxLength(Limits.Statement);
        builder.Property(t => t.SuspensionReason).HasMaxLength(Limits.Statement);
        builder.Ignore(t => t.IsSuspended);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.Property(t => t.LogoKey).HasMaxLength(Limits.Name);
        builder.Property(t => t.LogoContentType).HasMaxLength(40);
        builder.HasMany(t => t.Values).WithOne().HasForeignKey(v => v.TrustId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.StatementLists).WithOne().HasForeignKey(l => l.TrustId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.AimGroups).WithOne().HasForeignKey(g => g.TrustId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Messages).WithOne().HasForeignKey(m => m.TrustId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Sections).WithOne().HasForeignKey(s => s.TrustId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TrustValueConfiguration : IEntityTypeConfiguration<TrustValue>
{
    public void Configure(EntityTypeBuilder<TrustValue> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent);
        builder.Property(v => v.Name).HasMaxLength(Limits.Heading);
        builder.Property(v => v.Meaning).HasMaxLength(Limits.Statement);
        builder.HasIndex(v => new { v.TrustId, v.Position });
    }
}

internal sealed class StatementListConfiguration : IEntityTypeConfiguration<StatementList>
{
    public void Configure(EntityTypeBuilder<StatementList> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent);
        builder.Property(l => l.Heading).HasMaxLength(Limits.Heading);
        builder.Property(l => l.Introduction).HasMaxLength(Limits.Statement);
        builder.Property(l => l.Closing).HasMaxLength(Limits.Statement);
        builder.HasIndex(l => new { l.TrustId, l.Position });
        builder.HasMany(l => l.Items).WithOne().HasForeignKey(i => i.StatementListId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StatementItemConfiguration : IEntityTypeConfiguration<StatementItem>
{
    public void Configure(EntityTypeBuilder<StatementItem> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent, trustVia: i => i.StatementListId);
        builder.Property(i => i.Title).HasMaxLength(Limits.Heading);
        builder.Property(i => i.Text).HasMaxLength(Limits.Statement);
    }
}

internal sealed class AimGroupConfiguration : IEntityTypeConfiguration<AimGroup>
{
    public void Configure(EntityTypeBuilder<AimGroup> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent);
        builder.Property(g => g.Aim).HasMaxLength(Limits.Statement);
        builder.Property(g => g.LeadIn).HasMaxLength(Limits.Statement);
        builder.HasMany(g => g.Items).WithOne().HasForeignKey(i => i.AimGroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AimGroupItemConfiguration : IEntityTypeConfiguration<AimGroupItem>
{
    public void Configure(EntityTypeBuilder<AimGroupItem> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent, trustVia: i => i.AimGroupId);
        builder.Property(i => i.Text).HasMaxLength(Limits.Statement);
    }
}

internal sealed class CeoMessageConfiguration : IEntityTypeConfiguration<CeoMessage>
{
    public void Configure(EntityTypeBuilder<CeoMessage> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent);
        builder.HasIndex(m => new { m.TrustId, m.Slug }).IsUnique();
        builder.Property(m => m.Slug).HasMaxLength(Limits.Slug);
        builder.Property(m => m.Title).HasMaxLength(Limits.Heading);
        builder.Property(m => m.Author).HasMaxLength(Limits.Name);
        builder.Property(m => m.AuthorRole).HasMaxLength(Limits.Name);
    }
}

internal sealed class ContentSectionConfiguration : IEntityTypeConfiguration<ContentSection>
{
    public void Configure(EntityTypeBuilder<ContentSection> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent);
        builder.Property(s => s.Heading).HasMaxLength(Limits.Heading);
    }
}

internal sealed class ContentVersionConfiguration : IEntityTypeConfiguration<ContentVersion>
{
    public void Configure(EntityTypeBuilder<ContentVersion> builder)
    {
        builder.NeverCached("The history of an item, shown only on the administrator's history pages.");
        builder.Property(v => v.ItemType).HasMaxLength(40);
        builder.Property(v => v.SavedBy).HasMaxLength(Limits.Name);
        builder.Property(v => v.Note).HasMaxLength(Limits.Heading);
        // Unique, so two administrators saving the same item from the same version cannot both succeed.
        builder.HasIndex(v => new { v.TrustId, v.ItemType, v.ItemId, v.Number }).IsUnique();
        builder.HasOne<Trust>().WithMany().HasForeignKey(v => v.TrustId).OnDelete(DeleteBehavior.Cascade);
    }
}
