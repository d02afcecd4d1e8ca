using System.Text;

namespace TrustPortal.Web.Tests.Reliability;

/// A value an attacker, a broken client or a careless paste might send: text, or raw bytes that are not UTF-8.
public sealed record HostileValue(string Label, string? Text, byte[]? Raw = null)
{
    public byte[] Bytes => Raw ?? Encoding.UTF8.GetBytes(Text!);

    public override string ToString() => Label;
}

/// The hostile values, and the markers whose unencoded appearance in any page means a value reached HTML raw.
public static class HostileValues
{
    /// Script that would run if a page wrote it back without encoding it.
    public static readonly HostileValue Script = new("script tag", "<script>alert('hostile')</script>");

    /// Breaks out of an attribute into a new element.
    public static readonly HostileValue AttributeBreakout = new("attribute breakout", "\"'><img src=x onerror=alert('hostile')>");

    /// A Markdown link to script: Markdig keeps it, HtmlSanitizer must drop it.
    public static readonly HostileValue MarkdownScriptLink = new("Markdown javascript: link", "[click](javascript:alert('hostile')) <b onmouseover=alert('hostile')>x</b>");

    public static readonly HostileValue Sql = new("SQL injection", "' OR '1'='1'; DROP TABLE Trusts; --");

    public static readonly HostileValue Overlong = new("overlong (100,000 characters)", new string('W', 100_000));

    public static readonly HostileValue ControlCharacters = new("control characters", "a\u0000b\u0001c\u001b[31m\u0007d\u007f\u202eevil\ufeff");

    /// Text pasted from Word: its manual line break (vertical tab), a page break, and the other characters XML 1.0
    /// forbids, which once stored broke the Word and Excel exports for everyone (issue 20).
    public static readonly HostileValue WordPaste = new("Word paste (vertical tab and other XML-forbidden characters)",
        "first line\u000bsecond line\u000cthird\u0001\u0008\u001f\ufffe\uffff\r\nend");

    /// Bytes that are not UTF-8 at all (a lone continuation byte, an overlong slash, 0xFF), sent raw in the body.
    public static readonly HostileValue InvalidUtf8 = new("invalid UTF-8 bytes", null, [0x61, 0xFF, 0xFE, 0xC0, 0xAF, 0x80, 0xC3, 0x28, 0x62]);

    public static readonly HostileValue Word = new("wrong type (word)", "abc");

    public static readonly HostileValue Negative = new("negative number", "-1");

    public static readonly HostileValue Huge = new("huge number", "99999999999999999999999999");

    public static readonly HostileValue FloatOverflow = new("float overflow", "1e309");

    public static readonly HostileValue BadDate = new("impossible date", "2026-02-30");

    public static readonly HostileValue Traversal = new("path traversal", "../../../../etc/passwd");

    public static readonly HostileValue WindowsTraversal = new("Windows path traversal", "..\\..\\..\\windows\\win.ini");

    public static readonly HostileValue Empty = new("empty", "");

    public static readonly HostileValue Whitespace = new("only white space", " \t\r\n \u00a0 ");

    /// Tried on every field: each is stored or reflected somewhere if a form accepts it, so it proves encoding.
    public static readonly HostileValue[] Always = [Script];

    /// Tried on every field after the others, so that where a form accepts it, it is what stays stored when every
    /// page and every export is read back ("store, then render everywhere").
    public static readonly HostileValue[] Last = [WordPaste];

    /// Rotated over the fields, two per field, so every value meets every kind of field across the forms.
    public static readonly HostileValue[] Rotation =
    [
        AttributeBreakout, Sql, Overlong, ControlCharacters, InvalidUtf8, Word, Negative, Huge, MarkdownScriptLink,
        FloatOverflow, BadDate, Traversal, WindowsTraversal, Empty, Whitespace,
    ];

    /// Raw substrings that appear in a page only if one of the values was written into it unencoded.
    public static readonly string[] UnencodedMarkers =
    [
        "<script>alert('hostile')",
        "<img src=x onerror=alert('hostile')",
        "href=\"javascript:alert('hostile')",
        "<b onmouseover=",
    ];

    public static string? UnencodedMarkerIn(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return UnencodedMarkers.FirstOrDefault(m => html.Contains(m, StringComparison.OrdinalIgnoreCase));
    }

    /// Values for a query parameter or route value; the URL forms are already percent-encoded.
    public static readonly (string Label, string Encoded)[] ForUrls =
    [
        ("script tag", Uri.EscapeDataString(Script.Text!)),
        ("attribute breakout", Uri.EscapeDataString(AttributeBreakout.Text!)),
        ("SQL injection", Uri.EscapeDataString(Sql.Text!)),
        ("invalid UTF-8 bytes", "a%FF%FE%C0%AF%C3%28b"),
        ("control characters", "a%00b%01c%1B%7F"),
        ("overlong (4,000 characters)", new string('W', 4_000)),
        ("wrong type (word)", "abc"),
        ("negative number", "-1"),
        ("huge number", "99999999999999999999999999"),
        ("path traversal", "..%2F..%2F..%2Fetc%2Fpasswd"),
        ("empty", ""),
    ];
}
