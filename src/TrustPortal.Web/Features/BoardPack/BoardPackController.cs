using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.Common;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.BoardPack;

/// The board pack (one model, five formats), its executive summary, and packs of record: issuing a pack to a meeting
/// freezes its files, and an issued pack is always served from what was frozen (ADR 0161).
[TrustMembersOnly]
[Authorize(Policy = Policies.ReviewPlan)]
[Route("{trustSlug:trust}/board/packs")]
public sealed class BoardPackController(TrustPortalDbContext db, PackBuilder builder, PackIssuer issuer, FormWrites writes, TimeProvider clock) : Controller
{
    private static IReadOnlyDictionary<string, (string ContentType, Func<PackModel, byte[]> Render)> Formats => PackIssuer.Formats;

    /// The packs issued so far, the current pack in every format, and (for the central team) the summary and issuing.
    [HttpGet("")]
    public async Task<IActionResult> Index(TrustBrand trust, CancellationToken ct)
    {
        var issued = await db.IssuedPacks.AsNoTracking().Where(p => p.TrustId == trust.Id).OrderByDescending(p => p.IssuedAt).ThenByDescending(p => p.Id)
            .Select(p => new IssuedPackRow(p.Id, p.MeetingTitle, p.MeetingOn, p.Scope, p.IssuedBy, p.IssuedAt,
                db.ReviewCycles.Where(c => c.Id == p.ReviewCycleId).Select(c => c.Name).First(),
                p.Files.OrderBy(f => f.Id).Select(f => new IssuedFileRow(f.Format, f.Size)).ToList()))
            .AsSplitQuery()
            .ToListAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return View(new PackIndexViewModel(trust, issued, new IssuePackForm { MeetingOn = DateParts.From(today) }, User.IsInRole(Roles.TrustAdmin)));
    }

    /// The print page: the pack as HTML without the site's header, navigation or footer.
    [HttpGet("current")]
    public async Task<IActionResult> Current(TrustBrand trust, int? cycle, int? theme, Phase? phase, PackScope? scope, CancellationToken ct)
    {
        var pack = await builder.BuildAsync(trust, PackRequestFor(cycle, theme, phase, scope), ct);
        return pack is null ? NotFound() : View("Print", new PrintViewModel(trust, pack, Query(cycle, theme, phase, scope)));
    }

    [HttpGet("current.{format:regex(^(docx|pdf|xlsx|csv)$)}")]
    public async Task<IActionResult> CurrentFile(TrustBrand trust, string format, int? cycle, int? theme, Phase? phase, PackScope? scope, CancellationToken ct)
    {
        var pack = await builder.BuildAsync(trust, PackRequestFor(cycle, theme, phase, scope), ct);
        if (pack is null)
        {
            return NotFound();
        }
        var (contentType, render) = Formats[format];
        return File(render(pack), contentType, FileName(pack, format));
    }

    /// An issued pack, byte for byte as it was frozen.
    [HttpGet("{id:int}.{format:regex(^(docx|pdf|xlsx|csv)$)}")]
    public async Task<IActionResult> IssuedFile(TrustBrand trust, int id, string format, CancellationToken ct)
    {
        var file = await db.IssuedPackFiles.AsNoTracking()
            .Where(f => f.IssuedPackId == id && f.Format == format && db.IssuedPacks.Any(p => p.Id == id && p.TrustId == trust.Id))
            .Select(f => new { f.ContentType, f.FileName, f.Content }).SingleOrDefaultAsync(ct);
        return file is null ? NotFound() : File(file.Content, file.ContentType, file.FileName);
    }

    [HttpGet("summary")]
    [Authorize(Policy = Policies.PreparePack)]
    public async Task<IActionResult> Summary(TrustBrand trust, int? cycle, CancellationToken ct)
    {
        var target = await CycleAsync(trust, cycle, ct);
        if (target is null)
        {
            return NotFound();
        }
        var summary = await db.ExecutiveSummaries.AsNoTracking().Where(s => s.TrustId == trust.Id && s.ReviewCycleId == target.Value.Id)
            .Select(s => new { s.Markdown, s.Version }).FirstOrDefaultAsync(ct);
        return View(new SummaryViewModel(trust, target.Value.Id, target.Value.Name,
            new WriteSummaryForm { Markdown = summary?.Markdown, Version = summary?.Version ?? Guid.Empty }));
    }

    [HttpPost("summary")]
    [Authorize(Policy = Policies.PreparePack)]
    public async Task<IActionResult> Summary(TrustBrand trust, int cycle, [Bind(Prefix = "Form")] WriteSummaryForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var target = await CycleAsync(trust, cycle, ct);
        if (target is null)
        {
            return NotFound();
        }
        var (cycleId, cycleName) = target.Value;
        var by = User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity!.Name!;
        return await writes.RunAsync(this, new FormWrite<ExecutiveSummary>
        {
            // The first save of a cycle's summary makes it: there is no earlier version to compare with.
            Load = async c => await db.ExecutiveSummaries.SingleOrDefaultAsync(s => s.TrustId == trust.Id && s.ReviewCycleId == cycleId, c)
                ?? db.ExecutiveSummaries.Add(new ExecutiveSummary(trust.Id, cycleId, null, by, clock.GetUtcNow()) ).Entity,
            Seen = form.Version == Guid.Empty ? null : form,
            Change = (summary, _) =>
            {
                summary.Edit(form.Markdown, by, clock.GetUtcNow());
                return FormWrites.Done($"Executive summary saved for {cycleName}. It stays a draft until a pack is issued.");
            },
            FieldOf = _ => "Form.Markdown",
            Done = _ => $"/{trust.Slug}/board/packs",
            Form = (summary, _) => View(new SummaryViewModel(trust, cycleId, cycleName, form)),
        }, ct);
    }

    /// Issues the current pack to a meeting: every format is rendered once and frozen (PackIssuer), saved by the write.
    [HttpPost("issue")]
    [Authorize(Policy = Policies.PreparePack)]
    public Task<IActionResult> Issue(TrustBrand trust, [Bind(Prefix = "Form")] IssuePackForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var meetingOn = default(DateOnly);
        return writes.RunAsync(this, new FormWrite<TrustBrand>
        {
            Load = _ => Task.FromResult<TrustBrand?>(trust),
            Check = (_, _) =>
            {
                string? error = null;
                if (form.MeetingOn is null || !form.MeetingOn.TryGet("Date of the meeting", out meetingOn, out error))
                {
                    ModelState.AddModelError("Form.MeetingOn", error ?? "Enter the date of the meeting");
                }
                return Task.CompletedTask;
            },
            Change = async (_, c) =>
            {
                var issued = await issuer.IssueAsync(trust, form.MeetingTitle!, meetingOn, form.Scope, User.DisplayName(), null, c);
                if (issued is null)
                {
                    ModelState.AddModelError("", PackIssuer.NothingToReport);
                }
                return $"Pack issued to {issued?.MeetingTitle} on {PackModel.Date(meetingOn)}. Its files are now fixed.";
            },
            FieldOf = field => field == nameof(IssuedPack.MeetingOn) ? "Form.MeetingOn" : "Form.MeetingTitle",
            Done = _ => $"/{trust.Slug}/board/packs",
            FormAsync = (_, _) => IndexWithAsync(trust, form, ct),
        }, ct);
    }

    private async Task<IActionResult> IndexWithAsync(TrustBrand trust, IssuePackForm form, CancellationToken ct)
    {
        var page = (ViewResult)await Index(trust, ct);
        var model = (PackIndexViewModel)page.Model!;
        return View("Index", model with { Form = form });
    }

    private async Task<(int Id, string Name)?> CycleAsync(TrustBrand trust, int? cycleId, CancellationToken ct)
    {
        var cycles = await db.ReviewCycles.AsNoTracking()
            .Where(c => db.StrategicPlans.Any(p => p.Id == c.StrategicPlanId && p.TrustId == trust.Id && p.Status != Domain.Plans.PlanStatus.Archived))
            .OrderBy(c => c.OpensOn).Select(c => new { c.Id, c.Name, c.State }).ToListAsync(ct);
        var cycle = cycleId is null
            ? cycles.LastOrDefault(c => c.State != Domain.Progress.CycleState.Planned) ?? cycles.LastOrDefault()
            : cycles.FirstOrDefault(c => c.Id == cycleId);
        return cycle is null ? null : (cycle.Id, cycle.Name);
    }

    private PackRequest PackRequestFor(int? cycle, int? theme, Phase? phase, PackScope? scope) =>
        new(cycle, theme, phase, scope ?? PackScope.Full, User.FindFirst(PortalClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "");

    private static string Query(int? cycle, int? theme, Phase? phase, PackScope? scope)
    {
        var parts = new List<string>();
        if (cycle is not null) { parts.Add($"cycle={cycle}"); }
        if (theme is not null) { parts.Add($"theme={theme}"); }
        if (phase is not null) { parts.Add($"phase={phase}"); }
        if (scope is PackScope.ExceptionsSinceLastMeeting) { parts.Add($"scope={scope}"); }
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static string FileName(PackModel pack, string format) => PackIssuer.FileName(pack, format);
}

public sealed record IssuedFileRow(string Format, int Size);
public sealed record IssuedPackRow(int Id, string MeetingTitle, DateOnly MeetingOn, PackScope Scope, string IssuedBy, DateTimeOffset IssuedAt,
    string CycleName, List<IssuedFileRow> Files);

public sealed record PackIndexViewModel(TrustBrand Trust, IReadOnlyList<IssuedPackRow> Issued, IssuePackForm Form, bool MayPrepare) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;
}

public sealed record PrintViewModel(TrustBrand Trust, PackModel Pack, string Query) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;
}

public sealed record SummaryViewModel(TrustBrand Trust, int CycleId, string CycleName, WriteSummaryForm Form) : ITrustPage
{
    public TrustSection Section => TrustSection.Board;
}

public sealed class WriteSummaryForm : IVersionedForm
{
    [StringLength(ExecutiveSummary.TextLimit, ErrorMessage = "The executive summary must be 20,000 characters or fewer.")]
    public string? Markdown { get; set; }

    public Guid Version { get; set; }
}

public sealed class IssuePackForm
{
    [Required(ErrorMessage = "Enter the meeting, for example Full board or Standards committee.")]
    [StringLength(Limits.Name, ErrorMessage = "The meeting must be 200 characters or fewer.")]
    public string? MeetingTitle { get; set; }

    public DateParts? MeetingOn { get; set; }

    public PackScope Scope { get; set; }
}
