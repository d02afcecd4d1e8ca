using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace TrustPortal.Web.Features.Errors;

public sealed record ErrorViewModel(int StatusCode, string CorrelationId);

[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController(ILogger<ErrorsController> logger) : Controller
{
    /// The page behind UseExceptionHandler: no stack trace, only the correlation id to quote.
    [Route("/error")]
    public IActionResult ServerError()
    {
        var feature = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        if (feature is not null)
        {
            logger.LogError(feature.Error, "Unhandled error on {Path}", feature.Path);
        }
        Response.StatusCode = StatusCodes.Status500InternalServerError;
        return View("ServerError", new ErrorViewModel(500, HttpContext.TraceIdentifier));
    }

    /// Status code pages (404, 403, 429 and the rest) re-executed from UseStatusCodePagesWithReExecute.
    [Route("/error/{code:int}")]
    public IActionResult Status(int code)
    {
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null)
        {
            // Asked for directly: there is no such page.
            code = StatusCodes.Status404NotFound;
        }
        Response.StatusCode = code is >= 400 and <= 599 ? code : StatusCodes.Status404NotFound;
        var view = code switch
        {
            404 => "NotFound",
            403 => "Forbidden",
            429 => "TooManyRequests",
            503 => "Unavailable",
            _ => "ServerError",
        };
        return View(view, new ErrorViewModel(Response.StatusCode, HttpContext.TraceIdentifier));
    }
}
