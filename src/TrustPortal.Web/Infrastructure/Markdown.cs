using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Html;

namespace TrustPortal.Web.Infrastructure;

/// Long text is Markdown. It is rendered by Markdig and then always sanitised: Markdig with raw HTML
/// disabled still emits javascript: links, so the sanitiser is what makes the output safe.
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();
    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public IHtmlContent Render(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return HtmlString.Empty;
        }
        var html = Markdig.Markdown.ToHtml(markdown, _pipeline);
        return new HtmlString(AddGovukClasses(_sanitizer.Sanitize(html)));
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("img");
        return sanitizer;
    }

    // GOV.UK typography for the few elements Markdown produces; the input is already sanitised and the
    // replacements only touch tag names that carry no attributes.
    private static string AddGovukClasses(string html) => html
        .Replace("<p>", "<p class=\"govuk-body\">", StringComparison.Ordinal)
        .Replace("<ul>", "<ul class=\"govuk-list govuk-list--bullet\">", StringComparison.Ordinal)
        .Replace("<ol>", "<ol class=\"govuk-list govuk-list--number\">", StringComparison.Ordinal)
        .Replace("<h1>", "<h2 class=\"govuk-heading-m\">", StringComparison.Ordinal).Replace("</h1>", "</h2>", StringComparison.Ordinal)
        .Replace("<h2>", "<h3 class=\"govuk-heading-m\">", StringComparison.Ordinal).Replace("</h2>", "</h3>", StringComparison.Ordinal)
        .Replace("<h3>", "<h3 class=\"govuk-heading-s\">", StringComparison.Ordinal)
        .Replace("<a href=", "<a class=\"govuk-link\" href=", StringComparison.Ordinal);
}
