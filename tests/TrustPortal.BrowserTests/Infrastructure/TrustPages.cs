using Microsoft.Playwright;

namespace TrustPortal.BrowserTests.Infrastructure;

/// The public pages of one trust as a visitor finds them: the trust menu's sections, then every plan, the
/// first school and the first message listed.
public static class TrustPages
{
    public static async Task<IReadOnlyList<string>> ReachableFromAsync(IPage page, string trust)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.OpenAsync($"/{trust}");
        var sections = await page.HrefsAsync("nav[aria-label='Trust menu'] a");
        Assert.Equal(
            [$"/{trust}", $"/{trust}/vision-and-values", $"/{trust}/plans", $"/{trust}/schools", $"/{trust}/messages"],
            sections);

        var paths = new List<string>(sections);
        await page.OpenAsync($"/{trust}/plans");
        paths.AddRange(await page.HrefsAsync($"main a[href^='/{trust}/plans/']"));
        await page.OpenAsync($"/{trust}/schools");
        paths.AddRange((await page.HrefsAsync($"main a[href^='/{trust}/schools/']")).Take(1));
        await page.OpenAsync($"/{trust}/messages");
        paths.AddRange((await page.HrefsAsync($"main a[href^='/{trust}/messages/']")).Take(1));
        return paths;
    }
}
