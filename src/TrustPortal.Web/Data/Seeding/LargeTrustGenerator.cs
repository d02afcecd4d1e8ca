using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.Web.Data.Seeding;

/// Makes a large example trust (schools × criteria × cycles of progress) quickly, for load and query-count tests
/// and for a demo of a big trust. Deterministic for a given seed. Everything it makes is marked as example data.
public sealed class LargeTrustGenerator(TrustPortalDbContext db, TimeProvider clock)
{
    private static readonly ProgressStatus[] Statuses =
        [ProgressStatus.NotStarted, ProgressStatus.OffTrack, ProgressStatus.AtRisk, ProgressStatus.OnTrack, ProgressStatus.OnTrack, ProgressStatus.Achieved];

    /// Returns the new trust's id. <paramref name="aims"/> × <paramref name="criteriaPerAim"/> criteria in one plan;
    /// every cycle but the last is closed with every return submitted; the last is open.
    public async Task<int> GenerateAsync(string slug, string name, int schools, int aims, int criteriaPerAim, int cycles, int seed, CancellationToken ct)
    {
        var random = new Random(seed);
        var trust = new Trust(slug, name);
        db.Trusts.Add(trust);
        await db.SaveChangesAsync(ct);

        var plan = new StrategicPlan(trust.Id, "generated-plan", $"{name} development plan", 2025, 2028);
        var theme = plan.AddTheme("Generated theme one");
        var theme2 = plan.AddTheme("Generated theme two");
        for (var a = 1; a <= aims; a++)
        {
            var aim = plan.AddAim(a % 2 == 1 ? theme : theme2, a, $"Generated aim {a}", null);
            for (var c = 1; c <= criteriaPerAim; c++)
            {
                aim.AddCriterion($"Generated success criterion {a}.{c}");
            }
        }
        plan.Publish();
        db.StrategicPlans.Add(plan);
        var schoolList = Enumerable.Range(0, schools).Select(i =>
        {
            var s = new School(trust.Id, 900000 + (seed % 50 * 2000) + i, $"Generated School {i + 1:000}", i % 3 == 0 ? Phase.Secondary : Phase.Primary);
            s.MarkAsExample();
            return s;
        }).ToList();
        db.Schools.AddRange(schoolList);
        await db.SaveChangesAsync(ct);

        var criteria = plan.Aims.SelectMany(a => a.Criteria).Select(c => c.Id).ToList();
        var start = new DateOnly(2024, 9, 1);
        for (var n = 0; n < cycles; n++)
        {
            var opens = start.AddMonths(4 * n);
            var cycle = new ReviewCycle(plan.Id, $"Cycle {n + 1}", opens, opens.AddMonths(3));
            cycle.MarkAsExample();
            cycle.Open();
            var last = n == cycles - 1;
            if (!last)
            {
                cycle.Close();
            }
            db.ReviewCycles.Add(cycle);
            await db.SaveChangesAsync(ct);
            var at = clock.GetUtcNow();
            var updates = new List<ProgressUpdate>(schools * criteria.Count);
            foreach (var school in schoolList)
            {
                foreach (var criterion in criteria)
                {
                    var status = Statuses[random.Next(Statuses.Length)];
                    var entry = new ProgressEntry(status, Confidence.Medium, "Generated narrative.", null,
                        random.Next(4) == 0 ? null : "Generated evidence.", null, null, null);
                    var update = new ProgressUpdate(school.Id, criterion, cycle.Id, entry, "Generator", at);
                    update.MarkAsExample();
                    updates.Add(update);
                }
                var ret = new SchoolReturn(school.Id, cycle.Id);
                db.SchoolReturns.Add(ret);
            }
            db.ProgressUpdates.AddRange(updates);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return trust.Id;
    }
}
