using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;

namespace TrustPortal.Web.Data.Seeding;

/// What <see cref="NationGenerator"/> makes: <see cref="Trusts"/> trusts holding <see cref="Schools"/> schools between
/// them, about <see cref="Staff"/> accounts, <see cref="Cycles"/> review cycles of progress for every school.
public sealed record NationSpec(int Trusts, int Schools, int Staff, int Cycles, int Seed);

/// One generated trust: where it sits in the nation and what it holds.
public sealed record NationTrust(int Index, string Slug, string Name, int Schools, int FirstUrn, int Accounts);

/// What a run made (trusts already there are skipped and not counted in the other figures).
public sealed record NationReport(int TrustsMade, int TrustsSkipped, int Schools, long Updates, long Returns, int Challenges,
    IReadOnlyDictionary<string, long> Accounts, long Rows, TimeSpan Elapsed);

/// Fills the database with a generated nation of trusts (issue 19): trust sizes skewed as England's are, each trust the
/// shape of <see cref="LargeTrustGenerator"/>'s (the demo trusts' public text, one published plan of 7 aims × 4
/// criteria, every school's progress in every cycle, challenges, self-evaluations and risks) and accounts of every
/// role sharing one password hash. Each trust is written in one transaction, so a run stopped part-way leaves whole
/// trusts only, and a second run skips the trusts that exist (ADR 0168).
public sealed class NationGenerator(TrustPortalDbContext db, TimeProvider clock)
{
    public const string SlugPrefix = "nation-";
    public const int FirstUrn = 700_000;
    public const string Author = "Generator";
    public const string EmailDomain = "example";
    public const int AimCount = 7;
    public const int CriteriaPerAim = 4;
    /// The environment variable holding the generated accounts' one password (the command line reads it).
    public const string PasswordVariable = "TRUSTPORTAL_GENERATED_PASSWORD";

    public const string DataNotes = "Generated for the national benchmark: the schools, people, plan, review cycles, progress and challenges of this trust are made-up example data. "
        + "Its public text (vision, mission, values, statements, aims and the chief executive's message) is copied from the demo trusts "
        + "care-foundation-trust, create-partnership-trust and innovate-2-educate-partnership.";

    private static readonly ProgressStatus[] Statuses =
        [ProgressStatus.NotStarted, ProgressStatus.OffTrack, ProgressStatus.AtRisk, ProgressStatus.OnTrack, ProgressStatus.OnTrack, ProgressStatus.Achieved];

    /// The trusts of a nation, deterministic for the spec: most of 2–10 schools, about one in seven of 11–19, one in
    /// twenty of 20–49 and one in a hundred of 50–120, scaled so that they hold exactly <see cref="NationSpec.Schools"/>.
    public static IReadOnlyList<NationTrust> Layout(NationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Trusts < 1 || spec.Schools < spec.Trusts)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), "Every trust has at least one school.");
        }
        var random = new Random(spec.Seed);
        var large = Math.Max(1, (int)Math.Round(spec.Trusts * 0.01));
        var sizes = new double[spec.Trusts];
        for (var i = 0; i < spec.Trusts; i++)
        {
            var u = random.NextDouble();
            sizes[i] = i < large ? 50 + random.Next(71)
                : u < 0.05 ? 20 + random.Next(30)
                : u < 0.20 ? 11 + random.Next(9)
                : 2 + Math.Floor(9 * Math.Pow(random.NextDouble(), 2));
        }
        random.Shuffle(sizes);
        var smallest = spec.Schools >= 2 * spec.Trusts ? 2 : 1;
        var scale = spec.Schools / sizes.Sum();
        var fitted = sizes.Select(s => Math.Max(smallest, (int)Math.Round(s * scale))).ToArray();
        // Round to the exact total on the largest trusts, which the difference changes least.
        var order = Enumerable.Range(0, spec.Trusts).OrderByDescending(i => fitted[i]).ThenBy(i => i).ToArray();
        for (var (difference, k) = (spec.Schools - fitted.Sum(), 0); difference != 0; k = (k + 1) % order.Length)
        {
            var i = order[k];
            if (difference > 0)
            {
                fitted[i]++;
                difference--;
            }
            else if (fitted[i] > smallest)
            {
                fitted[i]--;
                difference++;
            }
        }
        // Accounts in proportion to schools, by largest remainder, so the nation holds exactly the staff asked for
        // (or more, where a trust needs an administrator, trustees, a head per school and one member of staff).
        var shares = fitted.Select(s => (double)spec.Staff * s / spec.Schools).ToArray();
        var accounts = shares.Select(s => (int)Math.Floor(s)).ToArray();
        foreach (var i in Enumerable.Range(0, spec.Trusts).OrderByDescending(i => shares[i] - accounts[i]).ThenBy(i => i).Take(spec.Staff - accounts.Sum()))
        {
            accounts[i]++;
        }
        var result = new List<NationTrust>(spec.Trusts);
        var urn = FirstUrn;
        for (var i = 0; i < spec.Trusts; i++)
        {
            var number = (i + 1).ToString("0000", System.Globalization.CultureInfo.InvariantCulture);
            result.Add(new NationTrust(i + 1, SlugPrefix + number, $"Generated Nation Trust {number}", fitted[i], urn, Math.Max(accounts[i], Minimum(fitted[i]))));
            urn += fitted[i];
        }
        return result;
    }

    private static int Admins(int schools) => schools >= 20 ? 2 : 1;

    private const int Trustees = 6;

    /// Administrators, trustees, a head per school and one member of staff.
    private static int Minimum(int schools) => Admins(schools) + Trustees + schools + 1;

    /// Writes every trust of the layout that is not there yet, reporting each as it goes.
    public async Task<NationReport> GenerateAsync(NationSpec spec, string passwordHash, Action<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (db.Database.ProviderName is not ("Npgsql.EntityFrameworkCore.PostgreSQL" or "Microsoft.EntityFrameworkCore.Sqlite"))
        {
            throw new Domain.DomainRuleException("The national data generator writes to PostgreSQL or SQLite only.");
        }
        var layout = Layout(spec);
        var lastUrn = layout[^1].FirstUrn + layout[^1].Schools - 1;
        if (lastUrn > 899_999)
        {
            throw new Domain.DomainRuleException($"{spec.Schools} schools do not fit in the URNs from {FirstUrn} to 899999 kept for the generated nation.");
        }
        var existing = (await db.Trusts.AsNoTracking().Where(t => t.Slug.StartsWith(SlugPrefix)).Select(t => t.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var clash = await db.Schools.AsNoTracking().Where(s => s.Urn >= FirstUrn && s.Urn <= lastUrn)
            .Join(db.Trusts, s => s.TrustId, t => t.Id, (s, t) => new { s.Urn, t.Slug }).Where(x => !x.Slug.StartsWith(SlugPrefix)).FirstOrDefaultAsync(ct);
        if (clash is not null)
        {
            throw new Domain.DomainRuleException($"URN {clash.Urn} belongs to {clash.Slug}; the generated nation keeps URNs {FirstUrn}–{lastUrn} for itself.");
        }
        var demo = DemoDataLoader.ReadFiles(Path.Combine(AppContext.BaseDirectory, "Data", "Demo", "trusts"));
        var totals = new Totals();
        var skipped = 0;
        foreach (var trust in layout)
        {
            if (existing.Contains(trust.Slug))
            {
                skipped++;
                continue;
            }
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var made = await GenerateTrustAsync(trust, spec, demo, passwordHash, ct);
                        await transaction.CommitAsync(ct);
                totals.Add(made);
            });
            db.ChangeTracker.Clear();
            if ((totals.Trusts % 50 == 0) || totals.Trusts + skipped == layout.Count)
            {
                progress?.Invoke(FormattableString.Invariant(
                    $"{totals.Trusts + skipped} of {layout.Count} trusts ({totals.Rows:N0} rows, {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0} s)"));
            }
        }
        if (totals.Trusts > 0 && db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            // Fresh statistics, so the planner sees the nation's size straight away rather than at autovacuum's leisure.
            await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
        }
        return new NationReport(totals.Trusts, skipped, totals.Schools, totals.Updates, totals.Returns, totals.Challenges,
            totals.Accounts, totals.Rows, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    private sealed class Totals
    {
        public int Trusts { get; private set; }
        public int Schools { get; private set; }
        public long Updates { get; private set; }
        public long Returns { get; private set; }
        public int Challenges { get; private set; }
        public long Rows { get; private set; }
        public Dictionary<string, long> Accounts { get; } = Roles.All.ToDictionary(r => r, _ => 0L, StringComparer.Ordinal);

        public void Add(Made made)
        {
            Trusts++;
            Schools += made.Schools;
            Updates += made.Updates;
            Returns += made.Returns;
            Challenges += made.Challenges;
            Rows += made.Rows;
            foreach (var (role, count) in made.Accounts)
            {
                Accounts[role] += count;
            }
        }
    }

    private sealed record Made(int Schools, int Updates, int Returns, int Challenges, Dictionary<string, int> Accounts, long Rows);

    private async Task<Made> GenerateTrustAsync(NationTrust spec, NationSpec nation, IReadOnlyList<DemoTrustFile> demo, string passwordHash, CancellationToken ct)
    {
        var random = new Random(unchecked((nation.Seed * 100_003) + spec.Index));
        var bulk = new BulkRows(db);
        long rows = 0;
        var at = clock.GetUtcNow();

        var trust = new Trust(spec.Slug, spec.Name);
        LargeTrustGenerator.AddPublicContent(trust, demo);
        trust.SetDataNotes(DataNotes);
        db.Trusts.Add(trust);
        rows += await db.SaveChangesAsync(ct);

        var plan = new StrategicPlan(trust.Id, "generated-plan", $"{spec.Name} development plan", 2025, 2028);
        var themes = new[] { plan.AddTheme("Generated theme one"), plan.AddTheme("Generated theme two") };
        for (var a = 1; a <= AimCount; a++)
        {
            var aim = plan.AddAim(themes[(a - 1) % 2], a, $"Generated aim {a}", null);
            for (var c = 1; c <= CriteriaPerAim; c++)
            {
                aim.AddCriterion($"Generated success criterion {a}.{c}");
            }
        }
        plan.PublishForSeeding();
        db.StrategicPlans.Add(plan);
        var schools = Enumerable.Range(0, spec.Schools).Select(i =>
        {
            var urn = spec.FirstUrn + i;
            var school = new School(trust.Id, urn, $"Generated School {urn}", i % 3 == 0 ? Phase.Secondary : Phase.Primary);
            school.MarkAsExample();
            return school;
        }).ToList();
        db.Schools.AddRange(schools);
        rows += await db.SaveChangesAsync(ct);

        var cycles = new List<ReviewCycle>(nation.Cycles);
        var start = new DateOnly(2024, 9, 1);
        for (var n = 0; n < nation.Cycles; n++)
        {
            var opens = start.AddMonths(4 * n);
            var cycle = new ReviewCycle(plan.Id, $"Cycle {n + 1}", opens, opens.AddMonths(3));
            cycle.MarkAsExample();
            cycle.Open(plan.Status);
            cycles.Add(cycle);
        }
        db.ReviewCycles.AddRange(cycles);
        rows += await db.SaveChangesAsync(ct);

        // Every school's update to every criterion in every cycle; every return submitted but the open cycle's.
        var criteria = plan.Aims.SelectMany(a => a.Criteria).Select(c => c.Id).ToList();
        var aimOfCriterion = plan.Aims.SelectMany(a => a.Criteria.Select(c => (c.Id, AimId: a.Id))).ToDictionary(x => x.Id, x => x.AimId);
        var updates = new List<ProgressUpdate>(nation.Cycles * schools.Count * criteria.Count);
        var returns = new List<SchoolReturn>(nation.Cycles * schools.Count);
        foreach (var cycle in cycles)
        {
            var last = cycle == cycles[^1];
            foreach (var school in schools)
            {
                foreach (var criterion in criteria)
                {
                    var entry = new ProgressEntry(Statuses[random.Next(Statuses.Length)], Confidence.Medium, "Generated narrative.", null,
                        random.Next(4) == 0 ? null : "Generated evidence.", null, null, null);
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
        }
        // The closed cycles are saved with the challenges below: one round trip fewer a trust.
        var ids = await bulk.ReserveKeysAsync<ProgressUpdate>(updates.Count, ct);
        await bulk.InsertAsync(updates, new Dictionary<string, Func<int, object?>> { [nameof(ProgressUpdate.Id)] = i => ids[i] }, ct);
        await bulk.InsertAsync(updates.Select(u => u.Revisions[0]).ToList(),
            new Dictionary<string, Func<int, object?>> { [nameof(ProgressRevision.ProgressUpdateId)] = i => ids[i] }, ct);
        await bulk.InsertAsync(returns, null, ct);

        // People: administrators, six trustees, a head for each school, staff spread over the schools.
        var people = new List<(PortalUser User, string Role, int? SchoolId)>(spec.Accounts);
        void Person(string role, string local, string name, int? schoolId)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            var id = new Guid(bytes);
            var email = $"{local}@{spec.Slug}.{EmailDomain}";
            people.Add((new PortalUser
            {
                Id = id.ToString(),
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                PasswordHash = passwordHash,
                SecurityStamp = id.ToString("N").ToUpperInvariant(),
                ConcurrencyStamp = id.ToString(),
                DisplayName = name,
                TrustId = trust.Id,
                LockoutEnabled = true,
                CreatedUtc = at.UtcDateTime,
            }, role, schoolId));
        }
        var admins = Admins(spec.Schools);
        for (var i = 1; i <= admins; i++)
        {
            Person(Roles.TrustAdmin, $"admin.{i}", $"Generated Administrator {i}", null);
        }
        for (var i = 1; i <= Trustees; i++)
        {
            Person(Roles.Trustee, $"trustee.{i}", $"Generated Trustee {i}", null);
        }
        foreach (var school in schools)
        {
            Person(Roles.Headteacher, $"head.{school.Urn}", $"Generated Head of {school.Urn}", school.Id);
        }
        var staff = Math.Max(1, spec.Accounts - admins - Trustees - schools.Count);
        for (var i = 1; i <= staff; i++)
        {
            Person(Roles.Staff, $"staff.{i}", $"Generated Staff Member {i}", schools[(i - 1) % schools.Count].Id);
        }
        await bulk.InsertAsync(people.Select(p => p.User).ToList(), null, ct);
        await bulk.InsertAsync(people.Select(p => new IdentityUserRole<string> { UserId = p.User.Id, RoleId = "role-" + p.Role.ToLowerInvariant() }).ToList(), null, ct);
        await bulk.InsertAsync(people.Where(p => p.SchoolId is not null).Select(p => new UserSchool { UserId = p.User.Id, SchoolId = p.SchoolId!.Value }).ToList(), null, ct);

        // A trustee's challenge on an update of the open cycle for each of the first few schools; every other one answered by its head.
        var open = updates.Count - (schools.Count * criteria.Count);
        var challenges = Math.Min(6, schools.Count);
        var trustees = people.Where(p => p.Role == Roles.Trustee).ToList();
        for (var i = 0; i < challenges; i++)
        {
            var index = open + (i * criteria.Count) + ((i * 5) % criteria.Count);
            var update = updates[index];
            var trustee = trustees[i % trustees.Count].User;
            var challenge = new Challenge(trust.Id, update.SchoolId, aimOfCriterion[update.SuccessCriterionId], ids[index], trustee.Id, trustee.DisplayName,
                $"Generated challenge {i + 1}: what is the evidence behind this status?", at);
            if (i % 2 == 1)
            {
                var head = people.First(p => p.Role == Roles.Headteacher && p.SchoolId == update.SchoolId).User;
                challenge.AddMessage(ChallengeSide.School, head.Id, head.DisplayName, "Generated answer: the evidence is in the school's records.", at);
            }
            db.Challenges.Add(challenge);
        }
        rows += await db.SaveChangesAsync(ct);
        // Self-evaluations and risks, as every demo trust has (on the open cycle: the closes are saved by now).
        await new DemoImprovementLoader(db, clock).LoadAsync([trust.Id], ct);

        var accounts = people.GroupBy(p => p.Role).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new Made(schools.Count, updates.Count, returns.Count, challenges, accounts, rows + bulk.Written);
    }
}
