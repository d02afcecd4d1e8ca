using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.ServiceOperation;

public sealed class SuspendTrustForm
{
    [Required(ErrorMessage = "Say why the trust is suspended, for the operator's records")]
    [StringLength(Limits.Statement, ErrorMessage = "The reason must be 4000 characters or fewer")]
    public string? Reason { get; set; }
}

public sealed class DeleteTrustForm
{
    [Required(ErrorMessage = "Type the trust's name to confirm")]
    [StringLength(Limits.Name, ErrorMessage = "The trust's name is 200 characters or fewer")]
    public string? ConfirmName { get; set; }
}

public sealed record OperatorTrustViewModel(string Name, string Slug, string? GiasGroupUid, bool BeingSetUp, DateTime? SuspendedUtc, string? SuspensionReason,
    IReadOnlyList<OperatorLogRow> Log);

public sealed record OperatorLogRow(long Id, DateTime AtUtc, string OperatorName, OperatorActionKind Action, string TrustSlug, string TrustName, string? Reason, bool HasExport);

public sealed record OperatorFormViewModel<TForm>(string Name, string Slug, TForm Form);

public sealed record OperatorLogViewModel(IReadOnlyList<OperatorLogRow> Entries);

/// A trust's life on the installation: suspend and reactivate, export, delete after export (ADR 0150). Each step is
/// written to the operator's log with who did it; the log names the trust by address, so it outlives a deletion.
public sealed partial class OperatorController
{
    [HttpGet("trusts/{slug}")]
    public async Task<IActionResult> Details(string slug, CancellationToken ct)
    {
        var trust = await db.Trusts.AsNoTracking().Where(t => t.Slug == slug)
            .Select(t => new { t.Name, t.Slug, t.GiasGroupUid, t.IsBeingSetUp, t.SuspendedUtc, t.SuspensionReason }).SingleOrDefaultAsync(ct);
        if (trust is null)
        {
            return NotFound();
        }
        var log = await LogRows(db.OperatorLog.Where(e => e.TrustSlug == slug)).Take(50).ToListAsync(ct);
        return View(new OperatorTrustViewModel(trust.Name, trust.Slug, trust.GiasGroupUid, trust.IsBeingSetUp, trust.SuspendedUtc, trust.SuspensionReason, log));
    }

    [HttpGet("trusts/{slug}/suspend")]
    public async Task<IActionResult> Suspend(string slug, CancellationToken ct) =>
        await NameOfAsync(slug, ct) is { } name ? View(new OperatorFormViewModel<SuspendTrustForm>(name, slug, new SuspendTrustForm())) : NotFound();

    [HttpPost("trusts/{slug}/suspend")]
    public Task<IActionResult> Suspend(string slug, [Bind(Prefix = "Form")] SuspendTrustForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        return writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = c => db.Trusts.SingleOrDefaultAsync(t => t.Slug == slug, c),
            Change = (trust, _) =>
            {
                trust.Suspend(form.Reason, clock.GetUtcNow().UtcDateTime);
                LogLifecycleChange(trust, OperatorActionKind.Suspended, trust.SuspensionReason);
                return FormWrites.Done($"{trust.Name} is suspended: its people and visitors see a page that says so, and nobody of the trust can sign in. Nothing has been deleted.");
            },
            // The reason's rule goes beside its box; a rule about the trust as a whole goes in the summary.
            FieldOf = field => field == nameof(Trust.SuspensionReason) ? "Form." + nameof(form.Reason) : string.Empty,
            AfterSave = PollAsync,
            Done = _ => $"/operator/trusts/{slug}",
            Form = (trust, _) => View(new OperatorFormViewModel<SuspendTrustForm>(trust.Name, slug, form)),
        }, ct);
    }

    [HttpPost("trusts/{slug}/reactivate")]
    public Task<IActionResult> Reactivate(string slug, CancellationToken ct) =>
        writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = c => db.Trusts.SingleOrDefaultAsync(t => t.Slug == slug, c),
            Change = (trust, _) =>
            {
                trust.Reactivate();
                LogLifecycleChange(trust, OperatorActionKind.Reactivated, null);
                return FormWrites.Done($"{trust.Name} is active again: its pages are back and its people can sign in.");
            },
            FieldOf = _ => string.Empty,
            AfterSave = PollAsync,
            Done = _ => $"/operator/trusts/{slug}",
        }, ct);

    /// The trust's whole data as the same zip as `trusts export` (ADR 0097).
    [HttpPost("trusts/{slug}/export")]
    public async Task<IActionResult> Export(string slug, CancellationToken ct)
    {
        var trust = await db.Trusts.AsNoTracking().Where(t => t.Slug == slug).Select(t => new { t.Id, t.Name, t.Slug }).SingleOrDefaultAsync(ct);
        if (trust is null)
        {
            return NotFound();
        }
        var file = await ExportToTemporaryFileAsync(trust.Id, ct);
        db.OperatorLog.Add(Entry(OperatorActionKind.Exported, trust.Slug, trust.Name, null, null));
        await db.SaveChangesAsync(ct);
        return File(file, "application/zip", ExportName(trust.Slug));
    }

    [HttpGet("trusts/{slug}/delete")]
    public async Task<IActionResult> Delete(string slug, CancellationToken ct) =>
        await NameOfAsync(slug, ct) is { } name ? View(new OperatorFormViewModel<DeleteTrustForm>(name, slug, new DeleteTrustForm())) : NotFound();

    /// Exports first and keeps that export in the file store (listed in the operator's log for download), then deletes
    /// every row of the trust in one transaction with the log entry of who deleted it (ADR 0097, 0150).
    [HttpPost("trusts/{slug}/delete")]
    public Task<IActionResult> Delete(string slug, [Bind(Prefix = "Form")] DeleteTrustForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        IReadOnlyList<string> removed = [];
        return writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = c => db.Trusts.SingleOrDefaultAsync(t => t.Slug == slug, c),
            Check = (trust, _) =>
            {
                if (ModelState.IsValid && !string.Equals(form.ConfirmName?.Trim(), trust.Name, StringComparison.Ordinal))
                {
                    ModelState.AddModelError("Form." + nameof(form.ConfirmName), $"Type the trust's name exactly as it is shown, {trust.Name}, to delete it");
                }
                return Task.CompletedTask;
            },
            Change = async (trust, c) =>
            {
                string key;
                await using (var export = await ExportToTemporaryFileAsync(trust.Id, c))
                {
                    key = await files.SaveAsync(export, ExportName(trust.Slug), c);
                }
                // Its own transaction inside the execution strategy, with the log entry of who deleted it.
                removed = await trustData.DeleteAsync(trust.Id, c, Entry(OperatorActionKind.Deleted, trust.Slug, trust.Name, null, key));
                return $"{trust.Name} is deleted: every record of it has gone. Its export is kept in the operator's log for download.";
            },
            AfterSave = async (trust, c) =>
            {
                foreach (var file in removed)
                {
                    await files.DeleteAsync(file, c);
                }
                return await PollAsync(trust, c);
            },
            Done = _ => "/operator/log",
            Form = (trust, _) => View(new OperatorFormViewModel<DeleteTrustForm>(trust.Name, slug, form)),
        }, ct);
    }

    [HttpGet("log")]
    public async Task<IActionResult> Log(CancellationToken ct) =>
        View(new OperatorLogViewModel(await LogRows(db.OperatorLog).Take(200).ToListAsync(ct)));

    [HttpGet("log/{id:long}/export")]
    public async Task<IActionResult> DownloadExport(long id, CancellationToken ct)
    {
        var entry = await db.OperatorLog.AsNoTracking().Where(e => e.Id == id && e.ExportKey != null)
            .Select(e => new { e.ExportKey, e.TrustSlug }).SingleOrDefaultAsync(ct);
        var content = entry is null ? null : await files.OpenAsync(entry.ExportKey!, ct);
        return content is null ? NotFound() : File(content, "application/zip", ExportName(entry!.TrustSlug));
    }

    private static IQueryable<OperatorLogRow> LogRows(IQueryable<OperatorLogEntry> entries) =>
        entries.AsNoTracking().OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id)
            .Select(e => new OperatorLogRow(e.Id, e.AtUtc, e.OperatorName, e.Action, e.TrustSlug, e.TrustName, e.Reason, e.ExportKey != null));

    private Task<string?> NameOfAsync(string slug, CancellationToken ct) =>
        db.Trusts.AsNoTracking().Where(t => t.Slug == slug).Select(t => t.Name).SingleOrDefaultAsync(ct);

    /// The change's log entry and the trust's work stamp, saved with the change, so every cached page of the trust is
    /// out of date at once.
    private void LogLifecycleChange(Trust trust, OperatorActionKind action, string? reason)
    {
        db.OperatorLog.Add(Entry(action, trust.Slug, trust.Name, reason, null));
        var stamp = db.TrustCacheStamps.Attach(TrustCacheStamp.Existing(trust.Id));
        stamp.Entity.Renew(CachedArea.TrustWork);
        stamp.Property(TrustCacheStamp.PropertyOf(CachedArea.TrustWork)).IsModified = true;
    }

    /// One poll after the save, so this instance knows the trust's new state before the next request.
    private async Task<string?> PollAsync(Trust trust, CancellationToken ct)
    {
        await poller.PollOnceAsync(ct);
        return null;
    }

    private OperatorLogEntry Entry(OperatorActionKind action, string slug, string name, string? reason, string? exportKey) =>
        new(clock.GetUtcNow().UtcDateTime, User.UserId()!, User.FindFirstValue(PortalClaims.DisplayName) ?? "The service operator", action, slug, name, reason, exportKey);

    private async Task<FileStream> ExportToTemporaryFileAsync(int trustId, CancellationToken ct)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"trust-export-{Guid.NewGuid():N}.zip"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await trustData.ExportAsync(trustId, file, files.OpenAsync, User.FindFirstValue(PortalClaims.DisplayName) ?? "the service operator", clock.GetUtcNow(), ct);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private string ExportName(string slug) =>
        string.Create(CultureInfo.InvariantCulture, $"{slug}-export-{clock.GetUtcNow():yyyy-MM-dd}.zip");
}
