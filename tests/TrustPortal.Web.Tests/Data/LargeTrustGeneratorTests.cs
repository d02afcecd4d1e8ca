using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Seeding;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Data;

[Collection(SharedPortal.Name)]
public sealed class LargeTrustGeneratorTests(PortalFactory factory)
{
    [Fact]
    public async Task A_generated_trust_has_a_real_trusts_public_content_on_its_vision_and_values_page_and_says_it_is_generated()
    {
        var slug = $"generated-{Guid.NewGuid():N}"[..20];
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            await new LargeTrustGenerator(db, factory.Clock).GenerateAsync(slug, "Generated Content Trust", schools: 2, aims: 2, criteriaPerAim: 1, cycles: 1, seed: 3, CancellationToken.None);
        }
        var client = factory.CreateBrowserLikeClient();

        var response = await client.GetAsync(new Uri($"/{slug}/vision-and-values", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        var page = await client.GetDocumentAsync($"/{slug}/vision-and-values");
        var text = page.MainText();
        // Vision and mission (CARE Foundation Trust; its Aims & Ambitions are its plan now, not page text), values with their meanings (Create Partnership
        // Trust), the statement lists (Innovate 2 Educate Partnership).
        Assert.Contains("Our vision is for the Trust to build on and strengthen", text, StringComparison.Ordinal);
        Assert.Contains("will work together to ensure a high", text, StringComparison.Ordinal);
        Assert.Contains("Innovation", text, StringComparison.Ordinal);
        Assert.Contains("We want to be a creative organisation", text, StringComparison.Ordinal);
        Assert.Contains("Integrity", text, StringComparison.Ordinal);
        Assert.Contains("break new ground by creating a locality Multi-Academy Trust", text, StringComparison.Ordinal);
        Assert.True(page.QuerySelectorAll("main li").Length >= 25, $"{page.QuerySelectorAll("main li").Length} list items");
        // About the size of a real trust's page, not the near-empty 4.5 KB of a trust with no content.
        Assert.True(html.Length > 15_000, $"{html.Length} characters");

        // The trust's overview says the data is generated and where its text comes from.
        Assert.Contains(LargeTrustGenerator.DataNotes, (await client.GetDocumentAsync($"/{slug}")).MainText(), StringComparison.Ordinal);
        // The chief executive's message (Create Partnership Trust's) is published on the trust's messages.
        var message = await client.GetDocumentAsync($"/{slug}/messages/happy-new-year-2023");
        Assert.Contains("Happy New Year", message.MainText(), StringComparison.Ordinal);
    }
}
