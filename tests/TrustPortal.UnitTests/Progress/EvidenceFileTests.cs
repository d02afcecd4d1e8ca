using TrustPortal.Domain;
using TrustPortal.Domain.Progress;

namespace TrustPortal.UnitTests.Progress;

public sealed class EvidenceFileTests
{
    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\Windows\\win.ini", "win.ini")]
    [InlineData("C:\\Users\\head\\Desktop\\Report.pdf", "Report.pdf")]
    [InlineData("report\nfinal.pdf", "reportfinal.pdf")]
    [InlineData("tab\there\r.docx", "tabhere.docx")]
    [InlineData("what?<is>:this|\"*.png", "whatisthis.png")]
    [InlineData("...hidden.pdf", "hidden.pdf")]
    [InlineData("..", "evidence")]
    [InlineData("", "evidence")]
    [InlineData("   .pdf", "evidence.pdf")]
    [InlineData("right\u202Eto-left.pdf", "rightto-left.pdf")]
    [InlineData("Évaluation Année 2.xlsx", "Évaluation Année 2.xlsx")]
    public void Names_lose_folders_control_characters_and_path_tricks(string name, string expected) =>
        Assert.Equal(expected, EvidenceFile.SanitiseName(name));

    [Fact]
    public void A_300_character_name_is_shortened_to_200_keeping_its_extension()
    {
        var name = new string('a', 296) + ".pdf";

        var clean = EvidenceFile.SanitiseName(name);

        Assert.Equal(EvidenceFile.NameLimit, clean.Length);
        Assert.EndsWith("aaa.pdf", clean, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var e = Assert.Throws<DomainRuleException>(() => new EvidenceFile("0123456789abcdef0123456789abcdef.pdf", "a.pdf", "application/pdf", 0, "Head", DateTimeOffset.UnixEpoch));
        Assert.Equal("The file is empty.", e.Message);
    }

    [Fact]
    public void An_update_takes_at_most_twenty_files()
    {
        var update = new ProgressUpdate(1, 2, 3, new ProgressEntry(ProgressStatus.OnTrack, null, null, null, null, null, null, null), "Head", DateTimeOffset.UnixEpoch);
        for (var i = 0; i < ProgressUpdate.FileLimit; i++)
        {
            update.AttachFile(new EvidenceFile($"{i:x32}.pdf", $"file {i}.pdf", "application/pdf", 10, "Head", DateTimeOffset.UnixEpoch));
        }

        var e = Assert.Throws<DomainRuleException>(() => update.AttachFile(new EvidenceFile($"{99:x32}.pdf", "one more.pdf", "application/pdf", 10, "Head", DateTimeOffset.UnixEpoch)));

        Assert.Contains("at most 20 evidence files", e.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(ProgressUpdate.Files), e.Field);
        Assert.Equal(ProgressUpdate.FileLimit, update.Files.Count);
    }
}

public sealed class SchoolPriorityTests
{
    [Fact]
    public void A_priority_needs_an_aim_and_a_title()
    {
        Assert.Equal("Choose the trust aim this priority serves.", Assert.Throws<DomainRuleException>(() => new SchoolPriority(1, 0, "Attendance", null, 1)).Message);
        Assert.Throws<DomainRuleException>(() => new SchoolPriority(1, 2, "  ", null, 1));
        Assert.Throws<DomainRuleException>(() => new SchoolPriority(1, 2, new string('x', 301), null, 1));
    }

    [Fact]
    public void A_retired_priority_cannot_be_changed()
    {
        var priority = new SchoolPriority(1, 2, "Attendance", null, 1);
        priority.Retire();

        Assert.Throws<DomainRuleException>(() => priority.Edit(2, "Attendance to 96%", null));
        Assert.Equal("Attendance", priority.Title);
    }

    [Fact]
    public void Recording_the_same_priority_entry_twice_changes_nothing()
    {
        var entry = new ProgressEntry(ProgressStatus.OnTrack, null, "Done", null, null, null, null, null);
        var update = new PriorityUpdate(1, 2, entry, "Head", DateTimeOffset.UnixEpoch);

        Assert.False(update.Record(entry, "Other head", DateTimeOffset.UnixEpoch.AddDays(1)));
        Assert.Equal("Head", update.UpdatedBy);
        Assert.True(update.Record(entry with { Status = ProgressStatus.Achieved }, "Other head", DateTimeOffset.UnixEpoch.AddDays(1)));
    }
}
