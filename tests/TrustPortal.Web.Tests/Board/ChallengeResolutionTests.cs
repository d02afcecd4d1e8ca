using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Board;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Board;

/// Who closes, reopens and answers a challenge over HTTP: any trustee or administrator of the trust may resolve or
/// reopen (Challenge.Resolve with mayResolveAny for the board); heads may not; an administrator answers for the school.
[Collection(SharedPortal.Name)]
public sealed class ChallengeResolutionTests(PortalFactory factory)
{
    private const string Trust = DemoAccounts.TrustSlug;

    private async Task<int> FirstUrnAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await factory.TrustIdAsync();
        return await db.Schools.Where(s => s.TrustId == trustId && !s.IsArchived).OrderBy(s => s.Urn).Select(s => s.Urn).FirstAsync();
    }

    private async Task<int> RaiseAsync(HttpClient trustee, string question)
    {
        using var response = await trustee.PostFormAsync($"/{Trust}/challenges/new", new Dictionary<string, string>
        {
            ["Form.SchoolUrn"] = (await FirstUrnAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.AimNumber"] = "1", ["Form.Question"] = question,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<Challenge> LoadAsync(int id)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Challenges.AsNoTracking().Include(c => c.Messages).SingleAsync(c => c.Id == id);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, int id, string action) =>
        client.PostFormAsync($"/{Trust}/challenges/{id}/{action}", new Dictionary<string, string>(), $"/{Trust}/challenges/{id}");

    [Fact]
    public async Task Another_trustee_may_resolve_a_challenge_they_did_not_raise()
    {
        var (raiser, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var (colleague, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var id = await RaiseAsync(raiser, $"Is the reading catch-up working? {Guid.NewGuid():N}");

        var page = await colleague.GetDocumentAsync($"/{Trust}/challenges/{id}");
        Assert.NotNull(page.QuerySelector($"form[action='/{Trust}/challenges/{id}/resolve']"));
        using (var response = await PostAsync(colleague, id, "resolve"))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        var resolved = await LoadAsync(id);
        Assert.Equal(ChallengeStatus.Resolved, resolved.Status);
        Assert.Equal("Test Trustee", resolved.ResolvedBy);
        var shown = await colleague.GetDocumentAsync($"/{Trust}/challenges/{id}");
        Assert.Contains("Challenge marked resolved.", shown.MainText(), StringComparison.Ordinal);
        Assert.Contains("by Test Trustee", shown.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_of_the_school_cannot_resolve_or_reopen_a_challenge_and_nothing_changes()
    {
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var (head, _, _, _) = await factory.SignedInClientAsync(Roles.Headteacher);
        var id = await RaiseAsync(trustee, $"Why did attendance dip? {Guid.NewGuid():N}");
        Assert.Null((await head.GetDocumentAsync($"/{Trust}/challenges/{id}")).QuerySelector($"form[action$='/resolve']"));
        using (var response = await PostAsync(head, id, "resolve"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.Equal(ChallengeStatus.Open, (await LoadAsync(id)).Status);

        using (await PostAsync(trustee, id, "resolve"))
        {
        }
        using (var response = await PostAsync(head, id, "reopen"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.Equal(ChallengeStatus.Resolved, (await LoadAsync(id)).Status);
    }

    [Fact]
    public async Task A_resolved_challenge_is_reopened_answered_again_and_takes_follow_ups()
    {
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var (head, _, _, _) = await factory.SignedInClientAsync(Roles.Headteacher);
        var id = await RaiseAsync(trustee, $"What is the plan for maths? {Guid.NewGuid():N}");
        using (var answer = await head.PostFormAsync($"/{Trust}/challenges/{id}/messages", new Dictionary<string, string> { ["Form.Body"] = "A new scheme from January." }, $"/{Trust}/challenges/{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        }
        using (await PostAsync(trustee, id, "resolve"))
        {
        }
        // Nothing is added to a resolved thread.
        using (var refused = await trustee.PostFormAsync($"/{Trust}/challenges/{id}/messages", new Dictionary<string, string> { ["Form.Body"] = "One more thing" }, $"/{Trust}/challenges/{id}"))
        {
            Assert.Contains("Reopen it to add to the thread", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var reopen = await PostAsync(trustee, id, "reopen"))
        {
            Assert.Equal(HttpStatusCode.Redirect, reopen.StatusCode);
        }
        var reopened = await LoadAsync(id);
        // The last word was the school's, so it is answered again rather than open.
        Assert.Equal((ChallengeStatus.Answered, null, null), (reopened.Status, reopened.ResolvedAt, reopened.ResolvedBy));
        Assert.Contains("Challenge reopened.", (await trustee.GetDocumentAsync($"/{Trust}/challenges/{id}")).MainText(), StringComparison.Ordinal);

        using (var followUp = await trustee.PostFormAsync($"/{Trust}/challenges/{id}/messages", new Dictionary<string, string> { ["Form.Body"] = "How will you measure it?" }, $"/{Trust}/challenges/{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, followUp.StatusCode);
        }
        Assert.Equal(ChallengeStatus.Open, (await LoadAsync(id)).Status);

        // Reopening what is not resolved is refused with the domain's message, not an error page.
        using (var again = await PostAsync(trustee, id, "reopen"))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }
        Assert.Contains("Only a resolved challenge can be reopened.", (await trustee.GetDocumentAsync($"/{Trust}/challenges/{id}")).MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trust_administrator_answers_for_the_school_and_the_trustee_is_told()
    {
        var (trustee, _, trusteeEmail, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var id = await RaiseAsync(trustee, $"Who leads the SEND review? {Guid.NewGuid():N}");
        var sentBefore = factory.Emails.Sent.Count(m => m.To == trusteeEmail);

        using (var answer = await admin.PostFormAsync($"/{Trust}/challenges/{id}/messages", new Dictionary<string, string> { ["Form.Body"] = "The trust's SEND lead, from next week." }, $"/{Trust}/challenges/{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        }
        var answered = await LoadAsync(id);
        Assert.Equal(ChallengeStatus.Answered, answered.Status);
        var message = Assert.Single(answered.Messages);
        Assert.Equal((ChallengeSide.School, "Test TrustAdmin"), (message.Side, message.AuthorName));
        Assert.Equal(sentBefore + 1, factory.Emails.Sent.Count(m => m.To == trusteeEmail && m.Subject.Contains("answered", StringComparison.Ordinal)));
    }
}
