using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.Audit;

public sealed class AuditFilterForm
{
    [StringLength(100)]
    public string? EntityType { get; set; }

    [StringLength(200)]
    public string? User { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    [Range(1, 100_000, ErrorMessage = "Page must be a positive number")]
    public int Page { get; set; } = 1;
}

/// A choice in the "What changed" filter: the stored type, and its name in words.
public sealed record AuditEntityChoice(string Value, string Label);

public sealed record AuditViewModel(AuditFilterForm Filter, IReadOnlyList<AuditRow> Rows, bool HasNextPage, IReadOnlyList<AuditEntityChoice> EntityTypes);

/// The audit trail of the administrator's own trust, filtered and paged (one page of rows per query).
[Authorize(Policy = Policies.ViewAudit)]
[Route("admin/audit")]
public sealed class AuditController(TrustPortalDbContext db) : Controller
{
    public const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AuditFilterForm filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var trustId = User.TrustId();
        var query = db.AuditEntries.AsNoTracking().Where(a => a.TrustId == trustId);
        if (!ModelState.IsValid)
        {
            filter = new AuditFilterForm();
        }
        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            query = query.Where(a => a.EntityType == filter.EntityType);
        }
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var user = filter.User.Trim();
            query = query.Where(a => a.UserName.Contains(user) || a.UserId == user);
        }
        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(a => a.UtcTime >= start);
        }
        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(a => a.UtcTime < end);
        }
        var rows = await query.OrderByDescending(a => a.Id)
            .Skip((filter.Page - 1) * PageSize).Take(PageSize + 1)
            .Select(a => new StoredAuditRow(a.UtcTime, a.UserName, a.EntityType, a.EntityId, a.Action, a.OldValues, a.NewValues))
            .ToListAsync(ct);
        var types = await db.AuditEntries.AsNoTracking().Where(a => a.TrustId == trustId)
            .Select(a => a.EntityType).Distinct().Take(100).ToListAsync(ct);
        var choices = types.Select(t => new AuditEntityChoice(t, AuditWording.EntityName(t))).OrderBy(c => c.Label, StringComparer.Ordinal).ToList();
        var described = await AuditWording.DescribeAsync(db, trustId, rows.Take(PageSize).ToList(), ct);
        return View(new AuditViewModel(filter, described, rows.Count > PageSize, choices));
    }
}
