using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Board;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Board;

/// The single trustee's sign-off gave way to the board's meetings and decisions (ADR 0153): its history stays visible,
/// read-only, and its form is gone.
[Collection(SharedPortal.Name)]
public sealed class SignOffTests(PortalFactory factory)
{
    private const string Trust = DemoAccounts.TrustSlug;

    [Fact]
    public async Task Earlier_sign_offs_are_listed_read_only_on_the_meetings_page_and_the_old_form_takes_nothing()
    {
        var minute = $"FB/{Guid.NewGuid():N}"[..20];
        int before;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var trustId = await factory.TrustIdAsync();
            var plan = await db.StrategicPlans.Where(p => p.TrustId == trustId).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
            db.BoardSignOffs.Add(new BoardSignOff(trustId, plan, null, new DateOnly(2025, 11, 3), minute, "Board content with progress.", "u", "A Trustee", factory.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
            before = await db.BoardSignOffs.CountAsync();
        }
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var meetings = await trustee.GetDocumentAsync($"/{Trust}/board/meetings");
        Assert.Contains(minute, meetings.QuerySelector("#sign-offs")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Earlier sign-offs", meetings.QuerySelector("#earlier-sign-offs")!.TextContent.Trim());
        Assert.Empty(meetings.QuerySelectorAll("form[action$='sign-off']"));

        using var posted = await trustee.PostFormAsync($"/{Trust}/board/sign-off", new Dictionary<string, string>
        {
            ["Form.MeetingDate.Day"] = "3", ["Form.MeetingDate.Month"] = "11", ["Form.MeetingDate.Year"] = "2025", ["Form.MinuteReference"] = "FB/NEW",
        }, $"/{Trust}/board/meetings");
        Assert.True((int)posted.StatusCode is 400 or 404 or 405, $"POST to the old sign-off form: {(int)posted.StatusCode}");
        using var check = factory.Services.CreateScope();
        Assert.Equal(before, await check.ServiceProvider.GetRequiredService<TrustPortalDbContext>().BoardSignOffs.CountAsync());
    }
}
