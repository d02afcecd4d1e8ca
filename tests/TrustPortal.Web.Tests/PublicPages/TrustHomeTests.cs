using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Seeding;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.Progress;

namespace TrustPortal.Web.Tests.PublicPages;

/// The trust's home page: the vision in a sentence, the values, the latest CEO message, the plan's aims at a glance;
/// for the trust's signed-in people also trust-wide progress and their own school.
[Collection(SharedPortal.Name)]
public sealed class TrustHomeTests(PortalFactory factory)
{
    private const string Trust = DemoAccounts.TrustSlug;

    [Fact]
    public async Task The_demo_trusts_home_shows_its_vision_values_latest_message_and_aims_to_anyone()
    {
        var page = await factory.CreateSecureClient().GetDocumentAsync($"/{Trust}");
        var text = page.MainText();
        Assert.Contains("Our vision Every child and every adult in our schools steps into their greatness", text, StringComparison.Ordinal);
        Assert.Equal(["Ambition", "Kindness", "Collaboration", "Integrity"], page.QuerySelectorAll(".app-home-values li strong").Select(s => s.TextContent.Trim()).Take(4)); // other tests may add more
        Assert.Contains("Latest message from the CEO Welcome to our Strategic Plan 2025 – 2028 From Sam Porter, Chief Executive Officer, 1 September 2025", text, StringComparison.Ordinal);
        var aims = page.QuerySelectorAll(".app-home-aim").Select(a => Pages.Collapse(a.TextContent)).ToList();
        Assert.Equal(7, aims.Count);
        Assert.StartsWith("Aim 1: achieving the highest outcomes", aims[0], StringComparison.Ordinal);
        // Invented content is marked as such on the page.
        Assert.Contains("The vision, the values and the CEO's message (its author, date and words) are example data", text, StringComparison.Ordinal);
        // Progress and "my school" are for the trust's own people.
        Assert.Empty(page.QuerySelectorAll(".app-home-aim__progress"));
        Assert.Empty(page.QuerySelectorAll(".app-home-my-schools"));
    }

    [Fact]
    public async Task A_member_sees_trust_wide_progress_from_submitted_returns_and_their_own_school()
    {
        int schoolId;
        string schoolName;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var trustId = await db.Trusts.Where(t => t.Slug == Trust).Select(t => t.Id).SingleAsync();
            var school = await db.Schools.AsNoTracking().Where(s => s.TrustId == trustId && !s.IsArchived).OrderBy(s => s.Urn).Select(s => new { s.Id, s.Name }).FirstAsync();
            (schoolId, schoolName) = (school.Id, school.Name);
        }
        var (client, _, _, _) = await factory.HeadOfAsync(Trust, schoolId);
        var page = await client.GetDocumentAsync($"/{Trust}");
        Assert.Equal([schoolName], page.QuerySelectorAll(".app-home-my-schools a").Select(a => a.TextContent.Trim()));
        Assert.Matches(@"from the \d+ returns? submitted for [A-Z][a-z]+ \d{4}", page.QuerySelector("#home-progress-note")!.TextContent);
        var lines = page.QuerySelectorAll(".app-home-aim__progress").Select(p => Pages.Collapse(p.TextContent)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches(@"^\d+ of \d+ on track or achieved", l));
    }

    [Fact]
    public void The_vision_in_a_sentence_is_the_trusts_own_first_paragraph_or_its_first_sentence()
    {
        Assert.Equal("We grow together.", Web.Features.Trusts.TrustHomeReader.VisionInASentence("We grow together.\n\nMore words follow here."));
        var longParagraph = "Our vision is for every child to thrive. " + new string('x', 300);
        Assert.Equal("Our vision is for every child to thrive.", Web.Features.Trusts.TrustHomeReader.VisionInASentence(longParagraph));
    }
}
