using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Board;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Features.Schools;

namespace TrustPortal.Web.Features.BoardPack;

/// What a pack is asked for: the dashboard's filters, its scope, and the meeting it is for (when it is being issued).
public sealed record PackRequest(int? CycleId, int? ThemeId, Phase? Phase, PackScope Scope, string PreparedBy,
    string? MeetingTitle = null, DateOnly? MeetingOn = null);

/// Builds <see cref="PackModel"/> from the board's snapshot (BoardData, a fixed number of queries) and eight more
/// queries: the last issued pack, the summary, the cycle's updates in full, three cycles' statuses, priorities,
/// inspections, challenges with their messages, and changes made after the board saw them. None of them runs per
/// school, aim, criterion or cycle.
public sealed class PackBuilder(TrustPortalDbContext db, BoardData data, PackImprovement improvement, TimeProvider clock)
{
    private sealed record LastPack(int CycleId, DateOnly MeetingOn, DateTimeOffset IssuedAt);
    private sealed record FullUpdate(int Id, int SchoolId, int CriterionId, ProgressStatus Status, Confidence? Confidence, string? WhatWasDone,
        string? Impact, string? NextSteps, string? Owner, DateOnly? DueOn, string UpdatedBy, DateTimeOffset UpdatedAt);

    public async Task<PackModel?> BuildAsync(TrustBrand trust, PackRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(request);
        var last = await db.IssuedPacks.AsNoTracking().Where(p => p.TrustId == trust.Id).OrderByDescending(p => p.IssuedAt).ThenByDescending(p => p.Id)
            .Select(p => new LastPack(p.ReviewCycleId, p.MeetingOn, p.IssuedAt)).FirstOrDefaultAsync(ct);
        var board = await data.LoadAsync(trust, request.CycleId, request.ThemeId, request.Phase, ct, last?.CycleId);
        if (board is null)
        {
            return null;
        }
        var cycleId = board.Cycle?.Id ?? 0;
        var trustId = trust.Id;
        var summary = await db.ExecutiveSummaries.AsNoTracking().Where(s => s.TrustId == trustId && s.ReviewCycleId == cycleId && s.Markdown != null)
            .Select(s => new PackSummary(s.Markdown!, s.UpdatedBy, s.UpdatedAt)).FirstOrDefaultAsync(ct);
        var updates = await db.ProgressUpdates.AsNoTracking()
            .Where(u => u.ReviewCycleId == cycleId && db.Schools.Any(s => s.Id == u.SchoolId && s.TrustId == trustId))
            .Select(u => new FullUpdate(u.Id, u.SchoolId, u.SuccessCriterionId, u.Entry.Status, u.Entry.Confidence, u.Entry.WhatWasDone, u.Entry.Impact, u.Entry.NextSteps,
                u.Entry.Owner, u.Entry.DueOn, u.UpdatedBy, u.UpdatedAt))
            .ToDictionaryAsync(u => (u.SchoolId, u.CriterionId), ct);

        // The last three cycles up to this one, for each exception's history: one query for all of them.
        var history = board.Cycle is null ? [] : board.Cycles.TakeWhile(c => c.Id != cycleId).TakeLast(2).Append(board.Cycle).ToList();
        var historyIds = history.Select(c => c.Id).ToList();
        var statuses = (await db.ProgressUpdates.AsNoTracking()
            .Where(u => historyIds.Contains(u.ReviewCycleId) && db.Schools.Any(s => s.Id == u.SchoolId && s.TrustId == trustId))
            .Select(u => new { u.SchoolId, u.SuccessCriterionId, u.ReviewCycleId, u.Entry.Status }).ToListAsync(ct))
            .ToDictionary(u => (u.SchoolId, u.SuccessCriterionId, u.ReviewCycleId), u => u.Status);

        var since = last?.MeetingOn;
        var exceptionsOnly = request.Scope == PackScope.ExceptionsSinceLastMeeting;
        var exceptions = board.Exceptions
            // Exceptions only: every off-track criterion, and an at-risk one only when it is new or worse since then.
            .Where(e => !exceptionsOnly || e.Status == ProgressStatus.OffTrack || StatusRollup.Move(e.Previous, e.Status) is not Movement.Same)
            .Select(e =>
            {
                var u = updates[(e.School.Id, e.Criterion.Id)];
                return new ExceptionItem(e.School.Name, e.School.Urn, e.Aim.Number, e.Aim.Title, $"{e.Aim.Number}.{e.Criterion.Position}", e.Criterion.Text,
                    e.Status, e.Previous, u.WhatWasDone, u.Impact, u.NextSteps, u.Owner, u.DueOn, u.UpdatedBy, u.UpdatedAt,
                    history.Select(c => statuses.TryGetValue((e.School.Id, e.Criterion.Id, c.Id), out var s) ? ProgressText.Label(s) : "No update").ToList());
            }).ToList();

        var schoolIds = board.Schools.Select(s => s.Id).ToList();
        var priorities = await (from p in db.SchoolPriorities.AsNoTracking()
                                join a in db.StrategicAims on p.StrategicAimId equals a.Id
                                where schoolIds.Contains(p.SchoolId) && !p.IsRetired
                                orderby p.Position
                                select new
                                {
                                    p.SchoolId, a.Number, p.Title,
                                    Status = db.PriorityUpdates.Where(u => u.SchoolPriorityId == p.Id && u.ReviewCycleId == cycleId).Select(u => (ProgressStatus?)u.Entry.Status).FirstOrDefault(),
                                }).ToListAsync(ct);
        var inspections = await db.Inspections.AsNoTracking().Where(i => schoolIds.Contains(i.SchoolId))
            .Select(i => new { i.SchoolId, i.Kind, i.InspectedOn, i.OverallJudgement, i.SafeguardingMet }).ToListAsync(ct);

        // Challenges raised, answered or resolved since the last meeting (all of them when there was none).
        var from = last is null ? DateTimeOffset.MinValue : new DateTimeOffset(last.MeetingOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var challenges = await db.Challenges.AsNoTracking()
            .Where(c => c.TrustId == trustId && (c.Status != ChallengeStatus.Resolved || c.RaisedAt >= from || c.ResolvedAt >= from || c.Messages.Any(m => m.At >= from)))
            .OrderBy(c => c.RaisedAt).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.SchoolId, c.Question, c.RaisedByName, c.RaisedAt, c.Status, c.ResolvedAt, c.ResolvedBy,
                School = db.Schools.Where(s => s.Id == c.SchoolId).Select(s => s.Name).FirstOrDefault(),
                Aim = db.StrategicAims.Where(a => a.Id == c.StrategicAimId).Select(a => (int?)a.Number).FirstOrDefault(),
                Messages = c.Messages.OrderBy(m => m.At).ThenBy(m => m.Id).Select(m => new PackAnswer(m.AuthorName, m.Side == ChallengeSide.School, m.At, m.Body)).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(ct);

        var lateChanges = last is null ? [] : await LateChangesAsync(board, last, trustId, ct);

        var schoolsShown = exceptionsOnly ? board.Schools.Where(s => exceptions.Any(e => e.Urn == s.Urn)).ToList() : board.Schools;
        var pages = schoolsShown.Select(s => new SchoolPage(s.Name, s.Urn, SchoolText.Phase(s.Phase),
            board.ReturnOf(s) switch { ReturnState.Submitted => "Submitted", ReturnState.Draft => "In draft", _ => "Not started" },
            board.Aims.Select(a => new SchoolAim(a.Number, a.Title, BoardText.CellText(board.Cell(s, a)))).ToList(),
            priorities.Where(p => p.SchoolId == s.Id).Select(p => new SchoolPriorityLine(p.Number, p.Title, p.Status is { } st ? ProgressText.Label(st) : "No update")).ToList(),
            inspections.Where(i => i.SchoolId == s.Id).OrderByDescending(i => i.InspectedOn).Select(i => SchoolText.Latest(new LatestInspection(i.Kind, i.InspectedOn, i.OverallJudgement, i.SafeguardingMet))).FirstOrDefault()
                ?? "Not yet inspected",
            challenges.Where(c => c.SchoolId == s.Id && c.Status != ChallengeStatus.Resolved)
                .Select(c => new SchoolChallengeLine(c.Question, c.RaisedByName, c.RaisedAt, c.Status == ChallengeStatus.Open ? "Awaiting answer" : "Answered")).ToList())).ToList();

        var glance = board.Aims.Select(a =>
        {
            var criteria = board.CriteriaOf(a).ToList();
            var now = (from s in board.Schools from c in criteria select board.Now.GetValueOrDefault((s.Id, c.Id))?.Status).ToList();
            var moves = (from s in board.Schools from c in criteria
                         select StatusRollup.Move(board.Before.GetValueOrDefault((s.Id, c.Id))?.Status, board.Now.GetValueOrDefault((s.Id, c.Id))?.Status)).ToList();
            return new AimGlance(a.Number, a.Title, now.Count(x => x == ProgressStatus.OffTrack), now.Count(x => x == ProgressStatus.AtRisk),
                now.Count(x => x == ProgressStatus.OnTrack), now.Count(x => x == ProgressStatus.Achieved), now.Count(x => x == ProgressStatus.NotStarted),
                now.Count(x => x is null), moves.Count(m => m == Movement.Improved), moves.Count(m => m == Movement.Declined));
        }).ToList();

        var rows = (from s in board.Schools
                    from a in board.Aims
                    from c in board.CriteriaOf(a)
                    let u = updates.GetValueOrDefault((s.Id, c.Id))
                    let before = board.Before.GetValueOrDefault((s.Id, c.Id))?.Status
                    where !exceptionsOnly || (u is not null && ProgressText.IsException(u.Status)) || StatusRollup.Move(before, u?.Status) is Movement.Declined
                    select new PackRow(s.Name, s.Urn, SchoolText.Phase(s.Phase), a.Number, a.Title, $"{a.Number}.{c.Position}", c.Text,
                        u is null ? "No update" : ProgressText.Label(u.Status), before is { } b ? ProgressText.Label(b) : null, u?.Confidence?.ToString(),
                        u?.WhatWasDone, u?.Impact, u?.NextSteps, u?.Owner, u?.DueOn, u?.UpdatedBy, u?.UpdatedAt)).ToList();

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new PackModel
        {
            Cover = new PackCover(trust.Name, trust.Slug, board.Plan.Title, board.Cycle?.Name ?? "No review cycle", request.MeetingTitle, request.MeetingOn,
                request.PreparedBy, today, request.Scope, board.FilterDescription, since),
            CycleId = board.Cycle?.Id,
            Summary = summary,
            Glance = glance,
            Returns = new ReturnsGlance(board.Submitted, board.Drafts, board.NoReturn),
            ComparedWith = board.Previous?.Name,
            Exceptions = exceptions,
            Schools = pages,
            Challenges = challenges
                .Where(c => !exceptionsOnly || last is null || c.RaisedAt >= from || c.ResolvedAt >= from || c.Messages.Any(m => m.At >= from))
                .Select(c => new PackChallenge((c.School, c.Aim) switch
                {
                    ({ } sc, { } ai) => $"{sc}, aim {ai}",
                    ({ } sc, null) => sc,
                    (null, { } ai) => $"Aim {ai}",
                    _ => "The trust",
                }, c.Question, c.RaisedByName, c.RaisedAt, c.Status, c.ResolvedAt, c.ResolvedBy, c.Messages)).ToList(),
            LateChanges = lateChanges,
            Rows = rows,
            HistoryCycles = history.Select(c => c.Name).ToList(),
            Improvement = await improvement.BuildAsync(trustId, board.Cycle?.Id, exceptionsOnly ? schoolsShown.Select(s => s.Id).ToHashSet() : null, ct),
        };
    }

    /// Progress of the cycles the board has already seen (up to the last issued pack's) changed after that pack was
    /// issued: one query for the revisions of the updates changed since, then "as seen" against "now" per update.
    private async Task<IReadOnlyList<LateChange>> LateChangesAsync(BoardSnapshot board, LastPack last, int trustId, CancellationToken ct)
    {
        var seenCycles = board.Cycles.TakeWhile(c => c.Id != last.CycleId).Select(c => c.Id).Append(last.CycleId).ToList();
        var issuedAt = last.IssuedAt;
        var revisions = await (from r in db.ProgressRevisions.AsNoTracking()
                               join u in db.ProgressUpdates on r.ProgressUpdateId equals u.Id
                               join s in db.Schools on u.SchoolId equals s.Id
                               join c in db.SuccessCriteria on u.SuccessCriterionId equals c.Id
                               join a in db.StrategicAims on c.StrategicAimId equals a.Id
                               where s.TrustId == trustId && seenCycles.Contains(u.ReviewCycleId)
                                   && db.ProgressRevisions.Any(x => x.ProgressUpdateId == u.Id && x.ChangedAt > issuedAt)
                               select new
                               {
                                   u.Id, School = s.Name, a.Number, c.Position, c.Text, u.ReviewCycleId, r.Entry.Status, r.ChangedBy, r.ChangedAt, RevisionId = r.Id, r.Reason,
                                   Reopened = db.SchoolReturns.Where(x => x.SchoolId == u.SchoolId && x.ReviewCycleId == u.ReviewCycleId).Select(x => x.ReopenReason).FirstOrDefault(),
                               }).ToListAsync(ct);
        return revisions.GroupBy(r => r.Id).Select(g =>
        {
            var ordered = g.OrderBy(r => r.ChangedAt).ThenBy(r => r.RevisionId).ToList();
            var seen = ordered.LastOrDefault(r => r.ChangedAt <= issuedAt);
            var now = ordered[^1];
            // The reasons given for the changes since the pack (newest first), else why the return was reopened.
            var reasons = ordered.Where(r => r.ChangedAt > issuedAt && r.Reason is not null).Select(r => r.Reason!).Reverse().Distinct(StringComparer.Ordinal).ToList();
            var reason = reasons.Count > 0 ? string.Join(" / ", reasons) : now.Reopened is { } why ? $"Return reopened: {why}" : null;
            return new LateChange(now.School, $"{now.Number}.{now.Position}", now.Text, board.Cycles.FirstOrDefault(c => c.Id == now.ReviewCycleId)?.Name ?? "",
                seen is null ? "No update" : ProgressText.Label(seen.Status), ProgressText.Label(now.Status), now.ChangedBy, now.ChangedAt, reason, last.MeetingOn);
        }).OrderBy(c => c.School, StringComparer.Ordinal).ThenBy(c => c.CriterionNumber, StringComparer.Ordinal).ToList();
    }
}
