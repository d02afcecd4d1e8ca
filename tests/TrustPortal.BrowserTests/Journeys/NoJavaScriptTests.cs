using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Journeys;

/// Progressive enhancement: every page works with JavaScript turned off.
[Collection(SharedBrowser.Name)]
public sealed class NoJavaScriptTests(BrowserPortal portal)
{
    [Fact]
    public async Task The_staff_journey_works_with_JavaScript_turned_off()
    {
        var page = await portal.NewPageAsync(javaScript: false);
        try
        {
            await StaffJourney.WalkAsync(page);
            Assert.DoesNotContain("js-enabled", await page.Locator("body").GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Theory]
    [InlineData(375, 812)]
    [InlineData(1280, 900)]
    public async Task With_JavaScript_off_the_Menu_button_is_hidden_and_every_trust_menu_link_is_shown(int width, int height)
    {
        var page = await portal.NewPageAsync(width, height, javaScript: false, isMobile: width < 640);
        try
        {
            await page.OpenAsync("/kestrel-ridge-learning-trust/schools");
            Assert.False(await page.Locator(".govuk-service-navigation__toggle").IsVisibleAsync(), "The Menu button shows with JavaScript off; it cannot work.");
            var links = page.Locator("nav[aria-label='Trust menu'] a");
            Assert.Equal(5, await links.CountAsync());
            for (var i = 0; i < 5; i++)
            {
                Assert.True(await links.Nth(i).IsVisibleAsync(), $"Trust menu link {i + 1} is hidden with JavaScript off at {width}px.");
            }
            await page.FollowAsync("Strategic plan", page.Locator("nav[aria-label='Trust menu']"));
            Assert.Equal("Strategic plan", await page.HeadingAsync());
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }
}
