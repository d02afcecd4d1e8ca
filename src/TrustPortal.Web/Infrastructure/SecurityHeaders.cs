using System.Security.Claims;

namespace TrustPortal.Web.Infrastructure;

/// Security headers on every response, and no caching of anything personal. The CSP allows no inline script or
/// style: GOV.UK Frontend is started from our own module file (wwwroot/js/site.js).
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    private static readonly string[] PrivatePaths = ["/account", "/me", "/admin"];

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            // The sign-in page's "Sign in with …" forms redirect to the identity providers, which form-action governs too.
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/account/sign-in", StringComparison.OrdinalIgnoreCase)
                ? context.RequestServices.GetRequiredService<Accounts.ExternalProviders>().SignInPagePolicy(ContentSecurityPolicy)
                : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            // A page whose address holds a secret (an invitation or password-reset link) names no address to anyone it links to.
            headers["Referrer-Policy"] = SecretRedaction.IsSecretRequest(context.Request) ? "no-referrer" : "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.Remove("Server");
            headers.Remove("X-Powered-By");
            if (context.User.Identity?.IsAuthenticated == true
                || PrivatePaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}

public static class UserNames
{
    public static string DisplayName(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(Accounts.PortalClaims.DisplayName) ?? user.Identity?.Name ?? "";
    }
}
