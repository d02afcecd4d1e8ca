using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.Web.Data.Seeding;

/// Makes a large example trust (schools × criteria × cycles of progress) quickly, for load and query-count tests
/// and for a demo of a big trust. Deterministic for a given seed. Everything it makes is marked as example data.
public sealed class LargeTrustGenerator(TrustPortalDbContext db, TimeProvider clock)
{
    public const string DataNotes = "Generated for benchmarks: the schools, plan, review cycles, progress and challenges of this trust are made-up example data. "
        + "Its public text (vision, mission, values, statements, aims and the chief executive's message) is copied from the demo trusts "
        + "care-foundation-trust, create-partnership-trust and innovate-2-educate-partnership, so that its pages are the size of a real trust's.";

    /// The demo trusts whose public text the generated trust reuses: vision, mission and aims from the first, values
    /// with their meanings and a message from the second, the introduction and statement lists from the third
    /// (no demo trust has all of them).
    public static readonly string[] ContentSources = ["care-foundation-trust", "create-partnership-trust", "innovate-2-educate-partnership"];
    public const string Author = "Generator";

    private static readonly ProgressStatus[] Statuses =
        [ProgressStatus.NotStarted, ProgressStatus.OffTrack, ProgressStatus.AtRisk, ProgressStatus.OnTrack, ProgressStatus.OnTrack, ProgressStatus.Achieved];

    /// As the full overload, with URNs from a block chosen by the seed and no challenges.
    public Task<int> GenerateAsync(string slug, string name, int schools, int aims, int criteriaPerAim, int cycles, int seed, CancellationToken ct) =>
        GenerateAsync(new LargeTrustSpec(slug, name, schools, aims, criteriaPerAim, cycles, seed, 900000 + (seed % 50 * 2000), Challenges: 0), ct);

    /// The first URN of a block of <paramref name="schools"/> URNs that no school uses yet, or null when the
    /// six-digit range has no room left above the highest URN in use.
    public async Task<int?> FreeUrnBlockAsync(int schools, CancellationToken ct)
    {
        var highest = await db.Schools.MaxAsync(s => (int?)s.Urn, ct) ?? 899999;
        var first = Math.Max(highest + 1, 900000);
        return first + schools - 1 <= 999999 ? first : null;
    }

    /// Returns the new trust's id. Aims × criteria in one published plan; every cycle but the last is closed with
    /// every school's return submitted; the last is open with its returns in draft.
    public async Task<int> GenerateAsync(LargeTrustSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var random = new Random(spec.Seed);
        var trust = new Trust(spec.Slug, spec.Name);
        AddPublicContent(trust, DemoDataLoader.ReadFiles(ContentFolder()));
        trust.SetDataNotes(DataNotes);
        db.Trusts.Add(trust);
        await db.SaveChangesAsync(ct);

        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        // Thousands of rows are added; detecting changes on every Add would make this quadratic.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var plan = new StrategicPlan(trust.Id, "generated-plan", $"{spec.Name} development plan", 2025, 2028);
            var theme = plan.AddTheme("Generated theme one");
            var theme2 = plan.AddTheme("Generated theme two");
            for (var a = 1; a <= spec.Aims; a++)
            {
                var aim = plan.AddAim(a % 2 == 1 ? theme : theme2, a, $"Generated aim {a}", null);
                for (var c = 1; c <= spec.CriteriaPerAim; c++)
                {
                    aim.AddCriterion($"Generated success criterion {a}.{c}");
                }
            }
            plan.PublishForSeeding();
            // A few criteria carry a measure (ADR 0144), made up like the rest, so the charts have something to show.
            var measured = Measures(plan);
            db.StrategicPlans.Add(plan);
            var schoolList = Enumerable.Range(0, spec.Schools).Select(i =>
            {
                var s = new School(trust.Id, spec.FirstUrn + i, $"Generated School {i + 1:000}", i % 3 == 0 ? Phase.Secondary : Phase.Primary);
                s.MarkAsExample();
                return s;
            }).ToList();
            db.Schools.AddRange(schoolList);
            await db.SaveChangesAsync(ct);

            var aimIds = plan.Aims.Select(a => a.Id).ToList();
            var criteria = plan.Aims.SelectMany(a => a.Criteria).Select(c => c.Id).ToList();
            var measuredIds = measured.ToDictionary(m => m.Criterion.Id, m => m.Measure);
            var start = new DateOnly(2024, 9, 1);
            var lastUpdates = new List<ProgressUpdate>();
            for (var n = 0; n < spec.Cycles; n++)
            {
                var opens = start.AddMonths(4 * n);
                var cycle = new ReviewCycle(plan.Id, $"Cycle {n + 1}", opens, opens.AddMonths(3));
                cycle.MarkAsExample();
                cycle.Open(plan.Status);
                db.ReviewCycles.Add(cycle);
                await db.SaveChangesAsync(ct);
                var at = clock.GetUtcNow();
                var last = n == spec.Cycles - 1;
                var updates = new List<ProgressUpdate>(spec.Schools * criteria.Count);
                var returns = new List<SchoolReturn>(spec.Schools);
                foreach (var school in schoolList)
                {
                    foreach (var criterion in criteria)
                    {
                        var status = Statuses[random.Next(Statuses.Length)];
                        var entry = new ProgressEntry(status, Confidence.Medium, "Generated narrative.", null,
                            random.Next(4) == 0 ? null : "Generated evidence.", null, null, null,
                            measuredIds.TryGetValue(criterion, out var measure) ? GeneratedValue(measure, n, spec.Cycles, school.Urn) : null);
                        var update = new ProgressUpdate(school.Id, criterion, cycle.Id, entry, Author, at);
                        update.MarkAsExample();
                        updates.Add(update);
                    }
                    var ret = new SchoolReturn(school.Id, cycle.Id);
                    if (!last)
                    {
                        ret.Submit(cycle, criteria.Count, criteria.Count, Author, at);
                    }
                    returns.Add(ret);
                }
                if (!last)
                {
                    cycle.Close();
                }
                db.ProgressUpdates.AddRange(updates);
                db.SchoolReturns.AddRange(returns);
                await db.SaveChangesAsync(ct);
                lastUpdates = updates;
                db.ChangeTracker.Clear();
            }

            for (var i = 0; i < Math.Min(spec.Challenges, lastUpdates.Count); i++)
            {
                // Spread over schools and aims; every other one answered, so the log shows both states.
                var index = (i * criteria.Count % lastUpdates.Count) + (i % criteria.Count);
                var update = lastUpdates[index];
                var aimId = aimIds[index % criteria.Count / spec.CriteriaPerAim];
                var challenge = new Challenge(trust.Id, update.SchoolId, aimId, update.Id, "generator", Author,
                    $"Generated example challenge {i + 1}: what is the evidence behind this status?", clock.GetUtcNow());
                if (i % 2 == 1)
                {
                    challenge.AddMessage(ChallengeSide.School, "generator", Author, "Generated example answer.", clock.GetUtcNow());
                }
                db.Challenges.Add(challenge);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
        // Example self-evaluations and risks, as the demo trusts have (issue 17).
        await new DemoImprovementLoader(db, clock).LoadAsync([trust.Id], ct);
        return trust.Id;
    }

    /// Attendance (higher is better) on the first criterion and persistent absence (lower is better) on the second (when the plan has them), marked as
    /// example data.
    private static List<(SuccessCriterion Criterion, CriterionMeasure Measure)> Measures(StrategicPlan plan)
    {
        var criteria = plan.Aims.SelectMany(a => a.Criteria).ToList();
        var measures = new List<(SuccessCriterion Criterion, CriterionMeasure Measure)>();
        if (criteria.Count > 0)
        {
            measures.Add((criteria[0], CriterionMeasure.Create(91m, 96m, "%", MeasureDirection.HigherIsBetter, new DateOnly(2028, 7, 31), isExample: true)));
        }
        if (criteria.Count > 1)
        {
            measures.Add((criteria[1], CriterionMeasure.Create(22m, 15m, "%", MeasureDirection.LowerIsBetter, new DateOnly(2028, 7, 31), isExample: true)));
        }
        foreach (var (criterion, measure) in measures)
        {
            plan.SetMeasure(criterion, measure);
        }
        return measures;
    }

    /// A made-up value of a measure in cycle <paramref name="n"/> of <paramref name="cycles"/>: from the baseline towards
    /// the target, a little different for every school (no Random: the statuses' sequence stays as it was).
    private static decimal GeneratedValue(CriterionMeasure measure, int n, int cycles, int urn)
    {
        var share = (n + 1m) / (cycles + 2m);
        var wobble = ((urn % 7) - 3) * 0.3m;
        return Math.Round(measure.Baseline + ((measure.Target - measure.Baseline) * share) + wobble, 1);
    }

    /// The demo trust files, copied beside the portal's assemblies (and the tests').
    private static string ContentFolder()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Data", "Demo", "trusts");
        return Directory.Exists(folder) ? folder : throw new InvalidOperationException($"The demo trust files are missing from {folder}; they give the generated trust its public text.");
    }

    /// Vision, mission, values with meanings, statement lists, aim groups and a message, verbatim from the demo trusts.
    internal static void AddPublicContent(Trust trust, IReadOnlyList<DemoTrustFile> demo)
    {
        DemoTrustFile Source(int i) => demo.SingleOrDefault(d => d.Slug == ContentSources[i])
            ?? throw new InvalidOperationException($"The demo trust {ContentSources[i]} is missing: the generated trust takes its text from it.");
        var (care, create, innovate) = (Source(0), Source(1), Source(2));
        trust.SetAboutTitle(care.AboutTitle);
        trust.SetStatements(innovate.Introduction, care.Vision, care.Mission, create.ValuesIntroduction);
        trust.SetAimsHeading(care.AimsHeading, care.AimsIntroduction);
        DemoDataLoader.AddContent(trust, create.Values, innovate.StatementLists, care.AimGroups, create.Messages);
    }
}

/// What <see cref="LargeTrustGenerator"/> makes: a trust with <see cref="Schools"/> schools, one plan of
/// <see cref="Aims"/> × <see cref="CriteriaPerAim"/> criteria, <see cref="Cycles"/> review cycles of progress,
/// URNs from <see cref="FirstUrn"/> on and <see cref="Challenges"/> challenges in the last cycle.
public sealed record LargeTrustSpec(string Slug, string Name, int Schools, int Aims, int CriteriaPerAim, int Cycles, int Seed, int FirstUrn, int Challenges);
