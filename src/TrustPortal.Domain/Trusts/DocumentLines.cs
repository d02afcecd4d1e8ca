using System.Text.RegularExpressions;

namespace TrustPortal.Domain.Trusts;

/// One line of a pasted document, as the trust wrote it: the bullet marker and the spaces around it taken off, and
/// nothing else changed (ADR 0151).
public sealed record SourceLine(int Number, string Text, bool IsBullet);

/// Reads pasted text into its lines, keeping the trust's words exactly: only bullet markers ("•", "-", "*", "–"),
/// surrounding spaces and lines that hold nothing but spaces are taken off.
public static partial class DocumentLines
{
    public static IReadOnlyList<SourceLine> Read(string? text)
    {
        var lines = new List<SourceLine>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return lines;
        }
        var raw = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        for (var i = 0; i < raw.Length; i++)
        {
            var line = raw[i].Trim().Trim('\u00a0').Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var bullet = Bullet().Match(line);
            lines.Add(bullet.Success ? new SourceLine(i + 1, bullet.Groups[1].Value.Trim(), true) : new SourceLine(i + 1, line, false));
        }
        return lines;
    }

    /// What a web page or a word processor adds that is not the trust's text: a skip link, an image's caption.
    public static bool IsPageFurniture(string text) =>
        text.StartsWith("Skip to content", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("Skip to main content", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("Infographic for ", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("Image: ", StringComparison.OrdinalIgnoreCase);

    /// Short, unpunctuated at its end, few words: how a heading looks in pasted text.
    public static bool LooksLikeHeading(SourceLine line) =>
        !line.IsBullet
        && line.Text.Length <= 90
        && line.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 12
        && !".:;,!?".Contains(line.Text[^1], StringComparison.Ordinal)
        && !NumberedLine().IsMatch(line.Text);

    /// "1. achieving the highest outcomes": a number, a full stop or bracket, then words.
    public static Match Numbered(string text) => NumberedLine().Match(text);

    [GeneratedRegex(@"^[•\-\*–·▪◦]\s+(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^(\d{1,2})[.)]\s+(\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedLine();
}
