using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace TrustPortal.Web.Features.Errors;

public sealed record ErrorViewModel(int StatusCode, string CorrelationId);

/// Recognises an exception that means "the database cannot be reached right now" on any of the three providers.
public static class DatabaseFailures
{
    public static bool IsUnavailable(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case System.Net.Sockets.SocketException:
                case TimeoutException:
                case System.Data.Common.DbException { IsTransient: true }:
                case Npgsql.NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException }:
                case Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" }: // shutdown, crash, starting, too many connections
                case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED
                    return true;
            }
        }
        return false;
    }
}

[AllowAnonymous]
// Error pages are also rendered for failed POSTs (re-executed with the POST method); they change nothing.
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController(ILogger<ErrorsController> logger) : Controller
{
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
