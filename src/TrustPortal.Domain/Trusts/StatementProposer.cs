using System.Text;

namespace TrustPortal.Domain.Trusts;

/// What the portal makes of one line of the trust's vision and values document.
public enum StatementLineRole
{
    /// Not shown: page furniture, or what the administrator chose to leave out.
    LeftOut = 0,
    /// The title of the whole document: the heading of the trust's vision and values page.
    Title = 1,
    /// A heading of the document: starts a section under that heading.
    Heading = 2,
    /// Text: a paragraph, or a bullet point when the document has one.
    Text = 3,
}

/// <param name="Heading">The document's own heading, never a word of the portal's.</param>
/// <param name="Body">The lines under it as Markdown: each line a paragraph, bullet points kept as a list.</param>
public sealed record ProposedSection(string Heading, string Body, IReadOnlyList<SourceLine> Lines);

/// The trust's vision and values page as the document gives it, in the document's order: the title, what comes before
/// the first heading (the introduction), then one section per heading.
public sealed record StatementDocument(string? Title, string? Introduction, IReadOnlyList<SourceLine> IntroductionLines,
    IReadOnlyList<ProposedSection> Sections, IReadOnlyList<SourceLine> LeftOut);

/// Proposes the structure of a pasted vision and values document (ADR 0151): which lines are headings, which are the
/// text under them, which are not the trust's words at all. It never rewords, relabels or reorders: each heading stays
/// the trust's own and each section keeps its place; the administrator corrects a line's role, never its text.
public static class StatementProposer
{
    public static IReadOnlyList<StatementLineRole> Propose(IReadOnlyList<SourceLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var roles = new StatementLineRole[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (DocumentLines.IsPageFurniture(line.Text))
            {
                roles[i] = StatementLineRole.LeftOut;
            }
            else if (i == 0 && DocumentLines.LooksLikeHeading(line) && lines.Count > 1 && DocumentLines.LooksLikeHeading(lines[1]))
            {
                // "Vision, Principles and Values" straight above "Key principles": the document's title.
                roles[i] = StatementLineRole.Title;
            }
            else if (DocumentLines.LooksLikeHeading(line) && HasContentBelow(lines, i))
            {
                roles[i] = StatementLineRole.Heading;
            }
            else
            {
                roles[i] = StatementLineRole.Text;
            }
        }
        return roles;
    }

    /// A heading has text of substance under it before the next heading-like line: a bullet point or a sentence.
    /// ("Best regards" above "Mark" does not.)
    private static bool HasContentBelow(IReadOnlyList<SourceLine> lines, int index)
    {
        for (var j = index + 1; j < lines.Count; j++)
        {
            if (lines[j].IsBullet || lines[j].Text.Length > 60)
            {
                return true;
            }
            if (DocumentLines.LooksLikeHeading(lines[j]))
            {
                return false;
            }
        }
        return false;
    }

    public static StatementDocument Build(IReadOnlyList<SourceLine> lines, IReadOnlyList<StatementLineRole> roles)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(roles);
        string? title = null;
        var leftOut = new List<SourceLine>();
        var introduction = new List<SourceLine>();
        var sections = new List<(string Heading, List<SourceLine> Lines)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var role = i < roles.Count ? roles[i] : StatementLineRole.Text;
            switch (role)
            {
                case StatementLineRole.LeftOut:
                    leftOut.Add(lines[i]);
                    break;
                case StatementLineRole.Title when title is null:
                    title = lines[i].Text;
                    break;
                case StatementLineRole.Heading or StatementLineRole.Title:
                    sections.Add((lines[i].Text, []));
                    break;
                default:
                    (sections.Count == 0 ? introduction : sections[^1].Lines).Add(lines[i]);
                    break;
            }
        }
        // A heading with nothing under it (two headings in a row) stays where it is, as a line at the end of what
        // comes before it, so no words move.
        var kept = new List<(string Heading, List<SourceLine> Lines)>();
        foreach (var (heading, body) in sections)
        {
            if (body.Count == 0)
            {
                (kept.Count == 0 ? introduction : kept[^1].Lines).Add(new SourceLine(0, heading, false));
                continue;
            }
            kept.Add((heading, body));
        }
        var built = kept.Select(s => new ProposedSection(s.Heading, Markdown(s.Lines), s.Lines)).ToList();
        return new StatementDocument(title, introduction.Count == 0 ? null : Markdown(introduction), introduction, built, leftOut);
    }

    /// Puts the document on the trust: its title, introduction and sections (what was there before is replaced).
    public static void ApplyTo(Trust trust, StatementDocument document)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(document);
        trust.SetAboutTitle(document.Title);
        trust.SetStatements(document.Introduction, trust.Vision, trust.Mission, trust.ValuesIntroduction);
        trust.ReplaceSections(document.Sections.Select(s => (s.Heading, s.Body)));
    }

    /// What a section looks like to the portal, from the words of its own heading; shown beside the proposal only.
    public static string? LooksLike(string heading)
    {
        ArgumentNullException.ThrowIfNull(heading);
        var h = heading.ToLowerInvariant();
        return h.Contains("vision", StringComparison.Ordinal) && h.Contains("value", StringComparison.Ordinal) ? "your vision and values"
            : h.Contains("vision", StringComparison.Ordinal) ? "your vision"
            : h.Contains("mission", StringComparison.Ordinal) ? "your mission"
            : h.Contains("value", StringComparison.Ordinal) ? "your values"
            : h.Contains("principle", StringComparison.Ordinal) ? "your principles"
            : h.Contains("aim", StringComparison.Ordinal) || h.Contains("ambition", StringComparison.Ordinal) ? "your aims"
            : null;
    }

    /// Each line a paragraph, runs of bullet points a list; the trust's characters escaped so Markdown shows them as typed.
    public static string Markdown(IEnumerable<SourceLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder();
        var previousBullet = false;
        foreach (var line in lines)
        {
            if (text.Length > 0)
            {
                text.Append(line.IsBullet && previousBullet ? "\n" : "\n\n");
            }
            text.Append(line.IsBullet ? "- " : "").Append(MarkdownText.Escape(line.Text));
            previousBullet = line.IsBullet;
        }
        return text.ToString();
    }
}

/// Text the trust typed, written so that Markdown shows it exactly as typed.
public static class MarkdownText
{
    private const string Special = "\\`*_[]<>|~";

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (Special.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        var result = escaped.ToString();
        if (result.Length > 0 && "#+-=".Contains(result[0], StringComparison.Ordinal))
        {
            result = "\\" + result;
        }
        var numbered = DocumentLines.Numbered(result);
        if (numbered.Success)
        {
            // "1. achieving…" would become an ordered list: keep the number as typed.
            var number = numbered.Groups[1].Value;
            result = number + "\\" + result[number.Length..];
        }
        return result;
    }

    /// The plain text again: the inverse of Escape, for checks that the words are the trust's.
    public static string Unescape(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var plain = new StringBuilder(markdown.Length);
        for (var i = 0; i < markdown.Length; i++)
        {
            if (markdown[i] == '\\' && i + 1 < markdown.Length && char.IsAsciiLetterOrDigit(markdown[i + 1]) is false && markdown[i + 1] > ' ')
            {
                i++;
            }
            plain.Append(markdown[i]);
        }
        return plain.ToString();
    }
}
