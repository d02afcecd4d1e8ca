using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.Web.Features.AdminContent;

/// The fields of any content item as posted: Fields[name], the version the administrator started from, and for a
/// new item the list or aim it goes into. Only the kind's own fields are read, so nothing else can be posted in.
public sealed class EditContentForm
{
    public Dictionary<string, string?> Fields { get; set; } = [];
    public int LoadedVersion { get; set; }
    public int? ParentId { get; set; }
}

public sealed class MoveContentForm
{
    public MoveDirection Direction { get; set; }
}

public sealed record ContentEditViewModel(
    ContentItemType Type,
    int Id,
    bool IsNew,
    EditContentForm Form,
    bool ShowPreview,
    Dictionary<string, string?>? Theirs = null,
    MessageState? Message = null)
{
    public string Heading => IsNew ? $"Add a {Type.Noun}" : $"Edit the {Type.Noun}";
    public string Action => IsNew ? $"/admin/content/{Type.Key}/new" : $"/admin/content/{Type.Key}/{Id}";
    public string? Value(string key) => Form.Fields.TryGetValue(key, out var v) ? v : null;
}

public sealed record MessageState(bool IsPublished, DateOnly? PublishedOn, string Slug);

public sealed record VersionRow(int Number, string SavedBy, DateTime SavedAtUtc, string? Note);

public sealed record ContentHistoryViewModel(ContentItemType Type, int Id, string Title, IReadOnlyList<VersionRow> Versions);

public sealed record ContentVersionViewModel(ContentItemType Type, int Id, VersionRow Version, bool IsLatest, Dictionary<string, string?> Values);

public sealed record RemoveContentViewModel(ContentItemType Type, int Id, string Title);

public sealed record ContentIndexViewModel(
    string TrustName,
    string TrustSlug,
    string? AboutTitle,
    IndexStatement Introduction,
    IndexStatement Vision,
    IndexStatement Mission,
    IndexStatement ValuesIntroduction,
    string? AimsHeading,
    IReadOnlyList<IndexRow> Values,
    IReadOnlyList<IndexList> StatementLists,
    IReadOnlyList<IndexList> AimGroups,
    IReadOnlyList<IndexRow> Sections,
    IReadOnlyList<IndexMessage> Messages);

/// One of the trust's single statements (its vision, …) and who may read it.
public sealed record IndexStatement(string? Text, Audience Audience);

/// A row of the index; statements and aim points show their list's audience, so theirs is not read.
public sealed record IndexRow(int Id, string Text, Audience Audience);

public sealed record IndexList(int Id, string? Heading, StatementListKind? Kind, Audience Audience, IReadOnlyList<IndexRow> Items)
{
    public string Text => Heading ?? (Kind is { } kind ? Trusts.AboutViewModel.DefaultHeading(kind) : "");
}

public sealed record IndexMessage(int Id, string Title, bool IsPublished, DateOnly? PublishedOn, Audience Audience);
