using TrustPortal.Domain.Progress;

namespace TrustPortal.Domain.Board;

public enum Movement
{
    Declined = -1,
    Same = 0,
    Improved = 1,
}

/// How trustees' views summarise many criteria in one cell, and what counts as a move.
/// The heatmap shows the WORST status among an aim's criteria, so one criterion off track is never hidden by
/// four on track (an average or the most common status would hide it). Health order, worst first:
/// off track, at risk, not started, on track, achieved.
public static class StatusRollup
{
    public static int Health(ProgressStatus status) => status switch
    {
        ProgressStatus.OffTrack => 0,
        ProgressStatus.AtRisk => 1,
        ProgressStatus.NotStarted => 2,
        ProgressStatus.OnTrack => 3,
        ProgressStatus.Achieved => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// The worst of the statuses, or null when none is recorded.
    public static ProgressStatus? Worst(IEnumerable<ProgressStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        ProgressStatus? worst = null;
        foreach (var s in statuses)
        {
            if (worst is null || Health(s) < Health(worst.Value))
            {
                worst = s;
            }
        }
        return worst;
    }

    /// Movement of one criterion from one cycle to the next; null when either cycle has no update.
    public static Movement? Move(ProgressStatus? before, ProgressStatus? after)
    {
        if (before is null || after is null)
        {
            return null;
        }
        var d = Health(after.Value) - Health(before.Value);
        return d > 0 ? Movement.Improved : d < 0 ? Movement.Declined : Movement.Same;
    }

    /// The CSS modifier for a status, e.g. "off-track" for app-rag--off-track.
    public static string CssModifier(ProgressStatus status) => status switch
    {
        ProgressStatus.NotStarted => "not-started",
        ProgressStatus.OffTrack => "off-track",
        ProgressStatus.AtRisk => "at-risk",
        ProgressStatus.OnTrack => "on-track",
        ProgressStatus.Achieved => "achieved",
        _ => "not-started",
    };
}
