using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Journeys;

/// A member of staff on the public pages, clicking links as a person would.
[Collection(SharedBrowser.Name)]
public sealed class StaffJourneyTests(BrowserPortal portal)
{
    [Fact]
    public async Task A_member_of_staff_reads_the_vision_and_values_the_strategic_plan_a_school_and_a_CEO_message()
    {
        var page = await portal.NewPageAsync();
        try
        {
            await StaffJourney.WalkAsync(page);
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Fact]
    public async Task A_member_of_staff_signs_in_from_the_header_and_lands_on_the_trust_home_page()
    {
        var page = await portal.NewPageAsync();
        try
        {
            await page.OpenAsync("/");
            await page.FollowAsync("Sign in", page.GetByRole(AriaRole.Banner));
            await page.ExpectPageAsync("Sign in");
            await page.GetByLabel("E-mail address").FillAsync("staff@demo.trustportal.test");
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DemoUsers.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync($"**/{DemoUsers.Trust}", new() { WaitUntil = WaitUntilState.Load });
            await page.ExpectPageAsync("Kestrel Ridge Learning Trust");
            Assert.True(await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).IsVisibleAsync());
            await page.ScreenshotsAsync("landing-staff");
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    [Fact]
    public async Task A_member_of_staff_walks_the_same_journey_with_the_keyboard_only()
    {
        var page = await portal.NewPageAsync();
        try
        {
            await StaffJourney.WalkAsync(page, keyboardOnly: true);
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }
}

/// The staff journey, shared by the JavaScript-on and JavaScript-off tests.
public static class StaffJourney
{
    public static async Task WalkAsync(IPage page, bool keyboardOnly = false)
    {
        Task Follow(string link, ILocator? within = null) =>
            keyboardOnly ? page.FollowByKeyboardAsync(link, within) : page.FollowAsync(link, within);

        var trustMenu = page.GetByRole(AriaRole.Navigation, new() { Name = "Trust menu" });

        await page.OpenAsync("/");
        Assert.Equal("Our trusts", await page.HeadingAsync());

        await Follow("Create Partnership Trust");
        Assert.Equal("Create Partnership Trust", await page.HeadingAsync());
        Assert.EndsWith("/create-partnership-trust", page.Url, StringComparison.Ordinal);

        await Follow("Vision and values");
        Assert.Equal("Vision and values", await page.HeadingAsync());
        Assert.Equal(["Innovation", "Collaboration", "Aspiration", "Integrity"], await page.Locator(".app-value-card__name").AllInnerTextsAsync());

        await Follow("Messages", trustMenu);
        Assert.Equal("Messages from the CEO", await page.HeadingAsync());
        await Follow("Happy New Year");
        Assert.Equal("Happy New Year", await page.HeadingAsync());
        Assert.Equal("Messages", (await page.Locator("[aria-current=page]").InnerTextAsync()).Trim());

        // Another trust, for its strategic plan: back to all trusts by the footer link.
        await Follow("All trusts", page.Locator("footer"));
        await Follow("Kestrel Ridge Learning Trust");
        await Follow("Strategic plan", trustMenu);
        Assert.Equal("Strategic plan", await page.HeadingAsync());
        await Follow("Strategic Plan 2025 – 2028");
        Assert.Equal("Strategic Plan 2025 – 2028", await page.HeadingAsync());
        Assert.Equal(7, await page.Locator(".app-aim").CountAsync());

        await Follow("Schools", trustMenu);
        Assert.Equal("Our schools", await page.HeadingAsync());
        await Follow("Larchfield Primary Academy");
        Assert.Equal("Larchfield Primary Academy", await page.HeadingAsync());
        Assert.Equal("Schools", (await page.Locator("[aria-current=page]").InnerTextAsync()).Trim());
    }
}
