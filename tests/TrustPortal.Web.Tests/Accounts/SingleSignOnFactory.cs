using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// The portal with both identity providers pointed at two real OpenID Connect providers on loopback: a
/// Microsoft-like one and a Google-like one (the same oidc-provider script, two issuers, two clients).
public class SingleSignOnFactory : PortalFactory
{
    public OidcProvider Microsoft { get; } = OidcProvider.Start("trustportal-microsoft", "https://localhost/signin-microsoft");
    public OidcProvider Google { get; } = OidcProvider.Start("trustportal-google", "https://localhost/signin-google");

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Authentication:Microsoft:Authority"] = Microsoft.Issuer;
            settings["Authentication:Microsoft:ClientId"] = Microsoft.ClientId;
            settings["Authentication:Microsoft:ClientSecret"] = Microsoft.ClientSecret;
            settings["Authentication:Google:Authority"] = Google.Issuer;
            settings["Authentication:Google:ClientId"] = Google.ClientId;
            settings["Authentication:Google:ClientSecret"] = Google.ClientSecret;
            return settings;
        }
    }

    /// Lets a trust's people in from a new tenant (Microsoft) or domain (Google), unique to the test; returns it.
    public async Task<string> AllowAsync(string provider, string? identifier = null, string trustSlug = DemoAccounts.TrustSlug,
        bool createStaff = false, bool tenantEnforcesMfa = false)
    {
        identifier ??= provider == ExternalProviders.Microsoft ? Guid.NewGuid().ToString() : $"school-{Guid.NewGuid():N}.org.uk";
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Trusts.Where(t => t.Slug == trustSlug).Select(t => t.Id).SingleAsync();
        db.TrustSignInAllowances.Add(new TrustSignInAllowance { TrustId = trustId, Provider = provider, Identifier = identifier });
        var policy = await db.TrustAccountPolicies.SingleOrDefaultAsync(p => p.TrustId == trustId);
        if (policy is null)
        {
            policy = new TrustAccountPolicy { TrustId = trustId };
            db.TrustAccountPolicies.Add(policy);
        }
        policy.CreateStaffAtFirstSignIn = createStaff;
        policy.TenantEnforcesMfa = tenantEnforcesMfa;
        await db.SaveChangesAsync();
        return identifier;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Dispose();
            Google.Dispose();
        }
    }
}

/// One person's browser: the portal's cookies and the provider's, driven as a browser does — the sign-in button's
/// POST, the redirect (a PAR request_uri) to the provider, its login form, and the form_post back to the portal.
public sealed class SsoBrowser : IDisposable
{
    private static readonly HtmlParser Parser = new();
    private readonly HttpClientHandler _providerHandler = new() { CookieContainer = new CookieContainer(), AllowAutoRedirect = true };
    private readonly HttpClient _provider;

    public SsoBrowser(PortalFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Portal = factory.CreateSecureClient();
        _provider = new HttpClient(_providerHandler);
    }

    public HttpClient Portal { get; }

    /// The form the provider answered with (action and fields), kept so a test can post it again.
    public (Uri Action, Dictionary<string, string> Fields)? LastAnswer { get; private set; }

    /// Presses "Sign in with …" and returns the portal's answer to it (a redirect to the provider, or a refusal).
    public async Task<HttpResponseMessage> PressAsync(string provider)
    {
        var segment = ExternalProviders.Segment(provider);
        return await Portal.PostFormAsync($"/account/external/{segment}", new Dictionary<string, string>(), "/account/sign-in");
    }

    /// Signs in at the provider as <paramref name="login"/> and returns the provider's form_post (not yet posted).
    public async Task<(Uri Action, Dictionary<string, string> Fields)> AtProviderAsync(string provider, ProviderLogin login)
    {
        ArgumentNullException.ThrowIfNull(login);
        using var pressed = await PressAsync(provider);
        Assert.Equal(HttpStatusCode.Redirect, pressed.StatusCode);
        var authorize = pressed.Headers.Location!;
        Assert.True(authorize.IsAbsoluteUri && authorize.IsLoopback, $"Expected a redirect to the provider, got {authorize}");
        // The handler pushed the request (PAR): the browser carries only a request_uri.
        Assert.Contains("request_uri=", authorize.Query, StringComparison.Ordinal);
        using var loginPage = await _provider.GetAsync(authorize);
        var html = await loginPage.Content.ReadAsStringAsync();
        Assert.True(loginPage.StatusCode == HttpStatusCode.OK, html);
        var form = (await Parser.ParseDocumentAsync(html)).QuerySelector("form") ?? throw new Xunit.Sdk.XunitException("No login form: " + html);
        using var content = new FormUrlEncodedContent(login.Fields());
        using var answered = await _provider.PostAsync(new Uri(loginPage.RequestMessage!.RequestUri!, form.GetAttribute("action")), content);
        var answer = await answered.Content.ReadAsStringAsync();
        var post = (await Parser.ParseDocumentAsync(answer)).QuerySelector("form[method=post]")
            ?? throw new Xunit.Sdk.XunitException("The provider did not answer with a form post: " + answer);
        var fields = post.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        LastAnswer = (new Uri(post.GetAttribute("action")!), fields);
        return LastAnswer.Value;
    }

    /// Posts the provider's answer to the portal and follows the portal's redirects; returns the last response.
    public async Task<HttpResponseMessage> PostAnswerAsync((Uri Action, Dictionary<string, string> Fields) answer)
    {
        using var content = new FormUrlEncodedContent(answer.Fields);
        var response = await Portal.PostAsync(answer.Action, content);
        return await FollowAsync(response);
    }

    /// The whole journey: press, sign in at the provider, come back; the portal's last response.
    public async Task<HttpResponseMessage> SignInAsync(string provider, ProviderLogin login) =>
        await PostAnswerAsync(await AtProviderAsync(provider, login));

    /// Follows the portal's own redirects, stopping at a page or at a redirect that leaves the portal.
    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        for (var hops = 0; hops < 10 && response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther; hops++)
        {
            var location = response.Headers.Location!;
            if (location.IsAbsoluteUri && location.Host != "localhost")
            {
                break;
            }
            response.Dispose();
            response = await Portal.GetAsync(location);
        }
        return response;
    }

    public void Dispose()
    {
        Portal.Dispose();
        _provider.Dispose();
        _providerHandler.Dispose();
    }
}
