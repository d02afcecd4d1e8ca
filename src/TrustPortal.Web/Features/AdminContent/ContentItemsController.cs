using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.AdminContent;

/// One content item of the administrator's own trust: edit (the number the administrator started from is posted
/// back, so a save over someone else's is refused and both shown), move, remove, and publish a CEO message.
[Authorize(Policy = Policies.ManageContent)]
[Route("admin/content")]
public sealed class ContentItemsController(TrustPortalDbContext db, FormWrites writes, TimeProvider clock) : ContentController(db, writes, clock)
{
    [HttpGet("{type}/{id:int}")]
    public Task<IActionResult> Edit(string type, int id, CancellationToken ct) =>
        PageAsync(type, id, async item =>
        {
            var form = new EditContentForm { Fields = item.Snapshot(), LoadedVersion = await LatestAsync(item.Kind, id, ct) };
            return View("Edit", new ContentEditViewModel(item.Kind, id, false, form, false, Message: item.Message));
        }, ct);

    [HttpPost("{type}/{id:int}")]
    public async Task<IActionResult> Edit(string type, int id, EditContentForm form, [FromForm(Name = "action")] string? submit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var kind = ContentItemTypes.Find(type);
        if (kind is null)
        {
            return NotFound();
        }
        var latest = 0;
        var values = new Dictionary<string, string?>();
        return await Writes.RunAsync(this, new FormWrite<ContentItem>
        {
            Load = c => OpenAsync(kind, id, tracked: true, c),
            Missing = c => NotOursAsync(kind, id, c),
            Check = (_, _) => Task.FromResult(values = ContentFields.Validate(kind, form, ModelState)),
            ShowOnly = submit == "preview",
            SavedSince = async (_, c) => (latest = await LatestAsync(kind, id, c)) != form.LoadedVersion,
            TakeTheirs = (_, _) => Task.FromResult(form.LoadedVersion = latest),
            Change = (item, _) => FormWrites.Done(Apply(item, id, values, latest)),
            Done = _ => "/admin/content",
            FormAsync = async (item, theirs) => View("Edit", new ContentEditViewModel(kind, id, false, form, submit == "preview",
                theirs ? await TheirsAsync(item, id, latest, ct) : null, item.Message)),
            VersionKey = nameof(EditContentForm.LoadedVersion),
            ConflictMessage = AdminContentController.ConflictMessage,
            ClashMessage = "Someone else was saving the trust's content at the same moment, so your change was not saved. Save again.",
        }, ct);
    }

    [HttpPost("{type}/{id:int}/move")]
    public Task<IActionResult> Move(string type, int id, MoveContentForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        return ButtonAsync(type, id,
            (item, _) =>
            {
                item.Kind.Move(item.Trust, item.Item, form.Direction);
                return FormWrites.Done($"{Capital(item.Kind.Noun)} moved {(form.Direction == MoveDirection.Up ? "up" : "down")}");
            },
            item => $"/admin/content#{item.Kind.Key}-{id}", ct,
            refuse: (item, _) => Task.FromResult<IActionResult?>(!item.Kind.CanMove || !ModelState.IsValid ? BadRequest() : null));
    }

    [HttpGet("{type}/{id:int}/remove")]
    public Task<IActionResult> Remove(string type, int id, CancellationToken ct) =>
        PageAsync(type, id, item => Task.FromResult<IActionResult>(item.Kind.IsSingleton ? NotFound()
            : View("Remove", new RemoveContentViewModel(item.Kind, id, item.Title()))), ct);

    [HttpPost("{type}/{id:int}/remove")]
    [ActionName(nameof(Remove))]
    public Task<IActionResult> RemoveConfirmed(string type, int id, CancellationToken ct) =>
        ButtonAsync(type, id,
            (item, _) =>
            {
                var title = item.Title();
                item.Kind.Remove(item.Trust, item.Item);
                return FormWrites.Done($"Removed {title}");
            },
            _ => "/admin/content", ct,
            refuse: (item, _) => Task.FromResult<IActionResult?>(item.Kind.IsSingleton ? NotFound() : null));

    [HttpPost("message/{id:int}/publish")]
    public Task<IActionResult> Publish(int id, CancellationToken ct) =>
        ButtonAsync("message", id, (item, _) =>
        {
            ((CeoMessage)item.Item).Publish(Today);
            return FormWrites.Done("Message published");
        }, _ => $"/admin/content/message/{id}", ct);

    [HttpPost("message/{id:int}/unpublish")]
    public Task<IActionResult> Unpublish(int id, CancellationToken ct) =>
        ButtonAsync("message", id, (item, _) =>
        {
            ((CeoMessage)item.Item).Unpublish();
            return FormWrites.Done("Message unpublished: it is a draft again");
        }, _ => $"/admin/content/message/{id}", ct);

    /// The domain call of an edit; a save that changes nothing writes no version.
    private string Apply(ContentItem item, int id, Dictionary<string, string?> values, int latest)
    {
        var before = item.Snapshot();
        item.Kind.Apply(item.Trust, item.Item, values);
        var after = item.Snapshot();
        if (ContentFields.Same(before, after))
        {
            return "No changes to save";
        }
        AddVersions(item.Kind, id, latest, before, after, note: null);
        return $"{Capital(item.Kind.Noun)} saved";
    }

    /// The saved version numbered <paramref name="latest"/> as theirs: the item itself may have been read before that
    /// save, and the form must not carry a number whose text the administrator was never shown.
    private async Task<Dictionary<string, string?>> TheirsAsync(ContentItem item, int id, int latest, CancellationToken ct)
    {
        var saved = await Versions(item.Kind, id).Where(v => v.Number == latest).Select(v => v.Snapshot).SingleOrDefaultAsync(ct);
        return saved is null ? item.Snapshot() : ContentItemType.Deserialize(saved);
    }
}
