namespace TrustPortal.Domain.Board;

/// The CEO's or central team's executive summary for one review cycle's board pack, in Markdown. A draft until a
/// pack is issued with it: the issued pack keeps the words as they were (<see cref="IssuedPack"/>).
public sealed class ExecutiveSummary : IVersioned
{
    public const int TextLimit = 20000;

    private ExecutiveSummary() { }

    public ExecutiveSummary(int trustId, int reviewCycleId, string? markdown, string by, DateTimeOffset at)
    {
        TrustId = trustId;
        ReviewCycleId = reviewCycleId;
        Version = Guid.NewGuid();
        Edit(markdown, by, at);
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    public int ReviewCycleId { get; private set; }
    public string? Markdown { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }
    public Guid Version { get; private set; }

    public void NewVersion() => Version = Guid.NewGuid();

    public void Edit(string? markdown, string by, DateTimeOffset at)
    {
        Markdown = Guard.Optional(markdown, "The executive summary", TextLimit, nameof(Markdown));
        UpdatedBy = Guard.Required(by, "Who wrote the summary", Limits.Name);
        UpdatedAt = at;
    }
}

/// What a pack covers: everything, or only what changed or is off track since the pack the board last saw.
public enum PackScope
{
    Full = 0,
    ExceptionsSinceLastMeeting = 1,
}

/// A board pack issued to a meeting: the paper of record. Its files are frozen when it is issued, so the same bytes
/// are downloaded later whatever changes afterwards.
public sealed class IssuedPack
{
    private readonly List<IssuedPackFile> _files = [];

    private IssuedPack() { }

    public IssuedPack(int trustId, int reviewCycleId, DateOnly meetingOn, string meetingTitle, PackScope scope, string issuedBy, DateTimeOffset issuedAt)
    {
        if (!Enum.IsDefined(scope))
        {
            throw new DomainRuleException(nameof(Scope), "Choose what the pack covers.");
        }
        if (meetingOn.Year < 2000)
        {
            throw new DomainRuleException(nameof(MeetingOn), "Enter the meeting date as a real date, for example 22 11 2026.");
        }
        TrustId = trustId;
        ReviewCycleId = reviewCycleId;
        MeetingOn = meetingOn;
        MeetingTitle = Guard.Required(meetingTitle, "The meeting", Limits.Name, nameof(MeetingTitle));
        Scope = scope;
        IssuedBy = Guard.Required(issuedBy, "Who issued the pack", Limits.Name);
        IssuedAt = issuedAt;
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    public int ReviewCycleId { get; private set; }
    public DateOnly MeetingOn { get; private set; }
    /// e.g. "Full board" or "Standards committee".
    public string MeetingTitle { get; private set; } = "";
    public PackScope Scope { get; private set; }
    public string IssuedBy { get; private set; } = "";
    public DateTimeOffset IssuedAt { get; private set; }
    public IReadOnlyList<IssuedPackFile> Files => _files;
    /// The board meeting the pack was issued to, once linked (its papers).
    public int? BoardMeetingId { get; private set; }

    /// Makes the pack one of a meeting's papers; a pack belongs to one meeting only.
    public void LinkTo(BoardMeeting meeting)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        if (meeting.TrustId != TrustId)
        {
            throw new DomainRuleException(nameof(BoardMeetingId), "Choose one of the trust's packs.");
        }
        if (BoardMeetingId is { } linked && linked != meeting.Id)
        {
            throw new DomainRuleException(nameof(BoardMeetingId), "This pack is already one of another meeting's papers.");
        }
        BoardMeetingId = meeting.Id;
    }

    /// Freezes one format's bytes; a format is frozen once.
    public void Freeze(string format, string contentType, string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (_files.Any(f => f.Format == format))
        {
            throw new DomainRuleException("This pack's files are already frozen.");
        }
        _files.Add(new IssuedPackFile(format, contentType, fileName, content));
    }
}

/// One format of an issued pack (docx, pdf, xlsx, csv), exactly as issued.
public sealed class IssuedPackFile
{
    private IssuedPackFile() { }

    internal IssuedPackFile(string format, string contentType, string fileName, byte[] content)
    {
        Format = Guard.Required(format, "Format", 10);
        ContentType = Guard.Required(contentType, "Content type", Limits.Name);
        FileName = Guard.Required(fileName, "File name", Limits.Name);
        Content = content;
        Size = content.Length;
    }

    public int Id { get; private set; }
    public int IssuedPackId { get; private set; }
    public string Format { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public int Size { get; private set; }
    public byte[] Content { get; private set; } = [];
}
