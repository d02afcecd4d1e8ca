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

    /// The main text of every public page of the trust: overview, vision and values, each plan, schools, each message.
    private static async Task<string> AllPublicTextAsync(HttpClient client, string slug)
    {
        var texts = new List<string>();
        foreach (var url in new[] { $"/{slug}", $"/{slug}/vision-and-values", $"/{slug}/schools" })
        {
            texts.Add((await client.GetDocumentAsync(url)).MainText());
        }
        foreach (var (index, prefix) in new[] { ($"/{slug}/plans", $"/{slug}/plans/"), ($"/{slug}/messages", $"/{slug}/messages/") })
        {
            var list = await client.GetDocumentAsync(index);
            texts.Add(list.MainText());
            foreach (var href in Links(list, prefix))
            {
                texts.Add((await client.GetDocumentAsync(href)).MainText());
            }
        }
        return string.Join(" \u241e ", texts);
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
