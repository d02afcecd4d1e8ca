using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustPortal.Domain;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.Web.Data.Configurations;

internal sealed class SchoolConfiguration : IEntityTypeConfiguration<School>
{
    public void Configure(EntityTypeBuilder<School> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent);
        builder.HasIndex(s => s.Urn).IsUnique();
        builder.HasIndex(s => new { s.TrustId, s.Name });
        builder.HasOne<Trust>().WithMany().HasForeignKey(s => s.TrustId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Name).HasMaxLength(Limits.Name);
        builder.Property(s => s.ReligiousCharacter).HasMaxLength(Limits.Name);
        builder.Property(s => s.Diocese).HasMaxLength(Limits.Name);
        builder.Property(s => s.LocalAuthority).HasMaxLength(Limits.Name);
        builder.Property(s => s.Town).HasMaxLength(Limits.Name);
        builder.Property(s => s.ConversionCohort).HasMaxLength(Limits.Name);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Ignore(s => s.HasEarlyYears);
        builder.HasMany(s => s.Inspections).WithOne().HasForeignKey(i => i.SchoolId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InspectionConfiguration : IEntityTypeConfiguration<Inspection>
{
    public void Configure(EntityTypeBuilder<Inspection> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent, trustVia: i => i.SchoolId);
        builder.HasIndex(i => new { i.SchoolId, i.InspectedOn });
        builder.HasMany(i => i.Grades).WithOne().HasForeignKey(g => g.InspectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InspectionGradeConfiguration : IEntityTypeConfiguration<InspectionGrade>
{
    public void Configure(EntityTypeBuilder<InspectionGrade> builder) =>
        builder.ShownOnCachedPages(CachedArea.PublicContent, trustVia: g => g.InspectionId);
}
