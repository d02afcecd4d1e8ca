using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.PublicPages;

/// A portal with no demo data, so a test can shape the database as it needs.
public sealed class EmptyPortalFactory : PortalFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Database:SeedDemoData"] = "false";
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // A page that fails (FailingController below), to see what people get when something goes wrong.
        builder.ConfigureServices(services => services.AddControllersWithViews().AddApplicationPart(typeof(FailingController).Assembly));
    }
}

[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class FailingController : Microsoft.AspNetCore.Mvc.Controller
{
    [Microsoft.AspNetCore.Mvc.HttpGet("/test-failure")]
#pragma warning disable CA1822 // MVC actions are instance methods.
    public Microsoft.AspNetCore.Mvc.IActionResult Fail() => throw new InvalidOperationException("Secret detail that must not leak");
}

public sealed class HostBehaviourTests : IClassFixture<EmptyPortalFactory>
{
    private readonly EmptyPortalFactory _factory;
    private readonly HttpClient _client;

    public HostBehaviourTests(EmptyPortalFactory factory)
    {
        _factory = factory;
        _client = factory.CreateBrowserLikeClient();
    }

    [Fact]
    public async Task An_error_shows_a_friendly_page_with_the_correlation_id_and_no_detail()
    {
        using var response = await _client.GetAsync(new Uri("/test-failure", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var id = response.Headers.GetValues("X-Correlation-ID").Single();
        Assert.Contains("Sorry, there is a problem with the portal", html, StringComparison.Ordinal);
        Assert.Contains(id, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret detail", html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Landing_page_with_one_trust_goes_straight_to_it_and_school_list_queries_are_bounded()
    {
        int trustId;
        using (var scope = _factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var trust = new Trust("only-trust", "The Only Trust");
            db.Trusts.Add(trust);
            await db.SaveChangesAsync();
            trustId = trust.Id;
        }

        using var response = await _client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/only-trust", response.Headers.Location!.OriginalString);

        await AddSchoolsAsync(trustId, 700001, 2);
        _factory.Queries.Reset();
        await _client.GetDocumentAsync("/only-trust/schools");
        var fewSchools = _factory.Queries.Count;

        await AddSchoolsAsync(trustId, 700100, 40);
        _factory.Queries.Reset();
        var page = await _client.GetDocumentAsync("/only-trust/schools");
        Assert.Equal(42, page.QuerySelectorAll("tbody tr").Length);
        Assert.Equal(fewSchools, _factory.Queries.Count);
        Assert.InRange(_factory.Queries.Count, 1, 3);
    }

    private async Task AddSchoolsAsync(int trustId, int firstUrn, int count)
    {
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        for (var i = 0; i < count; i++)
        {
            var school = new School(trustId, firstUrn + i, $"Test School {firstUrn + i}", Phase.Primary);
            school.RecordPreviousJudgement(new DateOnly(2020, 1, 1), OverallJudgement.Good);
            school.RecordReportCard(new DateOnly(2026, 1, 1), InspectionAreas.Core.ToDictionary(a => a, _ => ReportCardGrade.ExpectedStandard), true);
            db.Schools.Add(school);
        }
        await db.SaveChangesAsync();
    }
}
