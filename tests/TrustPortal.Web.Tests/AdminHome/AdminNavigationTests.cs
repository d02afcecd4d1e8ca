using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.PlanAdmin;
using TrustPortal.Web.Tests.Reliability;
using Microsoft.EntityFrameworkCore;

namespace TrustPortal.Web.Tests.AdminHome;

/// An administrator reaches every administration page by clicking from where they land (/admin), and every page
/// they see carries the administration menu.
[Collection(SharedPortal.Name)]
public sealed class AdminNavigationTests(PortalFactory factory)
{
    /// Admin GET routes that no link can lead to, because a form on their parent makes the thing they show:
    /// route → the parent page and the form action on it that leads there.
    private static readonly Dictionary<string, (string Parent, string FormAction)> ReachedThroughAForm = new(StringComparer.Ordinal)
    {
        // The preview of an uploaded GIAS file, and its report, exist only after the upload form is posted.
        ["admin/schools/import/{token}"] = ("/admin/schools/import", "/admin/schools/import"),
        ["admin/schools/import/{token}/report"] = ("/admin/schools/import", "/admin/schools/import"),
        // Likewise a list of people: its preview exists once the upload form is posted, and its progress page once the
        // preview's confirm form is (the preview is the upload form's page, so the chain starts there).
        ["admin/users/import/{id}"] = ("/admin/users/import", "/admin/users/import"),
        ["admin/users/import/{id}/progress"] = ("/admin/users/import", "/admin/users/import"),
    };

    private static readonly HtmlParser Parser = new();

    [Fact]
    public async Task From_the_administrators_landing_page_links_reach_every_admin_page()
    {
        var (client, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        // What makes every kind of admin page exist: a draft plan with a horizon (publish, horizon pages) and a
        // value edited once (its history and an earlier version).
        await factory.SeedPlanAsync(trustSlug: DemoAccounts.TrustSlug);
        var name = $"Curiosity {Guid.NewGuid():N}"[..20];
        using (var added = await client.PostFormAsync("/admin/content/value/new", ValueFields(name, "We ask why.", 0)))
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, added.StatusCode);
        }
        var valueId = await factory.ReadAsync(db => db.TrustValues.Where(v => v.Name == name).Select(v => v.Id).SingleAsync());
        using (var edited = await client.PostFormAsync($"/admin/content/value/{valueId}", ValueFields(name, "We ask why, and listen.", 1)))
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, edited.StatusCode);
        }
        using var landing = await client.GetAsync(new Uri("/start", UriKind.Relative));
        Assert.Equal("/admin", landing.Headers.Location!.OriginalString);

        // Up to six of each shape: the demo trust has four values of its own before the one made here (its history).
        var crawler = new PortalCrawler(client, maxPages: 600, perShape: 6, skip: url => !url.StartsWith("/admin", StringComparison.Ordinal));
        await crawler.CrawlAsync("/admin");
        Assert.Empty(crawler.Problems);

        var routes = AdminGetRoutes();
        Assert.True(routes.Count > 20, "Too few admin GET routes found: " + string.Join(", ", routes));
        // Pages, and the downloads their links lead to (a subject access export is a download, reached by its link).
        var visited = crawler.Pages.Keys.Concat(crawler.Downloads).Concat(crawler.Redirects).Select(u => u.Split('?')[0]).ToList();
        var missing = routes
            .Where(r => !ReachedThroughAForm.ContainsKey(r) && !visited.Any(u => Matches(r, u)))
            .ToList();
        Assert.True(missing.Count == 0, $"Admin pages no link leads to from /admin ({crawler.Pages.Count} pages crawled): " + string.Join(", ", missing)
            + "\n" + string.Join("\n", crawler.Pages.Keys.Where(k => k.StartsWith("/admin/plans", StringComparison.Ordinal))));

        var stale = ReachedThroughAForm.Keys.Where(r => !routes.Contains(r)).ToList();
        Assert.True(stale.Count == 0, "Listed as reached through a form but not a route: " + string.Join(", ", stale));
        foreach (var (route, (parent, action)) in ReachedThroughAForm)
        {
            Assert.True(crawler.Pages.TryGetValue(parent, out var html), $"{route}: its parent {parent} was not reached");
            var doc = await Parser.ParseDocumentAsync(html!);
            Assert.True(doc.QuerySelectorAll("form[method=post]").Any(f => f.GetAttribute("action") == action),
                $"{route}: {parent} has no form posting to {action}");
        }

        // Every page the administrator saw has the administration menu, with the way back to the overview.
        var withoutMenu = crawler.Pages.Where(p => !HasAdminMenu(p.Value)).Select(p => p.Key).ToList();
        Assert.True(withoutMenu.Count == 0, "Admin pages without the administration menu: " + string.Join(", ", withoutMenu));
    }

    [Fact]
    public async Task The_administration_menu_is_on_trust_and_account_pages_for_administrators_only()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        foreach (var url in new[] { "/me", $"/{DemoAccounts.TrustSlug}", $"/{DemoAccounts.TrustSlug}/progress", "/" })
        {
            var doc = await admin.GetDocumentAsync(url);
            var menu = doc.QuerySelector("nav[aria-label='Administration menu']");
            Assert.True(menu is not null, $"{url}: no administration menu for an administrator");
            var links = menu!.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
            Assert.Equal(["/admin", "/admin/content", "/admin/branding", "/admin/schools", "/admin/schools/import", "/admin/plans", "/admin/self-evaluation", "/admin/risks", "/admin/trust-review", "/admin/users", "/admin/sign-in-settings", "/admin/audit"], links);
        }
        foreach (var role in new[] { Roles.Staff, Roles.Headteacher, Roles.Trustee })
        {
            var (client, _, _, _) = await factory.SignedInClientAsync(role);
            var doc = await client.GetDocumentAsync($"/{DemoAccounts.TrustSlug}");
            Assert.Null(doc.QuerySelector("nav[aria-label='Administration menu']"));
        }
    }

    [Fact]
    public async Task The_current_admin_section_is_marked_in_the_menu()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var doc = await admin.GetDocumentAsync("/admin/schools/import");
        var current = doc.QuerySelectorAll("nav[aria-label='Administration menu'] a[aria-current]").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["Import from GIAS"], current);
        doc = await admin.GetDocumentAsync("/admin/schools/add");
        current = doc.QuerySelectorAll("nav[aria-label='Administration menu'] a[aria-current]").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["Schools"], current);
    }

    private static Dictionary<string, string> ValueFields(string name, string meaning, int loaded) => new()
    {
        ["Fields[name]"] = name, ["Fields[meaning]"] = meaning, ["Fields[audience]"] = "Public",
        ["LoadedVersion"] = loaded.ToString(System.Globalization.CultureInfo.InvariantCulture), ["action"] = "save",
    };

    private static bool HasAdminMenu(string html) =>
        html.Contains("aria-label=\"Administration menu\"", StringComparison.Ordinal) && html.Contains("href=\"/admin\"", StringComparison.Ordinal);

    /// The route patterns of every GET endpoint under /admin that the portal declares.
    private List<string> AdminGetRoutes()
    {
        var sources = factory.Services.GetRequiredService<EndpointDataSource>();
        return sources.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true)
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p == "admin" || p.StartsWith("admin/", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// Whether a visited path is an address of the route pattern, e.g. /admin/plans/x/cycles/3 of
    /// admin/plans/{planSlug}/cycles/{id:int}. A literal segment wins over a parameter: /admin/plans/new is not
    /// the plan called "new".
    private static bool Matches(string pattern, string path)
    {
        var segments = pattern.Split('/');
        var parts = path.TrimStart('/').Split('/');
        if (segments.Length != parts.Length)
        {
            return false;
        }
        for (var i = 0; i < segments.Length; i++)
        {
            var s = segments[i];
            if (s.StartsWith('{'))
            {
                if (s.Contains(":int", StringComparison.Ordinal) && !Regex.IsMatch(parts[i], "^[0-9]+$"))
                {
                    return false;
                }
                if (Literals.Contains(parts[i]))
                {
                    return false;
                }
            }
            else if (!string.Equals(s, parts[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        return true;
    }

    private static readonly HashSet<string> Literals = new(StringComparer.OrdinalIgnoreCase)
    {
        "new", "add", "import", "invite", "details", "termly", "publish", "archive", "report", "edit", "history", "close",
    };
}
