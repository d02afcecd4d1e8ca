using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.AdminContent;

/// The trust administrator edits their own trust's content: the index of everything, and new items. Every save
/// writes a numbered ContentVersion in the same SaveChanges (or, for a new item, the same transaction); edits,
/// moves and removals are ContentItemsController, versions and restore ContentHistoryController.
[Authorize(Policy = Policies.ManageContent)]
[Route("admin/content")]
public sealed class AdminContentController(TrustPortalDbContext db, FormWrites writes, TimeProvider clock) : ContentController(db, writes, clock)
{
    public const string ConflictMessage =
        "Someone else saved a change to this item while you were editing: theirs is shown below; save again to replace it.";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var model = await Db.Trusts.AsNoTracking()
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
        if (kind.ParentKey is not null)
        {
            var parentKind = ContentItemTypes.Find(kind.ParentKey)!;
            if (await OpenAsync(parentKind, parentId ?? -1, tracked: false, ct) is null)
            {
                return await NotOursAsync(parentKind, parentId ?? -1, ct);
            }
        }
        var fields = kind.Fields.ToDictionary(f => f.Key, f => f.Kind == FieldKind.Audience ? nameof(Audience.Public) : null);
        return View("Edit", new ContentEditViewModel(kind, 0, true, new EditContentForm { Fields = fields, ParentId = parentId }, false));
    }

    /// The new item's id comes from the database, so its first version is written just after it, in one transaction
    /// inside the execution strategy (ADR 0130): a retry replays the whole write.
    [HttpPost("{type}/new")]
    public async Task<IActionResult> New(string type, EditContentForm form, [FromForm(Name = "action")] string? submit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var kind = ContentItemTypes.Find(type);
        if (kind is null || !kind.CanAdd)
        {
            return NotFound();
        }
        var values = ContentFields.Validate(kind, form, ModelState);
        if (!ModelState.IsValid || submit == "preview")
        {
            return View("Edit", new ContentEditViewModel(kind, 0, true, form, submit == "preview"));
        }
        object? added = null;
        return await Writes.RunAsync(this, new FormWrite<NewContent>
        {
            Load = c => NewContentAsync(kind, form.ParentId, c),
            Missing = c => NotOursAsync(ContentItemTypes.Find(kind.ParentKey ?? ""), form.ParentId ?? 0, c),
            Change = (at, _) =>
            {
                added = kind.Add(at.Trust, at.Parent, values);
                return FormWrites.Done($"{Capital(kind.Noun)} added");
            },
            AfterSave = async (_, c) =>
            {
                Db.ContentVersions.Add(NewVersion(kind, kind.IdOf(added!), 1, kind.Snapshot(added!), "Added"));
                await Db.SaveChangesAsync(c);
                return null;
            },
            InOneTransaction = true,
            Done = _ => "/admin/content",
            Form = (_, _) => View("Edit", new ContentEditViewModel(kind, 0, true, form, false)),
        }, ct);
    }

    /// The trust, and the list or aim a new statement or point goes into; null when that list or aim is not the trust's.
    private async Task<NewContent?> NewContentAsync(ContentItemType kind, int? parentId, CancellationToken ct)
    {
        var trust = await kind.Load(Db.Trusts).SingleAsync(t => t.Id == TrustId, ct);
        if (kind.ParentKey is null)
        {
            return new NewContent(trust, null);
        }
        return parentId is int id && kind.FindParent(trust, id) is { } parent ? new NewContent(trust, parent) : null;
    }

    public sealed record NewContent(Trust Trust, object? Parent);
}
