using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace TrustPortal.Web.Infrastructure;

/// The addresses that carry a secret (an invitation token in the path; a password-reset token; an SSO code or state
/// in the query string), and how they are written to the logs: with the secret replaced by "[redacted]". One list for
/// every route that will ever carry a secret, so a new flow is covered by adding its prefix or parameter here.
public static partial class SecretRedaction
{
    public const string Redacted = "[redacted]";

    /// Path prefixes whose next segment is a secret.
    public static readonly IReadOnlyList<string> SecretPathPrefixes = ["/account/invitation/", "/account/reset-password/"];

    /// Query-string (and form_post) parameter names whose value is a secret.
    public static readonly IReadOnlyList<string> SecretParameters = ["token", "code", "state", "id_token", "access_token", "session_state"];

    /// Whether a request path carries a secret (such pages send no Referer onward either).
    public static bool IsSecretPath(PathString path) =>
        SecretPathPrefixes.Any(p => path.StartsWithSegments(p.TrimEnd('/'), StringComparison.OrdinalIgnoreCase, out var rest) && rest.HasValue && rest.Value!.Length > 1);

    /// Whether a request's address carries a secret, in its path or its query string (a password-reset link).
    public static bool IsSecretRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsSecretPath(request.Path) || SecretParameters.Any(request.Query.ContainsKey);
    }

    /// The text with every secret path segment and secret parameter value replaced; the same text when none.
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!MightHoldSecret(text))
        {
            return text;
        }
        var redacted = SecretSegment().Replace(text, "$1" + Redacted);
        return SecretParameter().Replace(redacted, "$1" + Redacted);
    }

    private static bool MightHoldSecret(string text) =>
        text.Contains('=', StringComparison.Ordinal)
        || SecretPathPrefixes.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"(/account/(?:invitation|reset-password)/)[^/?#\s""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretSegment();

    [GeneratedRegex(@"((?:^|[?&;\s])(?:token|code|state|id_token|access_token|session_state)=)[^&#\s""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretParameter();
}

/// Rewrites every text property of every log event through SecretRedaction, whoever wrote it: the request log
/// (RequestPath, QueryString), the framework's own "Request starting …" lines (Path, QueryString, Referer), the
/// security log and the error pages (Path).
public sealed class SecretRedactingEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: string text } && SecretRedaction.Redact(text) is var clean && !ReferenceEquals(clean, text) && clean != text)
            {
                (changed ??= []).Add(new LogEventProperty(name, new ScalarValue(clean)));
            }
        }
        foreach (var property in changed ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }
}
