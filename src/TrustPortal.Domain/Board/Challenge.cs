namespace TrustPortal.Domain.Board;

public enum ChallengeStatus
{
    /// Raised (or followed up) by the board and waiting for the school's answer.
    Open = 0,
    /// The school (or a trust administrator) has answered; the board has not yet closed it.
    Answered = 1,
    /// Closed by the trustee who raised it, or by another trustee or trust administrator.
    Resolved = 2,
}

/// Which side of the conversation a message comes from. The web layer decides which side a user is on
/// (trustees ask; heads of the school and trust administrators answer); the domain keeps the thread's rules.
public enum ChallengeSide
{
    Board = 0,
    School = 1,
}

/// A trustee's question to leaders about a school's progress or a strategic aim, with the thread of answers:
/// the record of how the board holds leaders to account.
public sealed class Challenge : IVersioned
{
    public const int QuestionLimit = 4000;

    /// How long the author of a message may correct it. After that the thread is a record and stays as written.
    public static readonly TimeSpan EditWindow = TimeSpan.FromMinutes(15);

    private readonly List<ChallengeMessage> _messages = [];

    private Challenge() { }

    public Challenge(int trustId, int? schoolId, int? strategicAimId, int? progressUpdateId, string raisedById, string raisedByName, string question, DateTimeOffset at)
    {
        if (schoolId is null && strategicAimId is null)
        {
            throw new DomainRuleException("A challenge is about a school, an aim or both.");
        }
        if (progressUpdateId is not null && schoolId is null)
        {
            throw new DomainRuleException("A challenge to a school's update names the school.");
        }
        TrustId = trustId;
        SchoolId = schoolId;
        StrategicAimId = strategicAimId;
        ProgressUpdateId = progressUpdateId;
        RaisedById = Guard.Required(raisedById, "Who raised the challenge", Limits.Name);
        RaisedByName = Guard.Required(raisedByName, "Who raised the challenge", Limits.Name);
        Question = Guard.Required(question, "Question", QuestionLimit);
        RaisedAt = at;
        Status = ChallengeStatus.Open;
        Version = Guid.NewGuid();
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    public int? SchoolId { get; private set; }
    public int? StrategicAimId { get; private set; }
    public int? ProgressUpdateId { get; private set; }
    public string RaisedById { get; private set; } = "";
    public string RaisedByName { get; private set; } = "";
    public string Question { get; private set; } = "";
    public DateTimeOffset RaisedAt { get; private set; }
    public ChallengeStatus Status { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public string? ResolvedBy { get; private set; }
    public Guid Version { get; private set; }
    public IReadOnlyList<ChallengeMessage> Messages => _messages;

    public void NewVersion() => Version = Guid.NewGuid();

    /// Adds a message to the thread. An answer from the school marks the challenge answered; a follow-up from
    /// the board opens it again. Nothing is added to a resolved challenge: reopen it first.
    public ChallengeMessage AddMessage(ChallengeSide side, string authorId, string authorName, string body, DateTimeOffset at)
    {
        if (Status == ChallengeStatus.Resolved)
        {
            throw new DomainRuleException("This challenge is resolved. Reopen it to add to the thread.");
        }
        var message = new ChallengeMessage(side, authorId, authorName, body, at);
        _messages.Add(message);
        Status = side == ChallengeSide.School ? ChallengeStatus.Answered : ChallengeStatus.Open;
        return message;
    }

    /// Only the trustee who raised it, or (with <paramref name="mayResolveAny"/>) another trustee or an administrator, resolves it.
    public void Resolve(string userId, string userName, bool mayResolveAny, DateTimeOffset at)
    {
        EnsureMayClose(userId, mayResolveAny, "resolve");
        if (Status == ChallengeStatus.Resolved)
        {
            throw new DomainRuleException("This challenge is already resolved.");
        }
        Status = ChallengeStatus.Resolved;
        ResolvedAt = at;
        ResolvedBy = Guard.Required(userName, "Who resolved the challenge", Limits.Name);
    }

    public void Reopen(string userId, bool mayResolveAny)
    {
        EnsureMayClose(userId, mayResolveAny, "reopen");
        if (Status != ChallengeStatus.Resolved)
        {
            throw new DomainRuleException("Only a resolved challenge can be reopened.");
        }
        Status = _messages.Count > 0 && _messages[^1].Side == ChallengeSide.School ? ChallengeStatus.Answered : ChallengeStatus.Open;
        ResolvedAt = null;
        ResolvedBy = null;
    }

    /// The author may correct their own message within <see cref="EditWindow"/>, while the challenge is not resolved.
    public void EditMessage(int messageId, string userId, string body, DateTimeOffset at)
    {
        var message = _messages.Find(m => m.Id == messageId) ?? throw new DomainRuleException("That message is not part of this challenge.");
        if (message.AuthorId != userId)
        {
            throw new DomainRuleException("Only the author of a message can change it.");
        }
        if (Status == ChallengeStatus.Resolved)
        {
            throw new DomainRuleException("This challenge is resolved; its thread stays as written.");
        }
        if (!message.CanBeEditedAt(at))
        {
            throw new DomainRuleException($"A message can be changed only in the {EditWindow.TotalMinutes:0} minutes after it is posted.");
        }
        message.Edit(body, at);
    }

    private void EnsureMayClose(string userId, bool mayResolveAny, string verb)
    {
        if (!mayResolveAny && userId != RaisedById)
        {
            throw new DomainRuleException($"Only the trustee who raised the challenge, another trustee or a trust administrator can {verb} it.");
        }
    }
}

/// One message in a challenge's thread.
public sealed class ChallengeMessage
{
    private ChallengeMessage() { }

    internal ChallengeMessage(ChallengeSide side, string authorId, string authorName, string body, DateTimeOffset at)
    {
        Side = side;
        AuthorId = Guard.Required(authorId, "Author", Limits.Name);
        AuthorName = Guard.Required(authorName, "Author", Limits.Name);
        Body = Guard.Required(body, "Message", Challenge.QuestionLimit);
        At = at;
    }

    public int Id { get; private set; }
    public int ChallengeId { get; private set; }
    public ChallengeSide Side { get; private set; }
    public string AuthorId { get; private set; } = "";
    public string AuthorName { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
    public DateTimeOffset? EditedAt { get; private set; }

    public bool CanBeEditedAt(DateTimeOffset at) => at - At <= Challenge.EditWindow;

    internal void Edit(string body, DateTimeOffset at)
    {
        Body = Guard.Required(body, "Message", Challenge.QuestionLimit);
        EditedAt = at;
    }
}
