using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace TrustPortal.Web.Tests.Infrastructure;

/// Fetches pages and parses them as a browser would.
public static class Pages
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}.\n{Excerpt(html)}");
        return await Parser.ParseDocumentAsync(html);
    }

    /// The visible text of the page's main content with white space collapsed (non-breaking spaces too).
    public static string MainText(this IDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var main = document.QuerySelector("main") ?? throw new Xunit.Sdk.XunitException("The page has no <main> element.");
        return Collapse(main.TextContent);
    }

    public static string Collapse(string text) =>
        string.Join(' ', text.Replace('\u00a0', ' ').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Excerpt(string html) => html.Length > 1500 ? html[..1500] : html;
}
