using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace TrustPortal.Web.Features.BoardPack;

public enum BlockKind
{
    Heading,
    Paragraph,
    Bullet,
    Numbered,
}

/// A block of the executive summary as plain text, for the formats that are not HTML (Word, PDF): headings,
/// paragraphs and list items in the writer's order; emphasis and links become their text. Raw HTML is dropped.
public sealed record TextBlock(BlockKind Kind, string Text, int Number = 0);

public static class MarkdownBlocks
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static IReadOnlyList<TextBlock> From(string? markdown)
    {
        var blocks = new List<TextBlock>();
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return blocks;
        }
        Walk(Markdown.Parse(markdown, Pipeline), blocks);
        return blocks;
    }

    private static void Walk(ContainerBlock container, List<TextBlock> blocks)
    {
        foreach (var block in container)
        {
            switch (block)
            {
                case HeadingBlock h:
                    blocks.Add(new TextBlock(BlockKind.Heading, Inline(h.Inline)));
                    break;
                case ParagraphBlock p:
                    blocks.Add(new TextBlock(BlockKind.Paragraph, Inline(p.Inline)));
                    break;
                case ListBlock list:
                    var n = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        var text = string.Join(" ", item.OfType<LeafBlock>().Select(l => Inline(l.Inline)));
                        blocks.Add(list.IsOrdered ? new TextBlock(BlockKind.Numbered, text, n++) : new TextBlock(BlockKind.Bullet, text));
                    }
                    break;
                case ContainerBlock inner:
                    Walk(inner, blocks);
                    break;
                case LeafBlock leaf when leaf.Lines.Count > 0:
                    blocks.Add(new TextBlock(BlockKind.Paragraph, leaf.Lines.ToString()));
                    break;
                default:
                    break;
            }
        }
    }

    private static string Inline(ContainerInline? inline)
    {
        var text = new StringBuilder();
        if (inline is null)
        {
            return "";
        }
        foreach (var child in inline.Descendants())
        {
            switch (child)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
                default:
                    break;
            }
        }
        return text.ToString().Trim();
    }
}
