namespace TrustPortal.Web.Infrastructure;

/// The portal's public address. Outside Development (and the test environment) Portal:BaseUrl is required and every
/// link in an e-mail is built from it, never from the request's Host header; and only the host names in AllowedHosts
/// (by default Portal:BaseUrl's own) are answered, so a forged Host header cannot steer a redirect or a link
/// (issue 18, item 10).
public static class PortalAddress
{
    public const string BaseUrlSetting = "Portal:BaseUrl";

    public static bool IsLocal(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsDevelopment() || environment.IsEnvironment("Testing");
    }

    /// Checks Portal:BaseUrl and sets AllowedHosts (read by the framework's host filtering) before the host is built.
    public static void Apply(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var local = IsLocal(environment);
        var text = configuration[BaseUrlSetting];
        Uri? baseUrl = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (!local)
            {
                throw new InvalidOperationException(
                    $"{BaseUrlSetting} must be set to the address people use, e.g. https://portal.example-trust.org.uk: links in e-mails are built from it, never from the Host header of a request.");
            }
        }
        else if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out baseUrl)
            || !(baseUrl.Scheme == Uri.UriSchemeHttps || (local && baseUrl.Scheme == Uri.UriSchemeHttp))
            || baseUrl.AbsolutePath.Trim('/').Length > 0)
        {
            throw new InvalidOperationException($"{BaseUrlSetting} '{text}' must be an https address with no path, e.g. https://portal.example-trust.org.uk.");
        }

        var hosts = configuration["AllowedHosts"];
        if (string.IsNullOrWhiteSpace(hosts))
        {
            configuration["AllowedHosts"] = local ? "*" : baseUrl!.Host;
        }
        else if (!local && hosts.Split(';').Any(h => h.Trim() == "*"))
        {
            throw new InvalidOperationException(
                "AllowedHosts '*' answers any Host header: list the portal's host names separated by ';' (or leave it unset to allow Portal:BaseUrl's host only).");
        }
    }
}
