using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;

namespace TrustPortal.Web.Data.Configurations;

internal sealed class PasswordResetLinkConfiguration : IEntityTypeConfiguration<PasswordResetLink>
{
    public void Configure(EntityTypeBuilder<PasswordResetLink> builder)
    {
        builder.NeverCached("Password reset links: read only by the reset page.");
        builder.Property(l => l.UserId).HasMaxLength(450);
        builder.Property(l => l.TokenHash).HasMaxLength(64);
        builder.HasIndex(l => l.TokenHash).IsUnique();
        builder.HasIndex(l => l.UserId);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserImportBatchConfiguration : IEntityTypeConfiguration<UserImportBatch>
{
    public void Configure(EntityTypeBuilder<UserImportBatch> builder)
    {
        builder.NeverCached("Uploaded lists of people: administrator pages only.");
        builder.Property(b => b.PublicId).HasMaxLength(64);
        builder.HasIndex(b => b.PublicId).IsUnique();
        builder.Property(b => b.UploadedByUserId).HasMaxLength(450);
        builder.Property(b => b.UploadedByName).HasMaxLength(200);
        builder.Property(b => b.FileName).HasMaxLength(260);
        builder.Property(b => b.BaseUrl).HasMaxLength(400);
        builder.HasOne<Trust>().WithMany().HasForeignKey(b => b.TrustId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PendingInvitationConfiguration : IEntityTypeConfiguration<PendingInvitation>
{
    public void Configure(EntityTypeBuilder<PendingInvitation> builder)
    {
        builder.NeverCached("The invitation queue: read by the background sender and the progress page.");
        builder.Property(p => p.UserId).HasMaxLength(450);
        builder.Property(p => p.Role).HasMaxLength(64);
        builder.Property(p => p.ClaimToken).HasMaxLength(64);
        builder.HasIndex(p => new { p.BatchId, p.SentUtc });
        builder.HasIndex(p => p.SentUtc);
        builder.HasOne<UserImportBatch>().WithMany().HasForeignKey(p => p.BatchId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
