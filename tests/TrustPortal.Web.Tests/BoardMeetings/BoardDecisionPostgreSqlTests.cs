using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.BoardMeetings;

/// PostgreSQL retries as SQL Server does (ADR 0130): recording a meeting, then a decision whose actions are made with it
/// and take its id in the same save, works under that strategy.
public sealed class BoardDecisionPostgreSqlTests : IDisposable
{
    private readonly PostgresPortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [PostgresFact]
    public async Task A_meeting_and_a_decision_with_actions_are_recorded_on_PostgreSQL_under_the_retrying_strategy()
    {
        var slug = $"pgmeet-{Guid.NewGuid():N}"[..20];
        using (var scope = _factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            db.Trusts.Add(new Trust(slug, $"Meeting Trust {slug}"));
            await db.SaveChangesAsync();
        }
        var (trustee, _, _, _) = await _factory.SignedInClientAsync(Roles.Trustee, slug);
        var (ownerId, _, _) = await _factory.CreateUserAsync(Roles.Staff, slug);
        var heldOn = DateOnly.FromDateTime(_factory.Clock.GetUtcNow().UtcDateTime).AddDays(-7);
        var due = heldOn.AddDays(60);

        using var recorded = await trustee.PostFormAsync($"/{slug}/board/meetings/new", new Dictionary<string, string>
        {
            ["Form.HeldOn.Day"] = Text(heldOn.Day), ["Form.HeldOn.Month"] = Text(heldOn.Month), ["Form.HeldOn.Year"] = Text(heldOn.Year), ["Form.Kind"] = "FullBoard",
        });
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var meeting = recorded.Headers.Location!.OriginalString;
        using var decided = await trustee.PostFormAsync($"{meeting}/decisions/new", new Dictionary<string, string>
        {
            ["Form.Outcome"] = "AcceptedWithActions", ["Form.MinuteReference"] = "FB/PG/1",
            ["Form.Actions[0].Description"] = "Report on attendance", ["Form.Actions[0].OwnerId"] = ownerId,
            ["Form.Actions[0].DueOn.Day"] = Text(due.Day), ["Form.Actions[0].DueOn.Month"] = Text(due.Month), ["Form.Actions[0].DueOn.Year"] = Text(due.Year),
        });

        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        using var check = _factory.Services.CreateScope();
        var saved = check.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var decision = await saved.BoardDecisions.AsNoTracking().SingleAsync(d => d.MinuteReference == "FB/PG/1");
        Assert.Equal("Report on attendance", (await saved.ImprovementActions.AsNoTracking().SingleAsync(a => a.BoardDecisionId == decision.Id)).Description);
    }

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
