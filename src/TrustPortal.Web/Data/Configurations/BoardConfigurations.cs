using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustPortal.Domain;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.Web.Data.Configurations;

internal sealed class ChallengeConfiguration : IEntityTypeConfiguration<Challenge>
{
    public void Configure(EntityTypeBuilder<Challenge> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork);
        builder.HasIndex(c => new { c.TrustId, c.Status });
        builder.HasIndex(c => new { c.SchoolId, c.Status });
        builder.HasOne<Trust>().WithMany().HasForeignKey(c => c.TrustId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<School>().WithMany().HasForeignKey(c => c.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StrategicAim>().WithMany().HasForeignKey(c => c.StrategicAimId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ProgressUpdate>().WithMany().HasForeignKey(c => c.ProgressUpdateId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.RaisedById).HasMaxLength(Limits.Name);
        builder.Property(c => c.RaisedByName).HasMaxLength(Limits.Name);
        builder.Property(c => c.Question).HasMaxLength(Challenge.QuestionLimit);
        builder.Property(c => c.ResolvedBy).HasMaxLength(Limits.Name);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.ChallengeId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Messages).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ChallengeMessageConfiguration : IEntityTypeConfiguration<ChallengeMessage>
{
    public void Configure(EntityTypeBuilder<ChallengeMessage> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: m => m.ChallengeId);
        builder.Property(m => m.AuthorId).HasMaxLength(Limits.Name);
        builder.Property(m => m.AuthorName).HasMaxLength(Limits.Name);
        builder.Property(m => m.Body).HasMaxLength(Challenge.QuestionLimit);
    }
}

internal sealed class BoardSignOffConfiguration : IEntityTypeConfiguration<BoardSignOff>
{
    public void Configure(EntityTypeBuilder<BoardSignOff> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork);
        builder.HasIndex(s => new { s.TrustId, s.StrategicPlanId, s.MeetingDate });
        builder.HasOne<Trust>().WithMany().HasForeignKey(s => s.TrustId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StrategicPlan>().WithMany().HasForeignKey(s => s.StrategicPlanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ReviewCycle>().WithMany().HasForeignKey(s => s.ReviewCycleId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.MinuteReference).HasMaxLength(BoardSignOff.MinuteReferenceLimit);
        builder.Property(s => s.Comment).HasMaxLength(BoardSignOff.CommentLimit);
        builder.Property(s => s.RecordedById).HasMaxLength(Limits.Name);
        builder.Property(s => s.RecordedBy).HasMaxLength(Limits.Name);
    }
}

internal sealed class ExecutiveSummaryConfiguration : IEntityTypeConfiguration<ExecutiveSummary>
{
    public void Configure(EntityTypeBuilder<ExecutiveSummary> builder)
    {
        builder.NeverCached("Read only to build a board pack or its summary form, neither of which is cached.");
        builder.HasIndex(s => new { s.TrustId, s.ReviewCycleId }).IsUnique();
        builder.HasOne<Trust>().WithMany().HasForeignKey(s => s.TrustId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ReviewCycle>().WithMany().HasForeignKey(s => s.ReviewCycleId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Markdown).HasMaxLength(ExecutiveSummary.TextLimit);
        builder.Property(s => s.UpdatedBy).HasMaxLength(Limits.Name);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class IssuedPackConfiguration : IEntityTypeConfiguration<IssuedPack>
{
    public void Configure(EntityTypeBuilder<IssuedPack> builder)
    {
        // The last issued pack sets the dashboard's and the next pack's "since the board last saw it" baseline.
        builder.ShownOnCachedPages(CachedArea.TrustWork);
        builder.HasIndex(p => new { p.TrustId, p.IssuedAt });
        builder.HasOne<Trust>().WithMany().HasForeignKey(p => p.TrustId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ReviewCycle>().WithMany().HasForeignKey(p => p.ReviewCycleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<BoardMeeting>().WithMany().HasForeignKey(p => p.BoardMeetingId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.MeetingTitle).HasMaxLength(Limits.Name);
        builder.Property(p => p.IssuedBy).HasMaxLength(Limits.Name);
        builder.HasMany(p => p.Files).WithOne().HasForeignKey(f => f.IssuedPackId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Files).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class IssuedPackFileConfiguration : IEntityTypeConfiguration<IssuedPackFile>
{
    public void Configure(EntityTypeBuilder<IssuedPackFile> builder)
    {
        builder.NeverCached("The frozen bytes of an issued pack, served as they were stored and never from a page cache.");
        builder.HasIndex(f => new { f.IssuedPackId, f.Format }).IsUnique();
        builder.Property(f => f.Format).HasMaxLength(10);
        builder.Property(f => f.ContentType).HasMaxLength(Limits.Name);
        builder.Property(f => f.FileName).HasMaxLength(Limits.Name);
    }
}
