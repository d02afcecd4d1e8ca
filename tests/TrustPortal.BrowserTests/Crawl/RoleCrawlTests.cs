using System.Diagnostics;
using Microsoft.Playwright;
using TrustPortal.BrowserTests.Infrastructure;
using TrustPortal.Web.Accounts;
using Xunit.Abstractions;

namespace TrustPortal.BrowserTests.Crawl;

/// Each role signs in on the sign-in page and, from where it lands, follows only the links it is shown until it has
/// been to every GET route the portal lets that role use (one address stands for each route: one school's pages for all
/// schools). Every page reached is checked at 1280 px and at 390 px: axe finds nothing, and every link and button can
/// be seen (PageChecks.UnseenControlsAsync), and no page (each role's landing page and the board dashboard among them)
/// is wider than the phone: document.scrollingElement.scrollWidth is at most 390 (ADR 0147).
[Collection(SharedBrowser.Name)]
public sealed class RoleCrawlTests(BrowserPortal portal, ITestOutputHelper output)
{
    private const int Desktop = 1280, Phone = 390;
    private const string Trust = "{trustSlug:trust}";

    /// Routes no link leads to for anyone, and why.
    private static readonly Dictionary<string, string> NotALink = new(StringComparer.Ordinal)
    {
        [$"{Trust}/brand.css"] = "the layout's stylesheet, loaded by <link>",
        [$"{Trust}/logo"] = "the trust's logo, loaded by <img>",
        ["me/export"] = "a download behind a form button (POST) on /me",
        [$"{Trust}/progress/{{urn:int}}/submitted"] = "the confirmation the check page's submit button (a POST) leads to",
        ["error"] = "the page the exception handler shows",
        ["error/{code:int}"] = "the page a 403 or 404 shows",
        ["account/signed-out"] = "where signing out (a POST) leads",
        ["account/mfa/recovery"] = "signing in with a recovery code instead of the authenticator: a link on the MFA page, for the signed-out",
        ["account/invitation/{token}"] = "the link in an invitation e-mail",
        ["account/password/reset/{token}"] = "the link in a password-reset e-mail",
        ["account/external/{scheme}"] = "a single sign-on challenge: it leaves for the identity provider",
        ["account/external/callback"] = "where the identity provider sends the browser back",
        ["account/external/link"] = "the first single sign-on of a person with a password: reached from the provider's answer",
        ["account/external/refused"] = "the page a refused single sign-on shows",
        ["account/mfa/setup"] = "the first sign-in of an account with no authenticator yet (the demo accounts have one)",
        ["start"] = "where signing in leads: it sends each role on to its landing page, where the crawl starts",
        // The addresses of the pack before its rebuild, kept for bookmarks and old e-mails: each moves permanently on.
        [$"{Trust}/board/pack"] = "an old address: moves permanently to board/packs/current",
        [$"{Trust}/board/pack.docx"] = "an old address: moves permanently to board/packs/current.docx",
        [$"{Trust}/board/progress.xlsx"] = "an old address: moves permanently to board/packs/current.xlsx",
        [$"{Trust}/board/progress.csv"] = "an old address: moves permanently to board/packs/current.csv",
        [$"{Trust}/board/sign-off"] = "an old address: moves permanently to board/meetings",
    };

    /// Routes the portal's policies let the role in to, but that the role cannot reach with the demo data, and why.
    private static readonly Dictionary<string, Dictionary<string, string>> NotReachableFor = new(StringComparer.Ordinal)
    {
        [Roles.Staff] = new(StringComparer.Ordinal)
        {
            [$"{Trust}/progress"] = "a school's progress is its heads' and leaders' until submitted: staff read the summary",
            [$"{Trust}/progress/{{urn:int}}"] = "as above: refused to staff by the school check",
            [$"{Trust}/progress/{{urn:int}}/criteria/{{criterionId:int}}"] = "as above",
            [$"{Trust}/progress/{{urn:int}}/files/{{fileId:int}}"] = "reached from the summary only where a submitted return has a file",
            [$"{Trust}/progress/{{urn:int}}/priorities/{{priorityId:int}}"] = "as above: a school's own page",
            [$"{Trust}/actions/{{id:int}}"] = "the demo member of staff owns no improvement action",
        },
        [Roles.Headteacher] = new(StringComparer.Ordinal)
        {
            [$"{Trust}/progress/{{urn:int}}/files/{{fileId:int}}"] = "the demo schools' returns carry no evidence file",
            [$"{Trust}/progress/{{urn:int}}/priorities/{{priorityId:int}}"] = "the demo schools have no priority",
            [$"{Trust}/progress/{{urn:int}}/priorities/{{priorityId:int}}/edit"] = "as above",
            [$"{Trust}/challenges/{{id:int}}"] = "no trustee has challenged the demo schools",
            [$"{Trust}/challenges/{{id:int}}/messages/{{messageId:int}}/edit"] = "as above",
            [$"{Trust}/actions/{{id:int}}"] = "the demo head owns no improvement action",
            [$"{Trust}/actions/{{id:int}}/edit"] = "as above: the demo head's school has no improvement action",
            [$"{Trust}/self-evaluation/{{urn:int}}/files/{{fileId:int}}"] = "the example self-evaluations carry no evidence file",
        },
        [Roles.Trustee] = new(StringComparer.Ordinal)
        {
            [$"{Trust}/progress/{{urn:int}}/files/{{fileId:int}}"] = "the demo returns carry no evidence file",
            [$"{Trust}/progress/{{urn:int}}/priorities/{{priorityId:int}}"] = "the demo schools have no priorities",
            [$"{Trust}/challenges/{{id:int}}"] = "the demo trust has no challenge until a trustee raises one",
            [$"{Trust}/challenges/{{id:int}}/messages/{{messageId:int}}/edit"] = "as above",
            [$"{Trust}/board/exceptions"] = "linked from the dashboard only when there are more exceptions than it shows",
            [$"{Trust}/self-evaluation/{{urn:int}}/files/{{fileId:int}}"] = "the example self-evaluations carry no evidence file",
            [$"{Trust}/actions/{{id:int}}"] = "the demo trustee owns no improvement action, and none is overdue",
            [$"{Trust}/trust-review/files/{{fileId:int}}"] = "the example trust self-review carries no evidence file",
            [$"{Trust}/risks/school/{{urn:int}}"] = "a head's view of their own school's risks: trustees read the same risks in the whole register",
            [$"{Trust}/board/packs/{{id:int}}.{{format:regex(^(docx|pdf|xlsx|csv)$)}}"] = "a pack of record exists once the central team issues one",
        },
        [Roles.TrustAdmin] = new(StringComparer.Ordinal)
        {
            ["admin/schools/import/{token}"] = "the preview of an uploaded GIAS file: it exists once the upload form is posted",
            ["admin/schools/import/{token}/report"] = "as above",
            ["admin/users/import/{id}"] = "the preview of an uploaded list of people: it exists once the upload form is posted",
            ["admin/users/import/{id}/progress"] = "as above, once the preview's confirm form is posted",
            ["admin/plans/{planSlug}/publish"] = "offered on a draft plan: the demo trust's plans are published (AdminNavigationTests seeds a draft)",
            ["admin/plans/{planSlug}/horizons/{id:int}"] = "the demo trust's plan has no horizons (AdminNavigationTests seeds one)",
            ["admin/content/{type}/{id:int}/history/{number:int}"] = "an earlier version exists once a value has been edited (AdminNavigationTests edits one)",
            [$"{Trust}/progress/{{urn:int}}/reopen"] = "offered on a submitted return: the one school's page crawled holds a draft",
            [$"{Trust}/progress/{{urn:int}}/files/{{fileId:int}}"] = "the demo returns carry no evidence file",
            [$"{Trust}/progress/{{urn:int}}/priorities/{{priorityId:int}}"] = "the demo schools have no priorities",
            [$"{Trust}/challenges/{{id:int}}"] = "the demo trust has no challenge until a trustee raises one",
            [$"{Trust}/challenges/{{id:int}}/messages/{{messageId:int}}/edit"] = "as above",
            [$"{Trust}/board/exceptions"] = "linked from the dashboard only when there are more exceptions than it shows",
            [$"{Trust}/board/packs/{{id:int}}.{{format:regex(^(docx|pdf|xlsx|csv)$)}}"] = "a pack of record exists once the central team issues one",
            [$"{Trust}/self-evaluation/{{urn:int}}/files/{{fileId:int}}"] = "the example self-evaluations carry no evidence file",
            [$"{Trust}/actions/{{id:int}}"] = "the demo administrator owns no improvement action, and none is overdue",
            [$"{Trust}/actions/{{id:int}}/edit"] = "as above: no action to edit in the demo trust",
            [$"{Trust}/trust-review/files/{{fileId:int}}"] = "the example trust self-review carries no evidence file",
            [$"{Trust}/risks/school/{{urn:int}}"] = "a head's view of their own school's risks: administrators keep the whole register",
            [$"{Trust}/self-evaluation/{{urn:int}}/reopen"] = "offered on a submitted self-evaluation: the example ones are drafts",
        },
        [Roles.ServiceOperator] = new(StringComparer.Ordinal)
        {
            ["operator/log/{id:long}/export"] = "a deleted trust's export, kept in the log: the demo installation has deleted none",
        },
    };

    /// The service operator belongs to no trust: a trust's public pages are theirs only as a visitor's, and are crawled
    /// for every role of the trust; the operator's crawl stays on the operator's own pages and account.
    private static bool OutsideTheRole(string role, string route) =>
        role == Roles.ServiceOperator && route.StartsWith(Trust, StringComparison.Ordinal);

    /// A demo account, and the name its landing page's screenshots take (docs/screenshots, README).
    private sealed record Person(string Email, string Role, string Screenshot);

    private static readonly Dictionary<string, Person> Demo = new(StringComparer.Ordinal)
    {
        ["administrator"] = new(DemoUsers.TrustAdmin, Roles.TrustAdmin, "landing-administrator"),
        ["headteacher"] = new(DemoUsers.Head, Roles.Headteacher, "landing-headteacher"),
        ["trustee"] = new(DemoUsers.Trustee, Roles.Trustee, "landing-trustee"),
        ["staff"] = new(DemoUsers.Staff, Roles.Staff, "landing-staff"),
        ["service operator"] = new(DemoUsers.Operator, Roles.ServiceOperator, "landing-operator"),
    };

    /// Every role's crawl, two at a time (each in its own browser context of the one browser): the page's scripts and
    /// axe run in the browser while the portal answers the other, so both cores work.
    [Fact]
    public async Task From_the_sign_in_page_every_role_reaches_every_page_it_may_use_and_every_page_passes_axe_and_shows_its_controls()
    {
        var clock = Stopwatch.StartNew();
        var routes = new PortalRoutes(portal.Services);
        using var turns = new SemaphoreSlim(2);
        async Task<IReadOnlyList<string>> Turn(Func<Task<IReadOnlyList<string>>> crawl)
        {
            await turns.WaitAsync();
            try
            {
                return await crawl();
            }
            finally
            {
                turns.Release();
            }
        }
        // The administrator's (the longest) first, so the short ones fill in beside it.
        var failures = await Task.WhenAll(Demo.Keys.Select(who => Turn(() => CrawlAsync(who, routes)))
            .Append(Turn(() => ExecutiveHeadAsync(routes))));
        output.WriteLine($"All roles: {clock.Elapsed.TotalSeconds:F0} s");
        var all = failures.SelectMany(f => f).ToList();
        Assert.True(all.Count == 0, string.Join("\n\n", all));
    }

    /// One role's crawl from the sign-in page; what is wrong, each item naming the role.
    private async Task<IReadOnlyList<string>> CrawlAsync(string who, PortalRoutes routes)
    {
        var person = Demo[who];
        var clock = Stopwatch.StartNew();
        var crawl = new Crawl(routes, route => OutsideTheRole(person.Role, route));
        var page = await portal.NewPageAsync(Desktop, 900);
        var failures = new List<string>();
        try
        {
            await SignInAsync(page, person.Email, crawl);
            var landing = new Uri(page.Url).PathAndQuery;
            // Photographed as it first appears, before the checks open its menus and details.
            await ScreenshotsAsync(page, person.Screenshot);
            await crawl.RunAsync(page, landing, (route, p) =>
                route == $"{Trust}/progress/{{urn:int}}/check" ? ScreenshotsAsync(p, "check-return") : Task.CompletedTask);

            output.WriteLine($"{who}: {crawl.Visited.Count} routes in {clock.Elapsed.TotalSeconds:F0} s from {landing} ({crawl.Timings}): "
                + string.Join(" ", crawl.Visited.Values));
            if (crawl.Problems.Count > 0)
            {
                failures.Add($"{who}, from {landing}:\n" + string.Join('\n', crawl.Problems));
            }
            var allowed = await routes.AllowedForAsync(person.Role);
            var known = NotReachableFor[person.Role];
            var missing = allowed.Where(r => !crawl.Visited.ContainsKey(r) && !NotALink.ContainsKey(r) && !known.ContainsKey(r)
                && !SigningInOnly(person.Role, r) && !OutsideTheRole(person.Role, r)).ToList();
            if (missing.Count > 0)
            {
                failures.Add($"{who}: routes no link leads to from {landing}: " + string.Join(", ", missing));
            }
            var stale = known.Keys.Where(r => !allowed.Contains(r)).ToList();
            if (stale.Count > 0)
            {
                failures.Add($"{who}: listed as not reachable but not a route the role may use: " + string.Join(", ", stale));
            }
        }
        finally
        {
            await page.CloseContextAsync();
        }
        return failures;
    }

    /// The executive head's pages are the headteacher's (crawled as the headteacher); what is theirs alone is the choice
    /// of schools they land on, with each school's return in its own state (a draft, a submitted one): those get the checks.
    private async Task<IReadOnlyList<string>> ExecutiveHeadAsync(PortalRoutes routes)
    {
        var crawl = new Crawl(routes, _ => false);
        var page = await portal.NewPageAsync(Desktop, 900);
        try
        {
            await SignInAsync(page, DemoUsers.ExecutiveHead, crawl);
            var landing = new Uri(page.Url).PathAndQuery;
            Assert.Equal($"/{DemoUsers.Trust}/progress", landing);
            await ScreenshotsAsync(page, "landing-executive-head");
            await crawl.CheckAsync(page, landing);
            var schools = await page.HrefsAsync($"main a[href^='/{DemoUsers.Trust}/progress/']");
            Assert.True(schools.Count >= 2, "The executive head's landing page offers fewer than two schools: " + string.Join(", ", schools));
            foreach (var school in schools)
            {
                await page.OpenAsync(school);
                await crawl.CheckAsync(page, school);
            }
            return crawl.Problems.Count == 0 ? [] : ["executive head:\n" + string.Join('\n', crawl.Problems)];
        }
        finally
        {
            await page.CloseContextAsync();
        }
    }

    /// The first screenful at 1280 and at 390 px, as name-desktop.png and name-phone.png in the screenshots folder
    /// (scripts/screenshots.sh copies the README's into docs/screenshots).
    private static async Task ScreenshotsAsync(IPage page, string name)
    {
        var width = page.ViewportSize?.Width ?? Desktop;
        await page.SetViewportSizeAsync(Desktop, 900);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, $"{name}-desktop.png") });
        await page.SetViewportSizeAsync(Phone, 844);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPortal.OutputFolder, $"{name}-phone.png") });
        if (width != Phone)
        {
            await page.SetViewportSizeAsync(width, 900);
        }
    }

    /// Public routes outside a signed-in person's day: signing in is done once, on the way in.
    /// (Staff sign in with a password alone: the authenticator's page is for the roles that need it.)
    private static bool SigningInOnly(string role, string route) =>
        route.StartsWith("account/", StringComparison.Ordinal) && route != "account/sign-in" && (route != "account/mfa" || !Roles.RequiresMfa(role));

    /// Signs in on the sign-in page as a person does (e-mail, password, and the authenticator's code where the role has
    /// MFA), checking the sign-in pages like any other.
    private static async Task SignInAsync(IPage page, string email, Crawl crawl)
    {
        await page.OpenAsync("/account/sign-in");
        crawl.Visited["account/sign-in"] = "/account/sign-in";
        await crawl.CheckAsync(page, "/account/sign-in");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DemoUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Load });
        if (page.Url.Contains("/account/mfa", StringComparison.Ordinal))
        {
            crawl.Visited["account/mfa"] = "/account/mfa";
            await crawl.CheckAsync(page, "/account/mfa");
            await page.GetByLabel("Code", new() { Exact = true }).FillAsync(await DemoUsers.NextCodeAsync(email));
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal) && !url.EndsWith("/start", StringComparison.Ordinal),
                new() { WaitUntil = WaitUntilState.Load });
        }
        Assert.DoesNotContain("/account/", page.Url, StringComparison.Ordinal);
    }

    /// One person's walk: a queue of addresses from the links of the pages seen, one address per route.
    private sealed class Crawl(PortalRoutes routes, Func<string, bool> outside)
    {
        /// Addresses that would end the walk or leave the portal: never followed.
        private static readonly string[] NeverFollow = ["/account/sign-out", "/account/sign-out-everywhere", "/account/external/"];

        public Dictionary<string, string> Visited { get; } = new(StringComparer.Ordinal);

        public List<string> Problems { get; } = [];

        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public async Task RunAsync(IPage page, string landing, Func<string, IPage, Task> onFirstSight)
        {
            var queue = new Queue<(string Url, string From)>();
            queue.Enqueue((landing, "sign-in"));
            _seen.Add(landing);
            var first = true;
            while (queue.Count > 0)
            {
                var (url, from) = queue.Dequeue();
                var route = routes.RouteOf(url);
                if (route is null)
                {
                    Problems.Add($"{url} (linked from {from}) is no route of the portal");
                    continue;
                }
                if (Visited.ContainsKey(route) || outside(route))
                {
                    continue;
                }
                Visited[route] = url;
                _open.Start();
                var opened = first || await OpenAsync(page, url, from);
                _open.Stop();
                if (!opened)
                {
                    continue;
                }
                first = false;
                var now = new Uri(page.Url).PathAndQuery;
                if (now != url && routes.RouteOf(now) is { } landedOn)
                {
                    // Followed a redirect (e.g. /start to the person's landing page): the page shown is that route's.
                    Visited.TryAdd(landedOn, now);
                }
                await onFirstSight(route, page);
                await CheckAsync(page, now);
                foreach (var href in await page.Locator("a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.href)"))
                {
                    if (Local(page, href) is { } next && _seen.Add(next) && !NeverFollow.Any(n => next.StartsWith(n, StringComparison.Ordinal)))
                    {
                        queue.Enqueue((next, now));
                    }
                }
            }
        }

        /// Goes to the address; a download (an export, a file) is fetched with the page's cookies instead.
        private async Task<bool> OpenAsync(IPage page, string url, string from)
        {
            try
            {
                var response = await page.GotoAsync(url);
                if (response is null || response.Status != 200)
                {
                    Problems.Add($"{url} (linked from {from}) answered {response?.Status}");
                    return false;
                }
                var type = await response.HeaderValueAsync("content-type") ?? "";
                return type.StartsWith("text/html", StringComparison.Ordinal);
            }
            catch (PlaywrightException e) when (e.Message.Contains("Download is starting", StringComparison.Ordinal) || e.Message.Contains("ERR_ABORTED", StringComparison.Ordinal))
            {
                var response = await page.Context.APIRequest.GetAsync(url);
                if (response.Status != 200)
                {
                    Problems.Add($"{url} (linked from {from}) answered {response.Status}");
                }
                return false;
            }
        }

        private readonly Stopwatch _open = new(), _axe = new(), _controls = new();

        public string Timings => $"opening {_open.Elapsed.TotalSeconds:F0} s, axe {_axe.Elapsed.TotalSeconds:F0} s, controls and width {_controls.Elapsed.TotalSeconds:F0} s";

        /// axe, the controls and (on the phone) the document's width, at the width the page opened at and then at the
        /// other one (the same page, resized: axe stays injected); the next page opens at the width this one ends at.
        public async Task CheckAsync(IPage page, string url)
        {
            var first = page.ViewportSize?.Width ?? Desktop;
            foreach (var width in first == Desktop ? new[] { Desktop, Phone } : [Phone, Desktop])
            {
                if (width != first)
                {
                    await page.SetViewportSizeAsync(width, width == Desktop ? 900 : 844);
                }
                _axe.Start();
                var violations = await PageChecks.AxeAsync(page);
                _axe.Stop();
                if (violations.Length > 0)
                {
                    Problems.Add($"{url} at {width}px: axe found\n{violations}");
                }
                _controls.Start();
                foreach (var unseen in await PageChecks.UnseenControlsAsync(page))
                {
                    Problems.Add($"{url} at {width}px: {unseen}");
                }
                if (width == Phone)
                {
                    var (documentWidth, culprits) = await PageChecks.DocumentWidthAsync(page);
                    if (documentWidth > Phone)
                    {
                        Problems.Add($"{url} at {width}px: the page is {documentWidth}px wide: {culprits}");
                    }
                }
                _controls.Stop();
            }
        }

        private static string? Local(IPage page, string href)
        {
            var origin = new Uri(page.Url);
            if (!Uri.TryCreate(href, UriKind.Absolute, out var target) || target.Authority != origin.Authority || target.Scheme != origin.Scheme)
            {
                return null;
            }
            var path = target.AbsolutePath;
            return path.StartsWith("/lib/", StringComparison.Ordinal) || path.StartsWith("/css/", StringComparison.Ordinal)
                || path.StartsWith("/js/", StringComparison.Ordinal) || path.StartsWith("/assets/", StringComparison.Ordinal)
                ? null : target.PathAndQuery;
        }
    }
}
