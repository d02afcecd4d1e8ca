using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace TrustPortal.Web.Accounts;

/// Settings of one identity provider: "Authentication:Microsoft" or "Authentication:Google".
public sealed class ExternalProviderOptions
{
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
}

/// Why a Microsoft or Google sign-in was refused; each has its own words on /account/external/refused.
public enum ExternalRefusal
{
    /// The Entra tenant is not one the person's trust allows (or the token names none).
    Tenant,
    /// The Google Workspace domain (the token's hd) is not one the person's trust allows, or it is a personal account.
    Domain,
    /// The provider does not vouch for the e-mail address.
    Unverified,
    /// The portal account is disabled (or may not sign in at all, such as a demo account outside Development).
    Disabled,
    /// No portal account has that address, and the trust does not make Staff accounts at first sign-in.
    NoAccount,
    /// The answer could not be trusted: state, nonce, signature, audience or issuer wrong, or a replay.
    Untrusted,
    /// The answer came too late: the token had expired.
    Expired,
    /// The provider could not be reached.
    Unreachable,
    /// The person cancelled at the provider, or the provider answered with an error.
    Cancelled,
}

/// Thrown from the handler's events to refuse a sign-in for one of our own reasons.
public sealed class ExternalSignInRefusedException(ExternalRefusal reason) : Exception($"Single sign-on refused: {reason}")
{
    public ExternalRefusal Reason { get; } = reason;
}

/// The two identity providers (ADR 0145). A provider whose ClientId is empty is not registered, so not offered.
public sealed class ExternalProviders
{
    public const string Microsoft = nameof(Microsoft);
    public const string Google = nameof(Google);
    public const string MicrosoftAuthority = "https://login.microsoftonline.com/organizations/v2.0";
    public const string GoogleAuthority = "https://accounts.google.com";

    public ExternalProviders(IReadOnlyList<string> offered, IReadOnlyList<string>? origins = null)
    {
        Offered = offered;
        Origins = origins ?? [];
    }

    /// The schemes this installation offers, in the order the sign-in page shows them.
    public IReadOnlyList<string> Offered { get; }

    /// The providers' origins (scheme, host and port of each authority).
    public IReadOnlyList<string> Origins { get; }

    /// The content security policy with the providers' origins added to form-action (the sign-in buttons post to the
    /// portal, which redirects to the provider).
    public string SignInPagePolicy(string policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Origins.Count == 0 ? policy : policy.Replace("form-action 'self'", "form-action 'self' " + string.Join(' ', Origins), StringComparison.Ordinal);
    }

    /// The scheme for a URL segment ("microsoft", "google"), if offered.
    public string? Find(string? segment) => Offered.FirstOrDefault(p => string.Equals(p, segment, StringComparison.OrdinalIgnoreCase));

    public static string Segment(string provider) => provider.ToLowerInvariant();

    public static IServiceCollection AddTrustPortalSingleSignOn(IServiceCollection services, IConfiguration configuration, bool secureCookies)
    {
        var offered = new List<string>();
        var origins = new List<string>();
        var authentication = services.AddAuthentication();
        foreach (var (provider, defaultAuthority) in new[] { (Microsoft, MicrosoftAuthority), (Google, GoogleAuthority) })
        {
            var settings = configuration.GetSection("Authentication:" + provider).Get<ExternalProviderOptions>() ?? new ExternalProviderOptions();
            if (string.IsNullOrWhiteSpace(settings.ClientId))
            {
                continue;
            }
            offered.Add(provider);
            var authority = string.IsNullOrWhiteSpace(settings.Authority) ? defaultAuthority : settings.Authority.Trim();
            authentication.AddOpenIdConnect(provider, provider, o => Configure(o, provider, authority, settings, secureCookies));
            if (Uri.TryCreate(authority, UriKind.Absolute, out var uri))
            {
                origins.Add(uri.GetLeftPart(UriPartial.Authority));
            }
        }
        services.AddSingleton(new ExternalProviders(offered, origins));
        services.AddScoped<ExternalSignIn>();
        return services;
    }

    private static void Configure(OpenIdConnectOptions o, string provider, string authority, ExternalProviderOptions settings, bool secureCookies)
    {
        o.Authority = authority;
        o.ClientId = settings.ClientId.Trim();
        o.ClientSecret = settings.ClientSecret;
        // Authorisation code flow with PKCE; the answer comes back as a form post (the default response mode), and the
        // request goes by PAR where the provider offers it.
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        o.CallbackPath = "/signin-" + Segment(provider);
        o.SignInScheme = IdentityConstants.ExternalScheme;
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        o.Scope.Add("email");
        o.GetClaimsFromUserInfoEndpoint = false;
        o.SaveTokens = false;
        o.MapInboundClaims = false;
        o.DisableTelemetry = true;
        // Plain http only to a provider on this machine (the tests' one); anything else must be https.
        o.RequireHttpsMetadata = !IsLoopback(authority);
        o.BackchannelTimeout = TimeSpan.FromSeconds(20);
        o.TokenValidationParameters.NameClaimType = "name";
        o.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(2);
        o.CorrelationCookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SecurePolicy = o.CorrelationCookie.SecurePolicy;
        if (provider == Microsoft)
        {
            // Entra's multi-tenant metadata names the issuer "…/{tenantid}/v2.0": the token's issuer must be that with
            // the token's own tid. Whether the tenant is allowed is the trust's list, checked at the callback.
            o.TokenValidationParameters.IssuerValidatorUsingConfiguration = ValidateTenantIssuer;
        }
        o.Events.OnRemoteFailure = OnRemoteFailureAsync;
        o.Events.OnAccessDenied = context =>
        {
            context.HttpContext.RequestServices.GetRequiredService<SecurityEvents>().ExternalSignInRefused(context.Scheme.Name, ExternalRefusal.Cancelled, null);
            context.Response.Redirect(RefusedPath(ExternalRefusal.Cancelled));
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    private static bool IsLoopback(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)));

    /// The issuer must be one the metadata names, with "{tenantid}" standing for the token's tid (which must be present).
    public static string ValidateTenantIssuer(string issuer, SecurityToken token, TokenValidationParameters parameters, BaseConfiguration? configuration)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var tenant = token is JsonWebToken jwt && jwt.TryGetPayloadValue<string>("tid", out var tid) && !string.IsNullOrWhiteSpace(tid) ? tid : null;
        if (tenant is not null)
        {
            foreach (var valid in (parameters.ValidIssuers ?? []).Append(parameters.ValidIssuer).Append(configuration?.Issuer).OfType<string>())
            {
                var expected = valid.Replace("{tenantid}", tenant, StringComparison.OrdinalIgnoreCase);
                if (string.Equals(expected, issuer, StringComparison.Ordinal))
                {
                    return issuer;
                }
            }
        }
        throw new SecurityTokenInvalidIssuerException("The token's issuer does not match its tenant") { InvalidIssuer = issuer };
    }

    /// Every failure at the callback (forged, replayed, expired, unreachable, refused by our own checks) ends on a page
    /// that says which, with a security event.
    private static Task OnRemoteFailureAsync(RemoteFailureContext context)
    {
        var reason = Classify(context.Failure);
        context.HttpContext.RequestServices.GetRequiredService<SecurityEvents>().ExternalSignInRefused(context.Scheme.Name, reason, null);
        context.Response.Redirect(RefusedPath(reason));
        context.HandleResponse();
        return Task.CompletedTask;
    }

    public static string RefusedPath(ExternalRefusal reason) => "/account/external/refused?reason=" + reason;

    public static ExternalRefusal Classify(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ExternalSignInRefusedException refused:
                    return refused.Reason;
                case SecurityTokenExpiredException:
                    return ExternalRefusal.Expired;
                case HttpRequestException or TaskCanceledException or TimeoutException or IOException:
                    return ExternalRefusal.Unreachable;
                default:
                    break;
            }
        }
        // Metadata that could not be fetched (IDX20803) carries the network error inside, found above.
        return ExternalRefusal.Untrusted;
    }

    public static bool IsUnreachable(Exception e) => Classify(e) == ExternalRefusal.Unreachable;
}
