using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;

namespace TrustPortal.Web.Data.Seeding;

/// Example review cycles and progress for the demo trusts that have a plan, from Data/Demo/progress.json:
/// closed cycles with every school's return submitted, and an open cycle with drafts under way, so the
/// progress pages and the trustee dashboard show something real on first run. Deterministic: the same
/// file gives the same data every time.
public sealed class DemoProgressLoader(TrustPortalDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public sealed record File(string Notes, string UpdatedBy, List<CycleFile> Cycles, double OpenCycleShare,
        Dictionary<string, Narrative> Narratives, List<string> Evidence, List<string> Owners)
    {
        /// The share of criteria recorded in the open cycle by the first school by URN, the demo headteacher's
        /// (Accounts/DemoAccounts): a draft with most of the work still to do, so the demo shows the head's job.
        public double FirstSchoolShare { get; init; } = 0.25;
    }

    public sealed record CycleFile(string Trust, string Plan, string Name, DateOnly OpensOn, DateOnly ClosesOn, string State);

    public sealed record Narrative(List<string> Done, List<string> Impact, List<string> Next);

    public static File Read(string path) =>
        JsonSerializer.Deserialize<File>(System.IO.File.ReadAllText(path), JsonOptions) ?? throw new InvalidOperationException($"{path} is empty.");

    public async Task LoadAsync(File data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var group in data.Cycles.GroupBy(c => (c.Trust, c.Plan)))
        {
            var plan = await db.StrategicPlans.AsNoTracking()
                .Where(p => p.Slug == group.Key.Plan && db.Trusts.Any(t => t.Id == p.TrustId && t.Slug == group.Key.Trust))
                .Select(p => new { p.Id, p.TrustId, p.Status })
                .SingleOrDefaultAsync(ct)
                ?? throw new InvalidOperationException($"progress.json names the plan {group.Key.Trust}/{group.Key.Plan}, which the demo trusts do not have.");
            var criteria = await (
                    from c in db.SuccessCriteria
                    join a in db.StrategicAims on c.StrategicAimId equals a.Id
                    join t in db.PlanThemes on a.PlanThemeId equals t.Id
                    where t.StrategicPlanId == plan.Id && !c.IsRetired
                    orderby a.Number, c.Position
                    select new
                    {
                        c.Id,
                        Aim = a.Number,
                        c.Position,
                        Measure = SuccessCriterion.FromColumns(c.MeasureBaseline, c.MeasureTarget, c.MeasureUnit, c.MeasureDirection, c.MeasureTargetDate, c.MeasureIsExample),
                    })
                .ToListAsync(ct);
            var schools = await db.Schools.AsNoTracking().Where(s => s.TrustId == plan.TrustId && !s.IsArchived)
                .OrderBy(s => s.Urn).Select(s => new { s.Id, s.Urn }).ToListAsync(ct);

            var previous = new Dictionary<(int School, int Criterion), ProgressStatus>();
            var values = new Dictionary<(int School, int Criterion), decimal>();
            foreach (var c in group.OrderBy(c => c.OpensOn))
            {
                var cycle = new ReviewCycle(plan.Id, c.Name, c.OpensOn, c.ClosesOn);
                cycle.MarkAsExample();
                if (c.State is "Open" or "Closed")
                {
                    cycle.Open(plan.Status);
                }
                db.ReviewCycles.Add(cycle);
                await db.SaveChangesAsync(ct);
                var open = c.State == "Open";
                var at = new DateTimeOffset(c.ClosesOn.AddDays(-3).ToDateTime(new TimeOnly(16, 0)), TimeSpan.Zero);
                if (open)
                {
                    at = clock.GetUtcNow().AddDays(-2);
                }

                for (var s = 0; s < schools.Count; s++)
                {
                    var school = schools[s];
                    var schoolReturn = new SchoolReturn(school.Id, cycle.Id);
                    var share = !open ? 1.0 : OpenCycleShare(s, schools.Count, data);
                    var recorded = 0;
                    foreach (var criterion in criteria.Take((int)Math.Round(criteria.Count * share)))
                    {
                        var random = new Random(Seed(school.Urn, criterion.Aim, criterion.Position, c.Name, c.OpensOn));
                        previous.TryGetValue((school.Id, criterion.Id), out var before);
                        var status = Next(before, previous.ContainsKey((school.Id, criterion.Id)), random);
                        previous[(school.Id, criterion.Id)] = status;
                        var text = data.Narratives[status.ToString()];
                        var entry = new ProgressEntry(status, (Confidence)random.Next(3),
                            Pick(text.Done, random), Pick(text.Impact, random),
                            status == ProgressStatus.NotStarted || random.Next(5) == 0 ? null : Pick(data.Evidence, random),
                            Pick(text.Next, random), Pick(data.Owners, random),
                            status == ProgressStatus.Achieved ? null : c.ClosesOn.AddMonths(3),
                            criterion.Measure is { } measure ? NextValue(measure, values, (school.Id, criterion.Id), Seed(school.Urn, criterion.Aim, criterion.Position, c.Name, c.OpensOn)) : null);
                        var update = new ProgressUpdate(school.Id, criterion.Id, cycle.Id, entry, data.UpdatedBy, at);
                        update.MarkAsExample();
                        db.ProgressUpdates.Add(update);
                        recorded++;
                    }
                    if (recorded == criteria.Count && recorded > 0)
                    {
                        schoolReturn.Submit(cycle, criteria.Count, recorded, data.UpdatedBy, at);
                    }
                    if (recorded > 0)
                    {
                        db.SchoolReturns.Add(schoolReturn);
                    }
                }
                await db.SaveChangesAsync(ct);
                if (c.State == "Closed")
                {
                    cycle.Close();
                    await db.SaveChangesAsync(ct);
                }
            }
        }
    }

    /// How much of the open cycle a school (by its place in URN order) has recorded: the first school, the demo
    /// headteacher's, has a draft with most criteria still to do; the second has submitted; the last has not begun;
    /// the rest are part-way. With one or two schools the head's draft comes first all the same.
    internal static double OpenCycleShare(int index, int schools, File data) => index switch
    {
        0 => data.FirstSchoolShare,
        1 => 1.0,
        _ when index == schools - 1 => 0.0,
        _ => data.OpenCycleShare,
    };

    /// The seed of one school's entry against one criterion in one cycle: FNV-1a over the values' invariant text, so
    /// it is the same in every process and on every machine (HashCode.Combine is randomised per process, which made
    /// the demo data differ on every fresh database). `new Random(int)` is itself stable across runs and versions.
    internal static int Seed(int urn, int aim, int position, string cycleName, DateOnly opensOn)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{urn}|{aim}|{position}|{cycleName}|{opensOn:yyyy-MM-dd}");
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }
        return (int)(hash & 0x7fffffff);
    }

    /// A plausible move from last cycle: mostly forward, sometimes back, rarely a jump.
    internal static ProgressStatus Next(ProgressStatus before, bool hadBefore, Random random)
    {
        if (!hadBefore)
        {
            return random.Next(10) switch
            {
                0 => ProgressStatus.NotStarted,
                1 => ProgressStatus.OffTrack,
                2 or 3 => ProgressStatus.AtRisk,
                _ => ProgressStatus.OnTrack,
            };
        }
        var roll = random.Next(10);
        return before switch
        {
            ProgressStatus.Achieved => roll == 0 ? ProgressStatus.OnTrack : ProgressStatus.Achieved,
            ProgressStatus.NotStarted => roll < 6 ? ProgressStatus.OnTrack : roll < 8 ? ProgressStatus.AtRisk : ProgressStatus.NotStarted,
            ProgressStatus.OffTrack => roll < 5 ? ProgressStatus.AtRisk : roll < 7 ? ProgressStatus.OnTrack : ProgressStatus.OffTrack,
            ProgressStatus.AtRisk => roll < 5 ? ProgressStatus.OnTrack : roll < 7 ? ProgressStatus.AtRisk : ProgressStatus.OffTrack,
            _ => roll < 3 ? ProgressStatus.Achieved : roll < 8 ? ProgressStatus.OnTrack : ProgressStatus.AtRisk,
        };
    }

    /// An example value of a measured criterion (ADR 0144): near the baseline at first, then a step towards the target
    /// each cycle with some wobble. Its own Random, so the statuses and texts stay as they were before measures.
    internal static decimal NextValue(CriterionMeasure measure, Dictionary<(int, int), decimal> values, (int, int) key, int seed)
    {
        var random = new Random(seed ^ 0x5bd1e995);
        var span = measure.Target - measure.Baseline;
        var wobble = span * (random.Next(-30, 31) / 100m);
        var value = values.TryGetValue(key, out var before) ? before + (span / 5) + (wobble / 2) : measure.Baseline + (wobble / 3);
        var (low, high) = (Math.Min(measure.Baseline, measure.Target) - Math.Abs(span), Math.Max(measure.Baseline, measure.Target) + Math.Abs(span));
        value = Math.Round(Math.Clamp(value, Math.Max(low, 0), measure.IsPercentage ? Math.Min(high, 100) : high), 1);
        values[key] = value;
        return measure.CheckValue(value, nameof(ProgressEntry.MeasuredValue));
    }

    private static string Pick(List<string> options, Random random) => options[random.Next(options.Count)];
}
