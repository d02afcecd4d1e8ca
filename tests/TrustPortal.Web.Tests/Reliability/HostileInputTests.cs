using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Plans;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.Progress;
using Xunit.Abstractions;

namespace TrustPortal.Web.Tests.Reliability;

/// A portal of its own (its own copy of the demo data): the hostile-input crawl posts every form of the demo trust,
/// archive, publish, close and remove included, which the shared database's other tests must never see.
public sealed class HostileInputFactory : PortalFactory;

/// Every form and query parameter the portal offers, found by following its own links as each role, driven with
/// hostile and malformed values: no 5xx, a clear message when refused, nothing written back unencoded.
public sealed class HostileInputTests(HostileInputFactory factory, ITestOutputHelper output) : IClassFixture<HostileInputFactory>
{
    private const string Slug = DemoAccounts.TrustSlug;
    private static readonly HtmlParser Parser = new();

    private static readonly string[] Starts =
    [
        "/me", $"/{Slug}", $"/{Slug}/plans", $"/{Slug}/schools", $"/{Slug}/messages", $"/{Slug}/progress", $"/{Slug}/board",
        $"/{Slug}/challenges", $"/{Slug}/staff", "/admin/content", "/admin/branding", "/admin/schools", "/admin/schools/import",
        "/admin/plans", "/admin/users", "/admin/audit",
    ];

    [Fact]
    public async Task Every_form_field_of_every_role_gets_hostile_values_without_a_5xx_with_a_clear_message_and_nothing_shown_unencoded()
    {
        var clock = Stopwatch.StartNew();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var shapesDone = new HashSet<string>(StringComparer.Ordinal);
        var allPages = new HashSet<string>(StringComparer.Ordinal);
        var clients = new List<(string Role, HttpClient Client)>();
        var posts = 0;
        var rotation = 0;
        foreach (var role in new[] { Roles.TrustAdmin, Roles.Headteacher, Roles.Trustee, Roles.Staff })
        {
            var (client, userId) = await SignInAsync(role);
            clients.Add((role, client));
            var crawler = new PortalCrawler(client, maxPages: 120, perShape: 2, url => Skip(url, userId));
            await crawler.CrawlAsync(Starts);
            foreach (var problem in crawler.Problems)
            {
                failures.Enqueue($"{role}: {problem}");
            }
            allPages.UnionWith(crawler.Pages.Keys);
            allPages.UnionWith(crawler.Downloads);
            var forms = crawler.Forms.Where(f => shapesDone.Add(f.Shape)).ToList();
            // A few forms at a time: each form's posts stay in order (a later value may need the version an accepted
            // one made), different forms run side by side.
            await Parallel.ForEachAsync(forms, new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (form, _) =>
            {
                var current = form;
                foreach (var field in form.Fields.Where(f => f.Kind != "submit" && f.Name != "__RequestVerificationToken").DistinctBy(f => f.Name))
                {
                    var r = Interlocked.Add(ref rotation, 2);
                    var values = HostileValues.Always
                        .Concat([HostileValues.Rotation[r % HostileValues.Rotation.Length], HostileValues.Rotation[(r + 1) % HostileValues.Rotation.Length]])
                        .Concat(HostileValues.Last);
                    foreach (var value in values)
                    {
                        Interlocked.Increment(ref posts);
                        var (failure, accepted) = await PostAsync(client, role, current, field.Name, value);
                        if (failure is not null)
                        {
                            failures.Enqueue(failure);
                        }
                        if (accepted && await RefreshAsync(client, current) is { } fresh)
                        {
                            // The form changed state: take the page's new version and token for the next value.
                            current = fresh;
                        }
                        else if (accepted)
                        {
                            break;
                        }
                    }
                }
            });
            output.WriteLine($"{role}: {crawler.Pages.Count} pages, {crawler.Forms.Count} forms ({forms.Count} new kinds), {crawler.QueryParameters.Count} query parameters");
        }

        // Store, then render everywhere: whatever the posts stored is read back on every page and in every export any
        // role found, plus the board's downloads, as every role (those who may not see one get a 4xx, never a 5xx);
        // it must come back encoded, and every Word and Excel file must open.
        allPages.UnionWith(Exports);
        var reads = 0;
        foreach (var (role, client) in clients)
        {
            await Parallel.ForEachAsync(allPages, new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (page, _) =>
            {
                Interlocked.Increment(ref reads);
                if (await ReadBackAsync(client, page) is { } problem)
                {
                    failures.Enqueue($"{role}: GET {page} after the hostile posts {problem}");
                }
            });
        }
        output.WriteLine($"{shapesDone.Count} kinds of form, {posts} hostile posts, {allPages.Count} pages and downloads re-read as {clients.Count} roles ({reads} reads) in {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }
        Assert.True(shapesDone.Count >= 40, $"The crawl found only {shapesDone.Count} kinds of form; it should reach every form of the demo trust.");
        Assert.True(failures.IsEmpty, $"{failures.Count} failures:\n" + string.Join("\n", failures.Distinct().Take(60)));
    }

    /// The downloads made from what people stored, which the crawl itself skips (the board pack takes a while to make).
    private static readonly string[] Exports =
    [
        $"/{Slug}/board/packs/current.docx", $"/{Slug}/board/packs/current.xlsx", $"/{Slug}/board/packs/current.csv", "/me/export",
    ];

    /// Null when the page or download reads back well; else what was wrong.
    private async Task<string?> ReadBackAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return $"answered {status}. {LastError()}";
        }
        if (status != 200)
        {
            return null;
        }
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type == "text/html")
        {
            return HostileValues.UnencodedMarkerIn(await response.Content.ReadAsStringAsync()) is { } marker ? $"shows {marker} unencoded" : null;
        }
        try
        {
            using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
            if (type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            {
                using var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(stream, false);
                _ = word.MainDocumentPart!.Document!.Body!.InnerText;
            }
            else if (type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            {
                using var book = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(stream, false);
                // A board pack has a sheet per part: every one must open.
                foreach (var sheet in book.WorkbookPart!.WorksheetParts)
                {
                    _ = sheet.Worksheet!.InnerText;
                }
            }
        }
#pragma warning disable CA1031 // Reason: any failure to open the file is the finding, reported with its message.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"gave a {type} file that does not open: {e.GetType().Name}: {e.Message}";
        }
        return null;
    }

    [Fact]
    public async Task Every_query_parameter_and_route_value_gets_hostile_values_without_a_5xx_and_with_a_clear_page()
    {
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        var requests = 0;
        foreach (var role in new[] { Roles.TrustAdmin, Roles.Trustee, Roles.Headteacher })
        {
            var (client, userId) = await SignInAsync(role);
            var crawler = new PortalCrawler(client, maxPages: 80, perShape: 1, url => Skip(url, userId));
            await crawler.CrawlAsync(Starts);
            failures.AddRange(crawler.Problems.Select(p => $"{role}: {p}"));
            foreach (var ((path, param), _) in crawler.QueryParameters)
            {
                foreach (var (label, encoded) in HostileValues.ForUrls)
                {
                    requests++;
                    failures.AddRange(await GetAsync(client, $"{path}?{Uri.EscapeDataString(param)}={encoded}", $"{role}: query parameter {param} of {path} = {label}"));
                }
            }
            // Every number in an address (ids, URNs, years) replaced in turn by each hostile value.
            foreach (var page in crawler.Pages.Keys.Select(PortalCrawler.PathOf).Distinct(StringComparer.Ordinal))
            {
                var segments = page.Split('/');
                for (var i = 0; i < segments.Length; i++)
                {
                    if (segments[i].Length == 0 || !segments[i].All(char.IsAsciiDigit))
                    {
                        continue;
                    }
                    // (A NUL in a path never reaches the portal: the HTTP client refuses it and Kestrel answers 400 itself.)
                    foreach (var (label, encoded) in HostileValues.ForUrls.Where(v => v.Encoded.Length is > 0 and < 1000 && !v.Encoded.Contains("%00", StringComparison.Ordinal)))
                    {
                        var changed = (string[])segments.Clone();
                        changed[i] = encoded;
                        requests++;
                        failures.AddRange(await GetAsync(client, string.Join('/', changed), $"{role}: route value {i} of {page} = {label}"));
                    }
                }
            }
        }
        output.WriteLine($"{requests} hostile addresses in {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }
        Assert.True(requests > 200, $"Only {requests} hostile addresses were tried; the crawl should find the filters and ids.");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Distinct().Take(60)));
    }

    private async Task<IEnumerable<string>> GetAsync(HttpClient client, string url, string what)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return [$"{what}: answered {status}. {LastError()}"];
        }
        if (status is >= 300 and < 400 || response.Content.Headers.ContentType?.MediaType != "text/html")
        {
            return [];
        }
        var html = await response.Content.ReadAsStringAsync();
        if (HostileValues.UnencodedMarkerIn(html) is { } marker)
        {
            return [$"{what}: the page shows {marker} unencoded"];
        }
        if (status == 200)
        {
            return [];
        }
        return ClearMessageProblem(status, html) is { } problem ? [$"{what}: {problem}"] : [];
    }

    /// A signed-in client of the role; the headteacher leads a new school of the demo trust, whose return for the
    /// open cycle is still editable (the demo schools' may be submitted), so the progress forms are on offer.
    private async Task<(HttpClient Client, string UserId)> SignInAsync(string role)
    {
        if (role == Roles.Headteacher)
        {
            await MeasureFirstCriterionAsync();
            var (schoolId, _) = await factory.NewSchoolAsync(Slug);
            var (head, id, _, _) = await factory.HeadOfAsync(Slug, schoolId);
            return (head, id);
        }
        var (client, userId, _, _) = await factory.SignedInClientAsync(role, Slug);
        return (client, userId);
    }

    /// The demo trust's first criterion gets a measure in this portal of its own, so the head's form offers the
    /// measure's value field to the crawl too (ADR 0144).
    private async Task MeasureFirstCriterionAsync()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var plan = await db.StrategicPlans.Include(p => p.Themes).ThenInclude(t => t.Aims).ThenInclude(a => a.Criteria).SingleAsync(p => p.Id == cycle.PlanId);
        plan.SetMeasure(plan.Aims.SelectMany(a => a.Criteria).Single(c => c.Id == cycle.CriterionIds[0]),
            CriterionMeasure.Create(91, 96, "%", MeasureDirection.HigherIsBetter, new DateOnly(2028, 7, 31)));
        await db.SaveChangesAsync();
    }

    /// Sign-out and the crawler's own account (disable, reset) would end the crawl's session; the asset and
    /// download addresses are not forms or pages.
    private static bool Skip(string url, string userId) =>
        url.StartsWith("/account/sign-out", StringComparison.Ordinal)
        || url.Contains(userId, StringComparison.Ordinal)
        || url.StartsWith("/health", StringComparison.Ordinal)
        || url.Contains("/pack.", StringComparison.Ordinal);

    /// Posts the form as the page offered it with one field replaced; returns a failure description or null, and
    /// whether the portal accepted the post (a redirect).
    private async Task<(string? Failure, bool Accepted)> PostAsync(HttpClient client, string role, FoundForm form, string field, HostileValue value)
    {
        var what = $"{role}: {form}, field {field} = {value.Label}";
        using HttpContent content = form.Multipart ? Multipart(form, field, value) : UrlEncoded(form, field, value);
        using var response = await client.PostAsync(new Uri(form.Action, UriKind.Relative), content);
        var status = (int)response.StatusCode;
        var html = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            return ($"{what}: answered {status}. {LastError()}", false);
        }
        if (HostileValues.UnencodedMarkerIn(html) is { } marker)
        {
            return ($"{what}: the response shows {marker} unencoded", false);
        }
        if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location?.OriginalString ?? "";
            return location.StartsWith("/account/sign-in", StringComparison.Ordinal)
                ? ($"{what}: signed the user out (redirect to {location})", false)
                : (null, true);
        }
        if (html.Length == 0)
        {
            return ($"{what}: answered {status} with an empty body (headers: {string.Join("; ", response.Headers.Concat(response.Content.Headers).Select(h => h.Key + "=" + string.Join(",", h.Value)))}). {LastError()}", false);
        }
        return (ClearMessageProblem(status, html) is { } problem ? $"{what}: {problem}" : null, false);
    }

    /// A refused post must say why: the form again with a GOV.UK error summary that links to its messages, or a
    /// friendly error page (a heading in <main> that is not the generic "problem with the portal").
    public static string? ClearMessageProblem(int status, string html)
    {
        var doc = Parser.ParseDocument(html);
        var main = doc.QuerySelector("main");
        if (main is null || main.QuerySelector("h1") is null)
        {
            return $"answered {status} without a page (no <main> with a heading): {Excerpt(html)}";
        }
        if (status == 200 && main.QuerySelector("#proposal-preview") is not null && main.QuerySelector(".govuk-error-summary") is null)
        {
            // A pasted document's proposed structure, shown for checking (ADR 0151): any text is a document, nothing
            // was saved, and the page shows it back encoded (checked above).
            return null;
        }
        if (status == 200)
        {
            // The form's own summary (it lists the fields); a banner carried over from an earlier post may sit above it.
            var summary = main.QuerySelectorAll(".govuk-error-summary").FirstOrDefault(s => s.QuerySelectorAll("a[href^='#'], li").Length > 0)
                ?? main.QuerySelector(".govuk-error-summary");
            if (summary is not null && ValidationMessageTests.DeveloperMessage(Pages.Collapse(summary.TextContent)) is { } developer)
            {
                return $"answered with a message written for developers, not people: \"{developer}\"";
            }
            return summary is not null && summary.QuerySelectorAll("a[href^='#'], li").Length > 0
                ? null
                : $"answered 200 without a GOV.UK error summary: {Pages.Collapse(main.TextContent)[..Math.Min(300, Pages.Collapse(main.TextContent).Length)]}";
        }
        var heading = Pages.Collapse(main.QuerySelector("h1")!.TextContent);
        return heading.Contains("problem with the portal", StringComparison.OrdinalIgnoreCase)
            ? $"answered {status} with the generic error page, which does not say what was wrong"
            : null;
    }

    private static string Excerpt(string html) => html.Length > 300 ? html[..300] : html;

    private string LastError() =>
        factory.LogEvents.Snapshot().LastOrDefault(e => e.Exception is not null) is { } e
            ? $"{e.Exception!.GetType().Name}: {e.Exception.Message.Split('\n')[0]}"
            : "(no exception logged)";

    private static ByteArrayContent UrlEncoded(FoundForm form, string field, HostileValue value)
    {
        var body = new MemoryStream();
        var first = true;
        foreach (var (name, bytes) in Pairs(form, field, value))
        {
            if (!first)
            {
                body.WriteByte((byte)'&');
            }
            first = false;
            body.Write(Encoding.ASCII.GetBytes(Uri.EscapeDataString(name) + "="));
            // Text is percent-encoded as a browser would; raw bytes go on the wire as they are.
            var encoded = name == field && value.Raw is not null ? bytes : Encoding.ASCII.GetBytes(Uri.EscapeDataString(Encoding.UTF8.GetString(bytes)));
            body.Write(encoded);
        }
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return content;
    }

    private static MultipartFormDataContent Multipart(FoundForm form, string field, HostileValue value)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, bytes) in Pairs(form, field, value))
        {
            content.Add(new ByteArrayContent(bytes), name);
        }
        return content;
    }

    /// The form's fields as the browser would send them, with the named field's value(s) replaced by one hostile value.
    private static IEnumerable<(string Name, byte[] Bytes)> Pairs(FoundForm form, string field, HostileValue value)
    {
        foreach (var f in form.Fields.Where(f => f.Sent && f.Name != field))
        {
            yield return (f.Name, Encoding.UTF8.GetBytes(f.Value));
        }
        yield return (field, value.Bytes);
    }

    /// The same form read again from its page after a post changed state, or null when the page no longer offers it.
    private static async Task<FoundForm?> RefreshAsync(HttpClient client, FoundForm form)
    {
        using var response = await client.GetAsync(new Uri(form.Page, UriKind.Relative));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }
        var doc = await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        return doc.QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .Where(f => !string.Equals(f.Method, "get", StringComparison.OrdinalIgnoreCase))
            .Select(f => new FoundForm(form.Page, PortalCrawler.Local(f.GetAttribute("action") is { Length: > 0 } a ? a : form.Page, form.Page) ?? "", form.Multipart, PortalCrawler.Fields(f)))
            .FirstOrDefault(f => f.Shape == form.Shape && f.Action == form.Action);
    }
}
