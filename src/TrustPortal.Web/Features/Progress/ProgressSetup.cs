using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.Progress;

public static partial class ProgressSetup
{
    /// How long a form typed before a session timed out is kept for its author.
    public static readonly TimeSpan DraftLifetime = TimeSpan.FromHours(8);

    private const string ExpiredUserKey = "progress.expired-user";

    public static IServiceCollection AddProgressFeature(this IServiceCollection services)
    {
        services.AddScoped<ProgressReader>();
        services.AddScoped<ProgressPages>();
        services.AddScoped<ProgressRecorder>();
        services.AddScoped<ReturnMail>();
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, KeepFormsPostedAfterTimeout);
        return services;
    }

    /// The progress forms whose typing is kept when the session has ended: a criterion's and a priority's.
    [GeneratedRegex(@"^/[a-z0-9-]+/progress/[0-9]+/(criteria|priorities)/[0-9]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex RecordingPath();

    /// The cookie handler sends a signed-out POST to sign-in and the body is lost. For a progress form from a user
    /// whose session has just ended, keep what they typed (server-side, for them only) and put its token in the
    /// return URL, so the form comes back filled in after they sign in again.
    private static void KeepFormsPostedAfterTimeout(CookieAuthenticationOptions options)
    {
        var validate = options.Events.OnValidatePrincipal;
        options.Events.OnValidatePrincipal = async context =>
        {
            var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
            await validate(context);
            if (context.Principal is null && userId is not null)
            {
                context.HttpContext.Items[ExpiredUserKey] = userId;
            }
        };
        var redirect = options.Events.OnRedirectToLogin;
        options.Events.OnRedirectToLogin = async context =>
        {
            var token = await StashAsync(context.HttpContext);
            if (token is not null)
            {
                var returnUrl = $"{context.Request.Path}?draft={token}";
                var login = context.RedirectUri.Split('?')[0];
                context.RedirectUri = $"{login}?{options.ReturnUrlParameter}={Uri.EscapeDataString(returnUrl)}";
            }
            await redirect(context);
        };
    }

    private static async Task<string?> StashAsync(HttpContext http)
    {
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType
            || http.Items[ExpiredUserKey] is not string userId
            || request.Path.Value is not { Length: <= SavedDraft.PathLimit } path || !RecordingPath().IsMatch(path))
        {
            return null;
        }
        // The antiforgery cookie is SameSite=Strict: its presence shows the POST came from the portal's own page.
        if (!request.Cookies.ContainsKey(request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>>().Value.Cookie.Name!))
        {
            return null;
        }
        var form = await request.ReadFormAsync(http.RequestAborted);
        var fields = form.Where(f => f.Key.StartsWith("Form.", StringComparison.Ordinal) && f.Key.Length <= 40)
            .ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var json = JsonSerializer.Serialize(fields);
        if (fields.Count == 0 || json.Length > 64_000)
        {
            return null;
        }
        var db = http.RequestServices.GetRequiredService<TrustPortalDbContext>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await db.SavedDrafts.Where(d => d.ExpiresUtc < now).ExecuteDeleteAsync(http.RequestAborted);
        db.SavedDrafts.Add(new SavedDraft { Token = token, UserId = userId, Path = path, Fields = json, ExpiresUtc = now + DraftLifetime });
        await db.SaveChangesAsync(http.RequestAborted);
        return token;
    }
}
