using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustPortal.Domain;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data.Audit;

namespace TrustPortal.Web.Data.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.NeverCached("Accounts: the signed-in name comes from the request, never from a cached model.");
        builder.Property(u => u.DisplayName).HasMaxLength(Limits.Name);
        builder.HasOne<Trust>().WithMany().HasForeignKey(u => u.TrustId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UserSchoolConfiguration : IEntityTypeConfiguration<UserSchool>
{
    public void Configure(EntityTypeBuilder<UserSchool> builder)
    {
        builder.NeverCached("Which schools a person leads: checked per request, never cached.");
        builder.HasKey(l => new { l.UserId, l.SchoolId });
        builder.Property(l => l.UserId).HasMaxLength(450);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<School>().WithMany().HasForeignKey(l => l.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.NeverCached("Sessions are checked per request so a sign-out ends them at once (ADR 0003).");
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.HasIndex(s => s.UserId);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.NeverCached("Account invitations: administrator pages only.");
        builder.Property(i => i.UserId).HasMaxLength(450);
        builder.Property(i => i.InvitedByUserId).HasMaxLength(450);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TrustAccountPolicyConfiguration : IEntityTypeConfiguration<TrustAccountPolicy>
{
    public void Configure(EntityTypeBuilder<TrustAccountPolicy> builder)
    {
        builder.NeverCached("Sign-in rules of a trust: read per request by the account pages.");
        builder.HasKey(p => p.TrustId);
        builder.Property(p => p.TrustId).ValueGeneratedNever();
        builder.HasOne<Trust>().WithOne().HasForeignKey<TrustAccountPolicy>(p => p.TrustId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TrustSignInAllowanceConfiguration : IEntityTypeConfiguration<TrustSignInAllowance>
{
    public void Configure(EntityTypeBuilder<TrustSignInAllowance> builder)
    {
        builder.NeverCached("Sign-in rules of a trust: read at each single sign-on and on the administrator's page.");
        builder.Property(a => a.Provider).HasMaxLength(20);
        builder.Property(a => a.Identifier).HasMaxLength(255);
        builder.HasIndex(a => new { a.TrustId, a.Provider, a.Identifier }).IsUnique();
        // Just-in-time accounts look a tenant or domain up across trusts.
        builder.HasIndex(a => new { a.Provider, a.Identifier });
        builder.HasOne<Trust>().WithMany().HasForeignKey(a => a.TrustId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.NeverCached("The audit trail: administrator pages only.");
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.UserName).HasMaxLength(Limits.Name);
        builder.Property(a => a.EntityType).HasMaxLength(100);
        builder.Property(a => a.EntityId).HasMaxLength(450);
        builder.Property(a => a.Action).HasMaxLength(20);
        builder.HasIndex(a => new { a.TrustId, a.UtcTime });
        builder.HasIndex(a => a.EntityId);
    }
}

internal sealed class DatabaseMarkerConfiguration : IEntityTypeConfiguration<DatabaseMarker>
{
    public void Configure(EntityTypeBuilder<DatabaseMarker> builder)
    {
        builder.HasKey(m => m.Name);
        builder.Property(m => m.Name).HasMaxLength(32);
        builder.NeverCached("A fact about the database itself, read once at start-up.");
    }
}
