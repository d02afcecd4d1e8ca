using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Plans;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;
using TrustPortal.Web.Infrastructure.Caching;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.AdminContent;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.PlanAdmin;

namespace TrustPortal.Web.Tests.Caching;

[Collection(SharedPortal.Name)]
public sealed class PublicPageCacheTests(PortalFactory factory)
{
    private static readonly AngleSharp.Html.Parser.HtmlParser Parser = new();

    /// Lets the poller take in any change an earlier test saved, so a generation change cannot fall between two
    /// requests of this test (the poller's own read is plain ADO.NET and is not in factory.Queries).
    private Task SettleAsync() => factory.SettleCachesAsync();

    private static async Task<(HttpResponseMessage Response, string Html)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return (response, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> AnonymousTextAsync(string url)
    {
        var page = await factory.CreateSecureClient().GetDocumentAsync(url);
        return Pages.Collapse(page.Body!.TextContent);
    }

    private async Task<Guid> StampAsync(ContentTrust trust) => (await factory.StampsAsync(trust.Id)).PublicContent;

    [Theory]
    [InlineData("/{0}")]
    [InlineData("/{0}/vision-and-values")]
    [InlineData("/{0}/schools")]
    [InlineData("/{0}/plans")]
    [InlineData("/{0}/messages")]
    [InlineData("/{0}/messages/welcome")]
    [InlineData("/{0}/brand.css")]
    public async Task A_second_anonymous_request_is_served_from_the_cache_with_no_sql_and_its_own_correlation_id_and_security_headers(string template)
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, trust.Slug);
        await SettleAsync();
        var client = factory.CreateSecureClient();
        var (first, firstBody) = await GetAsync(client, url);
        using var firstResponse = first;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        factory.Queries.Reset();
        var (second, secondBody) = await GetAsync(client, url);
        using (second)
        {
            Assert.Equal(0, factory.Queries.Count);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal(firstBody, secondBody);
            Assert.True(second.Headers.Age.HasValue, "A cached response carries an Age header.");
            var firstId = first.Headers.GetValues(CorrelationIdMiddleware.HeaderName).Single();
            var secondId = second.Headers.GetValues(CorrelationIdMiddleware.HeaderName).Single();
            Assert.NotEqual(firstId, secondId);
            Assert.Equal(SecurityHeadersMiddleware.ContentSecurityPolicy, second.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", second.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", second.Headers.GetValues("X-Frame-Options").Single());
            Assert.False(second.Headers.Contains("Set-Cookie"));
        }
    }

    [Fact]
    public async Task A_correlation_id_sent_by_a_proxy_is_echoed_on_a_cached_page()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        await SettleAsync();
        var client = factory.CreateSecureClient();
        (await client.GetAsync(new Uri($"/{trust.Slug}/vision-and-values", UriKind.Relative))).Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{trust.Slug}/vision-and-values");
        request.Headers.Add(CorrelationIdMiddleware.HeaderName, "proxy-id-12345678");
        factory.Queries.Reset();
        using var response = await client.SendAsync(request);
        Assert.Equal(0, factory.Queries.Count);
        Assert.Equal("proxy-id-12345678", response.Headers.GetValues(CorrelationIdMiddleware.HeaderName).Single());
    }

    [Fact]
    public async Task A_request_with_a_sign_in_cookie_is_never_answered_from_the_cache()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        await SettleAsync();
        var url = $"/{trust.Slug}/vision-and-values";
        (await factory.CreateSecureClient().GetAsync(new Uri(url, UriKind.Relative))).Dispose();
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", $"{AccountsSetup.CookieName}=not-a-real-cookie");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Rendered for this request (from the read model at most), not the stored copy: no Age header.
        Assert.Null(response.Headers.Age);
    }

    [Fact]
    public async Task Staff_only_items_never_reach_an_anonymous_visitor_even_after_a_member_viewed_the_page_first()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (staff, _, _, _) = await factory.SignedInClientAsync(Roles.Staff, trust.Slug);
        await SettleAsync();
        var url = $"/{trust.Slug}/vision-and-values";

        var (signedIn, signedInHtml) = await GetAsync(staff, url);
        using (signedIn)
        {
            Assert.Contains("Staff wellbeing", signedInHtml, StringComparison.Ordinal);
            Assert.Contains("Test Staff", signedInHtml, StringComparison.Ordinal);
            Assert.Contains("no-store", signedIn.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        }
        // The member's page was not stored: a second view of theirs is rendered for them again.
        factory.Queries.Reset();
        var (again, againHtml) = await GetAsync(staff, url);
        using (again)
        {
            Assert.True(factory.Queries.Count > 0);
            Assert.Null(again.Headers.Age);
            Assert.Contains("Staff wellbeing", againHtml, StringComparison.Ordinal);
        }

        var anonymousText = await AnonymousTextAsync(url);
        Assert.Contains("Integrity", anonymousText, StringComparison.Ordinal);
        Assert.DoesNotContain("Staff wellbeing", anonymousText, StringComparison.Ordinal);
        Assert.DoesNotContain("Test Staff", anonymousText, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign out", anonymousText, StringComparison.Ordinal);

        // And the other way round: with the anonymous copy cached, the member still gets their own page.
        var (afterwards, afterwardsHtml) = await GetAsync(staff, url);
        using (afterwards)
        {
            Assert.Null(afterwards.Headers.Age);
            Assert.Contains("Staff wellbeing", afterwardsHtml, StringComparison.Ordinal);
            Assert.Contains("Sign out", afterwardsHtml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Pages_that_are_not_public_are_never_cached_for_anonymous_visitors()
    {
        await SettleAsync();
        var client = factory.CreateSecureClient();
        (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).Dispose();
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Null(ready.Headers.Age);
        using var signIn = await client.GetAsync(new Uri("/account/sign-in", UriKind.Relative));
        Assert.Null(signIn.Headers.Age);
        using var missing = await client.GetAsync(new Uri("/no-such-trust-here", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        factory.Queries.Reset();
        using var missingAgain = await client.GetAsync(new Uri("/no-such-trust-here", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missingAgain.StatusCode);
        Assert.True(factory.Queries.Count > 0, "A 404 is not stored.");
    }

    [Fact]
    public async Task An_edited_value_shows_on_the_next_anonymous_request()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        var url = $"/{trust.Slug}/vision-and-values";
        Assert.Contains("Integrity", await AnonymousTextAsync(url), StringComparison.Ordinal);
        var before = await StampAsync(trust);
        using (var saved = await admin.PostFormAsync($"/admin/content/value/{trust.ValueIds[0]}", new Dictionary<string, string>
        {
            ["Fields[name]"] = "Honesty", ["Fields[meaning]"] = "We tell the truth.", ["Fields[audience]"] = "Public", ["LoadedVersion"] = "0", ["action"] = "save",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        var text = await AnonymousTextAsync(url);
        Assert.Contains("Honesty", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Integrity", text, StringComparison.Ordinal);
        Assert.NotEqual(before, await StampAsync(trust));
    }

    [Fact]
    public async Task Edited_branding_shows_on_the_next_anonymous_request_and_in_the_brand_stylesheet()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        await AnonymousTextAsync($"/{trust.Slug}");
        var anonymous = factory.CreateSecureClient();
        (await anonymous.GetAsync(new Uri($"/{trust.Slug}/brand.css", UriKind.Relative))).Dispose();
        var form = await admin.GetDocumentAsync("/admin/branding");
        using (var saved = await admin.PostFormAsync("/admin/branding", new Dictionary<string, string>
        {
            ["Form.Name"] = "Cache Renamed Trust", ["Form.Strapline"] = "Fresh strapline", ["Form.BrandColour"] = "#123456",
            ["Form.Version"] = form.QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!,
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        var text = await AnonymousTextAsync($"/{trust.Slug}");
        Assert.Contains("Cache Renamed Trust", text, StringComparison.Ordinal);
        Assert.Contains("Fresh strapline", text, StringComparison.Ordinal);
        Assert.Contains("#123456", await anonymous.GetStringAsync(new Uri($"/{trust.Slug}/brand.css", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_school_shows_on_the_next_anonymous_request()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        var school = await ContentTrust.ReadAsync(factory, db => db.Schools.AsNoTracking().SingleAsync(s => s.TrustId == trust.Id));
        Assert.Contains(school.Name, await AnonymousTextAsync($"/{trust.Slug}/schools"), StringComparison.Ordinal);
        await AnonymousTextAsync($"/{trust.Slug}/schools/{school.Urn}");
        using (var saved = await admin.PostFormAsync($"/admin/schools/{school.Urn}/edit", new Dictionary<string, string>
        {
            ["Form.Version"] = school.Version.ToString(), ["Form.Name"] = "Renamed Cache Academy", ["Form.Phase"] = "Primary",
            ["Form.LowAge"] = "4", ["Form.HighAge"] = "11", ["Form.Town"] = "Cachebury",
        }, tokenPage: $"/admin/schools/{school.Urn}/edit"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        Assert.Contains("Renamed Cache Academy", await AnonymousTextAsync($"/{trust.Slug}/schools"), StringComparison.Ordinal);
        Assert.Contains("Cachebury", await AnonymousTextAsync($"/{trust.Slug}/schools/{school.Urn}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_plan_shows_on_the_next_anonymous_request()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var plan = await factory.SeedPlanAsync(PlanStatus.Published, trustSlug: trust.Slug);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        Assert.Contains($"Test plan {plan.StartYear}", await AnonymousTextAsync($"/{trust.Slug}/plans/{plan.Slug}"), StringComparison.Ordinal);
        await AnonymousTextAsync($"/{trust.Slug}/plans");
        var version = await factory.PlanVersionAsync(plan.Id);
        using (var saved = await admin.PostFormAsync($"/admin/plans/{plan.Slug}/details", new Dictionary<string, string>
        {
            ["Form.Title"] = "A plan renamed while cached", ["Form.StartYear"] = $"{plan.StartYear}", ["Form.EndYear"] = $"{plan.EndYear}", ["Form.Version"] = $"{version}",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        Assert.Contains("A plan renamed while cached", await AnonymousTextAsync($"/{trust.Slug}/plans/{plan.Slug}"), StringComparison.Ordinal);
        Assert.Contains("A plan renamed while cached", await AnonymousTextAsync($"/{trust.Slug}/plans"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_message_shows_on_the_next_anonymous_request()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trust.Slug);
        Assert.Contains("Welcome back.", await AnonymousTextAsync($"/{trust.Slug}/messages/welcome"), StringComparison.Ordinal);
        await AnonymousTextAsync($"/{trust.Slug}/messages");
        using (var saved = await admin.PostFormAsync($"/admin/content/message/{trust.MessageId}", new Dictionary<string, string>
        {
            ["Fields[title]"] = "Welcome again", ["Fields[author]"] = "Alex Chief", ["Fields[authorRole]"] = "CEO",
            ["Fields[body]"] = "A changed welcome.", ["Fields[audience]"] = "Public", ["LoadedVersion"] = "0", ["action"] = "save",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        Assert.Contains("A changed welcome.", await AnonymousTextAsync($"/{trust.Slug}/messages/welcome"), StringComparison.Ordinal);
        Assert.Contains("Welcome again", await AnonymousTextAsync($"/{trust.Slug}/messages"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_ins_do_not_renew_the_content_stamp_but_a_school_change_does_in_the_same_save()
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var before = await StampAsync(trust);
        // A sign-in writes a session row, security data and audit entries: none of it is on a public page.
        await factory.SignedInClientAsync(Roles.Staff, trust.Slug);
        Assert.Equal(before, await StampAsync(trust));

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var school = await db.Schools.SingleAsync(s => s.TrustId == trust.Id);
        school.SetLocation("Stampshire", "Stampton");
        var generations = factory.Services.GetRequiredService<TrustCacheGenerations>();
        var generationBefore = generations.Current(trust.Id, CachedArea.PublicContent).Value;
        await db.SaveChangesAsync();
        Assert.NotEqual(before, await StampAsync(trust));
        Assert.True(generations.Current(trust.Id, CachedArea.PublicContent).Value > generationBefore, "The instance that saved moves to a new generation at once.");
    }
}
