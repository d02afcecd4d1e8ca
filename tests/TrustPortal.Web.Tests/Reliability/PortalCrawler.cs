using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace TrustPortal.Web.Tests.Reliability;

/// One field of a form as the page offered it.
public sealed record FormField(string Name, string Kind, string Value, bool Sent);

/// A POST form found on a page: where it posts, how, and the fields a browser would send untouched.
public sealed record FoundForm(string Page, string Action, bool Multipart, IReadOnlyList<FormField> Fields)
{
    /// The form's identity across pages: its action with ids blanked, and its field names.
    public string Shape => PortalCrawler.ShapeOf(Action) + " [" + string.Join(",", Fields.Select(f => f.Name).Distinct().Order(StringComparer.Ordinal)) + "]";

    public override string ToString() => $"form posting to {Action} (on {Page})";
}

/// Follows the portal's own links from a few start pages as a signed-in person would, bounded in pages and in
/// pages per address shape, and records every page, every POST form and every query parameter it saw.
public sealed partial class PortalCrawler(HttpClient client, int maxPages, int perShape, Func<string, bool> skip)
{
    private static readonly HtmlParser Parser = new();

    public Dictionary<string, string> Pages { get; } = new(StringComparer.Ordinal);

    public List<FoundForm> Forms { get; } = [];

    /// Query parameters seen in links: (path, parameter) → one example value.
    public Dictionary<(string Path, string Param), string> QueryParameters { get; } = [];

    public List<string> Problems { get; } = [];

    /// Addresses that answered 200 with something other than a page: exports, evidence files, logos.
    public HashSet<string> Downloads { get; } = new(StringComparer.Ordinal);

    /// Links that answered with a redirect to a page of the portal (e.g. /admin/risks to the trust's register).
    public HashSet<string> Redirects { get; } = new(StringComparer.Ordinal);

    public async Task CrawlAsync(params string[] starts)
    {
        var queue = new Queue<string>(starts);
        var shapes = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(starts, StringComparer.Ordinal);
        while (queue.Count > 0 && Pages.Count < maxPages)
        {
            var url = queue.Dequeue();
            var shape = ShapeOf(url);
            shapes[shape] = shapes.GetValueOrDefault(shape) + 1;
            if (shapes[shape] > perShape)
            {
                continue;
            }
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            if ((int)response.StatusCode >= 500)
            {
                Problems.Add($"GET {url} answered {(int)response.StatusCode}");
                continue;
            }
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location
                && Local(location.OriginalString, url) is { } target)
            {
                // e.g. a headteacher's progress page goes straight to their school; the link was reached all the same.
                Redirects.Add(url);
                if (!skip(target) && seen.Add(target))
                {
                    queue.Enqueue(target);
                }
                continue;
            }
            if (response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                Downloads.Add(url);
                continue;
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                continue;
            }
            var html = await response.Content.ReadAsStringAsync();
            Pages[url] = html;
            var doc = await Parser.ParseDocumentAsync(html);
            foreach (var link in doc.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (Local(link, url) is not { } next || skip(next))
                {
                    continue;
                }
                RecordQuery(next);
                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
            foreach (var form in doc.QuerySelectorAll("form").OfType<IHtmlFormElement>())
            {
                if (string.Equals(form.Method, "get", StringComparison.OrdinalIgnoreCase))
                {
                    // A GET form is a filter: its fields are query parameters of its action.
                    var action = Local(form.GetAttribute("action") is { Length: > 0 } a ? a : url, url) ?? url;
                    foreach (var field in Fields(form).Where(f => f.Kind != "submit"))
                    {
                        QueryParameters.TryAdd((PathOf(action), field.Name), field.Value);
                    }
                    continue;
                }
                var postTo = Local(form.GetAttribute("action") is { Length: > 0 } p ? p : url, url);
                if (postTo is null || skip(postTo))
                {
                    continue;
                }
                Forms.Add(new FoundForm(url, postTo, string.Equals(form.Enctype, "multipart/form-data", StringComparison.OrdinalIgnoreCase), Fields(form)));
            }
        }
    }

    /// The form's fields as a browser would send them without anyone touching it (Sent), and every other named field.
    public static List<FormField> Fields(IHtmlFormElement form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var fields = new List<FormField>();
        var firstSubmit = true;
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            var isSubmit = element is IHtmlButtonElement { Type: null or "submit" or "" } or IHtmlInputElement { Type: "submit" or "image" };
            if (isSubmit)
            {
                // Enter presses the first submit button in the form; its name and value go with the form only if it has a name.
                if (!string.IsNullOrEmpty(name))
                {
                    fields.Add(new FormField(name, "submit", element.GetAttribute("value") ?? "", firstSubmit));
                }
                firstSubmit = false;
                continue;
            }
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }
            switch (element)
            {
                case IHtmlTextAreaElement area:
                    fields.Add(new FormField(name, "textarea", area.Value, true));
                    break;
                case IHtmlSelectElement select:
                    var chosen = select.Options.FirstOrDefault(o => o.IsSelected) ?? (select.Options.Length > 0 ? select.Options[0] : null);
                    fields.Add(new FormField(name, "select", chosen?.Value ?? "", true));
                    break;
                case IHtmlInputElement input:
                    var type = (input.Type ?? "text").ToLowerInvariant();
                    var value = input.GetAttribute("value") ?? (type is "checkbox" or "radio" ? "on" : "");
                    var sent = type switch
                    {
                        "checkbox" or "radio" => input.IsChecked,
                        "file" or "button" or "reset" => false,
                        _ => true,
                    };
                    fields.Add(new FormField(name, type, value, sent));
                    break;
            }
        }
        return fields;
    }

    private void RecordQuery(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        if (q < 0)
        {
            return;
        }
        foreach (var pair in url[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            QueryParameters.TryAdd((PathOf(url), name), eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]));
        }
    }

    /// The path and query of a link that stays inside the portal, or null for anything else.
    public static string? Local(string href, string from)
    {
        ArgumentNullException.ThrowIfNull(href);
        if (href.StartsWith('#') || href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var baseUri = new Uri(new Uri("https://localhost"), from);
        if (!Uri.TryCreate(baseUri, href, out var target) || target.Host != "localhost" || target.Scheme != "https")
        {
            return null;
        }
        var local = target.PathAndQuery;
        return local.StartsWith("/lib/", StringComparison.Ordinal) || local.StartsWith("/css/", StringComparison.Ordinal)
            || local.StartsWith("/js/", StringComparison.Ordinal) || local.StartsWith("/assets/", StringComparison.Ordinal) ? null : local;
    }

    public static string PathOf(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var q = url.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? url : url[..q];
    }

    /// The address with every number replaced, so /schools/12 and /schools/13 count as one kind of page.
    public static string ShapeOf(string url) => Digits().Replace(PathOf(url), "/#");

    [GeneratedRegex("/[0-9]+(?=/|$)")]
    private static partial Regex Digits();
}
