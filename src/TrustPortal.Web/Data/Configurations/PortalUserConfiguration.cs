using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;

namespace TrustPortal.Web.Data.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(Limits.Name);
        builder.HasOne<Trust>().WithMany().HasForeignKey(u => u.TrustId).OnDelete(DeleteBehavior.Restrict);
    }
}
