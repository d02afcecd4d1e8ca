using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;

namespace TrustPortal.Web.Data.Configurations;

/// The one stored shape of a progress entry (docs/adr/0173): the same columns, under the same names, in each table
/// that keeps one (ProgressUpdates, ProgressRevisions, PriorityUpdates). Enums are stored as names by convention.
internal static class ProgressEntryMapping
{
    public static void Configure(ComplexPropertyBuilder<ProgressEntry> entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Property(e => e.Status).HasColumnName(nameof(ProgressEntry.Status));
        entry.Property(e => e.Confidence).HasColumnName(nameof(ProgressEntry.Confidence));
        entry.Property(e => e.WhatWasDone).HasColumnName(nameof(ProgressEntry.WhatWasDone)).HasMaxLength(ProgressEntry.TextLimit);
        entry.Property(e => e.Impact).HasColumnName(nameof(ProgressEntry.Impact)).HasMaxLength(ProgressEntry.TextLimit);
        entry.Property(e => e.Evidence).HasColumnName(nameof(ProgressEntry.Evidence)).HasMaxLength(ProgressEntry.TextLimit);
        entry.Property(e => e.NextSteps).HasColumnName(nameof(ProgressEntry.NextSteps)).HasMaxLength(ProgressEntry.TextLimit);
        entry.Property(e => e.Owner).HasColumnName(nameof(ProgressEntry.Owner)).HasMaxLength(Limits.Name);
        entry.Property(e => e.DueOn).HasColumnName(nameof(ProgressEntry.DueOn));
        entry.Property(e => e.MeasuredValue).HasColumnName(nameof(ProgressEntry.MeasuredValue)).HasPrecision(18, 2);
    }
}

internal sealed class ReviewCycleConfiguration : IEntityTypeConfiguration<ReviewCycle>
{
    public void Configure(EntityTypeBuilder<ReviewCycle> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: c => c.StrategicPlanId);
        builder.HasOne<StrategicPlan>().WithMany().HasForeignKey(c => c.StrategicPlanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.StrategicPlanId, c.OpensOn });
        builder.Property(c => c.Name).HasMaxLength(Limits.Name);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.AcceptsUpdates);
    }
}

internal sealed class ProgressUpdateConfiguration : IEntityTypeConfiguration<ProgressUpdate>
{
    public void Configure(EntityTypeBuilder<ProgressUpdate> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: u => u.SchoolId);
        // One update per school, criterion and cycle: a retried submit can never record twice.
        builder.HasIndex(u => new { u.SchoolId, u.ReviewCycleId, u.SuccessCriterionId }).IsUnique();
        builder.HasIndex(u => new { u.ReviewCycleId, u.SchoolId });
        builder.HasIndex(u => new { u.SuccessCriterionId, u.SchoolId });
        builder.HasOne<School>().WithMany().HasForeignKey(u => u.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SuccessCriterion>().WithMany().HasForeignKey(u => u.SuccessCriterionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ReviewCycle>().WithMany().HasForeignKey(u => u.ReviewCycleId).OnDelete(DeleteBehavior.Restrict);
        builder.ComplexProperty(u => u.Entry, ProgressEntryMapping.Configure);
        builder.Property(u => u.UpdatedBy).HasMaxLength(Limits.Name);
        builder.Property(u => u.Version).IsConcurrencyToken();
        builder.HasMany(u => u.Revisions).WithOne().HasForeignKey(r => r.ProgressUpdateId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(u => u.Files).WithOne().HasForeignKey(f => f.ProgressUpdateId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: f => f.ProgressUpdateId);
        builder.HasIndex(f => f.ProgressUpdateId);
        builder.HasIndex(f => f.StoredKey).IsUnique();
        builder.Property(f => f.StoredKey).HasMaxLength(EvidenceFile.KeyLimit);
        builder.Property(f => f.OriginalName).HasMaxLength(EvidenceFile.NameLimit);
        builder.Property(f => f.ContentType).HasMaxLength(EvidenceFile.ContentTypeLimit);
        builder.Property(f => f.UploadedBy).HasMaxLength(Limits.Name);
    }
}

internal sealed class ProgressRevisionConfiguration : IEntityTypeConfiguration<ProgressRevision>
{
    public void Configure(EntityTypeBuilder<ProgressRevision> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: r => r.ProgressUpdateId);
        builder.ComplexProperty(r => r.Entry, ProgressEntryMapping.Configure);
        builder.Property(r => r.ChangedBy).HasMaxLength(Limits.Name);
        builder.Property(r => r.Reason).HasMaxLength(SchoolReturn.ReasonLimit);
    }
}

internal sealed class SchoolReturnConfiguration : IEntityTypeConfiguration<SchoolReturn>
{
    public void Configure(EntityTypeBuilder<SchoolReturn> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: r => r.SchoolId);
        builder.HasIndex(r => new { r.ReviewCycleId, r.SchoolId }).IsUnique();
        builder.HasOne<School>().WithMany().HasForeignKey(r => r.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ReviewCycle>().WithMany().HasForeignKey(r => r.ReviewCycleId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.SubmittedBy).HasMaxLength(Limits.Name);
        builder.Property(r => r.ReopenedBy).HasMaxLength(Limits.Name);
        builder.Property(r => r.ReopenReason).HasMaxLength(SchoolReturn.ReasonLimit);
        builder.Property(r => r.Version).IsConcurrencyToken();
    }
}

internal sealed class SchoolPriorityConfiguration : IEntityTypeConfiguration<SchoolPriority>
{
    public void Configure(EntityTypeBuilder<SchoolPriority> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: p => p.SchoolId);
        builder.HasIndex(p => new { p.SchoolId, p.Position });
        builder.HasOne<School>().WithMany().HasForeignKey(p => p.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StrategicAim>().WithMany().HasForeignKey(p => p.StrategicAimId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.Title).HasMaxLength(Limits.Heading);
        builder.Property(p => p.Description).HasMaxLength(SchoolPriority.DescriptionLimit);
        builder.Property(p => p.Version).IsConcurrencyToken();
    }
}

internal sealed class PriorityUpdateConfiguration : IEntityTypeConfiguration<PriorityUpdate>
{
    public void Configure(EntityTypeBuilder<PriorityUpdate> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: u => u.SchoolPriorityId);
        // One update per priority and cycle, as for success criteria.
        builder.HasIndex(u => new { u.SchoolPriorityId, u.ReviewCycleId }).IsUnique();
        builder.HasOne<SchoolPriority>().WithMany().HasForeignKey(u => u.SchoolPriorityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ReviewCycle>().WithMany().HasForeignKey(u => u.ReviewCycleId).OnDelete(DeleteBehavior.Restrict);
        // A school's own priority has no measure: its table has no column for a measured value.
        builder.ComplexProperty(u => u.Entry, entry =>
        {
            ProgressEntryMapping.Configure(entry);
            entry.Ignore(e => e.MeasuredValue);
        });
        builder.Property(u => u.UpdatedBy).HasMaxLength(Limits.Name);
        builder.Property(u => u.Version).IsConcurrencyToken();
    }
}
