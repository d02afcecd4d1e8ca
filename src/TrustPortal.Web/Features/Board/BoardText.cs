using TrustPortal.Domain.Progress;

namespace TrustPortal.Web.Features.Board;

/// The board's words for statuses, cells and challenges, shared by the pages and the pack.
public static class BoardText
{
    /// A heat-map cell in words: the worst status, and how many of the aim's criteria were reported when not all.
    public static string CellText(HeatCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Worst is { } w
            ? cell.Reported < cell.Total ? $"{ProgressText.Label(w)} ({cell.Reported} of {cell.Total} reported)" : ProgressText.Label(w)
            : "No update";
    }

    public static string Status(Domain.Board.ChallengeStatus status) => status switch
    {
        Domain.Board.ChallengeStatus.Open => "Awaiting answer",
        Domain.Board.ChallengeStatus.Answered => "Answered",
        Domain.Board.ChallengeStatus.Resolved => "Resolved",
        _ => status.ToString(),
    };

    public static string StatusTag(Domain.Board.ChallengeStatus status) => status switch
    {
        Domain.Board.ChallengeStatus.Open => "govuk-tag--orange",
        Domain.Board.ChallengeStatus.Answered => "govuk-tag--blue",
        _ => "govuk-tag--green",
    };

    public static string About(ChallengeRow c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return (c.SchoolName, c.AimNumber) switch
        {
            ({ } s, { } a) => $"{s}, aim {a}",
            ({ } s, null) => s,
            (null, { } a) => $"Aim {a}",
            _ => "",
        };
    }
}
