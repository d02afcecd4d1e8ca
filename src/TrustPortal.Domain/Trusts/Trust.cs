using System.Text.RegularExpressions;

namespace TrustPortal.Domain.Trusts;

/// A multi-academy trust: the charity that runs the schools, and what it has written down about itself.
public sealed partial class Trust : IVersioned
{
    public const string DefaultBrandColour = "#1d4f76";

    private readonly List<TrustValue> _values = [];
    private readonly List<StatementList> _statementLists = [];
    private readonly List<AimGroup> _aimGroups = [];
    private readonly List<CeoMessage> _messages = [];
    private readonly List<ContentSection> _sections = [];

    private Trust() { }

    public Trust(string slug, string name)
    {
        Rename(name);
        ChangeSlug(slug);
        BrandColour = DefaultBrandColour;
        Version = Guid.NewGuid();
    }

    public int Id { get; private set; }
    public string Slug { get; private set; } = "";
    public string Name { get; private set; } = "";
    /// True where the source document names no trust and the demo data gives it a name of our own.
    public bool NameIsInvented { get; private set; }
    public string? Strapline { get; private set; }
    /// The trust's own title for its vision and values, e.g. "Vision, Principles and Values".
    public string? AboutTitle { get; private set; }
    public string? Introduction { get; private set; }
    /// Why the trust exists (Markdown).
    public string? Vision { get; private set; }
    /// What the trust does (Markdown).
    public string? Mission { get; private set; }
    public string? ValuesIntroduction { get; private set; }
    public string? AimsHeading { get; private set; }
    public string? AimsIntroduction { get; private set; }
    public string BrandColour { get; private set; } = DefaultBrandColour;
    /// What in this trust's data is invented or example data, in a sentence or two.
    public string? DataNotes { get; private set; }
    public Guid Version { get; private set; }
    /// The trust's group UID in Get Information about Schools (GIAS): digits only, e.g. 2044.
    public string? GiasGroupUid { get; private set; }
    /// When the service operator suspended the trust (its people and visitors see a "suspended" page; nothing is
    /// deleted); null while it is active.
    public DateTime? SuspendedUtc { get; private set; }
    /// Why the operator suspended it, for the operator's own records (never shown on the trust's pages).
    public string? SuspensionReason { get; private set; }
    /// True from the moment the operator adds the trust until its administrator finishes the guided set-up and
    /// publishes it; trusts made any other way (demo files, older installations) were never in set-up.
    public bool IsBeingSetUp { get; private set; }
    /// The trust also reviews itself against the seven domains of the CST assurance framework, beside the DfE's five
    /// Trust Quality Descriptions pillars (its own choice; off until it says so).
    public bool UsesCstAssuranceFramework { get; private set; }

    public bool IsSuspended => SuspendedUtc is not null;

    public IReadOnlyList<TrustValue> Values => _values;
    public IReadOnlyList<StatementList> StatementLists => _statementLists;
    public IReadOnlyList<AimGroup> AimGroups => _aimGroups;
    public IReadOnlyList<CeoMessage> Messages => _messages;
    public IReadOnlyList<ContentSection> Sections => _sections;

    public void NewVersion() => Version = Guid.NewGuid();

    public void UseCstAssuranceFramework(bool uses) => UsesCstAssuranceFramework = uses;

    public void Rename(string name, bool invented = false)
    {
        Name = Guard.Required(name, "Trust name", Limits.Name, nameof(Name));
        NameIsInvented = invented;
    }

    public void ChangeSlug(string slug)
    {
        Slugs.Require(slug, "Trust slug");
        if (Slugs.Reserved.Contains(slug))
        {
            throw new DomainRuleException($"\"{slug}\" is a word the portal uses in its own addresses; choose another slug.");
        }
        Slug = slug;
    }

    public void SetGiasGroupUid(string? uid)
    {
        var value = string.IsNullOrWhiteSpace(uid) ? null : uid.Trim();
        if (value is not null && (value.Length > 10 || !value.All(char.IsAsciiDigit)))
        {
            throw new DomainRuleException(nameof(GiasGroupUid), "The GIAS group UID is a number of up to 10 digits, like 2044: it is on the trust's page in Get Information about Schools.");
        }
        GiasGroupUid = value;
    }

    /// The operator stops the trust's portal for a while (e.g. an unpaid contract); nothing of it changes or goes.
    public void Suspend(string? reason, DateTime atUtc)
    {
        if (IsSuspended)
        {
            throw new DomainRuleException(nameof(SuspensionReason), "This trust is suspended already.");
        }
        SuspensionReason = Guard.Required(reason, "The reason", Limits.Statement, nameof(SuspensionReason));
        SuspendedUtc = atUtc;
    }

    public void Reactivate()
    {
        if (!IsSuspended)
        {
            throw new DomainRuleException(nameof(SuspendedUtc), "This trust is not suspended.");
        }
        SuspendedUtc = null;
        SuspensionReason = null;
    }

    /// A new, empty trust: its first administrator lands on the guided set-up until they publish it.
    public void BeginSetUp() => IsBeingSetUp = true;

    /// The administrator's guided set-up is finished: the trust is published.
    public void CompleteSetUp() => IsBeingSetUp = false;

    public void SetStrapline(string? strapline) => Strapline = Guard.Optional(strapline, "Strapline", Limits.Heading, nameof(Strapline));

    public void SetAboutTitle(string? title) => AboutTitle = Guard.Optional(title, "Title", Limits.Heading);

    public void SetStatements(string? introduction, string? vision, string? mission, string? valuesIntroduction)
    {
        Introduction = Guard.Optional(introduction, "Introduction", Limits.LongText);
        Vision = Guard.Optional(vision, "Vision", Limits.LongText);
        Mission = Guard.Optional(mission, "Mission", Limits.LongText);
        ValuesIntroduction = Guard.Optional(valuesIntroduction, "Values introduction", Limits.LongText);
    }

    public void SetAimsHeading(string? heading, string? introduction)
    {
        AimsHeading = Guard.Optional(heading, "Aims heading", Limits.Heading);
        AimsIntroduction = Guard.Optional(introduction, "Aims introduction", Limits.Statement);
    }

    public void SetDataNotes(string? notes) => DataNotes = Guard.Optional(notes, "Data notes", Limits.Statement);

    /// Brand colours must carry white text at WCAG AA contrast (4.5:1), as the header puts white text on them.
    public void ChangeBrandColour(string colour)
    {
        if (colour is null || !HexColour().IsMatch(colour))
        {
            throw new DomainRuleException(nameof(BrandColour), "Brand colour must be a hex colour such as #1d4f76.");
        }
        var ratio = Contrast.Ratio(colour, "#ffffff");
        if (ratio < 4.5)
        {
            throw new DomainRuleException(nameof(BrandColour), $"White text on {colour} has a contrast ratio of {ratio:0.0}:1; WCAG AA needs at least 4.5:1. Choose a darker colour.");
        }
        BrandColour = colour.ToLowerInvariant();
    }

    public TrustValue AddValue(string name, string? meaning, Audience audience = Audience.Public)
    {
        var value = new TrustValue(Ordering.Next(_values), name, meaning, audience);
        if (_values.Exists(v => string.Equals(v.Name, value.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainRuleException($"The trust already has the value \"{value.Name}\".");
        }
        _values.Add(value);
        return value;
    }

    public StatementList AddStatementList(StatementListKind kind, string? heading, string? introduction, string? closing, Audience audience = Audience.Public)
    {
        var list = new StatementList(Ordering.Next(_statementLists), kind, heading, introduction, closing, audience);
        _statementLists.Add(list);
        return list;
    }

    public AimGroup AddAimGroup(string aim, string? leadIn, Audience audience = Audience.Public)
    {
        var group = new AimGroup(Ordering.Next(_aimGroups), aim, leadIn, audience);
        _aimGroups.Add(group);
        return group;
    }

    public CeoMessage AddMessage(string slug, string title, string author, string? authorRole, DateOnly? publishedOn, string body)
    {
        if (_messages.Exists(m => m.Slug == slug))
        {
            throw new DomainRuleException($"The trust already has a message at \"{slug}\".");
        }
        var message = new CeoMessage(slug, title, author, authorRole, publishedOn, body);
        _messages.Add(message);
        return message;
    }

    /// The trust's sections become these, in this order (the guided set-up's accepted document).
    public void ReplaceSections(IEnumerable<(string Heading, string Body)> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var replacement = sections.ToList();
        _sections.Clear();
        foreach (var (heading, body) in replacement)
        {
            AddSection(heading, body);
        }
    }

    public ContentSection AddSection(string heading, string body, Audience audience = Audience.Public)
    {
        var section = new ContentSection(Ordering.Next(_sections), heading, body, audience);
        _sections.Add(section);
        return section;
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex HexColour();
}
