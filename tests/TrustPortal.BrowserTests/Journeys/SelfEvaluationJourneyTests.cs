using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;

namespace TrustPortal.BrowserTests.Journeys;

/// Issue 17's journey: a head completes the school's self-evaluation with an evidence file and submits it; the trust's
/// administrator moderates one area differently; the trust grid shows both judgements and flags the difference. axe on
/// every page reached, screenshots at desktop and phone widths.
[Collection(SharedBrowser.Name)]
public sealed class SelfEvaluationJourneyTests(BrowserPortal portal)
{
    private static readonly string[] Areas =
        ["Inclusion", "Curriculum and teaching", "Achievement", "Attendance and behaviour", "Personal development and well-being", "Leadership and governance", "Early years"];

    [Fact]
    public async Task A_head_self_evaluates_with_a_file_and_submits_then_the_administrator_moderates_and_the_grid_flags_the_difference()
    {
        var school = await JourneyData.SchoolLedByAsync(portal, DemoUsers.Head, "Sandpiper Cove Primary", leftToDo: 0);
        var head = await DemoUsers.SignedInPageAsync(portal, DemoUsers.Head);
        try
        {
            await head.OpenAsync($"/{DemoUsers.Trust}/progress");
            await head.FollowAsync("Self-evaluation", head.Locator("#navigation"));
            await head.ExpectPageAsync("Self-evaluation");
            await head.FollowAsync(school.Name);
            await head.ExpectPageAsync("Self-evaluation");
            await head.ScreenshotsAsync("self-evaluation-school-draft");
            foreach (var area in Areas)
            {
                await head.FollowAsync(area, head.Locator("#areas"));
                await head.ExpectPageAsync(area);
                await head.GetByLabel("Strong standard", new() { Exact = true }).CheckAsync();
                await head.GetByLabel("Reasons", new() { Exact = true }).FillAsync($"{area}: leaders know the school well; visits and data agree.");
                if (area == Areas[0])
                {
                    await head.GetByLabel("Evidence (optional)").FillAsync("Attendance and exclusions by group, autumn term.");
                    await head.GetByLabel("Add an evidence file (optional)").SetInputFilesAsync(new FilePayload
                    {
                        Name = "Inclusion analysis.pdf",
                        MimeType = "application/pdf",
                        Buffer = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[2000]],
                    });
                    await head.GetByLabel("What would move it up (optional)").FillAsync("Pupils with SEND attending as well as their peers.");
                    await head.ScreenshotsAsync("self-evaluation-area-form");
                }
                await head.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
                await head.WaitForURLAsync($"**/self-evaluation/{school.Urn}");
                Assert.Equal($"{area} saved", (await head.Locator("#success-message").InnerTextAsync()).Trim());
            }
            await head.GetByLabel("Met", new() { Exact = true }).CheckAsync();
            await head.GetByRole(AriaRole.Button, new() { Name = "Submit self-evaluation" }).ClickAsync();
            await head.WaitForURLAsync($"**/self-evaluation/{school.Urn}");
            await head.ExpectPageAsync("Self-evaluation");
            Assert.Contains("Submitted by Demo Headteacher", await head.Locator("#state").InnerTextAsync(), StringComparison.Ordinal);
            await head.ScreenshotsAsync("self-evaluation-school-submitted");
        }
        finally
        {
            await head.CloseContextAsync();
        }

        var admin = await DemoUsers.SignedInPageAsync(portal, DemoUsers.TrustAdmin);
        try
        {
            await admin.OpenAsync("/admin");
            // The administration menu's item leads (through /admin/self-evaluation) to the trust's grid.
            await admin.Locator("#admin-navigation").GetByRole(AriaRole.Link, new() { Name = "Self-evaluation", Exact = true }).ClickAsync();
            await admin.WaitForURLAsync($"**/{DemoUsers.Trust}/self-evaluation");
            await admin.ExpectPageAsync("Self-evaluation: the trust's schools");
            await admin.FollowAsync(school.Name);
            await admin.FollowAsync("Inclusion", admin.Locator("#areas"));
            await admin.ExpectPageAsync("Inclusion");
            Assert.Equal(1, await admin.Locator("#files a", new() { HasText = "Inclusion analysis.pdf" }).CountAsync());
            await admin.GetByLabel("Needs attention", new() { Exact = true }).CheckAsync();
            await admin.GetByLabel("Trust's reasons").FillAsync("Persistent absence of pupils with SEND is above the trust's average.");
            await admin.ScreenshotsAsync("self-evaluation-moderation");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Record the trust's judgement" }).ClickAsync();
            await admin.WaitForURLAsync($"**/self-evaluation/{school.Urn}?cycle=*");
            await admin.ExpectPageAsync("Self-evaluation");
            Assert.Contains("they differ", await admin.Locator("#success-message").InnerTextAsync(), StringComparison.Ordinal);

            await admin.FollowAsync("Back to self-evaluation");
            await admin.GetByLabel("Only schools where the trust's judgement differs").CheckAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
            await admin.WaitForURLAsync("**differencesOnly=true*");
            await admin.ExpectPageAsync("Self-evaluation: the trust's schools");
            var row = admin.Locator($"#grid tr[data-urn='{school.Urn}']");
            var inclusion = await row.Locator("td[data-area='inclusion']").InnerTextAsync();
            Assert.Contains("School: Strong standard", inclusion, StringComparison.Ordinal);
            Assert.Contains("Trust: Needs attention", inclusion, StringComparison.Ordinal);
            Assert.Contains("Differs", inclusion, StringComparison.Ordinal);
            await admin.ScreenshotsAsync("self-evaluation-grid");
            await admin.ExpectPageAtPhoneWidthAsync("Self-evaluation: the trust's schools");
        }
        finally
        {
            await admin.CloseContextAsync();
        }
    }

    [Fact]
    public async Task My_actions_overdue_actions_a_new_action_and_the_risk_register_pass_axe_at_desktop_and_phone_widths()
    {
        var admin = await DemoUsers.SignedInPageAsync(portal, DemoUsers.TrustAdmin);
        try
        {
            await admin.OpenAsync("/admin");
            await admin.Locator("#admin-navigation").GetByRole(AriaRole.Link, new() { Name = "Risk register", Exact = true }).ClickAsync();
            await admin.WaitForURLAsync($"**/{DemoUsers.Trust}/risks");
            await admin.ExpectPageAsync("Risk register");
            // The example data has a risk scored 4 × 5 and one past its review date.
            Assert.NotEqual("0", await admin.Locator("#heat-map td[data-likelihood='4'][data-impact='5']").GetAttributeAsync("data-count"));
            Assert.True(await admin.Locator("#risks .app-past-review").CountAsync() >= 1);
            await admin.ScreenshotsAsync("risk-register");
            await admin.ExpectPageAtPhoneWidthAsync("Risk register");
            await admin.FollowAsync("Add a risk");
            await admin.ExpectPageAsync("Add a risk");
            await admin.ExpectPageAtPhoneWidthAsync("Add a risk");

            await admin.FollowAsync("My actions", admin.Locator("#navigation"));
            await admin.ExpectPageAsync("My actions");
            await admin.ExpectPageAtPhoneWidthAsync("My actions");
            await admin.FollowAsync("Overdue actions across the trust");
            await admin.ExpectPageAsync("Overdue actions");
            await admin.OpenAsync($"/{DemoUsers.Trust}/actions/new");
            await admin.ExpectPageAsync("New action");
            await admin.ScreenshotsAsync("action-new");
            await admin.ExpectPageAtPhoneWidthAsync("New action");
        }
        finally
        {
            await admin.CloseContextAsync();
        }
    }
}

internal static class PhoneWidth
{
    /// axe again with the page at a phone's width (375 × 812), then back to the desktop size.
    public static async Task ExpectPageAtPhoneWidthAsync(this IPage page, string heading)
    {
        var size = page.ViewportSize;
        await page.SetViewportSizeAsync(375, 812);
        try
        {
            await page.ExpectPageAsync(heading);
        }
        finally
        {
            await page.SetViewportSizeAsync(size?.Width ?? 1280, size?.Height ?? 900);
        }
    }
}
