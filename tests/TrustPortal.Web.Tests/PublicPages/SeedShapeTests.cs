using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.PublicPages;

/// Each trust's page keeps its document's headings and shape: no labels the document did not use, each colon leading
/// into its own list, CARE's aims a plan that can be tracked, Innovate's terms horizons.
[Collection(SharedPortal.Name)]
public sealed class SeedShapeTests(PortalFactory factory)
{
    [Fact]
    public async Task CAREs_vision_is_one_heading_over_its_three_paragraphs_with_no_invented_labels()
    {
        var page = await factory.CreateClient().GetDocumentAsync("/care-foundation-trust/vision-and-values");
        Assert.Equal("Vision", page.QuerySelector("h1")!.TextContent.Trim());
        var headings = page.QuerySelectorAll("main h2, main h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.DoesNotContain("Vision", headings);
        Assert.DoesNotContain("Mission", headings);
        Assert.DoesNotContain("Values", headings);
        var text = page.MainText();
        Assert.DoesNotContain("Why we exist", text, StringComparison.Ordinal);
        Assert.DoesNotContain("What we do", text, StringComparison.Ordinal);
        var paragraphs = page.QuerySelectorAll("main .app-markdown p").Select(p => p.TextContent).ToList();
        Assert.Equal(3, paragraphs.Count);
        Assert.StartsWith("Our vision is for the Trust", paragraphs[0], StringComparison.Ordinal);
        Assert.StartsWith("As a Co-operative Education Trust", paragraphs[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CAREs_aims_and_ambitions_are_a_published_plan_with_its_words_unchanged()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/care-foundation-trust/plans/aims-and-ambitions");
        Assert.Equal("Aims & Ambitions", page.QuerySelector("h1")!.TextContent.Trim());
        var text = page.MainText();
        Assert.Contains("We will:", text, StringComparison.Ordinal);
        Assert.Contains("3 strategic aims with 12 success criteria.", text, StringComparison.Ordinal);
        Assert.Contains("1. Develop outstanding teaching for all our learners.", text, StringComparison.Ordinal);
        Assert.Contains("We will use the Trust to develop and support work designed to:", text, StringComparison.Ordinal);
        Assert.Contains("Deliver high quality and outstanding teaching.", text, StringComparison.Ordinal);
        // The aims are no longer repeated as page text on the vision page.
        var vision = await client.GetDocumentAsync("/care-foundation-trust/vision-and-values");
        Assert.DoesNotContain("Deliver high quality and outstanding teaching.", vision.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Innovates_colons_each_lead_into_their_own_list()
    {
        var page = await factory.CreateClient().GetDocumentAsync("/innovate-2-educate-partnership/vision-and-values");
        var main = page.QuerySelector("main")!;
        // After "The strengths of this model focus on:" the next list is the strengths; after "In our partnership:" the
        // vision statements; after "eager to learn:" the beliefs. Nothing (no heading) sits between a colon and its list.
        AssertLeadsInto(main, "The strengths of this model focus on:", "Community: Our aim is to incorporate");
        AssertLeadsInto(main, "In our partnership:", "The aspirations and needs of children and young people");
        AssertLeadsInto(main, "We want them to be confident and eager to learn:", "We value effort, hard work and positive attitudes.");
        Assert.Empty(main.QuerySelectorAll("h2"));
    }

    [Fact]
    public async Task Innovates_short_medium_and_longer_terms_are_shown_as_horizons_not_numbered_aims()
    {
        var page = await factory.CreateClient().GetDocumentAsync("/innovate-2-educate-partnership/plans/2024-2029");
        var titles = page.QuerySelectorAll(".app-aim__title").Select(h => Pages.Collapse(h.TextContent)).ToList();
        Assert.Equal(["Short Term: First Year", "Medium Term: 2-3 Years", "Longer term: 3-5 Years"], titles);
        Assert.Contains("3 horizons with 17 success criteria.", page.MainText(), StringComparison.Ordinal);
        Assert.DoesNotContain("strategic aims", page.MainText(), StringComparison.Ordinal);
    }

    /// The element holding the lead-in is followed, next in the document, by the list whose first item starts so.
    private static void AssertLeadsInto(AngleSharp.Dom.IElement main, string leadIn, string firstItem)
    {
        var blocks = main.QuerySelectorAll("p, li, h2, h3, ul").ToList();
        var at = blocks.FindIndex(b => b.LocalName == "p" && b.TextContent.TrimEnd().EndsWith(leadIn, StringComparison.Ordinal));
        Assert.True(at >= 0, $"No paragraph ends with \"{leadIn}\"");
        var next = blocks.Skip(at + 1).First(b => b.LocalName is "li" or "h2" or "h3" or "p");
        Assert.True(next.LocalName == "li" && Pages.Collapse(next.TextContent).StartsWith(firstItem, StringComparison.Ordinal),
            $"After \"{leadIn}\" comes <{next.LocalName}> \"{Pages.Collapse(next.TextContent)[..Math.Min(60, Pages.Collapse(next.TextContent).Length)]}\"");
    }
}
