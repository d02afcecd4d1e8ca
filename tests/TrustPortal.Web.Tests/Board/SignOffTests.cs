using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Board;

[Collection(SharedPortal.Name)]
public sealed class SignOffTests(PortalFactory factory)
{
    private const string Trust = DemoAccounts.TrustSlug;

    [Fact]
    public async Task A_trustee_records_a_board_review_and_it_shows_in_the_plan_history_and_the_next_pack()
    {
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var minute = $"FB/{Guid.NewGuid():N}"[..20];
        using var response = await trustee.PostFormAsync($"/{Trust}/board/sign-off", new Dictionary<string, string>
        {
            ["Form.MeetingDate.Day"] = "3", ["Form.MeetingDate.Month"] = "11", ["Form.MeetingDate.Year"] = "2025", ["Form.MinuteReference"] = minute, ["Form.Comment"] = "Board content with progress.",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var dashboard = await trustee.GetDocumentAsync($"/{Trust}/board");
        Assert.Contains(minute, dashboard.QuerySelector("#plan-history")!.TextContent, StringComparison.Ordinal);
        var pack = await trustee.GetDocumentAsync($"/{Trust}/board/pack");
        Assert.Contains(minute, pack.QuerySelector("#plan-history")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_off_with_a_bad_date_or_no_minute_is_refused_with_the_input_kept()
    {
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var before = await db.BoardSignOffs.CountAsync();
        using var response = await trustee.PostFormAsync($"/{Trust}/board/sign-off", new Dictionary<string, string>
        {
            ["Form.MeetingDate.Day"] = "31", ["Form.MeetingDate.Month"] = "2", ["Form.MeetingDate.Year"] = "2026", ["Form.MinuteReference"] = "", ["Form.Comment"] = "Kept comment",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The meeting date must be a real date", html, StringComparison.Ordinal);
        Assert.Contains("Enter the minute reference.", html, StringComparison.Ordinal);
        Assert.Contains("Kept comment", html, StringComparison.Ordinal);
        Assert.Contains("value=\"31\"", html, StringComparison.Ordinal);

        using var future = await trustee.PostFormAsync($"/{Trust}/board/sign-off", new Dictionary<string, string>
        {
            ["Form.MeetingDate.Day"] = "1", ["Form.MeetingDate.Month"] = "1", ["Form.MeetingDate.Year"] = "2099", ["Form.MinuteReference"] = "M1",
        });
        Assert.Contains("cannot be in the future", await future.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await db.BoardSignOffs.CountAsync());
    }

    [Fact]
    public async Task A_head_cannot_record_a_sign_off()
    {
        var (head, _, _, _) = await factory.SignedInClientAsync(Roles.Headteacher);
        var minute = $"HEAD/{Guid.NewGuid():N}"[..20];
        // The head's own antiforgery token (from a page they may see), so only authorisation can refuse the post.
        using var response = await head.PostFormAsync($"/{Trust}/board/sign-off", new Dictionary<string, string>
        {
            ["Form.MeetingDate.Day"] = "1", ["Form.MeetingDate.Month"] = "1", ["Form.MeetingDate.Year"] = "2026", ["Form.MinuteReference"] = minute,
        }, "/me");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var scope = factory.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().BoardSignOffs.AnyAsync(s => s.MinuteReference == minute));
    }
}

[Collection(SharedPortal.Name)]
public sealed class BoardNavigationTests(PortalFactory factory)
{
    [Fact]
    public async Task Trustees_see_the_board_and_challenges_in_the_trust_menu_heads_only_challenges_and_staff_neither()
    {
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var (head, _, _, _) = await factory.SignedInClientAsync(Roles.Headteacher);
        var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        const string page = "/" + DemoAccounts.TrustSlug + "/staff";
        static List<string> Menu(AngleSharp.Dom.IDocument d) => d.QuerySelectorAll("#navigation a").Select(a => a.TextContent.Trim()).ToList();

        Assert.Contains("Board dashboard", Menu(await trustee.GetDocumentAsync(page)));
        Assert.Contains("Challenges", Menu(await trustee.GetDocumentAsync(page)));
        var headMenu = Menu(await head.GetDocumentAsync(page));
        Assert.DoesNotContain("Board dashboard", headMenu);
        Assert.Contains("Challenges", headMenu);
        var staffMenu = Menu(await staff.GetDocumentAsync(page));
        Assert.DoesNotContain("Board dashboard", staffMenu);
        Assert.DoesNotContain("Challenges", staffMenu);
    }
}
