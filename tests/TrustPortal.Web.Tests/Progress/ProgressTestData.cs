using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Progress;

/// Rows each progress test makes for itself, so tests never share a school's updates.
public static class ProgressTestData
{
    public const string Kestrel = DemoAccounts.TrustSlug;
    private static int _nextUrn = 760000 + Random.Shared.Next(0, 20000);

    public static int NextUrn() => Interlocked.Increment(ref _nextUrn);

    /// The next URN of the sequence that no school in the database has (tests of other classes make schools too).
    public static async Task<int> FreeUrnAsync(TrustPortalDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var urn = NextUrn();
        while (await db.Schools.AnyAsync(s => s.Urn == urn))
        {
            urn = NextUrn();
        }
        return urn;
    }

    public sealed record OpenCycle(int TrustId, int PlanId, int CycleId, List<int> CriterionIds);

    /// The demo trust's open cycle and its plan's current criteria, in plan order.
    public static async Task<OpenCycle> KestrelOpenCycleAsync(this PortalFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Trusts.Where(t => t.Slug == Kestrel).Select(t => t.Id).SingleAsync();
        var cycle = await db.ReviewCycles.Where(c => c.State == CycleState.Open && db.StrategicPlans.Any(p => p.Id == c.StrategicPlanId && p.TrustId == trustId))
            .Select(c => new { c.Id, c.StrategicPlanId }).SingleAsync();
        var criteria = await (from c in db.SuccessCriteria
                              join a in db.StrategicAims on c.StrategicAimId equals a.Id
                              join t in db.PlanThemes on a.PlanThemeId equals t.Id
                              where t.StrategicPlanId == cycle.StrategicPlanId && !c.IsRetired
                              orderby t.Position, a.Position, c.Position
                              select c.Id).ToListAsync();
        return new OpenCycle(trustId, cycle.StrategicPlanId, cycle.Id, criteria);
    }

    public static async Task<(int Id, int Urn)> NewSchoolAsync(this PortalFactory factory, string trustSlug = Kestrel)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Trusts.Where(t => t.Slug == trustSlug).Select(t => t.Id).SingleAsync();
        var urn = await FreeUrnAsync(db);
        var school = new School(trustId, urn, $"Test School {urn}", Phase.Primary);
        db.Schools.Add(school);
        await db.SaveChangesAsync();
        return (school.Id, urn);
    }

    /// A headteacher linked to the given schools, signed in through password and authenticator.
    public static async Task<(HttpClient Client, string Id, string Email, string Key)> HeadOfAsync(this PortalFactory factory, string trustSlug, params int[] schoolIds)
    {
        ArgumentNullException.ThrowIfNull(factory);
        string id, email, key;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var trustId = await db.Trusts.Where(t => t.Slug == trustSlug).Select(t => t.Id).SingleAsync();
            email = $"head-{Guid.NewGuid():N}@test.trustportal.test";
            var (result, user) = await admin.CreateAsync(email, $"Head {email[5..13]}", Roles.Headteacher, trustId, schoolIds, AccountHelpers.Password, CancellationToken.None);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
            await users.ResetAuthenticatorKeyAsync(user!);
            key = (await users.GetAuthenticatorKeyAsync(user!))!;
            await users.SetTwoFactorEnabledAsync(user!, true);
            id = user!.Id;
        }
        var client = factory.CreateSecureClient();
        await client.SignInWithMfaAsync(factory, email, key);
        return (client, id, email, key);
    }

    public static async Task<string> DisplayNameAsync(this PortalFactory factory, string userId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync();
    }

    /// The progress form's fields as a browser would send them (hidden version and idempotency key, the checked
    /// radios, the text), with the given fields typed over them.
    public static Dictionary<string, string> FormFields(IDocument page, IDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(fields);
        var form = page.QuerySelector("main form[method=post]") ?? throw new Xunit.Sdk.XunitException("The page has no progress form.");
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in form.QuerySelectorAll("input, textarea").Where(i => i.GetAttribute("name")?.StartsWith("Form.", StringComparison.Ordinal) == true))
        {
            var type = input.GetAttribute("type");
            if (type == "radio" && !input.HasAttribute("checked"))
            {
                continue;
            }
            all[input.GetAttribute("name")!] = input.LocalName == "textarea" ? input.TextContent : input.GetAttribute("value") ?? "";
        }
        foreach (var (k, v) in fields)
        {
            all[k] = v;
        }
        return all;
    }

    public static Dictionary<string, string> Entry(string status = "OnTrack", string done = "Reading recovery for Year 2") => new()
    {
        ["Form.Status"] = status,
        ["Form.Confidence"] = "Medium",
        ["Form.WhatWasDone"] = done,
        ["Form.Impact"] = "Reading ages up by 8 months on average",
        ["Form.Evidence"] = "Termly reading assessments",
        ["Form.NextSteps"] = "Extend to Year 3",
        ["Form.Owner"] = "Deputy head",
        ["Form.DueOn.Day"] = "27",
        ["Form.DueOn.Month"] = "3",
        ["Form.DueOn.Year"] = "2027",
    };

    public static async Task<List<ProgressUpdate>> UpdatesAsync(this PortalFactory factory, int schoolId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().ProgressUpdates.AsNoTracking()
            .Include(u => u.Revisions).Where(u => u.SchoolId == schoolId).ToListAsync();
    }

    /// Records an entry for every criterion but the last <paramref name="leave"/>, straight into the database.
    public static async Task RecordAllButAsync(this PortalFactory factory, int schoolId, OpenCycle cycle, int leave)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        foreach (var id in cycle.CriterionIds.Take(cycle.CriterionIds.Count - leave))
        {
            db.ProgressUpdates.Add(new ProgressUpdate(schoolId, id, cycle.CycleId,
                new ProgressEntry(ProgressStatus.OnTrack, null, "Done", null, null, null, null, null), "Test head", DateTimeOffset.UtcNow));
        }
        await db.SaveChangesAsync();
    }

    /// Marks the school's return for the cycle submitted, straight in the database (the test has recorded what it needs).
    public static async Task SubmitReturnAsync(this PortalFactory factory, int schoolId, int cycleId)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var cycle = await db.ReviewCycles.SingleAsync(c => c.Id == cycleId);
        var schoolReturn = await db.SchoolReturns.SingleOrDefaultAsync(r => r.SchoolId == schoolId && r.ReviewCycleId == cycleId);
        if (schoolReturn is null)
        {
            schoolReturn = new SchoolReturn(schoolId, cycleId);
            db.SchoolReturns.Add(schoolReturn);
        }
        schoolReturn.Submit(cycle, 0, 0, "Test head", DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }

    /// The measure of the eighth criterion of <see cref="TrustWithHistoryAsync"/>: attendance from 91% to 96%.
    public static readonly CriterionMeasure MeasuredCriterion = CriterionMeasure.Create(91m, 96m, "%", MeasureDirection.HigherIsBetter, new DateOnly(2028, 7, 31));

    /// A trust of its own with one school, a published plan of 30 criteria and the given number of cycles
    /// (all closed but the last, which is open), each with an update for every criterion.
    public static async Task<(string Slug, int SchoolId, int Urn, List<int> CriterionIds)> TrustWithHistoryAsync(this PortalFactory factory, int cycles)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var slug = $"history-{Guid.NewGuid():N}"[..20];
        var trust = new Trust(slug, $"History Trust {slug}");
        db.Trusts.Add(trust);
        await db.SaveChangesAsync();
        var urn = await FreeUrnAsync(db);
        var school = new School(trust.Id, urn, $"History School {urn}", Phase.Secondary);
        db.Schools.Add(school);
        var plan = new StrategicPlan(trust.Id, "history-plan", "Plan", 2025, 2028);
        for (var t = 1; t <= 3; t++)
        {
            var theme = plan.AddTheme($"Theme {t}");
            for (var a = 1; a <= 2; a++)
            {
                var aim = plan.AddAim(theme, (t - 1) * 2 + a, $"Aim {t}.{a}", null);
                for (var c = 1; c <= 5; c++)
                {
                    aim.AddCriterion($"Criterion {t}.{a}.{c}");
                }
            }
        }
        plan.PublishForSeeding();
        // The eighth criterion carries a measure, and every cycle a value, so its page draws the chart (ADR 0144).
        plan.SetMeasure(plan.Aims.SelectMany(a => a.Criteria).ElementAt(7), MeasuredCriterion);
        db.StrategicPlans.Add(plan);
        await db.SaveChangesAsync();
        var criteria = plan.Aims.SelectMany(a => a.Criteria).Select(c => c.Id).ToList();
        var statuses = Enum.GetValues<ProgressStatus>();
        for (var i = 0; i < cycles; i++)
        {
            var opens = new DateOnly(2020, 1, 1).AddMonths(4 * i);
            var cycle = new ReviewCycle(plan.Id, $"Cycle {i + 1}", opens, opens.AddMonths(3));
            cycle.Open(PlanStatus.Published);
            if (i < cycles - 1)
            {
                cycle.Close();
            }
            db.ReviewCycles.Add(cycle);
            await db.SaveChangesAsync();
            foreach (var (id, n) in criteria.Select((id, n) => (id, n)))
            {
                var update = new ProgressUpdate(school.Id, id, cycle.Id,
                    new ProgressEntry(statuses[(i + n) % statuses.Length], Confidence.Medium, $"Work {i}", "Impact", "Evidence", "Next", "Owner", null), "Someone", DateTimeOffset.UtcNow);
                update.Record(new ProgressEntry(statuses[(i + n + 1) % statuses.Length], Confidence.High, $"Work {i} revised", "Impact", "Evidence", "Next", "Owner", null,
                    n == 7 ? 91.5m + i : null), "Someone else", DateTimeOffset.UtcNow);
                db.ProgressUpdates.Add(update);
            }
            await db.SaveChangesAsync();
        }
        return (slug, school.Id, urn, criteria);
    }
}
