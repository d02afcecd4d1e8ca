using TrustPortal.Domain;

namespace TrustPortal.Web.Infrastructure;

/// Route constraint "trust": a well-formed slug that is not one of the portal's own URL segments.
public sealed class TrustSlugConstraint : IRouteConstraint
{
    public const string Name = "trust";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.TryGetValue(routeKey, out var value)
            && value is string slug
            && Slugs.IsValid(slug)
            && !Slugs.Reserved.Contains(slug);
    }
}
