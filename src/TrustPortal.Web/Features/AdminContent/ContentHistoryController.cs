using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.AdminContent;

/// The numbered versions of one content item: the list, one version, and restoring it as a new version.
[Authorize(Policy = Policies.ManageContent)]
[Route("admin/content/{type}/{id:int}/history")]
public sealed class ContentHistoryController(TrustPortalDbContext db, FormWrites writes, TimeProvider clock) : ContentController(db, writes, clock)
{
    [HttpGet("")]
    public Task<IActionResult> History(string type, int id, CancellationToken ct) =>
        PageAsync(type, id, async item =>
        {
            var versions = await Versions(item.Kind, id).OrderByDescending(v => v.Number)
                .Select(v => new VersionRow(v.Number, v.SavedBy, v.SavedAtUtc, v.Note)).ToListAsync(ct);
            return View("History", new ContentHistoryViewModel(item.Kind, id, item.Title(), versions));
        }, ct);

    [HttpGet("{number:int}")]
    public Task<IActionResult> Version(string type, int id, int number, CancellationToken ct) =>
        PageAsync(type, id, async item =>
        {
            var version = await Versions(item.Kind, id).Where(v => v.Number == number).SingleOrDefaultAsync(ct);
            if (version is null)
            {
                return NotFound();
            }
            var latest = await LatestAsync(item.Kind, id, ct);
            return View("Version", new ContentVersionViewModel(item.Kind, id, new VersionRow(version.Number, version.SavedBy, version.SavedAtUtc, version.Note),
                number == latest, ContentItemType.Deserialize(version.Snapshot)));
        }, ct);

    [HttpPost("{number:int}/restore")]
    public Task<IActionResult> Restore(string type, int id, int number, CancellationToken ct)
    {
        string? snapshot = null;
        var latest = 0;
        return ButtonAsync(type, id,
            async (item, c) =>
            {
                latest = await LatestAsync(item.Kind, id, c);
                var before = item.Snapshot();
                try
                {
                    item.Kind.Apply(item.Trust, item.Item, ContentItemType.Deserialize(snapshot!));
                }
                catch (DomainRuleException e)
                {
                    throw new DomainRuleException($"Version {number} cannot be restored: {e.Message}", e);
                }
                AddVersions(item.Kind, id, latest, before, item.Snapshot(), $"Restored from version {number}");
                return $"Version {number} restored as version {latest + 1 + (latest == 0 ? 1 : 0)}";
            },
            item => $"/admin/content/{item.Kind.Key}/{id}/history", ct,
            refuse: async (item, c) =>
            {
                snapshot = await Versions(item.Kind, id).Where(v => v.Number == number).Select(v => v.Snapshot).SingleOrDefaultAsync(c);
                return snapshot is null ? NotFound() : null;
            });
    }
}
