using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.Web.Data.Configurations;

internal sealed class StrategicPlanConfiguration : IEntityTypeConfiguration<StrategicPlan>
{
    public void Configure(EntityTypeBuilder<StrategicPlan> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent);
        builder.HasIndex(p => new { p.TrustId, p.Slug }).IsUnique();
        builder.HasOne<Trust>().WithMany().HasForeignKey(p => p.TrustId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.Slug).HasMaxLength(Limits.Slug);
        builder.Property(p => p.Title).HasMaxLength(Limits.Heading);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Ignore(p => p.Period);
        builder.Ignore(p => p.Aims);
        builder.Ignore(p => p.CurrentAims);
        builder.Ignore(p => p.IsEditable);
        builder.HasMany(p => p.Horizons).WithOne().HasForeignKey(h => h.StrategicPlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Themes).WithOne().HasForeignKey(t => t.StrategicPlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Frameworks).WithOne().HasForeignKey(f => f.StrategicPlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanHorizonConfiguration : IEntityTypeConfiguration<PlanHorizon>
{
    public void Configure(EntityTypeBuilder<PlanHorizon> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent, trustVia: h => h.StrategicPlanId);
        builder.Property(h => h.Key).HasMaxLength(Limits.Slug);
        builder.Property(h => h.Name).HasMaxLength(Limits.Heading);
    }
}

internal sealed class PlanFrameworkConfiguration : IEntityTypeConfiguration<PlanFramework>
{
    public void Configure(EntityTypeBuilder<PlanFramework> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent, trustVia: f => f.StrategicPlanId);
        builder.Property(f => f.Code).HasMaxLength(40);
    }
}

internal sealed class PlanThemeConfiguration : IEntityTypeConfiguration<PlanTheme>
{
    public void Configure(EntityTypeBuilder<PlanTheme> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent, trustVia: t => t.StrategicPlanId);
        builder.Property(t => t.Title).HasMaxLength(Limits.Heading);
        builder.HasMany(t => t.Aims).WithOne().HasForeignKey(a => a.PlanThemeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StrategicAimConfiguration : IEntityTypeConfiguration<StrategicAim>
{
    public void Configure(EntityTypeBuilder<StrategicAim> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent, trustVia: a => a.PlanThemeId);
        builder.Property(a => a.Title).HasMaxLength(Limits.Heading);
        builder.Property(a => a.Statement).HasMaxLength(Limits.Statement);
        builder.Ignore(a => a.CurrentCriteria);
        // No cascade from a horizon: SQL Server refuses two cascade paths from the plan to an aim.
        builder.HasOne(a => a.Horizon).WithMany().HasForeignKey(a => a.HorizonId).OnDelete(DeleteBehavior.ClientSetNull);
        builder.HasMany(a => a.Criteria).WithOne().HasForeignKey(c => c.StrategicAimId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.FrameworkTags).WithOne().HasForeignKey(t => t.StrategicAimId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AimFrameworkTagConfiguration : IEntityTypeConfiguration<AimFrameworkTag>
{
    public void Configure(EntityTypeBuilder<AimFrameworkTag> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent, trustVia: t => t.StrategicAimId);
        builder.Property(t => t.Code).HasMaxLength(40);
    }
}

internal sealed class SuccessCriterionConfiguration : IEntityTypeConfiguration<SuccessCriterion>
{
    public void Configure(EntityTypeBuilder<SuccessCriterion> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent, trustVia: c => c.StrategicAimId);
        builder.Property(c => c.Text).HasMaxLength(Limits.Statement);
        builder.Property(c => c.MeasurableTarget).HasMaxLength(Limits.Heading);
        builder.Ignore(c => c.Wording);
        builder.Ignore(c => c.Measure);
        builder.Property(c => c.MeasureBaseline).HasPrecision(18, 2);
        builder.Property(c => c.MeasureTarget).HasPrecision(18, 2);
        builder.Property(c => c.MeasureUnit).HasMaxLength(CriterionMeasure.UnitLimit);
        builder.HasMany(c => c.Revisions).WithOne().HasForeignKey(r => r.SuccessCriterionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CriterionRevisionConfiguration : IEntityTypeConfiguration<CriterionRevision>
{
    public void Configure(EntityTypeBuilder<CriterionRevision> builder)
    {
        builder.ShownOnCachedPages(CachedArea.PublicContent, trustVia: r => r.SuccessCriterionId);
        builder.Property(r => r.Text).HasMaxLength(Limits.Statement);
        builder.Property(r => r.MeasurableTarget).HasMaxLength(Limits.Heading);
        builder.Property(r => r.ReplacedBy).HasMaxLength(Limits.Name);
        builder.Ignore(r => r.Wording);
        builder.HasIndex(r => new { r.SuccessCriterionId, r.ReplacedAt });
    }
}
