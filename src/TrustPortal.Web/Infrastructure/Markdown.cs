using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Caching.Memory;

namespace TrustPortal.Web.Infrastructure;

/// Long text is Markdown. It is rendered by Markdig and then always sanitised: Markdig with raw HTML
/// disabled still emits javascript: links, so the sanitiser is what makes the output safe.
/// Rendering is a pure function of the text, and sanitising is the dearest step of a signed-in page, so results are
/// kept by their source text (bounded by size): a changed text is a new key, so nothing ever needs invalidating.
public sealed class MarkdownRenderer : IDisposable
{
    /// Characters of source plus output kept at most (about 16 MB of strings).
    private const long RenderedLimit = 8_000_000;

    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();
    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();
    private readonly MemoryCache _rendered = new(new MemoryCacheOptions { SizeLimit = RenderedLimit });

    public IHtmlContent Render(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return HtmlString.Empty;
        }
        if (_rendered.TryGetValue(markdown, out HtmlString? known) && known is not null)
        {
            return known;
        }
        var html = Markdig.Markdown.ToHtml(markdown, _pipeline);
        var result = new HtmlString(AddGovukClasses(_sanitizer.Sanitize(html)));
        _rendered.Set(markdown, result, new MemoryCacheEntryOptions
        {
            Size = markdown.Length + result.Value!.Length,
            SlidingExpiration = TimeSpan.FromMinutes(30),
        });
        return result;
    }

    public void Dispose() => _rendered.Dispose();

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
