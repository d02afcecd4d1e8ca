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
        Assert.Equal(ProgressUpdate.FileLimit, update.Files.Count);
    }
}
