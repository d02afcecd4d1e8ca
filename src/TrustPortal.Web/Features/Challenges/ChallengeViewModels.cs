using System.ComponentModel.DataAnnotations;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Progress;
using TrustPortal.Web.Features.Board;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.Challenges;

public sealed record ChallengeListViewModel(TrustBrand Trust, IReadOnlyList<ChallengeRow> Challenges, bool IsBoard) : ITrustPage
{
    public TrustSection Section => TrustSection.Challenges;
}

public sealed record RaiseChallengeViewModel(TrustBrand Trust, RaiseChallengeForm Form, IReadOnlyList<SchoolInfo> Schools, IReadOnlyList<AimInfo> Aims,
    string? Update) : ITrustPage
{
    public TrustSection Section => TrustSection.Challenges;
}

public sealed record UpdateSummary(int CriterionId, string Criterion, string Cycle, ProgressStatus Status);

public sealed record MessageView(int Id, ChallengeSide Side, string AuthorName, string Body, DateTimeOffset At, DateTimeOffset? EditedAt, bool CanEdit);

public sealed record ChallengeViewModel(TrustBrand Trust, int Id, string Question, string RaisedBy, DateTimeOffset RaisedAt, ChallengeStatus Status,
    DateTimeOffset? ResolvedAt, string? ResolvedBy, SchoolInfo? School, AimInfo? Aim, UpdateSummary? Update, IReadOnlyList<MessageView> Messages,
    ReplyToChallengeForm Form, bool MayReply, ChallengeSide ReplySide, bool MayResolve, string? Problem) : ITrustPage
{
    public TrustSection Section => TrustSection.Challenges;
}

public sealed record EditMessageViewModel(TrustBrand Trust, int ChallengeId, int MessageId, EditChallengeMessageForm Form) : ITrustPage
{
    public TrustSection Section => TrustSection.Challenges;
}

public sealed class RaiseChallengeForm
{
    public int? SchoolUrn { get; set; }
    public int? AimNumber { get; set; }
    public int? UpdateId { get; set; }

    [Required(ErrorMessage = "Enter your question.")]
    [StringLength(Challenge.QuestionLimit, ErrorMessage = "The question must be 4000 characters or fewer.")]
    public string? Question { get; set; }
}

public sealed class ReplyToChallengeForm
{
    [Required(ErrorMessage = "Enter your message.")]
    [StringLength(Challenge.QuestionLimit, ErrorMessage = "The message must be 4000 characters or fewer.")]
    public string? Body { get; set; }
}

public sealed class EditChallengeMessageForm
{
    [Required(ErrorMessage = "Enter your message.")]
    [StringLength(Challenge.QuestionLimit, ErrorMessage = "The message must be 4000 characters or fewer.")]
    public string? Body { get; set; }
}
