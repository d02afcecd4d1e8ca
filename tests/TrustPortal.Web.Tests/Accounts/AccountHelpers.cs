using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// Signs in through the real pages, posts forms with their antiforgery token, and makes test users.
public static class AccountHelpers
{
    public const string Password = "Plenty-long-test-passphrase";
    private static readonly HtmlParser Parser = new();

    public static async Task<string> TokenFromAsync(this HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}\n{(html.Length > 800 ? html[..800] : html)}");
        var doc = await Parser.ParseDocumentAsync(html);
        return doc.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new Xunit.Sdk.XunitException($"No antiforgery token on {url}");
    }

    /// Posts a form with the antiforgery token taken from the page at <paramref name="tokenPage"/>.
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, IDictionary<string, string> fields, string? tokenPage = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var token = await client.TokenFromAsync(tokenPage ?? url);
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        using var content = new FormUrlEncodedContent(all);
        return await client.PostAsync(new Uri(url, UriKind.Relative), content);
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password, string rememberMe = "false") =>
        client.PostFormAsync("/account/sign-in", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password, ["RememberMe"] = rememberMe });

    public static string Code(string base32Key, DateTimeOffset at) =>
        new Totp(Base32Encoding.ToBytes(base32Key)).ComputeTotp(at.UtcDateTime);

    /// Signs in with password and authenticator code; asserts the user ends up signed in.
    public static async Task SignInWithMfaAsync(this HttpClient client, PortalFactory factory, string email, string key)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var first = await client.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/account/mfa", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var second = await client.PostFormAsync("/account/mfa", new Dictionary<string, string> { ["Code"] = Code(key, factory.Clock.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal("/start", second.Headers.Location!.OriginalString);
    }

    public static async Task<int> TrustIdAsync(this PortalFactory factory, string slug = DemoAccounts.TrustSlug)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Trusts.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
    }

    /// Makes a user with the test password; for MFA roles, enrols a fresh authenticator key and returns it.
    public static async Task<(string Id, string Email, string? Key)> CreateUserAsync(this PortalFactory factory, string role, string trustSlug = DemoAccounts.TrustSlug, bool enrolMfa = true)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var trustId = await db.Trusts.Where(t => t.Slug == trustSlug).Select(t => t.Id).SingleAsync();
        var schools = role == Roles.Headteacher ? await db.Schools.Where(s => s.TrustId == trustId).OrderBy(s => s.Urn).Select(s => s.Id).Take(1).ToListAsync() : [];
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.trustportal.test";
        var (result, user) = await admin.CreateAsync(email, $"Test {role}", role, trustId, schools, Password, CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        string? key = null;
        if (enrolMfa && Roles.RequiresMfa(role))
        {
            await users.ResetAuthenticatorKeyAsync(user!);
            key = await users.GetAuthenticatorKeyAsync(user!);
            await users.SetTwoFactorEnabledAsync(user!, true);
        }
        return (user!.Id, email, key);
    }

    /// A client signed in as a new user of the role (through MFA where the role needs it).
    public static async Task<(HttpClient Client, string Id, string Email, string? Key)> SignedInClientAsync(this PortalFactory factory, string role, string trustSlug = DemoAccounts.TrustSlug)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var (id, email, key) = await factory.CreateUserAsync(role, trustSlug);
        var client = factory.CreateSecureClient();
        if (key is null)
        {
            using var response = await client.SignInAsync(email, Password);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        else
        {
            await client.SignInWithMfaAsync(factory, email, key);
        }
        return (client, id, email, key);
    }

    public static string? CookieFrom(HttpResponseMessage response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal)) : null;
    }
}
