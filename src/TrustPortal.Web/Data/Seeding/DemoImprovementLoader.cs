using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;

namespace TrustPortal.Web.Data.Seeding;

/// Example self-evaluations, risks and the trust's own self-review for every trust with an open review cycle (the demo trusts and the generated
/// one), marked as example data. Fixed patterns and dates taken from the cycle, never the clock's today or a
/// random seed, so every fresh database holds the same rows.
public sealed class DemoImprovementLoader(TrustPortalDbContext db, TimeProvider clock)
{
    public const string Author = "Example data";

    private static readonly ReportCardGrade[] Pattern =
        [ReportCardGrade.StrongStandard, ReportCardGrade.ExpectedStandard, ReportCardGrade.ExpectedStandard, ReportCardGrade.NeedsAttention, ReportCardGrade.StrongStandard, ReportCardGrade.ExpectedStandard, ReportCardGrade.Exceptional, ReportCardGrade.ExpectedStandard];

    /// Adds the examples to each trust (of <paramref name="trustIds"/>, or every trust) that has an open cycle and none yet.
    public async Task LoadAsync(IReadOnlyCollection<int>? trustIds, CancellationToken ct)
    {
        var cycles = await (from c in db.ReviewCycles.AsNoTracking()
                            join p in db.StrategicPlans on c.StrategicPlanId equals p.Id
                            where c.State == CycleState.Open && (trustIds == null || trustIds.Contains(p.TrustId))
                            orderby p.TrustId, c.Id
                            select new { c.Id, p.TrustId, c.OpensOn, c.ClosesOn }).ToListAsync(ct);
        var at = clock.GetUtcNow();
        foreach (var cycle in cycles.GroupBy(c => c.TrustId).Select(g => g.First()))
        {
            if (await db.SelfEvaluations.AnyAsync(e => e.ReviewCycleId == cycle.Id, ct))
            {
                continue;
            }
            var schools = await db.Schools.AsNoTracking().Where(s => s.TrustId == cycle.TrustId && !s.IsArchived).OrderBy(s => s.Urn).Take(3)
                .Select(s => new { s.Id, s.Phase, s.LowAge, s.HasNursery, s.HasSixthForm }).ToListAsync(ct);
            for (var i = 0; i < schools.Count; i++)
            {
                var school = schools[i];
                var areas = SchoolSelfEvaluation.AreasFor(School.HasEarlyYearsFor(school.Phase, school.LowAge, school.HasNursery), school.HasSixthForm);
                var evaluation = new SchoolSelfEvaluation(school.Id, cycle.Id);
                for (var a = 0; a < areas.Count; a++)
                {
                    evaluation.JudgeArea(areas, areas[a], new SchoolJudgement(Pattern[(a + i) % Pattern.Length],
                        "Example reasons: what leaders see in lessons, books and the school's own data.", "Example evidence: internal assessment and visits.",
                        "Example next step: consistent practice in every class."), Author, at);
                }
                evaluation.AnswerSafeguarding(true);
                // The first two submitted (the first moderated, one area differently); the third still a draft.
                if (i < 2)
                {
                    evaluation.Submit(areas, Author, at);
                }
                if (i == 0)
                {
                    evaluation.Moderate(areas[0], ReportCardGrade.ExpectedStandard, "Example moderation: the trust's visit found practice less consistent.", Author, at);
                    evaluation.Moderate(areas[1], evaluation.For(areas[1])!.SchoolGrade!.Value, "Example moderation: the trust agrees.", Author, at);
                }
                evaluation.MarkAsExample();
                db.SelfEvaluations.Add(evaluation);
            }
            var first = schools.Count > 0 ? schools[0].Id : (int?)null;
            Risk[] risks =
            [
                new(cycle.TrustId, null, "Example: falling pupil numbers put two schools' budgets into deficit", RiskCategory.Financial, "Chief financial officer",
                    new RiskScore(4, 5), "Three-year forecasts reviewed termly; admissions marketing.", new RiskScore(3, 4), cycle.ClosesOn.AddMonths(3)),
                new(cycle.TrustId, null, "Example: a cyber attack takes school systems offline", RiskCategory.Operational, "Head of IT",
                    new RiskScore(3, 4), "Backups tested each term; staff training.", new RiskScore(2, 3), cycle.OpensOn.AddDays(-7)),
                new(cycle.TrustId, first, "Example: recruitment of a specialist maths teacher fails", RiskCategory.Educational, "Headteacher",
                    new RiskScore(3, 3), "Trust-wide recruitment; shared teaching across schools.", new RiskScore(2, 3), cycle.ClosesOn.AddMonths(1)),
            ];
            foreach (var risk in risks)
            {
                risk.MarkAsExample();
                db.Risks.Add(risk);
            }
            var year = Domain.Plans.PlanInForce.SchoolYear(cycle.OpensOn);
            if (!await db.TrustSelfReviews.AnyAsync(r => r.TrustId == cycle.TrustId && r.StartYear == year, ct))
            {
                // The trust's own self-review: three of the five pillars judged, two left for the administrator.
                var review = new TrustSelfReview(cycle.TrustId, year);
                var pillars = TrustSelfReview.PillarsFor(usesCst: false);
                review.Judge(pillars, "tqd-education", PillarGrade.Established, "Example reasons: most schools are at the expected standard or above; inclusion is uneven.",
                    "Example evidence: the schools' self-evaluations and the trust's visits.", Author, at);
                review.Judge(pillars, "tqd-school-improvement", PillarGrade.Developing, "Example reasons: the trust's improvement model is new and not yet proved in every school.",
                    null, Author, at);
                review.Judge(pillars, "tqd-finance-operations", PillarGrade.Strong, "Example reasons: balanced budgets and a clean audit.", "Example evidence: the annual accounts.", Author, at);
                review.MarkAsExample();
                db.TrustSelfReviews.Add(review);
            }
            await db.SaveChangesAsync(ct);
        }
    }
}
