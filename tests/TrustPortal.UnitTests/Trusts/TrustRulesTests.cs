using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.UnitTests.Trusts;

public sealed class TrustRulesTests
{
    [Theory]
    [InlineData("create-partnership-trust")]
    [InlineData("i2e")]
    public void A_kebab_case_slug_is_accepted(string slug) => Assert.Equal(slug, new Trust(slug, "A Trust").Slug);

    [Theory]
    [InlineData("Create")]
    [InlineData("create--trust")]
    [InlineData("-create")]
    [InlineData("create trust")]
    [InlineData("a")]
    [InlineData("")]
    public void A_malformed_slug_is_refused(string slug) => Assert.Throws<DomainRuleException>(() => new Trust(slug, "A Trust"));

    [Theory]
    [InlineData("admin")]
    [InlineData("account")]
    [InlineData("health")]
    public void A_slug_the_portal_uses_itself_is_refused(string slug)
    {
        var ex = Assert.Throws<DomainRuleException>(() => new Trust(slug, "A Trust"));
        Assert.Contains("portal uses", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trust_needs_a_name() => Assert.Throws<DomainRuleException>(() => new Trust("a-trust", "   "));

    [Fact]
    public void A_name_longer_than_the_limit_is_refused() =>
        Assert.Throws<DomainRuleException>(() => new Trust("a-trust", new string('x', Limits.Name + 1)));

    [Fact]
    public void Values_keep_their_order_and_refuse_duplicates()
    {
        var trust = new Trust("create", "Create Partnership Trust");
        trust.AddValue("Innovation", "We want to be a creative organisation, so we value Innovation.");
        trust.AddValue("Collaboration", null);
        Assert.Equal([1, 2], trust.Values.Select(v => v.Position));
        Assert.Throws<DomainRuleException>(() => trust.AddValue("innovation", null));
    }

    [Theory]
    [InlineData("#1d4f76")]
    [InlineData("#0B0C0C")]
    public void A_brand_colour_that_carries_white_text_is_accepted(string colour)
    {
        var trust = new Trust("a-trust", "A Trust");
        trust.ChangeBrandColour(colour);
        Assert.Equal(colour.ToLowerInvariant(), trust.BrandColour);
    }

    [Theory]
    [InlineData("#ffdd00")] // GOV.UK yellow: 1.3:1 with white
    [InlineData("#00a33b")] // mid green: under 4.5:1
    [InlineData("#777777")] // 4.48:1, just under
    public void A_brand_colour_too_light_for_white_text_is_refused_with_its_ratio(string colour)
    {
        var ex = Assert.Throws<DomainRuleException>(() => new Trust("a-trust", "A Trust").ChangeBrandColour(colour));
        Assert.Contains("4.5:1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("red")]
    [InlineData("#fff")]
    [InlineData("#12345g")]
    [InlineData("#1d4f76;}body{display:none")]
    public void A_brand_colour_that_is_not_a_hex_colour_is_refused(string colour) =>
        Assert.Throws<DomainRuleException>(() => new Trust("a-trust", "A Trust").ChangeBrandColour(colour));

    [Fact]
    public void Contrast_ratio_matches_the_wcag_formula()
    {
        Assert.Equal(21.0, Contrast.Ratio("#000000", "#ffffff"), 2);
        Assert.Equal(1.0, Contrast.Ratio("#1d70b8", "#1d70b8"), 2);
        Assert.Equal(4.48, Contrast.Ratio("#777777", "#ffffff"), 2);
    }

    [Fact]
    public void Messages_need_a_unique_slug()
    {
        var trust = new Trust("a-trust", "A Trust");
        trust.AddMessage("new-year", "Happy New Year", "Mark", null, new DateOnly(2023, 1, 3), "Hello");
        Assert.Throws<DomainRuleException>(() => trust.AddMessage("new-year", "Another", "Mark", null, null, "Hi"));
    }

    [Fact]
    public void A_message_without_a_date_is_not_published()
    {
        var trust = new Trust("a-trust", "A Trust");
        Assert.False(trust.AddMessage("draft", "Draft", "Mark", null, null, "Hello").IsPublished);
        Assert.True(trust.AddMessage("sent", "Sent", "Mark", null, new DateOnly(2024, 1, 1), "Hello").IsPublished);
    }

    [Fact]
    public void Statement_items_keep_title_and_text_apart()
    {
        var list = new Trust("a-trust", "A Trust").AddStatementList(StatementListKind.Strengths, null, "The strengths of this model focus on:", null);
        var item = list.AddItem("Community", "Our aim is ...");
        Assert.Equal("Community", item.Title);
        Assert.Equal("Our aim is ...", item.Text);
        Assert.Throws<DomainRuleException>(() => list.AddItem(null, " "));
    }

    [Theory]
    [InlineData("Strategic Plan 2025 – 2028", "strategic-plan-2025-2028")]
    [InlineData("  Ça va: école!  ", "ca-va-ecole")]
    public void Slugs_are_made_from_titles(string title, string expected) => Assert.Equal(expected, Slugs.From(title));
}
