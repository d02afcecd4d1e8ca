using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.AdminContent;

/// One item of the administrator's own trust: its kind, the trust it belongs to, and the item itself.
public sealed record ContentItem(ContentItemType Kind, Trust Trust, object Item)
{
    public Dictionary<string, string?> Snapshot() => Kind.Snapshot(Item);

    public string Title() => Kind.Title(Snapshot());

    public MessageState? Message => Item is CeoMessage m ? new MessageState(m.IsPublished, m.PublishedOn, m.Slug) : null;
}

/// What the content controllers share (index and new items, edits, history; all under /admin/content): an item of
/// the administrator's own trust opened for a page or a write, the one rule for another trust's item (403) and a
/// missing one (404), and the numbered versions every save writes (ADR 0010).
public abstract class ContentController(TrustPortalDbContext db, FormWrites writes, TimeProvider clock) : Controller
{
    protected TrustPortalDbContext Db => db;

    protected FormWrites Writes => writes;

    protected int TrustId => User.TrustId() ?? throw new InvalidOperationException("The ManageContent policy requires a trust.");

    /// The item of this kind and id in the administrator's own trust, or null.
    protected async Task<ContentItem?> OpenAsync(ContentItemType kind, int id, bool tracked, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var query = kind.Load(db.Trusts);
        if (!tracked)
        {
            query = query.AsNoTracking();
        }
        var trust = await query.AsSplitQuery().SingleAsync(t => t.Id == TrustId, ct);
        return kind.Find(trust, id) is { } item ? new ContentItem(kind, trust, item) : null;
    }

    /// The answer for an item the administrator's trust does not have: 403 when another trust has it, else 404.
    protected async Task<IActionResult> NotOursAsync(ContentItemType? kind, int id, CancellationToken ct) =>
        kind is not null && !kind.IsSingleton && await kind.ExistsAnywhereAsync(db, id, ct) ? Forbid() : NotFound();

    /// A page about one item: the page, or the answer for a kind or item that is not the administrator's.
    protected async Task<IActionResult> PageAsync(string type, int id, Func<ContentItem, Task<IActionResult>> page, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(page);
        var kind = ContentItemTypes.Find(type);
        var item = kind is null ? null : await OpenAsync(kind, id, tracked: false, ct);
        return item is null ? await NotOursAsync(kind, id, ct) : await page(item);
    }

    /// A button on one item (move, remove, publish, restore): one <see cref="FormWrite{TEntity}"/>; a broken rule or
    /// a conflict comes back to <paramref name="done"/> as the problem banner.
    protected async Task<IActionResult> ButtonAsync(string type, int id, Func<ContentItem, CancellationToken, Task<string?>> change,
        Func<ContentItem, string> done, CancellationToken ct, Func<ContentItem, CancellationToken, Task<IActionResult?>>? refuse = null)
    {
        var kind = ContentItemTypes.Find(type);
        if (kind is null)
        {
            return NotFound();
        }
        return await writes.RunAsync(this, new FormWrite<ContentItem>
        {
            Load = c => OpenAsync(kind, id, tracked: true, c),
            Missing = c => NotOursAsync(kind, id, c),
            Refuse = refuse,
            Change = change,
            Done = done,
        }, ct);
    }

    protected IQueryable<ContentVersion> Versions(ContentItemType kind, int id) =>
        db.ContentVersions.AsNoTracking().Where(v => v.TrustId == TrustId && v.ItemType == kind.Key && v.ItemId == id);

    protected async Task<int> LatestAsync(ContentItemType kind, int id, CancellationToken ct) =>
        await Versions(kind, id).MaxAsync(v => (int?)v.Number, ct) ?? 0;

    /// The first edit of an item that has no versions yet (it came from the demo files or before versioning) also
    /// records how it stood before, so that state can be restored.
    protected void AddVersions(ContentItemType kind, int id, int latest, Dictionary<string, string?> before, Dictionary<string, string?> after, string? note)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (latest == 0)
        {
            db.ContentVersions.Add(NewVersion(kind, id, 1, before, "As it stood before its first edit in the portal"));
            latest = 1;
        }
        db.ContentVersions.Add(NewVersion(kind, id, latest + 1, after, note));
    }

    protected ContentVersion NewVersion(ContentItemType kind, int id, int number, Dictionary<string, string?> values, string? note)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return new(TrustId, kind.Key, id, number, ContentItemType.Serialize(values),
            User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "Unknown",
            clock.GetUtcNow().UtcDateTime, note);
    }

    protected DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    protected static string Capital(string noun)
    {
        ArgumentNullException.ThrowIfNull(noun);
        return string.Concat(noun[..1].ToUpperInvariant(), noun.AsSpan(1));
    }
}

/// The checks every kind's fields get (required, length, a known choice), beside the form's own attributes.
public static class ContentFields
{
    /// Adds an error for each field that breaks its kind's rule and returns the trimmed values.
    public static Dictionary<string, string?> Validate(ContentItemType kind, EditContentForm form, ModelStateDictionary state)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(state);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in kind.Fields)
        {
            var raw = form.Fields.TryGetValue(field.Key, out var v) ? v : null;
            var value = string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();
            values[field.Key] = value;
            if (ProblemWith(field, value) is { } problem)
            {
                state.AddModelError($"Fields[{field.Key}]", problem);
            }
        }
        return values;
    }

    private static string? ProblemWith(ContentField field, string? value)
    {
        if (value is null)
        {
            return !field.Required ? null
                : field.Kind is FieldKind.Audience or FieldKind.ListKind ? $"Choose {field.Label.ToLowerInvariant()}"
                : $"Enter {field.Label.ToLowerInvariant()}";
        }
        if (value.Length > field.MaxLength)
        {
            return $"{field.Label} must be {field.MaxLength:N0} characters or fewer (it is {value.Length:N0})";
        }
        if (field.Kind == FieldKind.Audience && value is not (nameof(Audience.Public) or nameof(Audience.Staff)))
        {
            return "Choose public or staff only";
        }
        if (field.Kind == FieldKind.ListKind && !(Enum.TryParse<StatementListKind>(value, out var k) && Enum.IsDefined(k) && !int.TryParse(value, out _)))
        {
            return "Choose a kind of list from the options";
        }
        return null;
    }

    public static bool Same(Dictionary<string, string?> a, Dictionary<string, string?> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
