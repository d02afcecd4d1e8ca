using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Features.Progress;
using TrustPortal.Web.Infrastructure.Caching;

namespace TrustPortal.Web.Features.Board;

public sealed record PlanInfo(int Id, string Slug, string Title, int? StartYear, int? EndYear, PlanStatus Status);
public sealed record ThemeInfo(int Id, int Position, string? Title);
public sealed record AimInfo(int Id, int ThemeId, int Position, int Number, string Title);
public sealed record CriterionInfo(int Id, int AimId, int Position, string Text);
public sealed record CycleInfo(int Id, string Name, DateOnly OpensOn, DateOnly ClosesOn, CycleState State);
public sealed record SchoolInfo(int Id, int Urn, string Name, Phase Phase);
/// <param name="Words">What the head wrote was done, kept only for an off-track or at-risk update (the dashboard's
/// exceptions show it), so the cached snapshot stays small.</param>
public sealed record UpdateFact(int Id, int SchoolId, int CriterionId, int CycleId, ProgressStatus Status, bool HasEvidence, string? Words = null,
    string? UpdatedBy = null);
public sealed record ReturnFact(int SchoolId, ReturnState State);
public sealed record StatusCount(int CycleId, ProgressStatus Status, int Count);
public sealed record ChallengeRow(int Id, int? SchoolId, string? SchoolName, int? AimNumber, string Question, string RaisedBy,
    DateTimeOffset RaisedAt, ChallengeStatus Status, int Messages);

/// The filters of the dashboard, as they came in the query string (bad values are ignored and said so).
public sealed record BoardFilters(int? CycleId, int? ThemeId, Phase? Phase);

public sealed record HeatCell(ProgressStatus? Worst, int Reported, int Total);
public sealed record SchoolMovement(int Improved, int Declined, int Same, int Compared);
public sealed record ExceptionRow(SchoolInfo School, AimInfo Aim, CriterionInfo Criterion, ProgressStatus Status, ProgressStatus? Previous);
public sealed record EvidenceGap(SchoolInfo School, int NoUpdate, int NoEvidence);
public sealed record CycleChange(SchoolInfo School, AimInfo Aim, CriterionInfo Criterion, ProgressStatus? Before, ProgressStatus After, Movement Movement);

/// Everything the trustees' dashboard, its drill-downs and the board pack show for one cycle, loaded in a fixed
/// number of queries (plan, themes, aims, criteria, cycles, schools, two cycles' updates, returns, status counts,
/// challenges, sign-offs) whatever the number of schools, criteria or cycles.
public sealed class BoardSnapshot
{
    public required TrustBrand Trust { get; init; }
    public required PlanInfo Plan { get; init; }
    public required IReadOnlyList<ThemeInfo> Themes { get; init; }
    /// Aims after the theme filter, in plan order.
    public required IReadOnlyList<AimInfo> Aims { get; init; }
    public required IReadOnlyList<AimInfo> AllAims { get; init; }
    public required IReadOnlyList<CriterionInfo> Criteria { get; init; }
    public required IReadOnlyList<CycleInfo> Cycles { get; init; }
    public required CycleInfo? Cycle { get; init; }
    public required CycleInfo? Previous { get; init; }
    /// Schools after the phase filter, by name.
    public required IReadOnlyList<SchoolInfo> Schools { get; init; }
    public required IReadOnlyList<SchoolInfo> AllSchools { get; init; }
    public required BoardFilters Filters { get; init; }
    public required IReadOnlyList<UpdateFact> Updates { get; init; }
    public required IReadOnlyList<UpdateFact> PreviousUpdates { get; init; }
    public required IReadOnlyList<ReturnFact> Returns { get; init; }
    public required IReadOnlyList<StatusCount> Trend { get; init; }
    public required IReadOnlyList<ChallengeRow> OpenChallenges { get; init; }
    public required DateOnly Today { get; init; }

    // The snapshot is cached and read by every request until its trust's stamps move, so everything derived from it
    // is worked out once, on first use, and kept with it (a benign race at worst computes a value twice).
    private Dictionary<(int School, int Criterion), UpdateFact>? _now;
    private Dictionary<(int School, int Criterion), UpdateFact>? _before;
    private ILookup<int, CriterionInfo>? _criteriaByAim;
    private Dictionary<int, AimInfo>? _aimsById;
    private Dictionary<int, ReturnState>? _returns;
    private IReadOnlyList<CriterionInfo>? _visible;
    private readonly ConcurrentDictionary<(int School, int Aim), HeatCell> _cells = new();
    private readonly ConcurrentDictionary<int, SchoolMovement> _movements = new();
    private IReadOnlyList<ExceptionRow>? _exceptions;
    private IReadOnlyList<EvidenceGap>? _gaps;
    private IReadOnlyList<CycleChange>? _changes;
    private readonly ConcurrentDictionary<string, IHtmlContent> _fragments = new();

    public Dictionary<(int School, int Criterion), UpdateFact> Now => _now ??= Updates.ToDictionary(u => (u.SchoolId, u.CriterionId));
    public Dictionary<(int School, int Criterion), UpdateFact> Before => _before ??= PreviousUpdates.ToDictionary(u => (u.SchoolId, u.CriterionId));

    public IEnumerable<CriterionInfo> CriteriaOf(AimInfo aim) => (_criteriaByAim ??= Criteria.ToLookup(c => c.AimId))[aim.Id];

    public IReadOnlyList<CriterionInfo> VisibleCriteria =>
        _visible ??= Criteria.Where(c => Aims.Any(a => a.Id == c.AimId)).ToList();

    public AimInfo AimOf(CriterionInfo criterion) => (_aimsById ??= AllAims.ToDictionary(a => a.Id))[criterion.AimId];

    public HeatCell Cell(SchoolInfo school, AimInfo aim) => _cells.GetOrAdd((school.Id, aim.Id), _ =>
    {
        var statuses = CriteriaOf(aim).Select(c => Now.TryGetValue((school.Id, c.Id), out var u) ? u.Status : (ProgressStatus?)null).ToList();
        return new HeatCell(StatusRollup.Worst(statuses.OfType<ProgressStatus>()), statuses.Count(s => s is not null), statuses.Count);
    });

    public SchoolMovement MovementOf(SchoolInfo school) => _movements.GetOrAdd(school.Id, _ =>
    {
        int improved = 0, declined = 0, same = 0;
        foreach (var c in VisibleCriteria)
        {
            var move = StatusRollup.Move(Before.GetValueOrDefault((school.Id, c.Id))?.Status, Now.GetValueOrDefault((school.Id, c.Id))?.Status);
            switch (move)
            {
                case Movement.Improved: improved++; break;
                case Movement.Declined: declined++; break;
                case Movement.Same: same++; break;
                default: break;
            }
        }
        return new SchoolMovement(improved, declined, same, improved + declined + same);
    });

    public ReturnState? ReturnOf(SchoolInfo school) =>
        (_returns ??= Returns.GroupBy(r => r.SchoolId).ToDictionary(g => g.Key, g => g.First().State)).TryGetValue(school.Id, out var state) ? state : null;

    public int Submitted => Schools.Count(s => ReturnOf(s) == ReturnState.Submitted);
    public int Drafts => Schools.Count(s => ReturnOf(s) == ReturnState.Draft);
    public int NoReturn => Schools.Count(s => ReturnOf(s) is null);

    /// Returns due and not submitted: the cycle's closing date has passed (only an open cycle can be overdue).
    public IReadOnlyList<SchoolInfo> OverdueReturns =>
        Cycle is { State: CycleState.Open } c && Today > c.ClosesOn
            ? Schools.Where(s => ReturnOf(s) != ReturnState.Submitted).ToList()
            : [];

    /// Off track first, then at risk; within each, by school and aim order.
    public IReadOnlyList<ExceptionRow> Exceptions => _exceptions ??=
        (from s in Schools
         from c in VisibleCriteria
         let u = Now.GetValueOrDefault((s.Id, c.Id))
         where u is not null && ProgressText.IsException(u.Status)
         let aim = AimOf(c)
         orderby StatusRollup.Health(u.Status), s.Name, aim.Number, c.Position
         select new ExceptionRow(s, aim, c, u.Status, Before.GetValueOrDefault((s.Id, c.Id))?.Status)).ToList();

    public IReadOnlyList<EvidenceGap> EvidenceGaps => _gaps ??=
        Schools.Select(s =>
        {
            var noUpdate = VisibleCriteria.Count(c => !Now.ContainsKey((s.Id, c.Id)));
            var noEvidence = VisibleCriteria.Count(c => Now.TryGetValue((s.Id, c.Id), out var u) && !u.HasEvidence);
            return new EvidenceGap(s, noUpdate, noEvidence);
        }).Where(g => g.NoUpdate + g.NoEvidence > 0).OrderByDescending(g => g.NoUpdate + g.NoEvidence).ThenBy(g => g.School.Name).ToList();

    /// Criteria whose status moved between the previous cycle and this one (declines first).
    public IReadOnlyList<CycleChange> Changes => _changes ??=
        (from s in Schools
         from c in VisibleCriteria
         let after = Now.GetValueOrDefault((s.Id, c.Id))
         where after is not null
         let before = Before.GetValueOrDefault((s.Id, c.Id))?.Status
         let move = StatusRollup.Move(before, after.Status)
         where move is Movement.Improved or Movement.Declined
         let aim = AimOf(c)
         orderby move, s.Name, aim.Number, c.Position
         select new CycleChange(s, aim, c, before, after.Status, move.Value)).ToList();

    /// A part of the dashboard that is the same for everyone who sees this snapshot (no person, no form, no nonce in
    /// it), rendered the first time and kept with the snapshot, so the next request copies it instead of rendering
    /// a 50-school heat map again: it goes when the snapshot goes (its trust's stamps move).
    public async Task<IHtmlContent> RenderedOnceAsync(string part, Func<Task<IHtmlContent>> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        if (_fragments.TryGetValue(part, out var kept))
        {
            return kept;
        }
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        (await render()).WriteTo(writer, HtmlEncoder.Default);
        return _fragments.GetOrAdd(part, new HtmlString(writer.ToString()));
    }

    public string Query(int? cycleId = null) => BoardLinks.Query(cycleId ?? Cycle?.Id, Filters.ThemeId, Filters.Phase);

    /// The dashboard's filters in words, for the pack ("Theme: Curriculum. Phase: primary schools only."), or null
    /// when the pack covers every theme and every school.
    public string? FilterDescription
    {
        get
        {
            var parts = new List<string>();
            if (Filters.ThemeId is { } themeId && Themes.FirstOrDefault(t => t.Id == themeId) is { } theme)
            {
                parts.Add($"Theme: {theme.Title ?? $"Theme {theme.Position}"} only ({Aims.Count} of {AllAims.Count} aims).");
            }
            if (Filters.Phase is { } phase)
            {
                parts.Add($"Phase: {TrustPortal.Web.Features.Schools.SchoolText.Phase(phase)} schools only ({Schools.Count} of {AllSchools.Count} schools).");
            }
            return parts.Count == 0 ? null : string.Join(' ', parts);
        }
    }
}

public static class BoardLinks
{
    public static string Query(int? cycleId, int? themeId, Phase? phase)
    {
        var parts = new List<string>();
        if (cycleId is not null)
        {
            parts.Add($"cycle={cycleId}");
        }
        if (themeId is not null)
        {
            parts.Add($"theme={themeId}");
        }
        if (phase is not null)
        {
            parts.Add($"phase={phase}");
        }
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}

public sealed class BoardData(TrustPortalDbContext db, TimeProvider clock, TrustPageCache cache)
{
    /// The plan the board reviews: the published plan in force (the one with the open cycle, else the one whose period
    /// covers today: <see cref="PlanInForce"/>), so publishing next period's plan ahead leaves the board as it is;
    /// with nothing published, the newest draft. Archived plans are history. One query.
    public async Task<PlanInfo?> CurrentPlanAsync(int trustId, CancellationToken ct)
    {
        var plans = await db.StrategicPlans.AsNoTracking()
            .Where(p => p.TrustId == trustId && p.Status != PlanStatus.Archived)
            .Select(p => new
            {
                Info = new PlanInfo(p.Id, p.Slug, p.Title, p.StartYear, p.EndYear, p.Status),
                HasOpenCycle = db.ReviewCycles.Any(c => c.StrategicPlanId == p.Id && c.State == CycleState.Open),
            })
            .ToListAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var inForce = PlanInForce.Choose(
            plans.Where(p => p.Info.Status == PlanStatus.Published).Select(p => new PlanTerm(p.Info.Id, p.Info.StartYear, p.Info.EndYear, p.HasOpenCycle)),
            today);
        return plans.FirstOrDefault(p => p.Info.Id == inForce)?.Info
            ?? plans.Select(p => p.Info).OrderByDescending(p => p.StartYear).ThenByDescending(p => p.Id).FirstOrDefault();
    }

    /// <param name="baselineCycleId">The cycle to compare with (the board pack passes the cycle of the last sign-off);
    /// ignored unless it is earlier than the chosen cycle; by default the cycle before the chosen one.</param>
    /// Trustees tend to open the dashboard all at once before a meeting: a snapshot is kept in memory per trust, filters
    /// and day, under the trust's content and work generations, which any save of its progress, board work, plans,
    /// schools or content renews on every instance (docs/adr/0091, 0131). Who may see it is still checked on every request by the caller.
    public Task<BoardSnapshot?> LoadAsync(TrustBrand trust, int? cycleId, int? themeId, Phase? phase, CancellationToken ct, int? baselineCycleId = null)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var page = string.Create(CultureInfo.InvariantCulture, $"board:{cycleId}:{themeId}:{phase}:{baselineCycleId}:{today.DayNumber}");
        // Only snapshots of filters that exist are kept, so the number kept per trust is bounded by its cycles, themes and
        // phases, whatever addresses are asked for (the baseline comes from the board's own sign-offs, not the address).
        return cache.GetOrLoadWorkAsync(page, trust.Id, c => LoadFromDatabaseAsync(trust, cycleId, themeId, phase, baselineCycleId, c), ct,
            keep: s => (cycleId is null || s.Cycle?.Id == cycleId) && (themeId is null || s.Filters.ThemeId == themeId));
    }

    private async Task<BoardSnapshot?> LoadFromDatabaseAsync(TrustBrand trust, int? cycleId, int? themeId, Phase? phase, int? baselineCycleId, CancellationToken ct)
    {
        var plan = await CurrentPlanAsync(trust.Id, ct);
        if (plan is null)
        {
            return null;
        }
        var themes = await db.PlanThemes.AsNoTracking().Where(t => t.StrategicPlanId == plan.Id).OrderBy(t => t.Position)
            .Select(t => new ThemeInfo(t.Id, t.Position, t.Title)).ToListAsync(ct);
        var aims = await (from a in db.StrategicAims.AsNoTracking()
                          join t in db.PlanThemes on a.PlanThemeId equals t.Id
                          where t.StrategicPlanId == plan.Id
                          orderby t.Position, a.Position
                          select new AimInfo(a.Id, t.Id, a.Position, a.Number, a.Title)).ToListAsync(ct);
        var criteria = await (from c in db.SuccessCriteria.AsNoTracking()
                              join a in db.StrategicAims on c.StrategicAimId equals a.Id
                              join t in db.PlanThemes on a.PlanThemeId equals t.Id
                              where t.StrategicPlanId == plan.Id && !c.IsRetired
                              orderby t.Position, a.Position, c.Position
                              select new CriterionInfo(c.Id, a.Id, c.Position, c.Text)).ToListAsync(ct);
        var cycles = await db.ReviewCycles.AsNoTracking().Where(c => c.StrategicPlanId == plan.Id).OrderBy(c => c.OpensOn)
            .Select(c => new CycleInfo(c.Id, c.Name, c.OpensOn, c.ClosesOn, c.State)).ToListAsync(ct);
        var schools = await db.Schools.AsNoTracking().Where(s => s.TrustId == trust.Id && !s.IsArchived).OrderBy(s => s.Name)
            .Select(s => new SchoolInfo(s.Id, s.Urn, s.Name, s.Phase)).ToListAsync(ct);

        var cycle = cycles.FirstOrDefault(c => c.Id == cycleId)
            ?? cycles.LastOrDefault(c => c.State != CycleState.Planned)
            ?? cycles.LastOrDefault();
        var earlier = cycle is null ? [] : cycles.TakeWhile(c => c.Id != cycle.Id).ToList();
        var previous = earlier.FirstOrDefault(c => c.Id == baselineCycleId) ?? earlier.LastOrDefault();
        var ids = new[] { cycle?.Id ?? 0, previous?.Id ?? 0 };
        // One query for the chosen and the previous cycle: at most schools × criteria × 2 small rows.
        var updates = await db.ProgressUpdates.AsNoTracking()
            .Where(u => ids.Contains(u.ReviewCycleId) && db.Schools.Any(s => s.Id == u.SchoolId && s.TrustId == trust.Id))
            .Select(u => new UpdateFact(u.Id, u.SchoolId, u.SuccessCriterionId, u.ReviewCycleId, u.Entry.Status, u.Entry.Evidence != null,
                u.Entry.Status == ProgressStatus.OffTrack || u.Entry.Status == ProgressStatus.AtRisk ? u.Entry.WhatWasDone : null,
                u.Entry.Status == ProgressStatus.OffTrack || u.Entry.Status == ProgressStatus.AtRisk ? u.UpdatedBy : null))
            .ToListAsync(ct);
        var cycleKey = cycle?.Id ?? 0;
        var returns = await db.SchoolReturns.AsNoTracking().Where(r => r.ReviewCycleId == cycleKey)
            .Select(r => new ReturnFact(r.SchoolId, r.State)).ToListAsync(ct);
        var cycleIds = cycles.Select(c => c.Id).ToList();
        var trend = await db.ProgressUpdates.AsNoTracking()
            .Where(u => cycleIds.Contains(u.ReviewCycleId) && db.Schools.Any(s => s.Id == u.SchoolId && s.TrustId == trust.Id && !s.IsArchived))
            .GroupBy(u => new { u.ReviewCycleId, u.Entry.Status })
            .Select(g => new StatusCount(g.Key.ReviewCycleId, g.Key.Status, g.Count()))
            .ToListAsync(ct);
        var challenges = await OpenChallengesAsync(trust.Id, ct);

        var theme = themes.FirstOrDefault(t => t.Id == themeId);
        return new BoardSnapshot
        {
            Trust = trust,
            Plan = plan,
            Themes = themes,
            AllAims = aims,
            Aims = theme is null ? aims : aims.Where(a => a.ThemeId == theme.Id).ToList(),
            Criteria = criteria,
            Cycles = cycles,
            Cycle = cycle,
            Previous = previous,
            AllSchools = schools,
            Schools = phase is null ? schools : schools.Where(s => s.Phase == phase).ToList(),
            Filters = new BoardFilters(cycle?.Id, theme?.Id, phase),
            Updates = updates.Where(u => u.CycleId == cycleKey).ToList(),
            PreviousUpdates = previous is null ? [] : updates.Where(u => u.CycleId == previous.Id).ToList(),
            Returns = returns,
            Trend = trend,
            OpenChallenges = challenges,
            Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
        };
    }

    /// Challenges not yet resolved, oldest first (they have waited longest).
    /// One criterion's history at one school: every cycle's update with its revisions, the challenges raised about
    /// them and the files the head attached. Null when the school, the plan or the criterion is not the trust's.
    public async Task<CriterionHistoryViewModel?> CriterionHistoryAsync(TrustBrand trust, int urn, int criterionId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var plan = await CurrentPlanAsync(trust.Id, ct);
        var school = await db.Schools.AsNoTracking().Where(s => s.TrustId == trust.Id && s.Urn == urn)
            .Select(s => new SchoolInfo(s.Id, s.Urn, s.Name, s.Phase)).SingleOrDefaultAsync(ct);
        var criterion = plan is null || school is null ? null : await (from c in db.SuccessCriteria.AsNoTracking()
                               join a in db.StrategicAims on c.StrategicAimId equals a.Id
                               join t in db.PlanThemes on a.PlanThemeId equals t.Id
                               where c.Id == criterionId && t.StrategicPlanId == plan.Id
                               select new CriterionHeading(c.Id, c.Text, c.MeasurableTarget, a.Number, a.Title)
                               {
                                   Measure = SuccessCriterion.FromColumns(c.MeasureBaseline, c.MeasureTarget, c.MeasureUnit, c.MeasureDirection, c.MeasureTargetDate, c.MeasureIsExample),
                               }).SingleOrDefaultAsync(ct);
        if (criterion is null)
        {
            return null;
        }
        var cycles = await db.ReviewCycles.AsNoTracking().Where(c => c.StrategicPlanId == plan!.Id).OrderBy(c => c.OpensOn)
            .Select(c => new CycleInfo(c.Id, c.Name, c.OpensOn, c.ClosesOn, c.State)).ToListAsync(ct);
        var updates = await db.ProgressUpdates.AsNoTracking()
            .Where(u => u.SchoolId == school!.Id && u.SuccessCriterionId == criterion.Id)
            .Select(u => new CriterionHistoryRow(u.Id, u.ReviewCycleId, u.Entry.Status, u.Entry.Confidence, u.Entry.WhatWasDone, u.Entry.Impact, u.Entry.Evidence, u.Entry.NextSteps,
                u.Entry.Owner, u.Entry.DueOn, u.UpdatedBy, u.UpdatedAt,
                u.Revisions.OrderByDescending(r => r.ChangedAt).ThenByDescending(r => r.Id)
                    .Select(r => new RevisionRow(r.Entry.Status, r.ChangedBy, r.ChangedAt, r.Entry.WhatWasDone, r.Entry.Evidence)).ToList(),
                u.Entry.MeasuredValue))
            .AsSplitQuery()
            .ToListAsync(ct);
        var updateIds = updates.Select(u => u.Id).ToList();
        var challenges = await db.Challenges.AsNoTracking()
            .Where(c => c.TrustId == trust.Id && c.SchoolId == school!.Id && c.ProgressUpdateId != null && updateIds.Contains(c.ProgressUpdateId.Value))
            .OrderByDescending(c => c.RaisedAt)
            .Select(c => new ChallengeRow(c.Id, c.SchoolId, null, null, c.Question, c.RaisedByName, c.RaisedAt, c.Status, c.Messages.Count))
            .ToListAsync(ct);
        // The files the head attached, as on the school's own page (trustees may open them: ProgressController.Download).
        var files = await db.EvidenceFiles.AsNoTracking().Where(f => updateIds.Contains(f.ProgressUpdateId)).OrderBy(f => f.Id)
            .Select(f => new BoardEvidenceFile(f.ProgressUpdateId, new EvidenceFileRow(f.Id, f.OriginalName, f.Size, f.UploadedBy, f.UploadedAt)))
            .ToListAsync(ct);
        // The measure's values over the cycles that have begun (no SQL: the updates above carry them).
        var begun = cycles.Where(c => c.State != CycleState.Planned).ToList();
        var chart = criterion.Measure is { } measure && begun.Count > 0
            ? MeasureChartModel.Of(measure, StrategicPlan.MeasureStart(plan!.StartYear, begun[0].OpensOn),
                begun.Select(c => (c.Name, c.ClosesOn, updates.FirstOrDefault(u => u.CycleId == c.Id)?.MeasuredValue)))
            : null;
        return new CriterionHistoryViewModel(trust, school!, criterion, cycles, updates, challenges) { Files = files, Chart = chart };
    }

    public Task<List<ChallengeRow>> OpenChallengesAsync(int trustId, CancellationToken ct) =>
        db.Challenges.AsNoTracking()
            .Where(c => c.TrustId == trustId && c.Status != ChallengeStatus.Resolved)
            .OrderBy(c => c.RaisedAt)
            .Select(c => new ChallengeRow(c.Id, c.SchoolId,
                db.Schools.Where(s => s.Id == c.SchoolId).Select(s => s.Name).FirstOrDefault(),
                db.StrategicAims.Where(a => a.Id == c.StrategicAimId).Select(a => (int?)a.Number).FirstOrDefault(),
                c.Question, c.RaisedByName, c.RaisedAt, c.Status, c.Messages.Count))
            .ToListAsync(ct);
}
