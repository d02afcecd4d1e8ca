using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustPortal.Domain;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.Web.Data.Configurations;

internal sealed class BoardSettingsConfiguration : IEntityTypeConfiguration<BoardSettings>
{
    public void Configure(EntityTypeBuilder<BoardSettings> builder)
    {
        builder.NeverCached("Read only by the meetings pages and the new-meeting form, neither of which is cached.");
        builder.HasIndex(s => s.TrustId).IsUnique();
        builder.HasOne<Trust>().WithMany().HasForeignKey(s => s.TrustId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class BoardMeetingConfiguration : IEntityTypeConfiguration<BoardMeeting>
{
    public void Configure(EntityTypeBuilder<BoardMeeting> builder)
    {
        // Decisions about a school are shown beside its progress, which is a cached work page.
        builder.ShownOnCachedPages(CachedArea.TrustWork);
        builder.HasIndex(m => new { m.TrustId, m.HeldOn });
        builder.HasOne<Trust>().WithMany().HasForeignKey(m => m.TrustId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.Committee).HasMaxLength(BoardMeeting.CommitteeLimit);
        builder.Property(m => m.CreatedBy).HasMaxLength(Limits.Name);
        builder.Ignore(m => m.Title);
        builder.Ignore(m => m.Quorate);
        builder.HasMany(m => m.Attendees).WithOne().HasForeignKey(a => a.BoardMeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Attendees).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class MeetingAttendeeConfiguration : IEntityTypeConfiguration<MeetingAttendee>
{
    public void Configure(EntityTypeBuilder<MeetingAttendee> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: a => a.BoardMeetingId);
        builder.HasIndex(a => new { a.BoardMeetingId, a.UserId }).IsUnique();
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.UserName).HasMaxLength(Limits.Name);
    }
}

internal sealed class BoardDecisionConfiguration : IEntityTypeConfiguration<BoardDecision>
{
    public void Configure(EntityTypeBuilder<BoardDecision> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork);
        builder.HasIndex(d => new { d.TrustId, d.BoardMeetingId });
        builder.HasOne<Trust>().WithMany().HasForeignKey(d => d.TrustId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<BoardMeeting>().WithMany().HasForeignKey(d => d.BoardMeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ReviewCycle>().WithMany().HasForeignKey(d => d.ReviewCycleId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.MinuteReference).HasMaxLength(BoardDecision.MinuteReferenceLimit);
        builder.Property(d => d.Notes).HasMaxLength(BoardDecision.NotesLimit);
        builder.Property(d => d.RecordedById).HasMaxLength(450);
        builder.Property(d => d.RecordedBy).HasMaxLength(Limits.Name);
        builder.Ignore(d => d.SchoolForActions);
        builder.HasMany(d => d.Schools).WithOne().HasForeignKey(s => s.BoardDecisionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(d => d.Schools).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class DecisionSchoolConfiguration : IEntityTypeConfiguration<DecisionSchool>
{
    public void Configure(EntityTypeBuilder<DecisionSchool> builder)
    {
        builder.ShownOnCachedPages(CachedArea.TrustWork, trustVia: s => s.BoardDecisionId);
        builder.HasIndex(s => new { s.BoardDecisionId, s.SchoolId }).IsUnique();
        builder.HasIndex(s => s.SchoolId);
        builder.HasOne<School>().WithMany().HasForeignKey(s => s.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}
