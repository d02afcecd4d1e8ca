namespace TrustPortal.Domain.Trusts;

/// One of the trust's values, e.g. "Innovation": "We want to be a creative organisation, so we value Innovation."
public sealed class TrustValue : IPositioned, IHasAudience
{
    private TrustValue() { }

    internal TrustValue(int position, string name, string? meaning, Audience audience)
    {
        Position = position;
        Name = Guard.Required(name, "Value name", Limits.Heading);
        Meaning = Guard.Optional(meaning, "What the value means", Limits.Statement);
        Audience = audience;
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    public int Position { get; private set; }
    public string Name { get; private set; } = "";
    public string? Meaning { get; private set; }
    public Audience Audience { get; private set; }

    void IPositioned.MoveTo(int position) => Position = position;

    internal void Update(string name, string? meaning, Audience audience)
    {
        Name = Guard.Required(name, "Value name", Limits.Heading);
        Meaning = Guard.Optional(meaning, "What the value means", Limits.Statement);
        Audience = Guard.Known(audience);
    }
}

/// What kind of statements a list holds; the public pages group them by kind.
public enum StatementListKind
{
    KeyPrinciples = 0,
    VisionStatements = 1,
    Beliefs = 2,
    Role = 3,
    Commitments = 4,
    Strengths = 5,
    Ethos = 6,
    Other = 7,
}

/// An ordered list of the trust's statements under its own heading, e.g. "The Role of the MAT".
public sealed class StatementList : IPositioned, IHasAudience
{
    private readonly List<StatementItem> _items = [];

    private StatementList() { }

    internal StatementList(int position, StatementListKind kind, string? heading, string? introduction, string? closing, Audience audience)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new DomainRuleException("Unknown kind of statement list.");
        }
        Position = position;
        Kind = kind;
        Heading = Guard.Optional(heading, "Heading", Limits.Heading);
        Introduction = Guard.Optional(introduction, "Introduction", Limits.Statement);
        Closing = Guard.Optional(closing, "Closing paragraph", Limits.Statement);
        Audience = audience;
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    public int Position { get; private set; }
    public StatementListKind Kind { get; private set; }
    public string? Heading { get; private set; }
    public string? Introduction { get; private set; }
    public string? Closing { get; private set; }
    public Audience Audience { get; private set; }
    public IReadOnlyList<StatementItem> Items => _items;

    public StatementItem AddItem(string? title, string text)
    {
        var item = new StatementItem(Ordering.Next(_items), title, text);
        _items.Add(item);
        return item;
    }

    public void UpdateItem(StatementItem item, string? title, string text)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!_items.Contains(item))
        {
            throw new DomainRuleException("That statement does not belong to this list.");
        }
        item.Update(title, text);
    }

    public void MoveItem(StatementItem item, MoveDirection direction) => Ordering.Move(_items, item, direction, "statement");

    public void RemoveItem(StatementItem item) => Ordering.Remove(_items, item, "statement");

    void IPositioned.MoveTo(int position) => Position = position;

    internal void Update(StatementListKind kind, string? heading, string? introduction, string? closing, Audience audience)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new DomainRuleException("Unknown kind of statement list.");
        }
        Kind = kind;
        Heading = Guard.Optional(heading, "Heading", Limits.Heading);
        Introduction = Guard.Optional(introduction, "Introduction", Limits.Statement);
        Closing = Guard.Optional(closing, "Closing paragraph", Limits.Statement);
        Audience = Guard.Known(audience);
    }
}

/// One statement; "Community: Our aim is ..." has the title "Community".
public sealed class StatementItem : IPositioned
{
    private StatementItem() { }

    internal StatementItem(int position, string? title, string text)
    {
        Position = position;
        Title = Guard.Optional(title, "Statement title", Limits.Heading);
        Text = Guard.Required(text, "Statement", Limits.Statement);
    }

    public int Id { get; private set; }
    public int StatementListId { get; private set; }
    public int Position { get; private set; }
    public string? Title { get; private set; }
    public string Text { get; private set; } = "";

    void IPositioned.MoveTo(int position) => Position = position;

    internal void Update(string? title, string text)
    {
        Title = Guard.Optional(title, "Statement title", Limits.Heading);
        Text = Guard.Required(text, "Statement", Limits.Statement);
    }
}

/// An aim or ambition with the work that serves it, e.g. "Develop outstanding teaching for all our learners."
public sealed class AimGroup : IPositioned, IHasAudience
{
    private readonly List<AimGroupItem> _items = [];

    private AimGroup() { }

    internal AimGroup(int position, string aim, string? leadIn, Audience audience)
    {
        Position = position;
        Aim = Guard.Required(aim, "Aim", Limits.Statement);
        LeadIn = Guard.Optional(leadIn, "Lead-in", Limits.Statement);
        Audience = audience;
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    public int Position { get; private set; }
    public string Aim { get; private set; } = "";
    public string? LeadIn { get; private set; }
    public Audience Audience { get; private set; }
    public IReadOnlyList<AimGroupItem> Items => _items;

    public AimGroupItem AddItem(string text)
    {
        var item = new AimGroupItem(Ordering.Next(_items), text);
        _items.Add(item);
        return item;
    }

    public void UpdateItem(AimGroupItem item, string text)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!_items.Contains(item))
        {
            throw new DomainRuleException("That point does not belong to this aim.");
        }
        item.Update(text);
    }

    public void MoveItem(AimGroupItem item, MoveDirection direction) => Ordering.Move(_items, item, direction, "point");

    public void RemoveItem(AimGroupItem item) => Ordering.Remove(_items, item, "point");

    void IPositioned.MoveTo(int position) => Position = position;

    internal void Update(string aim, string? leadIn, Audience audience)
    {
        Aim = Guard.Required(aim, "Aim", Limits.Statement);
        LeadIn = Guard.Optional(leadIn, "Lead-in", Limits.Statement);
        Audience = Guard.Known(audience);
    }
}

public sealed class AimGroupItem : IPositioned
{
    private AimGroupItem() { }

    internal AimGroupItem(int position, string text)
    {
        Position = position;
        Text = Guard.Required(text, "Aim item", Limits.Statement);
    }

    public int Id { get; private set; }
    public int AimGroupId { get; private set; }
    public int Position { get; private set; }
    public string Text { get; private set; } = "";

    void IPositioned.MoveTo(int position) => Position = position;

    internal void Update(string text) => Text = Guard.Required(text, "Aim item", Limits.Statement);
}

/// A message from the chief executive to the trust's staff, such as a New Year letter.
public sealed class CeoMessage : IHasAudience
{
    private CeoMessage() { }

    internal CeoMessage(string slug, string title, string author, string? authorRole, DateOnly? publishedOn, string body)
    {
        Slug = Slugs.Require(slug, "Message slug");
        Title = Guard.Required(title, "Title", Limits.Heading);
        Author = Guard.Required(author, "Author", Limits.Name);
        AuthorRole = Guard.Optional(authorRole, "Author's role", Limits.Name);
        PublishedOn = publishedOn;
        Body = Guard.Required(body, "Message", Limits.LongText);
        IsPublished = publishedOn is not null;
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    public string Slug { get; private set; } = "";
    public string Title { get; private set; } = "";
    public bool TitleIsInvented { get; private set; }
    public string Author { get; private set; } = "";
    public string? AuthorRole { get; private set; }
    public bool AuthorRoleIsInvented { get; private set; }
    public DateOnly? PublishedOn { get; private set; }
    public bool DateIsInvented { get; private set; }
    public string Body { get; private set; } = "";
    public bool IsPublished { get; private set; }
    public Audience Audience { get; private set; }

    /// Edits the message; the author's role and the title are the trust's own once an administrator has saved them.
    public void Update(string title, string author, string? authorRole, string body, Audience audience)
    {
        Title = Guard.Required(title, "Title", Limits.Heading);
        Author = Guard.Required(author, "Author", Limits.Name);
        AuthorRole = Guard.Optional(authorRole, "Author's role", Limits.Name);
        Body = Guard.Required(body, "Message", Limits.LongText);
        Audience = Guard.Known(audience);
        TitleIsInvented = false;
        AuthorRoleIsInvented = false;
    }

    /// Shows the message on the portal, dated the day it is published.
    public void Publish(DateOnly on)
    {
        if (on == default)
        {
            throw new DomainRuleException("A published message needs a date.");
        }
        PublishedOn = on;
        DateIsInvented = false;
        IsPublished = true;
    }

    /// Takes the message off the portal; it stays as a draft that can be published again.
    public void Unpublish()
    {
        if (!IsPublished)
        {
            throw new DomainRuleException("The message is not published.");
        }
        IsPublished = false;
    }

    /// Marks which parts of the message's metadata the demo data supplied because the letter gives none.
    public void MarkInvented(bool title, bool authorRole, bool date)
    {
        TitleIsInvented = title;
        AuthorRoleIsInvented = authorRole;
        DateIsInvented = date;
    }
}

/// A free-form section for what fits nowhere else.
public sealed class ContentSection : IPositioned, IHasAudience
{
    private ContentSection() { }

    internal ContentSection(int position, string heading, string body, Audience audience)
    {
        Position = position;
        Heading = Guard.Required(heading, "Heading", Limits.Heading);
        Body = Guard.Required(body, "Section text", Limits.LongText);
        Audience = audience;
    }

    public int Id { get; private set; }
    public int TrustId { get; private set; }
    public int Position { get; private set; }
    public string Heading { get; private set; } = "";
    public string Body { get; private set; } = "";
    public Audience Audience { get; private set; }

    void IPositioned.MoveTo(int position) => Position = position;

    internal void Update(string heading, string body, Audience audience)
    {
        Heading = Guard.Required(heading, "Heading", Limits.Heading);
        Body = Guard.Required(body, "Section text", Limits.LongText);
        Audience = Guard.Known(audience);
    }
}
