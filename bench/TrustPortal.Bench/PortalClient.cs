using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace TrustPortal.Bench;

/// One response as the driver saw it: status, where a redirect points, the body and how long the exchange took.
public sealed record PortalResponse(HttpStatusCode Status, string? Location, string Body, TimeSpan Elapsed)
{
    public bool IsSuccessOrRedirect => (int)Status is >= 200 and < 400;

    /// The Retry-After header (a 503 from the portal carries one), or null.
    public string? RetryAfter { get; init; }

    public bool IsRedirect => (int)Status is >= 300 and < 400;

    public IDocument Document() => new HtmlParser().ParseDocument(Body);

    /// The page's GOV.UK error summary (or its heading), to explain a refused form in one line.
    public string Problem()
    {
        var doc = Document();
        var summary = doc.QuerySelector(".govuk-error-summary")?.TextContent ?? doc.QuerySelector("h1")?.TextContent ?? Body;
        var text = string.Join(' ', summary.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return $"{(int)Status}: {(text.Length > 300 ? text[..300] : text)}";
    }
}

/// Accepts the portal's certificate when it is exactly the one in `--cert` (the benchmark's self-signed one), or when
/// the system trusts it. Nothing else is accepted.
public sealed class CertificateTrust
{
    private readonly string? _pinnedSha256;

    public CertificateTrust(string? pemPath)
    {
        if (pemPath is not null)
        {
            using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(pemPath));
            _pinnedSha256 = cert.GetCertHashString(HashAlgorithmName.SHA256);
        }
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None
        || (_pinnedSha256 is not null && certificate is not null
            && string.Equals(new X509Certificate2(certificate).GetCertHashString(HashAlgorithmName.SHA256), _pinnedSha256, StringComparison.OrdinalIgnoreCase));
}

/// A browser-like client for one person: its own cookies, no automatic redirects (so a redirect to sign-in is seen).
public sealed class PortalClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly CookieContainer _cookies = new();

    public PortalClient(Uri baseUri, CertificateTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        BaseUri = baseUri;
        var handler = new SocketsHttpHandler
        {
            CookieContainer = _cookies,
            UseCookies = true,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = trust.Validate },
        };
        _http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseUri { get; }

    public Task<PortalResponse> GetAsync(string path, CancellationToken ct = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct);

    /// Posts the named form of <paramref name="page"/> as a browser would (every field, the antiforgery token
    /// included), with <paramref name="changes"/> applied on top.
    public Task<PortalResponse> SubmitAsync(PortalResponse page, string formSelector, IReadOnlyDictionary<string, string>? changes = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        var form = page.Document().QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form '{formSelector}' on the page ({page.Problem()})");
        var fields = FormFields(form);
        foreach (var (name, value) in changes ?? new Dictionary<string, string>())
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new(name, value));
        }
        var action = form.GetAttribute("action") ?? throw new InvalidOperationException("The form has no action");
        HttpContent content;
        if (string.Equals(form.Enctype, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (name, value) in fields)
            {
                multipart.Add(new StringContent(value), name);
            }
            content = multipart;
        }
        else
        {
            content = new FormUrlEncodedContent(fields);
        }
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, action) { Content = content }, ct);
    }

    /// The fields a browser would send for a form without pressing a named button: hidden, text-like, checked boxes
    /// and radios, textareas and selects. File inputs are left out (no file chosen).
    public static List<KeyValuePair<string, string>> FormFields(IHtmlFormElement form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !input.IsDisabled:
                    var type = input.Type.ToUpperInvariant();
                    if (type is "CHECKBOX" or "RADIO")
                    {
                        if (input.IsChecked)
                        {
                            fields.Add(new(input.Name!, input.GetAttribute("value") ?? "on"));
                        }
                    }
                    else if (type is not ("FILE" or "SUBMIT" or "BUTTON" or "RESET" or "IMAGE"))
                    {
                        fields.Add(new(input.Name!, input.Value));
                    }
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !area.IsDisabled:
                    fields.Add(new(area.Name!, area.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !select.IsDisabled:
                    var option = select.Options.FirstOrDefault(o => o.IsSelected) ?? (select.Options.Length > 0 ? select.Options[0] : null);
                    if (option is not null)
                    {
                        fields.Add(new(select.Name!, option.Value));
                    }
                    break;
            }
        }
        return fields;
    }

    /// The Cookie request header carrying this client's cookies, for wrk's `-H`.
    public string CookieHeader() =>
        "Cookie: " + string.Join("; ", _cookies.GetCookies(BaseUri).Select(c => $"{c.Name}={c.Value}"));

    private async Task<PortalResponse> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            var watch = Stopwatch.StartNew();
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            watch.Stop();
            var location = response.Headers.Location;
            var resolved = location is null ? null : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
            return new PortalResponse(response.StatusCode, resolved, body, watch.Elapsed) { RetryAfter = response.Headers.RetryAfter?.ToString() };
        }
    }

    public void Dispose() => _http.Dispose();
}
