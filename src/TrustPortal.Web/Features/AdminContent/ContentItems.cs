using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.AdminContent;

/// How a field is edited and shown: a one-line input, a plain textarea, a Markdown textarea with a rendered
/// preview, or a choice.
public enum FieldKind
{
    Text,
    Textarea,
    Markdown,
    Audience,
    ListKind,
}

public sealed record ContentField(string Key, string Label, FieldKind Kind, int MaxLength, bool Required, string? Hint = null);

/// One kind of editable trust content (the vision, a value, a statement, …): its fields, how to read them from the
/// trust as a snapshot and how to write them back through the domain's own methods. The administration pages,
/// versions and restore are the same code for every kind.
public abstract class ContentItemType
{
    public const string AudienceHint = "Public items are on the trust's public pages; staff-only items are shown only to signed-in people of the trust.";

    protected static readonly ContentField AudienceField = new("audience", "Who can read it", FieldKind.Audience, 10, true);

    /// The kind's segment in the address, e.g. "value" in /admin/content/value/12.
    public abstract string Key { get; }
    public abstract string Noun { get; }
    public abstract IReadOnlyList<ContentField> Fields { get; }
    /// True for what the trust has exactly one of (its vision, …); its id is 0.
    public virtual bool IsSingleton => false;
    public virtual bool CanMove => !IsSingleton;
    public virtual bool CanAdd => !IsSingleton;
    /// The kind an item of this kind belongs to (a statement belongs to a statement list), if any.
    public virtual string? ParentKey => null;

    /// The trust with what this kind needs loaded, tracked for an edit.
    public abstract IQueryable<Trust> Load(IQueryable<Trust> trusts);
    public abstract object? Find(Trust trust, int id);
    /// Whether an item with this id exists in any trust (so another trust's item is 403, a missing one 404).
    public abstract Task<bool> ExistsAnywhereAsync(TrustPortalDbContext db, int id, CancellationToken ct);
    public abstract Dictionary<string, string?> Snapshot(object item);
    public abstract void Apply(Trust trust, object item, IReadOnlyDictionary<string, string?> values);
    public abstract string Title(IReadOnlyDictionary<string, string?> values);

    public virtual object Add(Trust trust, object? parent, IReadOnlyDictionary<string, string?> values) =>
        throw new DomainRuleException($"A {Noun} cannot be added.");

    public virtual object? FindParent(Trust trust, int parentId) => null;

    public virtual void Move(Trust trust, object item, MoveDirection direction) => throw new DomainRuleException($"A {Noun} cannot be moved.");

    public virtual void Remove(Trust trust, object item) => throw new DomainRuleException($"A {Noun} cannot be removed.");

    /// The item's id once saved (new items get theirs from the database).
    public virtual int IdOf(object item) => 0;

    public static string Serialize(IReadOnlyDictionary<string, string?> values) => JsonSerializer.Serialize(values);

    public static Dictionary<string, string?> Deserialize(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? [];

    protected static string? Get(IReadOnlyDictionary<string, string?> values, string key) =>
        values.TryGetValue(key, out var value) ? value : null;

    protected static string Req(IReadOnlyDictionary<string, string?> values, string key) => Get(values, key) ?? "";

    protected static Audience AudienceOf(IReadOnlyDictionary<string, string?> values) =>
        Enum.TryParse<Audience>(Get(values, "audience"), out var a) && Enum.IsDefined(a) ? a
        : throw new DomainRuleException("Choose who can read it: the public, or staff only.");

    protected static string? Abbreviate(string? text, int length = 80) =>
        text is null ? null : text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");
}

/// The typed half of a kind, so each kind's code reads without casts.
public abstract class ContentItemType<T> : ContentItemType where T : class
{
    public sealed override object? Find(Trust trust, int id) => FindItem(trust, id);
    public sealed override Dictionary<string, string?> Snapshot(object item) => SnapshotOf((T)item);
    public sealed override void Apply(Trust trust, object item, IReadOnlyDictionary<string, string?> values) => ApplyTo(trust, (T)item, values);
    public override void Move(Trust trust, object item, MoveDirection direction) => MoveItem(trust, (T)item, direction);
    public override void Remove(Trust trust, object item) => RemoveItem(trust, (T)item);
    public override int IdOf(object item) => IdOfItem((T)item);

    protected abstract T? FindItem(Trust trust, int id);
    protected abstract Dictionary<string, string?> SnapshotOf(T item);
    protected abstract void ApplyTo(Trust trust, T item, IReadOnlyDictionary<string, string?> values);
    protected virtual void MoveItem(Trust trust, T item, MoveDirection direction) => base.Move(trust, item, direction);
    protected virtual void RemoveItem(Trust trust, T item) => base.Remove(trust, item);
    protected virtual int IdOfItem(T item) => 0;
}

/// What the trust has exactly one of, held on the trust itself (its vision, the page's title, …): the item is the
/// trust, its id is 0, and no other trust's can be asked for.
public abstract class TrustSingletonType : ContentItemType<Trust>
{
    public sealed override bool IsSingleton => true;
    public sealed override IQueryable<Trust> Load(IQueryable<Trust> trusts) => trusts;
    public sealed override Task<bool> ExistsAnywhereAsync(TrustPortalDbContext db, int id, CancellationToken ct) => Task.FromResult(id == 0);
    protected sealed override Trust? FindItem(Trust trust, int id) => id == 0 ? trust : null;
}

/// One Markdown statement held on the trust itself (introduction, vision, mission, values introduction) with who may read it.
public sealed class TrustTextType(string key, string noun, string label, string? hint,
    Func<Trust, string?> read, Func<Trust, Audience> audience, Action<Trust, string?, Audience> write)
    : TrustSingletonType
{
    public override string Key => key;
    public override string Noun => noun;
    public override IReadOnlyList<ContentField> Fields { get; } =
        [new("text", label, FieldKind.Markdown, Limits.LongText, false, hint), AudienceField];

    public override string Title(IReadOnlyDictionary<string, string?> values) => label;
    protected override Dictionary<string, string?> SnapshotOf(Trust item) =>
        new() { ["text"] = read(item), ["audience"] = audience(item).ToString() };
    // Versions saved before statements had an audience have no "audience": restoring one keeps today's audience.
    protected override void ApplyTo(Trust trust, Trust item, IReadOnlyDictionary<string, string?> values) =>
        write(trust, Get(values, "text"), values.ContainsKey("audience") ? AudienceOf(values) : audience(trust));
}

/// The trust's own title for its vision and values page, e.g. "About us".
public sealed class AboutTitleType : TrustSingletonType
{
    public override string Key => "about-title";
    public override string Noun => "page title";
    public override IReadOnlyList<ContentField> Fields { get; } =
        [new("title", "Title of the vision and values page", FieldKind.Text, Limits.Heading, false, "Left empty, the page is called \"Vision and values\".")];

    public override string Title(IReadOnlyDictionary<string, string?> values) => "Title of the vision and values page";
    protected override Dictionary<string, string?> SnapshotOf(Trust item) => new() { ["title"] = item.AboutTitle };
    protected override void ApplyTo(Trust trust, Trust item, IReadOnlyDictionary<string, string?> values) => trust.SetAboutTitle(Get(values, "title"));
}

public sealed class AimsHeadingType : TrustSingletonType
{
    public override string Key => "aims-heading";
    public override string Noun => "aims heading";
    public override IReadOnlyList<ContentField> Fields { get; } =
    [
        new("heading", "Heading for the aims", FieldKind.Text, Limits.Heading, false, "Left empty, the page says \"Aims and ambitions\"."),
        new("introduction", "Introduction to the aims", FieldKind.Textarea, Limits.Statement, false),
    ];

    public override string Title(IReadOnlyDictionary<string, string?> values) => "Aims heading";
    protected override Dictionary<string, string?> SnapshotOf(Trust item) => new() { ["heading"] = item.AimsHeading, ["introduction"] = item.AimsIntroduction };
    protected override void ApplyTo(Trust trust, Trust item, IReadOnlyDictionary<string, string?> values) =>
        trust.SetAimsHeading(Get(values, "heading"), Get(values, "introduction"));
}

public sealed class ValueType : ContentItemType<TrustValue>
{
    public override string Key => "value";
    public override string Noun => "value";
    public override IReadOnlyList<ContentField> Fields { get; } =
    [
        new("name", "Value", FieldKind.Text, Limits.Heading, true, "For example, Integrity"),
        new("meaning", "What the value means", FieldKind.Textarea, Limits.Statement, false),
        AudienceField,
    ];

    public override IQueryable<Trust> Load(IQueryable<Trust> trusts) => trusts.Include(t => t.Values);
    public override Task<bool> ExistsAnywhereAsync(TrustPortalDbContext db, int id, CancellationToken ct) => db.TrustValues.AnyAsync(v => v.Id == id, ct);
    public override string Title(IReadOnlyDictionary<string, string?> values) => $"Value: {Get(values, "name")}";
    public override object Add(Trust trust, object? parent, IReadOnlyDictionary<string, string?> values) =>
        trust.AddValue(Req(values, "name"), Get(values, "meaning"), AudienceOf(values));
    protected override TrustValue? FindItem(Trust trust, int id) => trust.Values.FirstOrDefault(v => v.Id == id);
    protected override Dictionary<string, string?> SnapshotOf(TrustValue item) =>
        new() { ["name"] = item.Name, ["meaning"] = item.Meaning, ["audience"] = item.Audience.ToString() };
    protected override void ApplyTo(Trust trust, TrustValue item, IReadOnlyDictionary<string, string?> values) =>
        trust.UpdateValue(item, Req(values, "name"), Get(values, "meaning"), AudienceOf(values));
    protected override void MoveItem(Trust trust, TrustValue item, MoveDirection direction) => trust.MoveValue(item, direction);
    protected override void RemoveItem(Trust trust, TrustValue item) => trust.RemoveValue(item);
    protected override int IdOfItem(TrustValue item) => item.Id;
}

public sealed class StatementListType : ContentItemType<StatementList>
{
    public override string Key => "statement-list";
    public override string Noun => "statement list";
    public override IReadOnlyList<ContentField> Fields { get; } =
    [
        new("kind", "Kind of list", FieldKind.ListKind, 40, true),
        new("heading", "Heading", FieldKind.Text, Limits.Heading, false, "Left empty, the page uses a heading for the kind, such as \"Key principles\"."),
        new("introduction", "Introduction", FieldKind.Textarea, Limits.Statement, false),
        new("closing", "Closing paragraph", FieldKind.Textarea, Limits.Statement, false),
        AudienceField,
    ];

    public override IQueryable<Trust> Load(IQueryable<Trust> trusts) => trusts.Include(t => t.StatementLists).ThenInclude(l => l.Items);
    public override Task<bool> ExistsAnywhereAsync(TrustPortalDbContext db, int id, CancellationToken ct) => db.StatementLists.AnyAsync(l => l.Id == id, ct);
    public override string Title(IReadOnlyDictionary<string, string?> values) =>
        $"List: {Get(values, "heading") ?? (Enum.TryParse<StatementListKind>(Get(values, "kind"), out var k) ? Trusts.AboutViewModel.DefaultHeading(k) : "")}";
    public override object Add(Trust trust, object? parent, IReadOnlyDictionary<string, string?> values) =>
        trust.AddStatementList(KindOf(values), Get(values, "heading"), Get(values, "introduction"), Get(values, "closing"), AudienceOf(values));
    protected override StatementList? FindItem(Trust trust, int id) => trust.StatementLists.FirstOrDefault(l => l.Id == id);
    protected override Dictionary<string, string?> SnapshotOf(StatementList item) => new()
    {
        ["kind"] = item.Kind.ToString(), ["heading"] = item.Heading, ["introduction"] = item.Introduction,
        ["closing"] = item.Closing, ["audience"] = item.Audience.ToString(),
    };
    protected override void ApplyTo(Trust trust, StatementList item, IReadOnlyDictionary<string, string?> values) =>
        trust.UpdateStatementList(item, KindOf(values), Get(values, "heading"), Get(values, "introduction"), Get(values, "closing"), AudienceOf(values));
    protected override void MoveItem(Trust trust, StatementList item, MoveDirection direction) => trust.MoveStatementList(item, direction);
    protected override void RemoveItem(Trust trust, StatementList item) => trust.RemoveStatementList(item);
    protected override int IdOfItem(StatementList item) => item.Id;

    private static StatementListKind KindOf(IReadOnlyDictionary<string, string?> values) =>
        Enum.TryParse<StatementListKind>(Get(values, "kind"), out var kind) && Enum.IsDefined(kind) ? kind
        : throw new DomainRuleException("Choose the kind of list.");
}

public sealed class StatementType : ContentItemType<StatementItem>
{
    public override string Key => "statement";
    public override string Noun => "statement";
    public override string? ParentKey => "statement-list";
    public override IReadOnlyList<ContentField> Fields { get; } =
    [
        new("title", "Title", FieldKind.Text, Limits.Heading, false, "Optional, shown in bold before the statement, e.g. Community"),
        new("text", "Statement", FieldKind.Textarea, Limits.Statement, true),
    ];

    public override IQueryable<Trust> Load(IQueryable<Trust> trusts) => trusts.Include(t => t.StatementLists).ThenInclude(l => l.Items);
    public override Task<bool> ExistsAnywhereAsync(TrustPortalDbContext db, int id, CancellationToken ct) => db.Set<StatementItem>().AnyAsync(i => i.Id == id, ct);
    public override string Title(IReadOnlyDictionary<string, string?> values) => $"Statement: {Abbreviate(Get(values, "title") ?? Get(values, "text"))}";
    public override object? FindParent(Trust trust, int parentId) => trust.StatementLists.FirstOrDefault(l => l.Id == parentId);
    public override object Add(Trust trust, object? parent, IReadOnlyDictionary<string, string?> values) =>
        ((StatementList)parent!).AddItem(Get(values, "title"), Req(values, "text"));
    protected override StatementItem? FindItem(Trust trust, int id) => trust.StatementLists.SelectMany(l => l.Items).FirstOrDefault(i => i.Id == id);
    protected override Dictionary<string, string?> SnapshotOf(StatementItem item) => new() { ["title"] = item.Title, ["text"] = item.Text };
    protected override void ApplyTo(Trust trust, StatementItem item, IReadOnlyDictionary<string, string?> values) =>
        ListOf(trust, item).UpdateItem(item, Get(values, "title"), Req(values, "text"));
    protected override void MoveItem(Trust trust, StatementItem item, MoveDirection direction) => ListOf(trust, item).MoveItem(item, direction);
    protected override void RemoveItem(Trust trust, StatementItem item) => ListOf(trust, item).RemoveItem(item);
    protected override int IdOfItem(StatementItem item) => item.Id;

    private static StatementList ListOf(Trust trust, StatementItem item) => trust.StatementLists.Single(l => l.Items.Contains(item));
}

public sealed class AimGroupType : ContentItemType<AimGroup>
{
    public override string Key => "aim";
    public override string Noun => "aim";
    public override IReadOnlyList<ContentField> Fields { get; } =
    [
        new("aim", "Aim", FieldKind.Textarea, Limits.Statement, true, "For example, Develop outstanding teaching for all our learners"),
        new("leadIn", "Lead-in to its points", FieldKind.Textarea, Limits.Statement, false, "For example, We will do this by:"),
        AudienceField,
    ];

    public override IQueryable<Trust> Load(IQueryable<Trust> trusts) => trusts.Include(t => t.AimGroups).ThenInclude(g => g.Items);
    public override Task<bool> ExistsAnywhereAsync(TrustPortalDbContext db, int id, CancellationToken ct) => db.AimGroups.AnyAsync(g => g.Id == id, ct);
    public override string Title(IReadOnlyDictionary<string, string?> values) => $"Aim: {Abbreviate(Get(values, "aim"))}";
    public override object Add(Trust trust, object? parent, IReadOnlyDictionary<string, string?> values) =>
        trust.AddAimGroup(Req(values, "aim"), Get(values, "leadIn"), AudienceOf(values));
    protected override AimGroup? FindItem(Trust trust, int id) => trust.AimGroups.FirstOrDefault(g => g.Id == id);
    protected override Dictionary<string, string?> SnapshotOf(AimGroup item) =>
        new() { ["aim"] = item.Aim, ["leadIn"] = item.LeadIn, ["audience"] = item.Audience.ToString() };
    protected override void ApplyTo(Trust trust, AimGroup item, IReadOnlyDictionary<string, string?> values) =>
        trust.UpdateAimGroup(item, Req(values, "aim"), Get(values, "leadIn"), AudienceOf(values));
    protected override void MoveItem(Trust trust, AimGroup item, MoveDirection direction) => trust.MoveAimGroup(item, direction);
    protected override void RemoveItem(Trust trust, AimGroup item) => trust.RemoveAimGroup(item);
    protected override int IdOfItem(AimGroup item) => item.Id;
}

public sealed class AimPointType : ContentItemType<AimGroupItem>
{
    public override string Key => "aim-point";
    public override string Noun => "point";
    public override string? ParentKey => "aim";
    public override IReadOnlyList<ContentField> Fields { get; } = [new("text", "Point", FieldKind.Textarea, Limits.Statement, true)];

    public override IQueryable<Trust> Load(IQueryable<Trust> trusts) => trusts.Include(t => t.AimGroups).ThenInclude(g => g.Items);
    public override Task<bool> ExistsAnywhereAsync(TrustPortalDbContext db, int id, CancellationToken ct) => db.Set<AimGroupItem>().AnyAsync(i => i.Id == id, ct);
    public override string Title(IReadOnlyDictionary<string, string?> values) => $"Point: {Abbreviate(Get(values, "text"))}";
    public override object? FindParent(Trust trust, int parentId) => trust.AimGroups.FirstOrDefault(g => g.Id == parentId);
    public override object Add(Trust trust, object? parent, IReadOnlyDictionary<string, string?> values) => ((AimGroup)parent!).AddItem(Req(values, "text"));
    protected override AimGroupItem? FindItem(Trust trust, int id) => trust.AimGroups.SelectMany(g => g.Items).FirstOrDefault(i => i.Id == id);
    protected override Dictionary<string, string?> SnapshotOf(AimGroupItem item) => new() { ["text"] = item.Text };
    protected override void ApplyTo(Trust trust, AimGroupItem item, IReadOnlyDictionary<string, string?> values) => GroupOf(trust, item).UpdateItem(item, Req(values, "text"));
    protected override void MoveItem(Trust trust, AimGroupItem item, MoveDirection direction) => GroupOf(trust, item).MoveItem(item, direction);
    protected override void RemoveItem(Trust trust, AimGroupItem item) => GroupOf(trust, item).RemoveItem(item);
    protected override int IdOfItem(AimGroupItem item) => item.Id;

    private static AimGroup GroupOf(Trust trust, AimGroupItem item) => trust.AimGroups.Single(g => g.Items.Contains(item));
}

public sealed class SectionType : ContentItemType<ContentSection>
{
    public override string Key => "section";
    public override string Noun => "section";
    public override IReadOnlyList<ContentField> Fields { get; } =
    [
        new("heading", "Heading", FieldKind.Text, Limits.Heading, true),
        new("body", "Text", FieldKind.Markdown, Limits.LongText, true),
        AudienceField,
    ];

    public override IQueryable<Trust> Load(IQueryable<Trust> trusts) => trusts.Include(t => t.Sections);
    public override Task<bool> ExistsAnywhereAsync(TrustPortalDbContext db, int id, CancellationToken ct) => db.ContentSections.AnyAsync(s => s.Id == id, ct);
    public override string Title(IReadOnlyDictionary<string, string?> values) => $"Section: {Get(values, "heading")}";
    public override object Add(Trust trust, object? parent, IReadOnlyDictionary<string, string?> values) =>
        trust.AddSection(Req(values, "heading"), Req(values, "body"), AudienceOf(values));
    protected override ContentSection? FindItem(Trust trust, int id) => trust.Sections.FirstOrDefault(s => s.Id == id);
    protected override Dictionary<string, string?> SnapshotOf(ContentSection item) =>
        new() { ["heading"] = item.Heading, ["body"] = item.Body, ["audience"] = item.Audience.ToString() };
    protected override void ApplyTo(Trust trust, ContentSection item, IReadOnlyDictionary<string, string?> values) =>
        trust.UpdateSection(item, Req(values, "heading"), Req(values, "body"), AudienceOf(values));
    protected override void MoveItem(Trust trust, ContentSection item, MoveDirection direction) => trust.MoveSection(item, direction);
    protected override void RemoveItem(Trust trust, ContentSection item) => trust.RemoveSection(item);
    protected override int IdOfItem(ContentSection item) => item.Id;
}

public sealed class MessageType : ContentItemType<CeoMessage>
{
    public override string Key => "message";
    public override string Noun => "message";
    public override bool CanMove => false;
    public override IReadOnlyList<ContentField> Fields { get; } =
    [
        new("title", "Title", FieldKind.Text, Limits.Heading, true),
        new("author", "Author", FieldKind.Text, Limits.Name, true),
        new("authorRole", "Author's role", FieldKind.Text, Limits.Name, false, "For example, Chief Executive Officer"),
        new("body", "Message", FieldKind.Markdown, Limits.LongText, true),
        AudienceField,
    ];

    public override IQueryable<Trust> Load(IQueryable<Trust> trusts) => trusts.Include(t => t.Messages);
    public override Task<bool> ExistsAnywhereAsync(TrustPortalDbContext db, int id, CancellationToken ct) => db.CeoMessages.AnyAsync(m => m.Id == id, ct);
    public override string Title(IReadOnlyDictionary<string, string?> values) => $"Message: {Get(values, "title")}";
    public override object Add(Trust trust, object? parent, IReadOnlyDictionary<string, string?> values) =>
        trust.AddDraftMessage(Req(values, "title"), Req(values, "author"), Get(values, "authorRole"), Req(values, "body"), AudienceOf(values));
    protected override CeoMessage? FindItem(Trust trust, int id) => trust.Messages.FirstOrDefault(m => m.Id == id);
    protected override Dictionary<string, string?> SnapshotOf(CeoMessage item) => new()
    {
        ["title"] = item.Title, ["author"] = item.Author, ["authorRole"] = item.AuthorRole, ["body"] = item.Body, ["audience"] = item.Audience.ToString(),
    };
    protected override void ApplyTo(Trust trust, CeoMessage item, IReadOnlyDictionary<string, string?> values) =>
        item.Update(Req(values, "title"), Req(values, "author"), Get(values, "authorRole"), Req(values, "body"), AudienceOf(values));
    protected override void RemoveItem(Trust trust, CeoMessage item) => trust.RemoveMessage(item);
    protected override int IdOfItem(CeoMessage item) => item.Id;
}

public static class ContentItemTypes
{
    public static readonly IReadOnlyList<ContentItemType> All =
    [
        new AboutTitleType(),
        new TrustTextType("introduction", "introduction", "Introduction", "Shown first on the vision and values page. Markdown.",
            t => t.Introduction, t => t.IntroductionAudience, (t, v, a) => t.SetIntroduction(v, a)),
        new TrustTextType("vision", "vision", "Vision", "Why the trust exists. Markdown.",
            t => t.Vision, t => t.VisionAudience, (t, v, a) => t.SetVision(v, a)),
        new TrustTextType("mission", "mission", "Mission", "What the trust does. Markdown.",
            t => t.Mission, t => t.MissionAudience, (t, v, a) => t.SetMission(v, a)),
        new TrustTextType("values-introduction", "values introduction", "Introduction to the values", "Shown above the values. Markdown.",
            t => t.ValuesIntroduction, t => t.ValuesIntroductionAudience, (t, v, a) => t.SetValuesIntroduction(v, a)),
        new ValueType(),
        new StatementListType(),
        new StatementType(),
        new AimsHeadingType(),
        new AimGroupType(),
        new AimPointType(),
        new SectionType(),
        new MessageType(),
    ];

    public static ContentItemType? Find(string key) => All.FirstOrDefault(t => t.Key == key);
}
