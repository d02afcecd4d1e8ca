using System.Text;
using System.Xml;
using TrustPortal.Domain;

namespace TrustPortal.UnitTests;

public sealed class StoredTextTests
{
    [Theory]
    [InlineData("first line\u000bsecond line", "first line\nsecond line")]
    [InlineData("a\r\nb\rc\nd", "a\nb\nc\nd")]
    [InlineData("page\u000cbreak", "page\nbreak")]
    [InlineData("a\u0000b\u0001c\u0008d\u001be\u001ff", "abcdef")]
    [InlineData("tab\tstays", "tab\tstays")]
    [InlineData("not a character\uFFFE\uFFFF.", "not a character.")]
    [InlineData("a whole smile \ud83d\ude00 stays", "a whole smile \ud83d\ude00 stays")]
    [InlineData("\r\n\r\n", "\n\n")]
    [InlineData("Ünïcödé, 学校, \u00a0\u200b\u202e stay", "Ünïcödé, 学校, \u00a0\u200b\u202e stay")]
    public void Text_is_stored_with_LF_line_breaks_and_without_what_XML_forbids(string posted, string stored)
    {
        Assert.Equal(stored, StoredText.Clean(posted));
        Assert.True(StoredText.IsClean(stored));
        Assert.Equal(stored == posted, StoredText.IsClean(posted));
    }

    [Fact]
    public void Half_a_character_becomes_the_replacement_character_and_a_whole_one_stays()
    {
        // Built here: attribute arguments cannot carry a lone surrogate through to the test.
        var high = new string('\ud83d', 1);
        var low = new string('\ude00', 1);
        Assert.Equal("half \uFFFD a smile", StoredText.Clean("half " + high + " a smile"));
        Assert.Equal("lone low \uFFFD too", StoredText.Clean("lone low " + low + " too"));
        Assert.Equal("ends in a lone high \uFFFD", StoredText.Clean("ends in a lone high " + high));
        Assert.Equal("\uFFFD\uFFFD", StoredText.Clean(low + high));
        Assert.Equal("a whole smile " + high + low, StoredText.Clean("a whole smile " + high + low));
        Assert.False(StoredText.IsClean("x" + high));
    }

    [Fact]
    public void Clean_text_is_returned_as_it_is_and_null_stays_null()
    {
        const string text = "Nothing to change here.\nSecond line.";
        Assert.Same(text, StoredText.Clean(text));
        Assert.Null(StoredText.Clean(null));
    }

    [Fact]
    public void Every_UTF_16_code_unit_once_cleaned_can_be_written_as_XML()
    {
        var all = new StringBuilder();
        for (var c = 0; c <= 0xFFFF; c++)
        {
            all.Append((char)c).Append('x');
        }
        var clean = StoredText.Clean(all.ToString())!;

        Assert.True(StoredText.IsClean(clean));
        using var writer = XmlWriter.Create(new StringWriter(), new XmlWriterSettings { CheckCharacters = true });
        writer.WriteElementString("t", clean);
        writer.Flush();
        Assert.Equal(clean, StoredText.Clean(clean));
    }

    [Fact]
    public void A_single_line_has_no_line_break_or_tab_left()
    {
        Assert.Equal("Aspen Primary  second line", StoredText.SingleLine("Aspen Primary\r\n\u000bsecond line"));
        Assert.Equal("a b", StoredText.SingleLine("a\tb"));
    }

    [Fact]
    public void A_slug_or_a_file_name_made_from_text_with_half_a_character_or_a_non_character_does_not_throw()
    {
        var text = "Autumn\uFFFE 2026 " + new string('\ud83d', 1);
        Assert.Equal("autumn-2026", Slugs.From(text));
        Assert.Equal("report.pdf", TrustPortal.Domain.Progress.EvidenceFile.SanitiseName("report\uFFFF" + new string('\ude00', 1) + ".pdf").Replace("\uFFFD", "", StringComparison.Ordinal));
    }
}
