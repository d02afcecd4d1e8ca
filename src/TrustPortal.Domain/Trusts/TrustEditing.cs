namespace TrustPortal.Domain.Trusts;

/// Which way a "Move up" or "Move down" button moves an item in its list.
public enum MoveDirection
{
    Up = 0,
    Down = 1,
}

/// An item that keeps its place in an ordered list (1, 2, 3, … with no gaps).
internal interface IPositioned
{
    int Position { get; }
    void MoveTo(int position);
}

internal static class Ordering
{
    public static void Move<T>(List<T> items, T item, MoveDirection direction, string what) where T : class, IPositioned
    {
        if (!items.Contains(item))
        {
            throw new DomainRuleException($"That {what} does not belong here.");
        }
        if (!Enum.IsDefined(direction))
        {
            throw new DomainRuleException("Choose to move the item up or down.");
        }
        var ordered = items.OrderBy(i => i.Position).ToList();
        var index = ordered.IndexOf(item);
        var target = direction == MoveDirection.Up ? index - 1 : index + 1;
        if (target < 0 || target >= ordered.Count)
        {
            throw new DomainRuleException(direction == MoveDirection.Up ? $"The {what} is already first." : $"The {what} is already last.");
        }
        (ordered[index], ordered[target]) = (ordered[target], ordered[index]);
        Renumber(ordered);
    }

    public static void Remove<T>(List<T> items, T item, string what) where T : class, IPositioned
    {
        if (!items.Remove(item))
        {
            throw new DomainRuleException($"That {what} does not belong here.");
        }
        Renumber(items.OrderBy(i => i.Position));
    }

    public static int Next<T>(List<T> items) where T : IPositioned => items.Count == 0 ? 1 : items.Max(i => i.Position) + 1;

    private static void Renumber<T>(IEnumerable<T> ordered) where T : IPositioned
    {
        var position = 1;
        foreach (var item in ordered)
        {
            item.MoveTo(position++);
        }
    }
}

/// Editing the trust's content: each method keeps the trust's rules (unique value names, gap-free order, published
/// messages have a date) so the administration pages cannot break them.
public sealed partial class Trust
{
    /// Image types a logo may have; SVG is refused because it can carry script.
    public static readonly IReadOnlySet<string> LogoContentTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp",
    };

    /// The key of the logo in the file store, or null when the trust has no logo.
    public string? LogoKey { get; private set; }
    public string? LogoContentType { get; private set; }

    public void SetLogo(string key, string contentType)
    {
        if (!LogoContentTypes.Contains(contentType))
        {
            throw new DomainRuleException("The logo must be a PNG, JPEG, GIF or WebP image.");
        }
        LogoKey = Guard.Required(key, "Logo", Limits.Name);
        LogoContentType = contentType;
    }

    public void RemoveLogo()
    {
        LogoKey = null;
        LogoContentType = null;
    }

    public void SetIntroduction(string? text) => SetStatements(text, Vision, Mission, ValuesIntroduction);

    public void SetVision(string? text) => SetStatements(Introduction, text, Mission, ValuesIntroduction);

    public void SetMission(string? text) => SetStatements(Introduction, Vision, text, ValuesIntroduction);

    public void SetValuesIntroduction(string? text) => SetStatements(Introduction, Vision, Mission, text);

    /// Who may read the introduction, vision, mission and values introduction: public pages show a staff-only
    /// statement only to signed-in people of the trust.
    public Audience IntroductionAudience { get; private set; }
    public Audience VisionAudience { get; private set; }
    public Audience MissionAudience { get; private set; }
    public Audience ValuesIntroductionAudience { get; private set; }

    public void SetIntroduction(string? text, Audience audience) => IntroductionAudience = KnownThen(audience, () => SetIntroduction(text));

    public void SetVision(string? text, Audience audience) => VisionAudience = KnownThen(audience, () => SetVision(text));

    public void SetMission(string? text, Audience audience) => MissionAudience = KnownThen(audience, () => SetMission(text));

    public void SetValuesIntroduction(string? text, Audience audience) =>
        ValuesIntroductionAudience = KnownThen(audience, () => SetValuesIntroduction(text));

    /// The audience, once it is known to be one and the text has passed its own rules: a statement refused for either
    /// reason changes nothing.
    private static Audience KnownThen(Audience audience, Action setText)
    {
        var known = Guard.Known(audience);
        setText();
        return known;
    }

    public void UpdateValue(TrustValue value, string name, string? meaning, Audience audience)
    {
        ArgumentNullException.ThrowIfNull(value);
        Own(_values, value, "value");
        var trimmed = Guard.Required(name, "Value name", Limits.Heading);
        if (_values.Exists(v => v != value && string.Equals(v.Name, trimmed, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainRuleException($"The trust already has the value \"{trimmed}\".");
        }
        value.Update(trimmed, meaning, audience);
    }

    public void MoveValue(TrustValue value, MoveDirection direction) => Ordering.Move(_values, value, direction, "value");

    public void RemoveValue(TrustValue value) => Ordering.Remove(_values, value, "value");

    public void UpdateStatementList(StatementList list, StatementListKind kind, string? heading, string? introduction, string? closing, Audience audience)
    {
        ArgumentNullException.ThrowIfNull(list);
        Own(_statementLists, list, "list");
        list.Update(kind, heading, introduction, closing, audience);
    }

    public void MoveStatementList(StatementList list, MoveDirection direction) => Ordering.Move(_statementLists, list, direction, "list");

    public void RemoveStatementList(StatementList list) => Ordering.Remove(_statementLists, list, "list");

    public void UpdateAimGroup(AimGroup group, string aim, string? leadIn, Audience audience)
    {
        ArgumentNullException.ThrowIfNull(group);
        Own(_aimGroups, group, "aim");
        group.Update(aim, leadIn, audience);
    }

    public void MoveAimGroup(AimGroup group, MoveDirection direction) => Ordering.Move(_aimGroups, group, direction, "aim");

    public void RemoveAimGroup(AimGroup group) => Ordering.Remove(_aimGroups, group, "aim");

    public void UpdateSection(ContentSection section, string heading, string body, Audience audience)
    {
        ArgumentNullException.ThrowIfNull(section);
        Own(_sections, section, "section");
        section.Update(heading, body, audience);
    }

    public void MoveSection(ContentSection section, MoveDirection direction) => Ordering.Move(_sections, section, direction, "section");

    public void RemoveSection(ContentSection section) => Ordering.Remove(_sections, section, "section");

    /// A new message starts as a draft; its address is made from the title and kept unique within the trust.
    public CeoMessage AddDraftMessage(string title, string author, string? authorRole, string body, Audience audience)
    {
        var stem = Slugs.From(Guard.Required(title, "Title", Limits.Heading));
        if (stem.Length < 2)
        {
            stem = "message";
        }
        if (stem.Length > Limits.Slug - 4)
        {
            stem = stem[..(Limits.Slug - 4)].TrimEnd('-');
        }
        var slug = stem;
        for (var n = 2; _messages.Exists(m => m.Slug == slug) || Slugs.Reserved.Contains(slug); n++)
        {
            slug = $"{stem}-{n}";
        }
        var message = AddMessage(slug, title, author, authorRole, null, body);
        message.Update(title, author, authorRole, body, audience);
        return message;
    }

    public void RemoveMessage(CeoMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_messages.Remove(message))
        {
            throw new DomainRuleException("That message does not belong here.");
        }
    }

    private static void Own<T>(List<T> items, T item, string what)
    {
        if (!items.Contains(item))
        {
            throw new DomainRuleException($"That {what} does not belong to this trust.");
        }
    }
}
