using System.Diagnostics;
using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.AdminContent;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.PlanAdmin;
using TrustPortal.Web.Tests.Progress;
using Xunit.Abstractions;

namespace TrustPortal.Web.Tests.Reliability;

/// Someone editing in the portal, with the name the portal shows for them.
public sealed record Editor(HttpClient Client, string Name);

/// What the rounds of one test came to. A silent overwrite is any round in which both saves were accepted, the
/// database holds the refused person's text, or more than one new revision was written.
public sealed record RoundTally(string What, int Rounds, int FirstWon, int SecondWon, int Conflicts, int SilentOverwrites, int Overlapping, TimeSpan Elapsed, TimeSpan Saving, IReadOnlyList<string> Problems)
{
    public override string ToString() =>
        $"{What}: {Rounds} rounds, {FirstWon + SecondWon} winners ({FirstWon} first editor, {SecondWon} second), {Conflicts} conflicts shown, "
        + $"{SilentOverwrites} silent overwrites; both requests in flight together in {Overlapping} rounds; "
        + $"{Elapsed.TotalSeconds:0.0} s in all, {Saving.TotalMilliseconds / Math.Max(1, Rounds):0} ms a round for the two saves";
}

/// Rounds of two people saving the same thing at the same moment through the real pages: each loads the form (the
/// same version), then both posts are released together so the database sees the two saves at once. Per round
/// exactly one must be saved (the success redirect) and the other shown the conflict page with the winner's change
/// and their own input kept, and the database must hold the winner's text with exactly one new revision.
public static class ConcurrentEditRounds
{
    private static readonly HtmlParser Parser = new();

    /// One thing two people edit: its form page, the field whose text they change, how the database is read back,
    /// and what the conflict page must show.
    public sealed record Target(
        string What,
        string Url,
        string Field,
        Func<TrustPortalDbContext, Task<string?>> SavedText,
        Func<TrustPortalDbContext, Task<int>> Revisions,
        Func<IDocument, string, string?> ConflictProblem,
        Func<IDocument, string?> InputKept,
        string VersionField,
        Func<TrustPortalDbContext, Task<string>> SavedVersion,
        IReadOnlyDictionary<string, string>? Extra = null);

    public static async Task<RoundTally> RunAsync(PortalFactory factory, Target target, Editor first, Editor second, int rounds)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        int firstWon = 0, secondWon = 0, conflicts = 0, overwrites = 0, overlapping = 0;
        var problems = new List<string>();
        var elapsed = Stopwatch.StartNew();
        var saving = TimeSpan.Zero;
        // The one told of a conflict goes on from the conflict page (it carries the winner's version), as a person
        // who decides to save theirs again would; the winner loads the form afresh.
        IDocument? firstCarried = null, secondCarried = null;
        for (var round = 1; round <= rounds; round++)
        {
            var firstText = $"{target.What}: first editor's text, round {round}";
            var secondText = $"{target.What}: second editor's text, round {round}";
            // Both have the form before either saves, so both post the same version.
            var firstPage = firstCarried ?? await first.Client.GetDocumentAsync(target.Url);
            var secondPage = secondCarried ?? await second.Client.GetDocumentAsync(target.Url);
            (firstCarried, secondCarried) = (null, null);
            var revisionsBefore = await ReadAsync(factory, target.Revisions);

            var posting = Stopwatch.GetTimestamp();
            var (firstResponse, secondResponse, overlapped) = await PostTogetherAsync(
                first.Client, Submission(firstPage, target, firstText), second.Client, Submission(secondPage, target, secondText), target.Url);
            saving += Stopwatch.GetElapsedTime(posting);
            using (firstResponse)
            using (secondResponse)
            {
                if (overlapped)
                {
                    overlapping++;
                }
                var firstSaved = IsSaved(firstResponse);
                var secondSaved = IsSaved(secondResponse);
                var saved = await ReadAsync(factory, target.SavedText);
                var newRevisions = await ReadAsync(factory, target.Revisions) - revisionsBefore;
                if (firstSaved && secondSaved)
                {
                    overwrites++;
                    problems.Add($"Round {round}: both saves were accepted; the database holds \"{saved}\" with {newRevisions} new revisions");
                    continue;
                }
                if (!firstSaved && !secondSaved)
                {
                    problems.Add($"Round {round}: neither save was accepted ({(int)firstResponse.StatusCode}, {(int)secondResponse.StatusCode})\n"
                        + Excerpt(await firstResponse.Content.ReadAsStringAsync()) + "\n" + Excerpt(await secondResponse.Content.ReadAsStringAsync()));
                    continue;
                }
                var (winner, winnerText, loserResponse, loserText) = firstSaved
                    ? (first, firstText, secondResponse, secondText)
                    : (second, secondText, firstResponse, firstText);
                if (firstSaved)
                {
                    firstWon++;
                }
                else
                {
                    secondWon++;
                }
                if (saved != winnerText || newRevisions != 1)
                {
                    overwrites++;
                    problems.Add($"Round {round}: {winner.Name} was told their save succeeded, but the database holds \"{saved}\" with {newRevisions} new revisions");
                }
                var (conflictProblem, conflictPage) = await ConflictProblemAsync(target, loserResponse, winner, winnerText, loserText, await ReadAsync(factory, target.SavedVersion));
                if (conflictProblem is null)
                {
                    conflicts++;
                    if (firstSaved)
                    {
                        secondCarried = conflictPage;
                    }
                    else
                    {
                        firstCarried = conflictPage;
                    }
                }
                else
                {
                    problems.Add($"Round {round}: {conflictProblem}");
                }
            }
        }
        return new RoundTally(target.What, rounds, firstWon, secondWon, conflicts, overwrites, overlapping, elapsed.Elapsed, saving, problems);
    }

    /// The tally must show every round with one winner, one person told, and nothing overwritten.
    public static void AssertNoSilentOverwrite(RoundTally tally, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(tally.ToString());
        // Processor time is what the rounds cost whatever else the machine runs; wall time depends on the load.
        output.WriteLine($"Test process processor time so far: {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:0.0} s");
        Assert.True(tally.Problems.Count == 0, string.Join("\n", tally.Problems.Take(10)) + $"\n{tally}");
        Assert.Equal(tally.Rounds, tally.FirstWon + tally.SecondWon);
        Assert.Equal(tally.Rounds, tally.Conflicts);
        Assert.Equal(0, tally.SilentOverwrites);
    }

    private static bool IsSaved(HttpResponseMessage response) => response.StatusCode == HttpStatusCode.Redirect;

    private static async Task<(string? Problem, IDocument? Page)> ConflictProblemAsync(Target target, HttpResponseMessage response, Editor winner, string winnerText, string loserText, string savedVersion)
    {
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return ($"the refused save answered {(int)response.StatusCode}, not the conflict page\n{Excerpt(html)}", null);
        }
        var page = await Parser.ParseDocumentAsync(html);
        if (target.ConflictProblem(page, winner.Name) is { } problem)
        {
            return (problem, page);
        }
        var theirs = page.QuerySelector("#conflict, #their-version, .app-conflict")?.TextContent ?? "";
        if (!theirs.Contains(winnerText, StringComparison.Ordinal))
        {
            return ($"the conflict page does not show the saved text \"{winnerText}\"", page);
        }
        var kept = target.InputKept(page);
        if (kept != loserText)
        {
            return ($"the conflict page kept \"{kept}\" in the form instead of \"{loserText}\"", page);
        }
        // Saving again from this page replaces the winner's change on purpose, so it must carry the version it shows.
        var shown = page.QuerySelector($"main form input[name='{target.VersionField}']")?.GetAttribute("value");
        return (string.Equals(shown, savedVersion, StringComparison.OrdinalIgnoreCase)
            ? null : $"the conflict page carries version {shown}, but the saved version is {savedVersion}", page);
    }

    /// The form as a browser submits it after typing <paramref name="text"/> into the target's field: every named
    /// input with its value (checked boxes and radios only), textareas, selected options and the antiforgery token.
    private static (string Enctype, List<KeyValuePair<string, string>> Fields) Submission(IDocument page, Target target, string text)
    {
        var form = page.QuerySelectorAll("main form[method=post]").FirstOrDefault(f => f.QuerySelector($"[name='{target.Field}']") is not null)
            ?? throw new Xunit.Sdk.XunitException($"{target.Url} has no form with the field {target.Field}.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = element.GetAttribute("name")!;
            var type = element.GetAttribute("type")?.ToLowerInvariant();
            if (type is "submit" or "button" or "file" || ((type is "checkbox" or "radio") && !element.HasAttribute("checked")))
            {
                continue;
            }
            var value = element.LocalName switch
            {
                "textarea" => element.TextContent,
                "select" => element.QuerySelector("option[selected]")?.GetAttribute("value") ?? element.QuerySelector("option")?.GetAttribute("value") ?? "",
                _ => element.GetAttribute("value") ?? "",
            };
            fields.Add(new(name, name == target.Field ? text : value));
        }
        foreach (var (name, value) in target.Extra ?? new Dictionary<string, string>())
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new(name, value));
        }
        return (form.GetAttribute("enctype") ?? "application/x-www-form-urlencoded", fields);
    }

    private static HttpContent Content((string Enctype, List<KeyValuePair<string, string>> Fields) submission)
    {
        if (submission.Enctype != "multipart/form-data")
        {
            return new FormUrlEncodedContent(submission.Fields);
        }
        var multipart = new MultipartFormDataContent();
        foreach (var (name, value) in submission.Fields)
        {
            multipart.Add(new StringContent(value), name);
        }
        return multipart;
    }

    /// Sends both posts at the same moment: both wait on one gate on thread-pool threads, and the gate opens once both
    /// are ready. Reports whether the two requests were in flight at the same time.
    private static async Task<(HttpResponseMessage First, HttpResponseMessage Second, bool Overlapped)> PostTogetherAsync(
        HttpClient first, (string, List<KeyValuePair<string, string>>) firstForm, HttpClient second, (string, List<KeyValuePair<string, string>>) secondForm, string url)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = new CountdownEvent(2);
        async Task<(HttpResponseMessage Response, long Start, long End)> SendAsync(HttpClient client, (string, List<KeyValuePair<string, string>>) form)
        {
            using var content = Content(form);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = content };
            ready.Signal();
            await gate.Task;
            var start = Stopwatch.GetTimestamp();
            var response = await client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return (response, start, Stopwatch.GetTimestamp());
        }
        var a = Task.Run(() => SendAsync(first, firstForm));
        var b = Task.Run(() => SendAsync(second, secondForm));
        await Task.Run(() => ready.Wait(TimeSpan.FromSeconds(30)));
        gate.SetResult();
        var results = await Task.WhenAll(a, b);
        ready.Dispose();
        var (x, y) = (results[0], results[1]);
        return (x.Response, y.Response, x.Start < y.End && y.Start < x.End);
    }

    private static async Task<T> ReadAsync<T>(PortalFactory factory, Func<TrustPortalDbContext, Task<T>> read)
    {
        using var scope = factory.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>());
    }

    private static string Excerpt(string html)
    {
        var document = Parser.ParseDocument(html);
        var text = Pages.Collapse(document.QuerySelector("main")?.TextContent ?? html);
        return text.Length > 600 ? text[..600] : text;
    }

    // The four things a trust edits concurrently, each on rows of the test's own.

    /// One success criterion of a school of its own, edited by the given heads of that school.
    public static async Task<(Target Target, int SchoolId, int Urn)> ProgressCriterionAsync(PortalFactory factory)
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var criterionId = cycle.CriterionIds[0];
        var target = new Target(
            "Progress",
            $"/{ProgressTestData.Kestrel}/progress/{urn}/criteria/{criterionId}",
            "Form.WhatWasDone",
            db => db.ProgressUpdates.Where(u => u.SchoolId == schoolId && u.SuccessCriterionId == criterionId).Select(u => u.Entry.WhatWasDone).SingleOrDefaultAsync(),
            db => db.ProgressUpdates.Where(u => u.SchoolId == schoolId && u.SuccessCriterionId == criterionId).SelectMany(u => u.Revisions).CountAsync(),
            (page, winner) => Summary(page).Contains($"{winner} saved this criterion while you were editing it", StringComparison.Ordinal)
                ? null : $"the conflict page does not name {winner}: \"{Summary(page)}\"",
            page => page.QuerySelector("textarea[name='Form.WhatWasDone']")?.TextContent,
            "Form.Version",
            async db => (await db.ProgressUpdates.Where(u => u.SchoolId == schoolId && u.SuccessCriterionId == criterionId).Select(u => u.Version).SingleAsync()).ToString(),
            ProgressTestData.Entry().Where(f => f.Key != "Form.WhatWasDone").ToDictionary());
        return (target, schoolId, urn);
    }

    public static async Task<(Editor First, Editor Second)> TwoHeadsAsync(PortalFactory factory, int schoolId)
    {
        var (alice, aliceId, _, _) = await factory.HeadOfAsync(ProgressTestData.Kestrel, schoolId);
        var (bob, bobId, _, _) = await factory.HeadOfAsync(ProgressTestData.Kestrel, schoolId);
        return (new Editor(alice, await factory.DisplayNameAsync(aliceId)), new Editor(bob, await factory.DisplayNameAsync(bobId)));
    }

    /// The same head signed in twice, as in two browsers.
    public static async Task<(Editor First, Editor Second)> OneHeadInTwoBrowsersAsync(PortalFactory factory, int schoolId)
    {
        var (laptop, id, email, key) = await factory.HeadOfAsync(ProgressTestData.Kestrel, schoolId);
        var tablet = factory.CreateSecureClient();
        // The portal refuses an authenticator code it has already accepted, so the second browser signs in with the next one.
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        await tablet.SignInWithMfaAsync(factory, email, key);
        var name = await factory.DisplayNameAsync(id);
        return (new Editor(laptop, name), new Editor(tablet, name));
    }

    /// A school of its own, renamed by two trust administrators.
    public static async Task<(Target Target, Editor First, Editor Second)> SchoolAsync(PortalFactory factory)
    {
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var id = schoolId.ToString(CultureInfo.InvariantCulture);
        var target = new Target(
            "School",
            $"/admin/schools/{urn}/edit",
            "Form.Name",
            db => db.Schools.Where(s => s.Id == schoolId).Select(s => s.Name).SingleAsync()!,
            db => db.AuditEntries.CountAsync(a => a.EntityType == "School" && a.EntityId == id && a.Action == "Modified"),
            (page, _) => Summary(page).Contains("Another administrator changed this school while you were editing it", StringComparison.Ordinal)
                ? null : $"the conflict page does not say another administrator changed the school: \"{Summary(page)}\"",
            page => page.QuerySelector("#Form_Name")?.GetAttribute("value"),
            "Form.Version",
            async db => (await db.Schools.Where(s => s.Id == schoolId).Select(s => s.Version).SingleAsync()).ToString());
        return (target, await AdminAsync(factory, ProgressTestData.Kestrel), await AdminAsync(factory, ProgressTestData.Kestrel));
    }

    /// One of the trust's values on the content pages, in a trust of its own, edited by two trust administrators.
    public static async Task<(Target Target, Editor First, Editor Second)> ContentItemAsync(PortalFactory factory)
    {
        var trust = await ContentTrust.CreateAsync(factory);
        var valueId = trust.ValueIds[0];
        var target = new Target(
            "Content",
            $"/admin/content/value/{valueId}",
            "Fields[meaning]",
            db => db.TrustValues.Where(v => v.Id == valueId).Select(v => v.Meaning).SingleAsync(),
            db => db.ContentVersions.CountAsync(v => v.TrustId == trust.Id && v.ItemType == "value" && v.ItemId == valueId && v.Note == null),
            (page, _) => Summary(page).Contains(global::TrustPortal.Web.Features.AdminContent.AdminContentController.ConflictMessage, StringComparison.Ordinal)
                ? null : $"the conflict page does not say someone else saved: \"{Summary(page)}\"",
            page => page.QuerySelector("textarea[name='Fields[meaning]']")?.TextContent,
            "LoadedVersion",
            async db => (await db.ContentVersions.Where(v => v.TrustId == trust.Id && v.ItemType == "value" && v.ItemId == valueId).MaxAsync(v => v.Number)).ToString(CultureInfo.InvariantCulture),
            new Dictionary<string, string> { ["action"] = "save" });
        return (target, await AdminAsync(factory, trust.Slug), await AdminAsync(factory, trust.Slug));
    }

    /// One success criterion in the plan editor, in a plan of its own, reworded by two trust administrators.
    public static async Task<(Target Target, Editor First, Editor Second)> PlanCriterionAsync(PortalFactory factory)
    {
        var plan = await factory.SeedPlanAsync();
        var criterionId = plan.CriterionIds[0];
        var target = new Target(
            "Plan",
            $"/admin/plans/{plan.Slug}/criteria/{criterionId}",
            "Form.Text",
            db => db.SuccessCriteria.Where(c => c.Id == criterionId).Select(c => c.Text).SingleAsync()!,
            db => db.SuccessCriteria.Where(c => c.Id == criterionId).SelectMany(c => c.Revisions).CountAsync(),
            (page, _) => Summary(page).Contains(global::TrustPortal.Web.Features.PlanAdmin.PlanAdminController.ConflictMessage, StringComparison.Ordinal)
                ? null : $"the conflict page does not say another administrator changed the plan: \"{Summary(page)}\"",
            page => page.QuerySelector("[name='Form.Text']") is { } text ? text.LocalName == "textarea" ? text.TextContent : text.GetAttribute("value") : null,
            "Form.Version",
            async db => (await db.StrategicPlans.Where(p => p.Id == plan.Id).Select(p => p.Version).SingleAsync()).ToString());
        return (target, await AdminAsync(factory, PlanSeeds.Trust), await AdminAsync(factory, PlanSeeds.Trust));
    }

    private static async Task<Editor> AdminAsync(PortalFactory factory, string trustSlug)
    {
        var (client, id, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, trustSlug);
        return new Editor(client, await factory.DisplayNameAsync(id));
    }

    private static string Summary(IDocument page) => Pages.Collapse(page.QuerySelector(".govuk-error-summary")?.TextContent ?? "");
}
