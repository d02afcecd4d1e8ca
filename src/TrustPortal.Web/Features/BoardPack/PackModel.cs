using System.Globalization;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Progress;

namespace TrustPortal.Web.Features.BoardPack;

/// The board pack as one plain model: every renderer (Word, PDF, Excel, CSV, the print page) draws from this and
/// nothing else, so the formats cannot disagree. Built by <see cref="PackBuilder"/> in a fixed number of queries.
public sealed class PackModel
{
    public static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    public required PackCover Cover { get; init; }
    public required int? CycleId { get; init; }
    public required PackSummary? Summary { get; init; }
    public required IReadOnlyList<AimGlance> Glance { get; init; }
    public required ReturnsGlance Returns { get; init; }
    /// The cycle the movement is measured from: the one in the pack the board last saw (else the previous cycle).
    public required string? ComparedWith { get; init; }
    public required IReadOnlyList<ExceptionItem> Exceptions { get; init; }
    public required IReadOnlyList<SchoolPage> Schools { get; init; }
    public required IReadOnlyList<PackChallenge> Challenges { get; init; }
    /// Progress changed after the board saw it in an issued pack.
    public required IReadOnlyList<LateChange> LateChanges { get; init; }
    /// One row per school × success criterion, "No update" included.
    public required IReadOnlyList<PackRow> Rows { get; init; }
    /// The three cycles (oldest first) whose statuses each exception shows.
    public required IReadOnlyList<string> HistoryCycles { get; init; }
    /// The self-evaluation grid, the risk register and the trust's own self-review (PackImprovement, ADR 0163).
    public required PackImprovementParts Improvement { get; init; }

    /// The parts in order, for contents, bookmarks and sheet names.
    public static readonly IReadOnlyList<(string Id, string Title)> Parts =
    [
        ("summary", "Executive summary"),
        ("glance", "The plan at a glance"),
        ("exceptions", "Exceptions in the heads' own words"),
        ("schools", "Schools on a page"),
        ("challenges", "Challenges raised, answered and resolved"),
        ("late-changes", "Changes since the board saw them"),
        ("self-evaluation", "Schools' self-evaluation"),
        ("risks", "Risk register"),
        ("trust-review", "The trust's self-review"),
    ];

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Uk);
    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy", Uk);
    public static string DateTime(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy, HH:mm", Uk);
}

public sealed record PackCover(string TrustName, string TrustSlug, string PlanTitle, string CycleName, string? MeetingTitle, DateOnly? MeetingOn,
    string PreparedBy, DateOnly PreparedOn, PackScope Scope, string? FilterDescription, DateOnly? Since)
{
    public string Title => $"Board pack: {CycleName}";
    public string ScopeText => Scope == PackScope.Full
        ? "Full pack"
        : Since is { } since ? $"Exceptions only: what changed or is off track since the meeting on {PackModel.Date(since)}" : "Exceptions only (no earlier meeting: everything off track or at risk)";
}

public sealed record PackSummary(string Markdown, string UpdatedBy, DateTimeOffset UpdatedAt);

/// Trust-wide standing of one aim in the cycle: how many school × criterion pairs stand at each status.
public sealed record AimGlance(int Number, string Title, int OffTrack, int AtRisk, int OnTrack, int Achieved, int NotStarted, int NoUpdate,
    int Improved, int Declined)
{
    public int Reported => OffTrack + AtRisk + OnTrack + Achieved + NotStarted;
    public int Total => Reported + NoUpdate;

    /// The worst status any school reported for the aim: what the board is asked to look at first.
    public string Standing => OffTrack > 0 ? "Off track" : AtRisk > 0 ? "At risk" : NotStarted > 0 ? "Not started"
        : OnTrack > 0 ? "On track" : Achieved > 0 ? "Achieved" : "No update";
}

public sealed record ReturnsGlance(int Submitted, int Draft, int NotStarted)
{
    public int Schools => Submitted + Draft + NotStarted;
}

/// An off-track or at-risk criterion, with what the head wrote, and its statuses over the last three cycles.
public sealed record ExceptionItem(string School, int Urn, int AimNumber, string AimTitle, string CriterionNumber, string Criterion,
    ProgressStatus Status, ProgressStatus? Previous, string? WhatWasDone, string? Impact, string? NextSteps, string? Owner, DateOnly? DueOn,
    string UpdatedBy, DateTimeOffset UpdatedAt, IReadOnlyList<string> History)
{
    public string StatusText => ProgressText.Label(Status);
}

public sealed record SchoolAim(int Number, string Title, string Status);
public sealed record SchoolPriorityLine(int AimNumber, string Title, string Status);
public sealed record SchoolChallengeLine(string Question, string RaisedBy, DateTimeOffset RaisedAt, string Status);

public sealed record SchoolPage(string Name, int Urn, string Phase, string Return, IReadOnlyList<SchoolAim> Aims,
    IReadOnlyList<SchoolPriorityLine> Priorities, string Inspection, IReadOnlyList<SchoolChallengeLine> OpenChallenges);

public sealed record PackAnswer(string Author, bool FromSchool, DateTimeOffset At, string Body);

public sealed record PackChallenge(string About, string Question, string RaisedBy, DateTimeOffset RaisedAt, ChallengeStatus Status,
    DateTimeOffset? ResolvedAt, string? ResolvedBy, IReadOnlyList<PackAnswer> Answers)
{
    public string StatusText => Status switch
    {
        ChallengeStatus.Open => "Awaiting answer",
        ChallengeStatus.Answered => "Answered",
        _ => "Resolved",
    };
}

/// A status or narrative changed after the board saw it in an issued pack.
public sealed record LateChange(string School, string CriterionNumber, string Criterion, string Cycle, string Seen, string Now,
    string ChangedBy, DateTimeOffset ChangedAt, string? Reason, DateOnly SeenAt);

/// One school × criterion of the cycle: the CSV's and the workbook's progress row.
public sealed record PackRow(string School, int Urn, string Phase, int AimNumber, string Aim, string CriterionNumber, string Criterion,
    string Status, string? Previous, string? Confidence, string? WhatWasDone, string? Impact, string? NextSteps, string? Owner,
    DateOnly? DueOn, string? UpdatedBy, DateTimeOffset? UpdatedAt);
