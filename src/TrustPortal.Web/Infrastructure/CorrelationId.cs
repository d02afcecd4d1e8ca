using System.Text.RegularExpressions;
using Serilog.Context;

namespace TrustPortal.Web.Infrastructure;

/// Gives every request a correlation id: taken from a well-formed X-Correlation-ID header (so a proxy's id
/// carries through), else made new. It is on every log event of the request, in the response header and on
/// the error page, so a member of staff can quote it to the help desk.
public sealed partial class CorrelationIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Correlation-ID";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var incoming = context.Request.Headers[HeaderName].ToString();
        var id = SafeId().IsMatch(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.TraceIdentifier = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        });
        using (LogContext.PushProperty("CorrelationId", id))
        {
            await next(context);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9\\-_.]{8,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeId();
}
