using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustPortal.Domain;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;

namespace TrustPortal.Web.Data.Configurations;

internal sealed class SchoolSelfEvaluationConfiguration : IEntityTypeConfiguration<SchoolSelfEvaluation>
{
    public void Configure(EntityTypeBuilder<SchoolSelfEvaluation> builder)
    {
        // The trust's work (the grid belongs in the board pack), never a public page.
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: e => e.SchoolId);
        // One self-evaluation per school and cycle: a retried first save can never make two.
        builder.HasIndex(e => new { e.SchoolId, e.ReviewCycleId }).IsUnique();
        builder.HasIndex(e => e.ReviewCycleId);
        builder.HasOne<School>().WithMany().HasForeignKey(e => e.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ReviewCycle>().WithMany().HasForeignKey(e => e.ReviewCycleId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.SubmittedBy).HasMaxLength(Limits.Name);
        builder.Property(e => e.ReopenedBy).HasMaxLength(Limits.Name);
        builder.Property(e => e.ReopenReason).HasMaxLength(SchoolSelfEvaluation.ReasonLimit);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasMany(e => e.Areas).WithOne().HasForeignKey(a => a.SchoolSelfEvaluationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Revisions).WithOne().HasForeignKey(r => r.SchoolSelfEvaluationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Files).WithOne().HasForeignKey(f => f.SchoolSelfEvaluationId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(e => e.Areas).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(e => e.Revisions).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(e => e.Files).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class AreaJudgementConfiguration : IEntityTypeConfiguration<AreaJudgement>
{
    public void Configure(EntityTypeBuilder<AreaJudgement> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: a => a.SchoolSelfEvaluationId);
        builder.HasIndex(a => new { a.SchoolSelfEvaluationId, a.Area }).IsUnique();
        builder.Property(a => a.SchoolReasons).HasMaxLength(SchoolSelfEvaluation.TextLimit);
        builder.Property(a => a.Evidence).HasMaxLength(SchoolSelfEvaluation.TextLimit);
        builder.Property(a => a.WhatWouldMoveItUp).HasMaxLength(SchoolSelfEvaluation.TextLimit);
        builder.Property(a => a.TrustReasons).HasMaxLength(SchoolSelfEvaluation.TextLimit);
        builder.Property(a => a.SchoolBy).HasMaxLength(Limits.Name);
        builder.Property(a => a.TrustBy).HasMaxLength(Limits.Name);
        builder.Ignore(a => a.Differs);
    }
}

internal sealed class JudgementRevisionConfiguration : IEntityTypeConfiguration<JudgementRevision>
{
    public void Configure(EntityTypeBuilder<JudgementRevision> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: r => r.SchoolSelfEvaluationId);
        builder.HasIndex(r => new { r.SchoolSelfEvaluationId, r.Area });
        builder.Property(r => r.Reasons).HasMaxLength(SchoolSelfEvaluation.TextLimit);
        builder.Property(r => r.By).HasMaxLength(Limits.Name);
    }
}

internal sealed class SelfEvaluationFileConfiguration : IEntityTypeConfiguration<SelfEvaluationFile>
{
    public void Configure(EntityTypeBuilder<SelfEvaluationFile> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: f => f.SchoolSelfEvaluationId);
        builder.HasIndex(f => f.SchoolSelfEvaluationId);
        builder.HasStoredFileColumns();
    }
}

internal sealed class ImprovementActionConfiguration : IEntityTypeConfiguration<ImprovementAction>
{
    public void Configure(EntityTypeBuilder<ImprovementAction> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork);
        builder.HasIndex(a => new { a.TrustId, a.Status, a.DueOn });
        builder.HasIndex(a => new { a.OwnerId, a.Status });
        builder.HasIndex(a => a.SchoolId);
        builder.HasOne<Domain.Trusts.Trust>().WithMany().HasForeignKey(a => a.TrustId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<School>().WithMany().HasForeignKey(a => a.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Domain.Plans.SuccessCriterion>().WithMany().HasForeignKey(a => a.SuccessCriterionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SchoolPriority>().WithMany().HasForeignKey(a => a.SchoolPriorityId).OnDelete(DeleteBehavior.Restrict);
        // The decision's own actions are added with it (BoardDecision.Actions): one save gives them its id.
        builder.HasOne<Domain.Board.BoardDecision>().WithMany(d => d.Actions).HasForeignKey(a => a.BoardDecisionId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.Description).HasMaxLength(ImprovementAction.DescriptionLimit);
        builder.Property(a => a.DroppedReason).HasMaxLength(ImprovementAction.ReasonLimit);
        builder.Property(a => a.OwnerId).HasMaxLength(450);
        builder.Property(a => a.OwnerName).HasMaxLength(Limits.Name);
        builder.Property(a => a.CreatedBy).HasMaxLength(Limits.Name);
        builder.Property(a => a.Version).IsConcurrencyToken();
    }
}

internal sealed class ActionDigestReceiptConfiguration : IEntityTypeConfiguration<ActionDigestReceipt>
{
    public void Configure(EntityTypeBuilder<ActionDigestReceipt> builder)
    {
        builder.NeverCached("The digest job's record of whom it has e-mailed each week; on no page.");
        // The claim that makes the digest once per owner per week however many instances run the job (ADR 0166).
        builder.HasIndex(r => new { r.Week, r.UserId }).IsUnique();
        builder.Property(r => r.Week).HasMaxLength(10);
        builder.Property(r => r.UserId).HasMaxLength(450);
    }
}

internal sealed class RiskConfiguration : IEntityTypeConfiguration<Risk>
{
    public void Configure(EntityTypeBuilder<Risk> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork);
        builder.HasIndex(r => new { r.TrustId, r.ReviewOn });
        builder.HasOne<Domain.Trusts.Trust>().WithMany().HasForeignKey(r => r.TrustId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<School>().WithMany().HasForeignKey(r => r.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.Title).HasMaxLength(Risk.TitleLimit);
        builder.Property(r => r.Owner).HasMaxLength(Limits.Name);
        builder.Property(r => r.Controls).HasMaxLength(Risk.ControlsLimit);
        builder.Property(r => r.LinkedAims).HasMaxLength(Limits.Name);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.ClosedBy).HasMaxLength(Limits.Name);
        builder.Property(r => r.ClosedReason).HasMaxLength(Risk.ReasonLimit);
        builder.Ignore(r => r.Score);
        builder.Ignore(r => r.ResidualScore);
        builder.Ignore(r => r.IsClosed);
    }
}

internal sealed class TrustSelfReviewConfiguration : IEntityTypeConfiguration<TrustSelfReview>
{
    public void Configure(EntityTypeBuilder<TrustSelfReview> builder)
    {
        // The trust's work (a part of the board pack), never a public page.
        builder.ShownOnCachedPages(CachedArea.TrustWork);
        // One review per trust and academic year: a retried first save can never make two.
        builder.HasIndex(r => new { r.TrustId, r.StartYear }).IsUnique();
        builder.HasOne<Domain.Trusts.Trust>().WithMany().HasForeignKey(r => r.TrustId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasMany(r => r.Pillars).WithOne().HasForeignKey(p => p.TrustSelfReviewId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Files).WithOne().HasForeignKey(f => f.TrustSelfReviewId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(r => r.Pillars).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(r => r.Files).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class PillarJudgementConfiguration : IEntityTypeConfiguration<PillarJudgement>
{
    public void Configure(EntityTypeBuilder<PillarJudgement> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: p => p.TrustSelfReviewId);
        builder.HasIndex(p => new { p.TrustSelfReviewId, p.Code }).IsUnique();
        builder.Property(p => p.Code).HasMaxLength(40);
        builder.Property(p => p.Reasons).HasMaxLength(TrustSelfReview.TextLimit);
        builder.Property(p => p.Evidence).HasMaxLength(TrustSelfReview.TextLimit);
        builder.Property(p => p.By).HasMaxLength(Limits.Name);
    }
}

internal sealed class TrustReviewFileConfiguration : IEntityTypeConfiguration<TrustReviewFile>
{
    public void Configure(EntityTypeBuilder<TrustReviewFile> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: f => f.TrustSelfReviewId);
        builder.HasIndex(f => f.TrustSelfReviewId);
        builder.Property(f => f.Code).HasMaxLength(40);
        builder.HasStoredFileColumns();
    }
}
