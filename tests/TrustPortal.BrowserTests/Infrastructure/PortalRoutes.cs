using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;

namespace TrustPortal.BrowserTests.Infrastructure;

/// The GET routes the portal declares (its EndpointDataSource), which of them a role may use by the portal's own
/// policies (as AccessTableTests checks them against the role × action table), and which route an address is — with
/// the portal's own route constraints ({urn:int}, {trustSlug:trust}) and its precedence (a literal segment wins).
public sealed class PortalRoutes
{
    private sealed record Route(string Pattern, TemplateMatcher Matcher, Dictionary<string, IRouteConstraint> Constraints,
        decimal Precedence, IReadOnlyList<IAuthorizeData> Authorize, bool Anonymous);

    private readonly List<Route> _routes;
    private readonly IServiceProvider _services;

    public PortalRoutes(IServiceProvider services)
    {
        _services = services;
        var resolver = services.GetRequiredService<IInlineConstraintResolver>();
        _routes = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true
                && e.Metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            .Select(e =>
            {
                var raw = e.RoutePattern.RawText!.TrimStart('/');
                var template = TemplateParser.Parse(raw);
                var constraints = e.RoutePattern.ParameterPolicies
                    .SelectMany(p => p.Value.Where(r => r.Content is not null).Select(r => (p.Key, Constraint: resolver.ResolveConstraint(r.Content!))))
                    .Where(c => c.Constraint is not null)
                    .GroupBy(c => c.Key)
                    .ToDictionary(g => g.Key, g => (IRouteConstraint)new CompositeRouteConstraint(g.Select(c => c.Constraint!)), StringComparer.OrdinalIgnoreCase);
                return new Route(raw, new TemplateMatcher(template, []), constraints, RoutePrecedence.ComputeInbound(template),
                    [.. e.Metadata.GetOrderedMetadata<IAuthorizeData>()], e.Metadata.GetMetadata<IAllowAnonymous>() is not null);
            })
            .GroupBy(r => r.Pattern, StringComparer.Ordinal).Select(g => g.First())
            .ToList();
    }

    public IReadOnlyList<string> All => [.. _routes.Select(r => r.Pattern)];

    /// The route an address of the portal is (the path only; the query is ignored), or null when none is.
    public string? RouteOf(string url)
    {
        var path = new PathString("/" + url.Split('?', '#')[0].TrimStart('/'));
        var context = new DefaultHttpContext { RequestServices = _services };
        return _routes
            .Where(r =>
            {
                var values = new RouteValueDictionary();
                return r.Matcher.TryMatch(path, values)
                    && r.Constraints.All(c => c.Value.Match(context, null, c.Key, values, RouteDirection.IncomingRequest));
            })
            .OrderBy(r => r.Precedence)
            .Select(r => r.Pattern)
            .FirstOrDefault();
    }

    /// The GET routes whose policies let a member of a trust in the role in (public pages included), as the portal
    /// decides it: the controller's and action's [Authorize] policies, else the fallback policy (signed in).
    public async Task<IReadOnlyList<string>> AllowedForAsync(string role)
    {
        using var scope = _services.CreateScope();
        var policies = scope.ServiceProvider.GetRequiredService<IAuthorizationPolicyProvider>();
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            role == Roles.ServiceOperator
                ? [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Role, role)]
                : [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Role, role), new Claim(PortalClaims.TrustId, "1")],
            "Test"));
        var allowed = new List<string>();
        foreach (var route in _routes)
        {
            var policy = await AuthorizationPolicy.CombineAsync(policies, route.Authorize) ?? await policies.GetFallbackPolicyAsync();
            if (route.Anonymous || policy is null || (await authorization.AuthorizeAsync(principal, policy)).Succeeded)
            {
                allowed.Add(route.Pattern);
            }
        }
        return allowed;
    }
}
