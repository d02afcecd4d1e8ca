using System.Text;

namespace TrustPortal.Domain;

/// The one rule for what text the portal stores (docs/adr/0092): line breaks are LF; Word's manual line break
/// (vertical tab) and the form feed become LF; every other character that XML 1.0 forbids — the C0 controls other
/// than tab, LF and CR, U+FFFE, U+FFFF — is dropped; a lone surrogate (half a character) becomes U+FFFD.
/// What passes can be written to Word, Excel, CSV, e-mail, HTML and every database provider as it is.
public static class StoredText
{
    /// The text as the portal stores it; null stays null. Returns the same instance when nothing changes.
    public static string? Clean(string? value)
    {
        if (value is null || IsClean(value))
        {
            return value;
        }
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\r':
                    text.Append('\n');
                    if (i + 1 < value.Length && value[i + 1] == '\n')
                    {
                        i++;
                    }
                    break;
                case '\v' or '\f':
                    text.Append('\n');
                    break;
                case '\t' or '\n':
                    text.Append(c);
                    break;
                case < ' ' or '\uFFFE' or '\uFFFF':
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        text.Append(c).Append(value[++i]);
                    }
                    else
                    {
                        text.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
                    }
                    break;
            }
        }
        return text.ToString();
    }

    /// True when the text already follows the rule (the common case, checked without allocating).
    public static bool IsClean(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < ' ' && c is not '\t' and not '\n')
            {
                return false;
            }
            if (c is '\uFFFE' or '\uFFFF')
            {
                return false;
            }
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    /// Stored text on one line, for an e-mail subject or a file name: every line break becomes a space.
    public static string SingleLine(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var clean = Clean(value)!;
        return clean.Contains('\n', StringComparison.Ordinal) || clean.Contains('\t', StringComparison.Ordinal)
            ? clean.Replace('\n', ' ').Replace('\t', ' ')
            : clean;
    }
}
