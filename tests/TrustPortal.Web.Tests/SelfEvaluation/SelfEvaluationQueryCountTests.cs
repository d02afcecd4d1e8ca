using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;
using TrustPortal.Web.Tests.Progress;

namespace TrustPortal.Web.Tests.SelfEvaluation;

[Collection(SharedPortal.Name)]
public sealed class SelfEvaluationQueryCountTests(PortalFactory factory)
{
    [Fact]
    public async Task The_trust_grid_issues_as_many_queries_for_twenty_schools_as_for_one()
    {
        var small = await TrustWithEvaluationsAsync(schools: 1);
        var large = await TrustWithEvaluationsAsync(schools: 20);
        var (smallAdmin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, small);
        var (largeAdmin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, large);

        async Task<int> CountAsync(HttpClient client, string url)
        {
            await client.GetDocumentAsync(url);
            factory.Queries.Reset();
            await client.GetDocumentAsync(url);
            return factory.Queries.Count;
        }

        var smallGrid = await CountAsync(smallAdmin, $"/{small}/self-evaluation");
        var largeGrid = await CountAsync(largeAdmin, $"/{large}/self-evaluation");

        Assert.Equal(smallGrid, largeGrid);
        Assert.InRange(largeGrid, 1, 12);
        var grid = await largeAdmin.GetDocumentAsync($"/{large}/self-evaluation");
        Assert.Equal(20, grid.QuerySelectorAll("#grid tbody tr").Length);
        Assert.Equal(20, grid.QuerySelectorAll("#grid .app-differs").Length);
    }

    /// A trust of its own with an open cycle and the given number of schools, each with a report card and a submitted,
    /// moderated self-evaluation whose inclusion judgement differs from the trust's.
    private async Task<string> TrustWithEvaluationsAsync(int schools)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var slug = $"selfeval-{Guid.NewGuid():N}"[..20];
        var trust = new Trust(slug, $"Self-evaluation Trust {slug}");
        db.Trusts.Add(trust);
        await db.SaveChangesAsync();
        var plan = new StrategicPlan(trust.Id, "plan", "Plan", 2025, 2028);
        plan.AddAim(plan.AddTheme("Theme"), 1, "Aim", null).AddCriterion("Criterion");
        plan.PublishForSeeding();
        db.StrategicPlans.Add(plan);
        await db.SaveChangesAsync();
        var cycle = new ReviewCycle(plan.Id, "Autumn 2026", new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 12));
        cycle.Open(PlanStatus.Published);
        db.ReviewCycles.Add(cycle);
        var created = new List<School>();
        for (var i = 0; i < schools; i++)
        {
            var school = new School(trust.Id, await ProgressTestData.FreeUrnAsync(db), $"School {i:00}", Phase.Primary);
            school.RecordReportCard(new DateOnly(2026, 1, 20), InspectionAreas.Core.ToDictionary(a => a, _ => ReportCardGrade.ExpectedStandard), true);
            db.Schools.Add(school);
            created.Add(school);
            await db.SaveChangesAsync();
        }
        var at = DateTimeOffset.UtcNow;
        foreach (var school in created)
        {
            var evaluation = new SchoolSelfEvaluation(school.Id, cycle.Id);
            var areas = SchoolSelfEvaluation.AreasFor(school.HasEarlyYears, school.HasSixthForm);
            foreach (var area in areas)
            {
                evaluation.JudgeArea(areas, area, new SchoolJudgement(ReportCardGrade.StrongStandard, "Reasons", null, null), "Head", at);
            }
            evaluation.AnswerSafeguarding(true);
            evaluation.Submit(areas, "Head", at);
            evaluation.Moderate(InspectionArea.Inclusion, ReportCardGrade.ExpectedStandard, "Trust's view", "Lead", at);
            db.SelfEvaluations.Add(evaluation);
        }
        await db.SaveChangesAsync();
        return slug;
    }
}
