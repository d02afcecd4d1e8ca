using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Board;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Board;

[Collection(SharedPortal.Name)]
public sealed class ChallengeTests(PortalFactory factory)
{
    private const string Trust = DemoAccounts.TrustSlug;

    private async Task<(int Urn, int SecondSchoolId)> SchoolsAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await factory.TrustIdAsync();
        var schools = await db.Schools.Where(s => s.TrustId == trustId && !s.IsArchived).OrderBy(s => s.Urn).Select(s => new { s.Id, s.Urn }).Take(2).ToListAsync();
        return (schools[0].Urn, schools[1].Id);
    }

    private static async Task<int> RaiseAsync(HttpClient trustee, int urn, string question)
    {
        using var response = await trustee.PostFormAsync($"/{Trust}/challenges/new",
            new Dictionary<string, string> { ["Form.SchoolUrn"] = urn.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.AimNumber"] = "1", ["Form.Question"] = question });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<Challenge> LoadAsync(int id)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Challenges.AsNoTracking().Include(c => c.Messages).SingleAsync(c => c.Id == id);
    }

    [Fact]
    public async Task A_challenge_is_raised_emailed_to_the_head_answered_and_resolved_and_shows_on_the_dashboard_while_open()
    {
        var (urn, _) = await SchoolsAsync();
        var (head, _, headEmail, _) = await factory.SignedInClientAsync(Roles.Headteacher);
        var (trustee, _, trusteeEmail, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var question = $"How will persistent absence fall this term? {Guid.NewGuid():N}";

        var id = await RaiseAsync(trustee, urn, question);
        Assert.Contains(factory.Emails.Sent, m => m.To == headEmail && m.Body.Contains($"/{Trust}/challenges/{id}", StringComparison.Ordinal));

        var dashboard = await trustee.GetDocumentAsync($"/{Trust}/board");
        Assert.Contains(question, dashboard.QuerySelector("#open-challenges")!.TextContent, StringComparison.Ordinal);
        var headList = await head.GetDocumentAsync($"/{Trust}/challenges");
        Assert.Contains(question, headList.MainText(), StringComparison.Ordinal);

        using (var answer = await head.PostFormAsync($"/{Trust}/challenges/{id}/messages", new Dictionary<string, string> { ["Form.Body"] = "Daily calls home and a mentor for each pupil." }, $"/{Trust}/challenges/{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        }
        Assert.Equal(ChallengeStatus.Answered, (await LoadAsync(id)).Status);
        Assert.Contains(factory.Emails.Sent, m => m.To == trusteeEmail && m.Subject.Contains("answered", StringComparison.Ordinal));

        using (var resolve = await trustee.PostFormAsync($"/{Trust}/challenges/{id}/resolve", new Dictionary<string, string>(), $"/{Trust}/challenges/{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, resolve.StatusCode);
        }
        var resolved = await LoadAsync(id);
        Assert.Equal(ChallengeStatus.Resolved, resolved.Status);
        Assert.Single(resolved.Messages);
        var after = await trustee.GetDocumentAsync($"/{Trust}/board");
        Assert.DoesNotContain(question, after.QuerySelector("#open-challenges")!.TextContent, StringComparison.Ordinal);
        var show = await trustee.GetDocumentAsync($"/{Trust}/challenges/{id}");
        Assert.Contains("Daily calls home", show.QuerySelector("#thread")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Resolved", show.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_of_another_school_can_neither_read_nor_answer_and_nothing_changes()
    {
        var (urn, secondSchool) = await SchoolsAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var (otherHead, otherId, _, _) = await factory.SignedInClientAsync(Roles.Headteacher);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            db.UserSchools.RemoveRange(db.UserSchools.Where(l => l.UserId == otherId));
            db.UserSchools.Add(new UserSchool { UserId = otherId, SchoolId = secondSchool });
            await db.SaveChangesAsync();
        }
        var question = $"Why has reading declined? {Guid.NewGuid():N}";
        var id = await RaiseAsync(trustee, urn, question);

        using (var read = await otherHead.GetAsync(new Uri($"/{Trust}/challenges/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        }
        using (var answer = await otherHead.PostFormAsync($"/{Trust}/challenges/{id}/messages", new Dictionary<string, string> { ["Form.Body"] = "Not mine to answer" }, $"/{Trust}/challenges"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        }
        var list = await otherHead.GetDocumentAsync($"/{Trust}/challenges");
        Assert.DoesNotContain(question, list.MainText(), StringComparison.Ordinal);
        var challenge = await LoadAsync(id);
        Assert.Empty(challenge.Messages);
        Assert.Equal(ChallengeStatus.Open, challenge.Status);
    }

    [Fact]
    public async Task Staff_another_trust_and_anonymous_users_are_kept_out_of_challenges()
    {
        var (urn, _) = await SchoolsAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var id = await RaiseAsync(trustee, urn, "A question for the access test");
        var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff);
        var (other, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee, "innovate-2-educate-partnership");
        foreach (var client in new[] { staff, other })
        {
            using var response = await client.GetAsync(new Uri($"/{Trust}/challenges/{id}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        var (head, _, _, _) = await factory.SignedInClientAsync(Roles.Headteacher);
        using (var raise = await head.GetAsync(new Uri($"/{Trust}/challenges/new", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, raise.StatusCode);
        }
        using var anonymous = factory.CreateSecureClient();
        using var redirect = await anonymous.GetAsync(new Uri($"/{Trust}/challenges", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Contains("/account/sign-in", redirect.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raising_a_challenge_without_a_question_or_subject_shows_errors_and_keeps_the_input()
    {
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        using var response = await trustee.PostFormAsync($"/{Trust}/challenges/new", new Dictionary<string, string> { ["Form.Question"] = "", ["Form.AimNumber"] = "" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Enter your question.", html, StringComparison.Ordinal);
        Assert.Contains("Choose the school or the aim", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#Form_Question\"", html, StringComparison.Ordinal);

        using var tooLong = await trustee.PostFormAsync($"/{Trust}/challenges/new", new Dictionary<string, string> { ["Form.Question"] = "Kept text " + new string('x', 4100), ["Form.AimNumber"] = "1" }, $"/{Trust}/challenges/new");
        var page = await tooLong.Content.ReadAsStringAsync();
        Assert.Contains("4000 characters or fewer", page, StringComparison.Ordinal);
        Assert.Contains("Kept text xxx", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posting_without_an_antiforgery_token_is_refused()
    {
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Question"] = "No token", ["Form.AimNumber"] = "1" });
        using var response = await trustee.PostAsync(new Uri($"/{Trust}/challenges/new", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Only_the_author_changes_a_message_and_only_within_fifteen_minutes()
    {
        var (urn, _) = await SchoolsAsync();
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var (another, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var id = await RaiseAsync(trustee, urn, "Edit window test");
        using (var post = await trustee.PostFormAsync($"/{Trust}/challenges/{id}/messages", new Dictionary<string, string> { ["Form.Body"] = "First wording" }, $"/{Trust}/challenges/{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        }
        var messageId = (await LoadAsync(id)).Messages.Single().Id;
        var edit = $"/{Trust}/challenges/{id}/messages/{messageId}/edit";

        using (var refused = await another.GetAsync(new Uri(edit, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var refusedPost = await another.PostFormAsync(edit, new Dictionary<string, string> { ["Form.Body"] = "Hijacked" }, $"/{Trust}/challenges/{id}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refusedPost.StatusCode);
        }
        Assert.Equal("First wording", (await LoadAsync(id)).Messages.Single().Body);

        using (var ok = await trustee.PostFormAsync(edit, new Dictionary<string, string> { ["Form.Body"] = "Second wording" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }
        Assert.Equal("Second wording", (await LoadAsync(id)).Messages.Single().Body);
    }
}
