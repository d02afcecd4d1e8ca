using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.PublicPages;

/// Every substantive line of every seed document appears verbatim on that trust's public pages.
[Collection(SharedPortal.Name)]
public sealed partial class SeedVerbatimTests(PortalFactory factory)
{
    public static TheoryData<string> SeedFiles() => new(Directory.GetFiles(SeedDocuments.Folder(), "*.txt").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public async Task Every_line_of_the_seed_document_is_on_the_trusts_public_pages(string seedFile)
    {
        var slug = TrustSlugFor(seedFile);
        var client = factory.CreateClient();
        var text = await AllPublicTextAsync(client, slug);

        var lines = File.ReadAllLines(Path.Combine(SeedDocuments.Folder(), seedFile));
        var substantive = lines.Select(Normalise).Where(l => l.Length > 0 && !IsWebPageArtefact(l)).ToList();
        var missing = substantive.Where(l => !text.Contains(l, StringComparison.Ordinal)).ToList();

        Assert.True(substantive.Count > 10, $"{seedFile} yielded only {substantive.Count} lines; the seed folder looks wrong.");
        Assert.True(missing.Count == 0, $"{missing.Count} of {substantive.Count} lines of {seedFile} are not on /{slug}'s pages:\n" + string.Join('\n', missing));
    }

    /// The trust's words keep the document's order: on every page that presents the document (all but the home page,
    /// which gathers a digest of several parts), the seed lines it holds appear in the order the document gives them.
    [Theory]
    [MemberData(nameof(SeedFiles))]
    public async Task The_seed_documents_lines_appear_on_each_page_in_the_documents_order(string seedFile)
    {
        var slug = TrustSlugFor(seedFile);
        var client = factory.CreateClient();
        var substantive = File.ReadAllLines(Path.Combine(SeedDocuments.Folder(), seedFile)).Select(Normalise)
            .Where(l => l.Length > 0 && !IsWebPageArtefact(l)).ToList();
        // A line found inside another line of the document ("Strategic Plan" in "Strategic Plan 2025 – 2028") cannot
        // say where it is on the page: the order is checked on the others.
        var placeable = substantive.Where(l => !substantive.Any(o => o != l && o.Contains(l, StringComparison.Ordinal))).ToList();
        var problems = new List<string>();
        foreach (var (url, text) in await PublicPagesAsync(client, slug))
        {
            if (url == $"/{slug}")
            {
                continue;
            }
            var (inOrder, outOfOrder) = OrderOn(text, placeable);
            if (outOfOrder is not null)
            {
                problems.Add($"{url}: after {inOrder} lines in order, \"{outOfOrder}\" comes earlier on the page than in the document");
            }
        }
        Assert.True(problems.Count == 0, $"{seedFile}:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void The_order_check_can_fail()
    {
        Assert.Null(OrderOn("first line. second line. third line.", ["first line.", "second line.", "third line."]).OutOfOrder);
        Assert.Equal("second line.", OrderOn("second line. first line. third line.", ["first line.", "second line.", "third line."]).OutOfOrder);
    }

    /// Walks the page once: each document line the page holds must be found after the one before it.
    private static (int InOrder, string? OutOfOrder) OrderOn(string page, IReadOnlyList<string> lines)
    {
        var cursor = 0;
        var found = 0;
        foreach (var line in lines)
        {
            if (!page.Contains(line, StringComparison.Ordinal))
            {
                continue;
            }
            var at = page.IndexOf(line, cursor, StringComparison.Ordinal);
            if (at < 0)
            {
                return (found, line);
            }
            cursor = at + line.Length;
            found++;
        }
        return (found, null);
    }

    [Fact]
    public async Task A_changed_word_is_caught()
    {
        // The check above must be able to fail: a line that is not in the data is reported missing.
        var text = await AllPublicTextAsync(factory.CreateClient(), TrustSlugFor("000_fed4f2a75cbf371b.txt"));
        Assert.Contains("we value Innovation.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("we value Innovation!", text, StringComparison.Ordinal);
    }

    private string TrustSlugFor(string seedFile)
    {
        var root = factory.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        foreach (var file in Directory.GetFiles(Path.Combine(root, "Data", "Demo", "trusts"), "*.json"))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            if (json.RootElement.GetProperty("source").GetString() == seedFile)
            {
                return json.RootElement.GetProperty("slug").GetString()!;
            }
        }
        throw new Xunit.Sdk.XunitException($"No demo trust file names {seedFile} as its source: the seed would be dropped.");
    }

    /// The main text of every public page of the trust: overview, vision and values, each plan, schools, each message;
    /// without the demo notes, which are the portal's words about the data, not the trust's.
    private static async Task<string> AllPublicTextAsync(HttpClient client, string slug) =>
        string.Join(" \u241e ", (await PublicPagesAsync(client, slug)).Select(p => p.Text));

    private static async Task<List<(string Url, string Text)>> PublicPagesAsync(HttpClient client, string slug)
    {
        var texts = new List<(string, string)>();
        foreach (var url in new[] { $"/{slug}", $"/{slug}/vision-and-values", $"/{slug}/schools" })
        {
            texts.Add((url, TrustText(await client.GetDocumentAsync(url))));
        }
        foreach (var (index, prefix) in new[] { ($"/{slug}/plans", $"/{slug}/plans/"), ($"/{slug}/messages", $"/{slug}/messages/") })
        {
            var list = await client.GetDocumentAsync(index);
            texts.Add((index, TrustText(list)));
            foreach (var href in Links(list, prefix))
            {
                texts.Add((href, TrustText(await client.GetDocumentAsync(href))));
            }
        }
        return texts;
    }

    private static string TrustText(IDocument page)
    {
        foreach (var notes in page.QuerySelectorAll(".app-demo-notes").ToList())
        {
            notes.Remove();
        }
        return page.MainText();
    }

    private static IEnumerable<string> Links(IDocument document, string prefix) =>
        document.QuerySelectorAll("main a[href]").Select(a => a.GetAttribute("href")!).Where(h => h.StartsWith(prefix, StringComparison.Ordinal)).Distinct();

    private static string Normalise(string line)
    {
        var text = Pages.Collapse(line);
        if (text.StartsWith("• ", StringComparison.Ordinal) || text.StartsWith("- ", StringComparison.Ordinal))
        {
            text = text[2..];
        }
        return text.Trim();
    }

    /// Lines that are parts of the web page the document was copied from, not the trust's words.
    private static bool IsWebPageArtefact(string line) => line == "Skip to content ↓" || InfographicAlt().IsMatch(line);

    [GeneratedRegex(@"^Infographic for Strategic Aim \d+$")]
    private static partial Regex InfographicAlt();
}
