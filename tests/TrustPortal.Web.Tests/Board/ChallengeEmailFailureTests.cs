using System.Net;
using System.Net.Mail;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TrustPortal.Domain.Board;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Board;

/// A portal whose mail server always fails.
public sealed class FailingEmailPortalFactory : PortalFactory
{
    public Mock<IEmailSender> Sender { get; } = new();

    public FailingEmailPortalFactory() =>
        Sender.Setup(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new SmtpException(SmtpStatusCode.ServiceNotAvailable, "The mail server is down"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton(Sender.Object));
    }
}

/// When the e-mail after a challenge cannot be sent, the challenge is still saved and shown, with a warning, and
/// the failure is logged; the user never sees an error page.
public sealed class ChallengeEmailFailureTests(FailingEmailPortalFactory factory) : IClassFixture<FailingEmailPortalFactory>
{
    private const string Trust = DemoAccounts.TrustSlug;
    private const string Warning = "The e-mail notification could not be sent.";

    private async Task<int> FirstUrnAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await factory.TrustIdAsync();
        return await db.Schools.Where(s => s.TrustId == trustId && !s.IsArchived).OrderBy(s => s.Urn).Select(s => s.Urn).FirstAsync();
    }

    [Fact]
    public async Task A_challenge_is_saved_and_shown_with_a_warning_when_its_email_cannot_be_sent()
    {
        var start = DateTimeOffset.UtcNow;
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var question = $"Is the new phonics scheme in every class? {Guid.NewGuid():N}";
        using var response = await trustee.PostFormAsync($"/{Trust}/challenges/new", new Dictionary<string, string>
        {
            ["Form.SchoolUrn"] = (await FirstUrnAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.AimNumber"] = "1", ["Form.Question"] = question,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;

        var page = await trustee.GetDocumentAsync(location);
        Assert.Equal(question, page.QuerySelector("#question")!.TextContent);
        Assert.Contains(Warning, page.QuerySelector(".govuk-warning-text")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Challenge raised.", page.MainText(), StringComparison.Ordinal);
        Assert.DoesNotContain("have been told", page.MainText(), StringComparison.Ordinal);

        using var scope = factory.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Challenges.AnyAsync(c => c.Question == question));
        factory.Sender.Verify(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()), Times.AtLeastOnce());
        var logged = factory.LogEvents.Snapshot().Where(e => e.Timestamp >= start
            && e.MessageTemplate.Text == "Challenge {ChallengeId}: an e-mail notification could not be sent").ToList();
        Assert.NotEmpty(logged);
        Assert.All(logged, e => Assert.IsType<SmtpException>(e.Exception));
    }

    [Fact]
    public async Task An_answer_is_saved_and_shown_with_a_warning_when_its_email_cannot_be_sent()
    {
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var (head, _, _, _) = await factory.SignedInClientAsync(Roles.Headteacher);
        using var raised = await trustee.PostFormAsync($"/{Trust}/challenges/new", new Dictionary<string, string>
        {
            ["Form.SchoolUrn"] = (await FirstUrnAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.AimNumber"] = "1", ["Form.Question"] = "How are new staff inducted?",
        });
        var location = raised.Headers.Location!.OriginalString;
        using var answer = await head.PostFormAsync($"{location}/messages", new Dictionary<string, string> { ["Form.Body"] = "A mentor and a termly review." }, location);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);

        var page = await head.GetDocumentAsync(location);
        Assert.Contains("A mentor and a termly review.", page.QuerySelector("#thread")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Warning, page.QuerySelector(".govuk-warning-text")!.TextContent, StringComparison.Ordinal);
        var id = int.Parse(location.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        using var scope = factory.Services.CreateScope();
        Assert.Equal(ChallengeStatus.Answered, await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Challenges.Where(c => c.Id == id).Select(c => c.Status).SingleAsync());
    }
}
