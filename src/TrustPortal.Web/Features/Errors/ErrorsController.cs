using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.Errors;

/// <param name="BackTo">The page the person came from (a local path), offered as the way back; null for none.</param>
public sealed record ErrorViewModel(int StatusCode, string CorrelationId, string? BackTo = null);


[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
// The error pages are re-executed with the failed request's method: a POST whose antiforgery token failed (or any
// POST that failed) must still get its page, not a second (empty) antiforgery 400. They change nothing.
[IgnoreAntiforgeryToken]
public sealed class ErrorsController(ILogger<ErrorsController> logger) : Controller
{
    /// Set in HttpContext.Items when the antiforgery check refused the request, so the 400 page can say why.
    public const string AntiforgeryFailedKey = "TrustPortal.AntiforgeryFailed";

    /// The page behind UseExceptionHandler: no stack trace, only the correlation id to quote.
    [Route("/error")]
    public IActionResult ServerError()
    {
        var feature = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        if (feature is not null && DatabaseFailures.IsUnavailable(feature.Error))
        {
            // The database is down or unreachable: a friendly 503 that tells the browser to retry, not a 500.
            logger.LogWarning(feature.Error, "Database unavailable on {Path}", feature.Path);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "10";
            return View("Unavailable", new ErrorViewModel(503, HttpContext.TraceIdentifier));
        }
        if (feature is not null && TooLarge(feature.Error))
        {
            // A body over the limit (Kestrel's MaxRequestBodySize or the form's multipart limit): say so, not "problem".
            logger.LogWarning("Request body too large on {Path}", feature.Path);
            Response.StatusCode = StatusCodes.Status413RequestEntityTooLarge;
            return View("TooLarge", new ErrorViewModel(413, HttpContext.TraceIdentifier, BackTo(feature.Path)));
        }
        if (feature is not null)
        {
            logger.LogError(feature.Error, "Unhandled error on {Path}", feature.Path);
        }
        Response.StatusCode = StatusCodes.Status500InternalServerError;
        return View("ServerError", new ErrorViewModel(500, HttpContext.TraceIdentifier));
    }

    /// Status code pages (404, 403, 429 and the rest) re-executed from UseStatusCodePagesWithReExecute.
    [Route("/error/{code:int}")]
    // No bound parameters: the page is re-executed with the failed request's body, and binding would read that form
    // (an unreadable one left the code 0 and showed the generic page as a 404; the sign-in form's "Code" field could
    // have chosen the status). The code comes from the route alone.
    public async Task<IActionResult> Status()
    {
        var code = int.TryParse(RouteData.Values["code"] as string, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : StatusCodes.Status404NotFound;
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null)
        {
            // Asked for directly: there is no such page.
            code = StatusCodes.Status404NotFound;
        }
        if (code == StatusCodes.Status400BadRequest && HttpContext.Items.ContainsKey(AntiforgeryFailedKey) && BodyOverLimit())
        {
            // The body was cut off at the size limit while the antiforgery check read the form: it is too large, not expired.
            code = StatusCodes.Status413RequestEntityTooLarge;
        }
        Response.StatusCode = code is >= 400 and <= 599 ? code : StatusCodes.Status404NotFound;
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath;
        var view = code switch
        {
            400 when HttpContext.Items.ContainsKey(AntiforgeryFailedKey) => await UnreadFormViewAsync(),
            400 => "BadRequest",
            413 => "TooLarge",
            404 => "NotFound",
            403 => "Forbidden",
            429 => "TooManyRequests",
            503 => "Unavailable",
            _ => "ServerError",
        };
        return View(view, new ErrorViewModel(Response.StatusCode, HttpContext.TraceIdentifier, BackTo(original)));
    }

    /// Whether the request declared a body larger than the limit in force for it (Kestrel's, or an action's RequestSizeLimit).
    private bool BodyOverLimit() =>
        Request.ContentLength is { } length
        && HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit
        && length > limit;

    /// The page for a failed antiforgery check: an unreadable form also fails it, and then the form had not expired —
    /// it was malformed ("BadRequest") or over a length limit ("TooLarge").
    private async Task<string> UnreadFormViewAsync()
    {
        if (!Request.HasFormContentType)
        {
            return "FormExpired";
        }
        try
        {
            await Request.ReadFormAsync(HttpContext.RequestAborted);
            return "FormExpired";
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException or InvalidOperationException)
        {
            logger.LogWarning("Unreadable form on {Path}: {Error}", HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath, e.Message);
            if (TooLarge(e))
            {
                Response.StatusCode = StatusCodes.Status413RequestEntityTooLarge;
                return "TooLarge";
            }
            return "BadRequest";
        }
    }

    /// Kestrel's "request body too large" (413) or the multipart reader's length limit, however MVC wrapped it.
    public static bool TooLarge(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413RequestEntityTooLarge }
                || (e is InvalidDataException && e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }
        return false;
    }

    /// The way back: the page the form was on (the Referer, when it is this portal's), else the failed request's own
    /// address when it is a plain local path (the GET of a form's address shows the form again).
    private string? BackTo(string? path)
    {
        if (Uri.TryCreate(Request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
            && string.Equals(referer.Authority, Request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && Local(referer.AbsolutePath) is { } from)
        {
            return from;
        }
        return Local(path);
    }

    private static string? Local(string? path) =>
        path is { Length: > 1 } p && p.StartsWith('/') && !p.StartsWith("//", StringComparison.Ordinal) && !p.Contains('\\', StringComparison.Ordinal)
            && !p.StartsWith("/error", StringComparison.Ordinal)
            ? p
            : null;
}
