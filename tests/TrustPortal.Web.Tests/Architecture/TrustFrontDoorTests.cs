using System.Net;
using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Architecture;

/// Every page under /{trustSlug} goes through the one front door (ADR 0134): one 404 for a trust that does not exist,
/// 403 at the door for a member of another trust on a members' page, and the trust handed to the action.
[Collection(SharedPortal.Name)]
public sealed class TrustFrontDoorTests(PortalFactory factory)
{
    private const string OtherTrust = "innovate-2-educate-partnership";

    /// Progress adopts the front door on its own branch (i13p); until then it checks access itself.
    private static readonly string[] NotYetThroughTheDoor = ["Progress"];

    private List<(string Template, ControllerActionDescriptor Action, RouteEndpoint Endpoint)> TrustGets() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Action: e.Metadata.GetMetadata<ControllerActionDescriptor>()))
            .Where(x => x.Action is not null && x.Endpoint.RoutePattern.RawText!.Contains("{trustSlug", StringComparison.Ordinal)
                && x.Endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true
                && !NotYetThroughTheDoor.Contains(x.Action.ControllerName))
            .Select(x => (x.Endpoint.RoutePattern.RawText!, x.Action!, x.Endpoint))
            .ToList();

    /// An address of the route: every parameter filled (a segment may hold several, as in current.{format}) with a
    /// value its constraint accepts — the trust, 1 for an int (a range's lower bound), the first choice of a regex such as ^(docx|pdf)$.
    private static string Url(string template, string slug) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(template.Trim('/'), @"\{[^{}]*\}", p =>
            p.Value.StartsWith("{trustSlug", StringComparison.Ordinal) ? slug
            : System.Text.RegularExpressions.Regex.Match(p.Value, @"range\((\d+),") is { Success: true } range ? range.Groups[1].Value
            : p.Value.Contains(":int", StringComparison.Ordinal) ? "1"
            : System.Text.RegularExpressions.Regex.Match(p.Value, @"regex\(\^\(([^|)]+)") is { Success: true } choice ? choice.Groups[1].Value
            : "x");

    [Fact]
    public void Every_trust_page_says_whether_it_is_for_the_trusts_members_or_for_everyone()
    {
        var undecided = TrustGets().Select(g => g.Action.ControllerTypeInfo).Distinct()
            .Where(t => t.GetCustomAttribute<TrustMembersOnlyAttribute>() is null && t.GetCustomAttribute<AllowAnonymousAttribute>() is null
                && t.GetMethods().All(m => m.GetCustomAttribute<AllowAnonymousAttribute>() is null))
            .Select(t => t.Name).ToList();
        Assert.True(undecided.Count == 0, "Trust controllers neither [TrustMembersOnly] nor public: " + string.Join(", ", undecided));
    }

    [Fact]
    public void No_action_behind_the_door_looks_its_trust_up_again()
    {
        var lookups = TrustGets().Select(g => g.Action.MethodInfo)
            .Where(m => m.GetParameters().Any(p => p.Name == "trustSlug"))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}").Distinct().ToList();
        Assert.True(lookups.Count == 0, "Actions that take trustSlug instead of the TrustBrand the door resolved: " + string.Join(", ", lookups));
    }

    [Fact]
    public async Task A_trust_that_does_not_exist_is_one_404_on_every_trust_page_the_person_may_otherwise_open()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var admitted = await AdmittedAsync(Roles.TrustAdmin);
        var failures = new List<string>();
        foreach (var (template, _, endpoint) in TrustGets().Where(g => admitted(g.Endpoint)))
        {
            var url = Url(template, "no-such-trust-anywhere");
            using var response = await admin.GetAsync(new Uri(url, UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                failures.Add($"{url}: {(int)response.StatusCode}");
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_member_of_another_trust_is_refused_at_the_door_on_every_members_page()
    {
        var (stranger, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, OtherTrust);
        var admitted = await AdmittedAsync(Roles.TrustAdmin);
        var members = TrustGets().Where(g => g.Action.ControllerTypeInfo.GetCustomAttribute<TrustMembersOnlyAttribute>() is not null && admitted(g.Endpoint)).ToList();
        Assert.True(members.Count >= 10, "Too few members' pages found: " + members.Count);
        var failures = new List<string>();
        foreach (var (template, _, _) in members)
        {
            var url = Url(template, DemoAccounts.TrustSlug);
            using var response = await stranger.GetAsync(new Uri(url, UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"{url}: {(int)response.StatusCode}");
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task The_trust_a_page_shows_is_the_one_the_door_resolved_from_the_address()
    {
        var (trustee, _, _, _) = await factory.SignedInClientAsync(Roles.Trustee);
        var board = await trustee.GetDocumentAsync($"/{DemoAccounts.TrustSlug}/board");
        Assert.Contains($"/{DemoAccounts.TrustSlug}/brand.css", board.DocumentElement.OuterHtml, StringComparison.Ordinal);
        using var anonymous = factory.CreateSecureClient();
        using var page = await anonymous.GetAsync(new Uri($"/{OtherTrust}/schools", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"/{OtherTrust}/brand.css", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// Whether the capability policy of an endpoint admits a person in the role (before the door is reached).
    private async Task<Func<RouteEndpoint, bool>> AdmittedAsync(string role)
    {
        using var scope = factory.Services.CreateScope();
        var policies = scope.ServiceProvider.GetRequiredService<IAuthorizationPolicyProvider>();
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Role, role), new Claim(PortalClaims.TrustId, "1")], "Test"));
        var admitted = new HashSet<RouteEndpoint>();
        foreach (var (_, _, endpoint) in TrustGets())
        {
            var policy = await AuthorizationPolicy.CombineAsync(policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>());
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || policy is null || (await authorization.AuthorizeAsync(principal, policy)).Succeeded)
            {
                admitted.Add(endpoint);
            }
        }
        return admitted.Contains;
    }
}
