using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.SchoolImport;

/// Which rows of an extract to take: all readable rows, or those of one GIAS trust (name or UID) and/or these URNs.
public sealed record GiasFilter(string? Group, IReadOnlySet<int>? Urns)
{
    public static readonly GiasFilter All = new(null, null);

    public bool Matches(GiasSchool school)
    {
        ArgumentNullException.ThrowIfNull(school);
        if (Urns is { Count: > 0 } && !Urns.Contains(school.Urn))
        {
            return false;
        }
        return Group is null
            || string.Equals(school.TrustName, Group, StringComparison.OrdinalIgnoreCase)
            || string.Equals(school.TrustUid, Group, StringComparison.OrdinalIgnoreCase);
    }
}

public sealed record FieldChange(string Field, string? From, string? To);

public sealed record PlannedSchool(GiasSchool Source, IReadOnlyList<FieldChange> Changes);

/// What an import would do, before anything is written: schools added, schools updated field by field,
/// schools already up to date, rows rejected with their reasons, and rows another filter would take.
public sealed class ImportPlan
{
    public List<PlannedSchool> Added { get; } = [];
    public List<PlannedSchool> Updated { get; } = [];
    public int Unchanged { get; set; }
    public List<GiasRowError> Rejected { get; } = [];
    public int NotSelected { get; set; }
    public bool HasChanges => Added.Count > 0 || Updated.Count > 0;
}

/// Plans and applies an import of GIAS rows into one trust's schools, matched by URN.
public sealed class GiasImporter(TrustPortalDbContext db)
{
    public async Task<ImportPlan> PlanAsync(Stream extract, int trustId, GiasFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var plan = new ImportPlan();
        var ours = await db.Schools.AsNoTracking().Include(s => s.Inspections).Where(s => s.TrustId == trustId).AsSplitQuery().ToDictionaryAsync(s => s.Urn, ct);
        var elsewhere = await db.Schools.AsNoTracking().Where(s => s.TrustId != trustId)
            .Join(db.Trusts, s => s.TrustId, t => t.Id, (s, t) => new { s.Urn, t.Name })
            .ToDictionaryAsync(x => x.Urn, x => x.Name, ct);
        var seen = new HashSet<int>();

        foreach (var result in GiasExtract.Read(extract))
        {
            if (result.Error is { } error)
            {
                plan.Rejected.Add(error);
                continue;
            }
            var row = result.School!;
            if (!filter.Matches(row))
            {
                plan.NotSelected++;
                continue;
            }
            if (!seen.Add(row.Urn))
            {
                plan.Rejected.Add(new GiasRowError(row.Row, row.Urn.ToString(CultureInfo.InvariantCulture), $"URN {row.Urn} appears more than once in the file"));
                continue;
            }
            if (elsewhere.TryGetValue(row.Urn, out var otherTrust))
            {
                plan.Rejected.Add(new GiasRowError(row.Row, row.Urn.ToString(CultureInfo.InvariantCulture), $"URN {row.Urn} is a school of {otherTrust}"));
                continue;
            }
            try
            {
                if (ours.TryGetValue(row.Urn, out var existing))
                {
                    var before = Snapshot(existing);
                    var after = Snapshot(Apply(row, Copy(existing)));
                    var changes = before.Zip(after).Where(p => p.First.Value != p.Second.Value)
                        .Select(p => new FieldChange(p.First.Field, p.First.Value, p.Second.Value)).ToList();
                    if (changes.Count == 0)
                    {
                        plan.Unchanged++;
                    }
                    else
                    {
                        plan.Updated.Add(new PlannedSchool(row, changes));
                    }
                }
                else
                {
                    var created = Apply(row, new School(trustId, row.Urn, row.Name, row.Phase));
                    plan.Added.Add(new PlannedSchool(row, Snapshot(created).Where(f => f.Value is not null).Select(f => new FieldChange(f.Field, null, f.Value)).ToList()));
                }
            }
            catch (DomainRuleException ex)
            {
                plan.Rejected.Add(new GiasRowError(row.Row, row.Urn.ToString(CultureInfo.InvariantCulture), ex.Message));
            }
        }
        return plan;
    }

    /// Rows written per SaveChanges; the change tracker is cleared between batches so a national extract stays fast.
    private const int BatchSize = 1000;

    /// Writes the plan in one transaction: every school or none. Batches of <see cref="BatchSize"/> with change
    /// detection run once per batch (not per entity) keep a 50,000-row import to seconds; the audit trail still gets
    /// one entry per school, in the same transaction.
    public async Task ApplyAsync(ImportPlan plan, int trustId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var strategy = db.Database.CreateExecutionStrategy();
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                foreach (var batch in plan.Updated.Chunk(BatchSize))
                {
                    var urns = batch.Select(u => u.Source.Urn).ToList();
                    var existing = await db.Schools.Include(s => s.Inspections).Where(s => s.TrustId == trustId && urns.Contains(s.Urn)).AsSplitQuery().ToDictionaryAsync(s => s.Urn, ct);
                    foreach (var update in batch)
                    {
                        Apply(update.Source, existing[update.Source.Urn]);
                    }
                    await SaveBatchAsync(ct);
                }
                foreach (var batch in plan.Added.Chunk(BatchSize))
                {
                    db.Schools.AddRange(batch.Select(a => Apply(a.Source, new School(trustId, a.Source.Urn, a.Source.Name, a.Source.Phase))));
                    await SaveBatchAsync(ct);
                }
                await transaction.CommitAsync(ct);
            });
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private async Task SaveBatchAsync(CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static School Apply(GiasSchool row, School school)
    {
        school.Rename(row.Name);
        school.ChangePhase(row.Phase);
        school.SetAgeRange(row.LowAge, row.HighAge, row.HasNursery, row.HasSixthForm);
        school.SetReligiousCharacter(row.ReligiousCharacter, row.Diocese);
        school.SetLocation(row.LocalAuthority, row.Town);
        school.SetPupilsOnRoll(row.PupilsOnRoll);
        // GIAS's open date is when the establishment opened (a PRU in 1999, say), not when it joined the trust: the
        // joining date is the trust's to enter, so an import never sets it.
        if (row.OfstedJudgement is { } ofsted
            && !school.Inspections.Any(i => i.Kind == InspectionKind.Previous && i.InspectedOn == ofsted.On))
        {
            school.RecordPreviousJudgement(ofsted.On, ofsted.Judgement);
        }
        return school;
    }

    private static School Copy(School s)
    {
        var copy = new School(s.TrustId, s.Urn, s.Name, s.Phase);
        copy.SetAgeRange(s.LowAge, s.HighAge, s.HasNursery, s.HasSixthForm);
        copy.SetReligiousCharacter(s.ReligiousCharacter, s.Diocese);
        copy.SetLocation(s.LocalAuthority, s.Town);
        copy.SetPupilsOnRoll(s.PupilsOnRoll);
        copy.SetMembership(s.JoinedTrustOn, s.ConversionCohort);
        foreach (var previous in s.Inspections.Where(i => i.Kind == InspectionKind.Previous).OrderBy(i => i.InspectedOn))
        {
            copy.RecordPreviousJudgement(previous.InspectedOn, previous.OverallJudgement!.Value);
        }
        return copy;
    }

    private static List<(string Field, string? Value)> Snapshot(School s) =>
    [
        ("Name", s.Name),
        ("Phase", s.Phase.ToString()),
        ("Lowest age", s.LowAge?.ToString(CultureInfo.InvariantCulture)),
        ("Highest age", s.HighAge?.ToString(CultureInfo.InvariantCulture)),
        ("Nursery", s.HasNursery ? "Yes" : "No"),
        ("Sixth form", s.HasSixthForm ? "Yes" : "No"),
        ("Religious character", s.ReligiousCharacter),
        ("Diocese", s.Diocese),
        ("Local authority", s.LocalAuthority),
        ("Town", s.Town),
        ("Pupils on roll", s.PupilsOnRoll?.ToString(CultureInfo.InvariantCulture)),
        ("Joined the trust", s.JoinedTrustOn?.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)),
        ("Ofsted judgements before report cards", s.Inspections.Any(i => i.Kind == InspectionKind.Previous)
            ? string.Join("; ", s.Inspections.Where(i => i.Kind == InspectionKind.Previous).OrderByDescending(i => i.InspectedOn)
                .Select(i => $"{InspectionAreas.Label(i.OverallJudgement!.Value)}, {i.InspectedOn.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)}"))
            : null),
    ];
}

/// The text report of a plan, the same on the command line and (as a model) on the preview page.
public static class ImportReport
{
    public static void Write(ImportPlan plan, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"{plan.Added.Count} to add, {plan.Updated.Count} to update, {plan.Unchanged} unchanged, {plan.Rejected.Count} rejected, {plan.NotSelected} not selected by the filter.");
        foreach (var a in plan.Added)
        {
            output.WriteLine($"ADD    {a.Source.Urn} {a.Source.Name} (row {a.Source.Row})");
        }
        foreach (var u in plan.Updated)
        {
            output.WriteLine($"UPDATE {u.Source.Urn} {u.Source.Name} (row {u.Source.Row})");
            foreach (var c in u.Changes)
            {
                output.WriteLine($"         {c.Field}: {c.From ?? "(none)"} -> {c.To ?? "(none)"}");
            }
        }
        foreach (var r in plan.Rejected)
        {
            output.WriteLine($"REJECT row {r.Row}{(r.Urn is null ? "" : $" (URN {r.Urn})")}: {r.Reason}");
        }
    }
}
