using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.AdminContent;

/// The trust administrator edits their own trust's content. Every save writes a numbered ContentVersion in the same
/// SaveChanges; the number the administrator started from is posted back, so a save over someone else's is refused.
[Authorize(Policy = Policies.ManageContent)]
[Route("admin/content")]
public sealed class AdminContentController(TrustPortalDbContext db, TimeProvider clock) : Controller
{
    public const string ConflictMessage =
        "Someone else saved a change to this item while you were editing: theirs is shown below; save again to replace it.";

    private int TrustId => User.TrustId() ?? throw new InvalidOperationException("The ManageContent policy requires a trust.");

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var model = await db.Trusts.AsNoTracking()
            .Where(t => t.Id == TrustId)
            .Select(t => new ContentIndexViewModel(
                t.Name, t.Slug, t.AboutTitle,
                new IndexStatement(t.Introduction, t.IntroductionAudience), new IndexStatement(t.Vision, t.VisionAudience),
                new IndexStatement(t.Mission, t.MissionAudience), new IndexStatement(t.ValuesIntroduction, t.ValuesIntroductionAudience),
                t.AimsHeading,
                t.Values.OrderBy(v => v.Position).Select(v => new IndexRow(v.Id, v.Name, v.Audience)).ToList(),
                t.StatementLists.OrderBy(l => l.Position).Select(l => new IndexList(l.Id, l.Heading, l.Kind, l.Audience,
                    l.Items.OrderBy(i => i.Position).Select(i => new IndexRow(i.Id, i.Title ?? i.Text, Audience.Public)).ToList())).ToList(),
                t.AimGroups.OrderBy(g => g.Position).Select(g => new IndexList(g.Id, g.Aim, null, g.Audience,
                    g.Items.OrderBy(i => i.Position).Select(i => new IndexRow(i.Id, i.Text, Audience.Public)).ToList())).ToList(),
                t.Sections.OrderBy(s => s.Position).Select(s => new IndexRow(s.Id, s.Heading, s.Audience)).ToList(),
                t.Messages.OrderByDescending(m => m.PublishedOn).ThenBy(m => m.Title)
                    .Select(m => new IndexMessage(m.Id, m.Title, m.IsPublished, m.PublishedOn, m.Audience)).ToList()))
            .AsSplitQuery()
            .SingleAsync(ct);
        return View(model);
    }

    [HttpGet("{type}/new")]
    public async Task<IActionResult> New(string type, int? parentId, CancellationToken ct)
    {
        var kind = ContentItemTypes.Find(type);
        if (kind is null || !kind.CanAdd)
        {
            return NotFound();
        }
        if (kind.ParentKey is not null && await ParentAsync(kind, parentId, ct) is { } refusal)
        {
            return refusal;
        }
        var fields = kind.Fields.ToDictionary(f => f.Key, f => f.Kind == FieldKind.Audience ? nameof(Audience.Public) : null);
        return View("Edit", new ContentEditViewModel(kind, 0, true, new EditContentForm { Fields = fields, ParentId = parentId }, false));
    }

    [HttpPost("{type}/new")]
    public async Task<IActionResult> New(string type, EditContentForm form, [FromForm(Name = "action")] string? submit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var kind = ContentItemTypes.Find(type);
        if (kind is null || !kind.CanAdd)
        {
            return NotFound();
        }
        var values = Validate(kind, form);
        if (!ModelState.IsValid || submit == "preview")
        {
            return View("Edit", new ContentEditViewModel(kind, 0, true, form, submit == "preview"));
        }
        // The new item's id comes from the database, so its first version is written just after it, in one
        // transaction; the execution strategy retries the whole unit (load, add, both saves) on a transient fault.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(() => AddAsync(kind, form, values, ct));
    }

    private async Task<IActionResult> AddAsync(ContentItemType kind, EditContentForm form, Dictionary<string, string?> values, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var trust = await kind.Load(db.Trusts).SingleAsync(t => t.Id == TrustId, ct);
        object? parent = null;
        if (kind.ParentKey is not null)
        {
            parent = form.ParentId is int pid ? kind.FindParent(trust, pid) : null;
            if (parent is null)
            {
                return await ExistsElsewhereAsync(ContentItemTypes.Find(kind.ParentKey)!, form.ParentId ?? 0, ct) ? Forbid() : NotFound();
            }
        }
        object item;
        try
        {
            item = kind.Add(trust, parent, values);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            return View("Edit", new ContentEditViewModel(kind, 0, true, form, false));
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        db.ContentVersions.Add(NewVersion(kind, kind.IdOf(item), 1, kind.Snapshot(item), "Added"));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        TempData["Success"] = $"{Capital(kind.Noun)} added";
        return Redirect("/admin/content");
    }

    [HttpGet("{type}/{id:int}")]
    public async Task<IActionResult> Edit(string type, int id, CancellationToken ct)
    {
        var (kind, trust, item, refusal) = await FindAsync(type, id, tracked: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var form = new EditContentForm { Fields = kind!.Snapshot(item!), LoadedVersion = await LatestAsync(kind, id, ct) };
        return View(new ContentEditViewModel(kind, id, false, form, false, Message: MessageStateOf(item!)));
    }

    [HttpPost("{type}/{id:int}")]
    public Task<IActionResult> Edit(string type, int id, EditContentForm form, [FromForm(Name = "action")] string? submit, CancellationToken ct) =>
        EditAsync(type, id, form, submit, attempt: 1, ct);

    private async Task<IActionResult> EditAsync(string type, int id, EditContentForm form, string? submit, int attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (kind, trust, item, refusal) = await FindAsync(type, id, tracked: true, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var values = Validate(kind!, form);
        if (!ModelState.IsValid || submit == "preview")
        {
            return View(new ContentEditViewModel(kind!, id, false, form, submit == "preview", Message: MessageStateOf(item!)));
        }
        var latest = await LatestAsync(kind!, id, ct);
        if (latest != form.LoadedVersion)
        {
            return await ShowConflictAsync(kind!, id, form, latest, item!, ct);
        }
        var before = kind!.Snapshot(item!);
        try
        {
            kind.Apply(trust!, item!, values);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            return View(new ContentEditViewModel(kind, id, false, form, false, Message: MessageStateOf(item!)));
        }
        var after = kind.Snapshot(item!);
        if (Same(before, after))
        {
            TempData["Success"] = "No changes to save";
            return Redirect("/admin/content");
        }
        AddVersions(kind, id, latest, before, after, note: null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone saved between our check and our save: the unique version number (or the trust's token) refused ours.
            db.ChangeTracker.Clear();
            var (_, _, current, _) = await FindAsync(type, id, tracked: false, ct);
            var now = await LatestAsync(kind, id, ct);
            if (current is null)
            {
                throw;
            }
            if (now == latest)
            {
                // Not this item: another item kept on the trust itself (vision, mission, a title...) was saved at the
                // same moment and changed the trust's token. Nothing of this person's item was overwritten: save again.
                db.ChangeTracker.Clear();
                if (attempt < 3)
                {
                    return await EditAsync(type, id, form, submit, attempt + 1, ct);
                }
                ModelState.AddModelError("", "Someone else was saving the trust's content at the same moment, so your change was not saved. Save again.");
                return View(new ContentEditViewModel(kind, id, false, form, false, Message: MessageStateOf(current)));
            }
            return await ShowConflictAsync(kind, id, form, now, current, ct);
        }
        TempData["Success"] = $"{Capital(kind.Noun)} saved";
        return Redirect("/admin/content");
    }

    [HttpPost("{type}/{id:int}/move")]
    public async Task<IActionResult> Move(string type, int id, MoveContentForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (kind, trust, item, refusal) = await FindAsync(type, id, tracked: true, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        if (!kind!.CanMove || !ModelState.IsValid)
        {
            return BadRequest();
        }
        try
        {
            kind.Move(trust!, item!, form.Direction);
            await db.SaveChangesAsync(ct);
            TempData["Success"] = $"{Capital(kind.Noun)} moved {(form.Direction == MoveDirection.Up ? "up" : "down")}";
        }
        catch (DomainRuleException e)
        {
            TempData["Problem"] = e.Message;
        }
        return Redirect($"/admin/content#{kind.Key}-{id}");
    }

    [HttpGet("{type}/{id:int}/remove")]
    public async Task<IActionResult> Remove(string type, int id, CancellationToken ct)
    {
        var (kind, _, item, refusal) = await FindAsync(type, id, tracked: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        return kind!.IsSingleton ? NotFound() : View(new RemoveContentViewModel(kind, id, kind.Title(kind.Snapshot(item!))));
    }

    [HttpPost("{type}/{id:int}/remove")]
    [ActionName(nameof(Remove))]
    public async Task<IActionResult> RemoveConfirmed(string type, int id, CancellationToken ct)
    {
        var (kind, trust, item, refusal) = await FindAsync(type, id, tracked: true, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        if (kind!.IsSingleton)
        {
            return NotFound();
        }
        var title = kind.Title(kind.Snapshot(item!));
        kind.Remove(trust!, item!);
        await db.SaveChangesAsync(ct);
        TempData["Success"] = $"Removed {title}";
        return Redirect("/admin/content");
    }

    [HttpGet("{type}/{id:int}/history")]
    public async Task<IActionResult> History(string type, int id, CancellationToken ct)
    {
        var (kind, _, item, refusal) = await FindAsync(type, id, tracked: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var versions = await Versions(kind!, id).OrderByDescending(v => v.Number)
            .Select(v => new VersionRow(v.Number, v.SavedBy, v.SavedAtUtc, v.Note)).ToListAsync(ct);
        return View(new ContentHistoryViewModel(kind!, id, kind!.Title(kind.Snapshot(item!)), versions));
    }

    [HttpGet("{type}/{id:int}/history/{number:int}")]
    public async Task<IActionResult> Version(string type, int id, int number, CancellationToken ct)
    {
        var (kind, _, _, refusal) = await FindAsync(type, id, tracked: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var version = await Versions(kind!, id).Where(v => v.Number == number).SingleOrDefaultAsync(ct);
        if (version is null)
        {
            return NotFound();
        }
        var latest = await LatestAsync(kind!, id, ct);
        return View(new ContentVersionViewModel(kind!, id, new VersionRow(version.Number, version.SavedBy, version.SavedAtUtc, version.Note),
            number == latest, ContentItemType.Deserialize(version.Snapshot)));
    }

    [HttpPost("{type}/{id:int}/history/{number:int}/restore")]
    public async Task<IActionResult> Restore(string type, int id, int number, CancellationToken ct)
    {
        var (kind, trust, item, refusal) = await FindAsync(type, id, tracked: true, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var version = await Versions(kind!, id).Where(v => v.Number == number).Select(v => v.Snapshot).SingleOrDefaultAsync(ct);
        if (version is null)
        {
            return NotFound();
        }
        var latest = await LatestAsync(kind!, id, ct);
        var before = kind!.Snapshot(item!);
        try
        {
            kind.Apply(trust!, item!, ContentItemType.Deserialize(version));
        }
        catch (DomainRuleException e)
        {
            TempData["Problem"] = $"Version {number} cannot be restored: {e.Message}";
            return Redirect($"/admin/content/{kind.Key}/{id}/history");
        }
        AddVersions(kind, id, latest, before, kind.Snapshot(item!), $"Restored from version {number}");
        await db.SaveChangesAsync(ct);
        TempData["Success"] = $"Version {number} restored as version {latest + 1 + (latest == 0 ? 1 : 0)}";
        return Redirect($"/admin/content/{kind.Key}/{id}/history");
    }

    [HttpPost("message/{id:int}/publish")]
    public Task<IActionResult> Publish(int id, CancellationToken ct) =>
        ChangeMessageAsync(id, m => m.Publish(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)), "Message published", ct);

    [HttpPost("message/{id:int}/unpublish")]
    public Task<IActionResult> Unpublish(int id, CancellationToken ct) =>
        ChangeMessageAsync(id, m => m.Unpublish(), "Message unpublished: it is a draft again", ct);

    private async Task<IActionResult> ChangeMessageAsync(int id, Action<CeoMessage> change, string done, CancellationToken ct)
    {
        var (_, _, item, refusal) = await FindAsync("message", id, tracked: true, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        try
        {
            change((CeoMessage)item!);
            await db.SaveChangesAsync(ct);
            TempData["Success"] = done;
        }
        catch (DomainRuleException e)
        {
            TempData["Problem"] = e.Message;
        }
        return Redirect($"/admin/content/message/{id}");
    }

    /// The kind and item of the administrator's own trust, or the answer to give: 404 for what does not exist,
    /// 403 for another trust's item.
    private async Task<(ContentItemType? Kind, Trust? Trust, object? Item, IActionResult? Refusal)> FindAsync(string type, int id, bool tracked, CancellationToken ct)
    {
        var kind = ContentItemTypes.Find(type);
        if (kind is null)
        {
            return (null, null, null, NotFound());
        }
        var query = kind.Load(db.Trusts);
        if (!tracked)
        {
            query = query.AsNoTracking();
        }
        var trust = await query.AsSplitQuery().SingleAsync(t => t.Id == TrustId, ct);
        var item = kind.Find(trust, id);
        if (item is null)
        {
            return (kind, trust, null, await ExistsElsewhereAsync(kind, id, ct) ? Forbid() : NotFound());
        }
        return (kind, trust, item, null);
    }

    private async Task<IActionResult?> ParentAsync(ContentItemType kind, int? parentId, CancellationToken ct)
    {
        var parentKind = ContentItemTypes.Find(kind.ParentKey!)!;
        var (_, _, parent, refusal) = await FindAsync(parentKind.Key, parentId ?? -1, tracked: false, ct);
        return parent is null ? refusal : null;
    }

    private Task<bool> ExistsElsewhereAsync(ContentItemType kind, int id, CancellationToken ct) =>
        kind.IsSingleton ? Task.FromResult(false) : kind.ExistsAnywhereAsync(db, id, ct);

    /// Checks each of the kind's fields (required, length, a known choice) and returns the trimmed values.
    private Dictionary<string, string?> Validate(ContentItemType kind, EditContentForm form)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in kind.Fields)
        {
            var key = $"Fields[{field.Key}]";
            var raw = form.Fields.TryGetValue(field.Key, out var v) ? v : null;
            var value = string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();
            values[field.Key] = value;
            if (value is null)
            {
                if (field.Required)
                {
                    ModelState.AddModelError(key, field.Kind is FieldKind.Audience or FieldKind.ListKind
                        ? $"Choose {field.Label.ToLowerInvariant()}" : $"Enter {field.Label.ToLowerInvariant()}");
                }
                continue;
            }
            if (value.Length > field.MaxLength)
            {
                ModelState.AddModelError(key, $"{field.Label} must be {field.MaxLength:N0} characters or fewer (it is {value.Length:N0})");
            }
            else if (field.Kind == FieldKind.Audience && value is not (nameof(Audience.Public) or nameof(Audience.Staff)))
            {
                ModelState.AddModelError(key, "Choose public or staff only");
            }
            else if (field.Kind == FieldKind.ListKind && !(Enum.TryParse<StatementListKind>(value, out var k) && Enum.IsDefined(k) && !int.TryParse(value, out _)))
            {
                ModelState.AddModelError(key, "Choose a kind of list from the options");
            }
        }
        return values;
    }

    /// Shows the saved version numbered <paramref name="latest"/> as theirs: the item itself may have been read before
    /// that save, and the form must not carry a number whose text the administrator was never shown.
    private async Task<ViewResult> ShowConflictAsync(ContentItemType kind, int id, EditContentForm form, int latest, object item, CancellationToken ct)
    {
        var saved = await Versions(kind, id).Where(v => v.Number == latest).Select(v => v.Snapshot).SingleOrDefaultAsync(ct);
        var theirs = saved is null ? kind.Snapshot(item) : ContentItemType.Deserialize(saved);
        ModelState.AddModelError("", ConflictMessage);
        // Their version becomes the one this administrator has seen, so saving again replaces it on purpose.
        form.LoadedVersion = latest;
        ModelState.Remove(nameof(EditContentForm.LoadedVersion));
        return View("Edit", new ContentEditViewModel(kind, id, false, form, false, theirs, MessageStateOf(item)));
    }

    /// The first edit of an item that has no versions yet (it came from the demo files or before versioning) also
    /// records how it stood before, so that state can be restored.
    private void AddVersions(ContentItemType kind, int id, int latest, Dictionary<string, string?> before, Dictionary<string, string?> after, string? note)
    {
        if (latest == 0)
        {
            db.ContentVersions.Add(NewVersion(kind, id, 1, before, "As it stood before its first edit in the portal"));
            latest = 1;
        }
        db.ContentVersions.Add(NewVersion(kind, id, latest + 1, after, note));
    }

    private ContentVersion NewVersion(ContentItemType kind, int id, int number, Dictionary<string, string?> values, string? note) =>
        new(TrustId, kind.Key, id, number, ContentItemType.Serialize(values),
            User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "Unknown",
            clock.GetUtcNow().UtcDateTime, note);

    private IQueryable<ContentVersion> Versions(ContentItemType kind, int id) =>
        db.ContentVersions.AsNoTracking().Where(v => v.TrustId == TrustId && v.ItemType == kind.Key && v.ItemId == id);

    private async Task<int> LatestAsync(ContentItemType kind, int id, CancellationToken ct) =>
        await Versions(kind, id).MaxAsync(v => (int?)v.Number, ct) ?? 0;

    private static MessageState? MessageStateOf(object item) =>
        item is CeoMessage m ? new MessageState(m.IsPublished, m.PublishedOn, m.Slug) : null;

    private static bool Same(Dictionary<string, string?> a, Dictionary<string, string?> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static string Capital(string noun) => string.Concat(noun[..1].ToUpperInvariant(), noun.AsSpan(1));
}
