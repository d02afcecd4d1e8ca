using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Audit;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.UserImport;

public sealed class UploadPeopleForm
{
    public IFormFile? File { get; set; }

    public string? Text { get; set; }
}

public sealed record UploadPeopleViewModel(UploadPeopleForm Form);

public sealed record ImportPreviewViewModel(string Id, string FileName, UserImportPlan Plan);

public sealed record ImportProgressViewModel(string Id, string FileName, int Invited, int Updated, int Unchanged, int Total, int Sent, int Failed)
{
    public bool Finished => Sent + Failed >= Total;
}

/// Bulk onboarding (ADR 0149): a CSV of people uploaded or pasted, a preview of every row (nothing written), then
/// all or nothing on confirmation, with the invitations sent in the background and their progress on a page that
/// refreshes itself. The export writes the trust's people in the same format.
[Authorize(Policy = Policies.ManageUsers)]
[Route("admin/users")]
public sealed class UserImportController(TrustPortalDbContext db, UserImporter importer, InvitationSignal queue, IConfiguration configuration, TimeProvider clock, AuditTrail audit, FormWrites writes) : Controller
{
    /// A preview not confirmed within a day is gone: the accounts may have changed since.
    public static readonly TimeSpan PreviewLifetime = TimeSpan.FromDays(1);

    private int TrustId => User.TrustId() ?? throw new InvalidOperationException("The ManageUsers policy requires a trust.");

    [HttpGet("import")]
    public IActionResult Import() => View("Upload", new UploadPeopleViewModel(new UploadPeopleForm()));

    [HttpPost("import")]
    [RequestSizeLimit(10_000_000)]
    [RequestFormLimits(MultipartBodyLengthLimit = 10_000_000, ValueLengthLimit = 10_000_000)]
    public async Task<IActionResult> Upload([Bind(Prefix = "Form")] UploadPeopleForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var upload = await PeopleUpload.ReadAsync(form, ct);
        UserImportBatch? batch = null;
        // A create, as an invitation is: the trust is the parent, the kept preview the new row; nothing is said until it is confirmed.
        return await writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = c => db.Trusts.SingleOrDefaultAsync(t => t.Id == TrustId, c),
            Check = (_, _) =>
            {
                if (upload.Problem is { } problem)
                {
                    ModelState.AddModelError(upload.Field, problem);
                }
                return Task.CompletedTask;
            },
            Change = async (_, c) =>
            {
                batch = await KeepPreviewAsync(upload.FileName, upload.Text!, c);
                return null;
            },
            Done = _ => $"/admin/users/import/{batch!.PublicId}",
            Form = (_, _) => View("Upload", new UploadPeopleViewModel(new UploadPeopleForm { Text = form.Text })),
        }, ct);
    }

    [HttpGet("import/{id}")]
    public Task<IActionResult> Preview(string id, CancellationToken ct) =>
        WithBatchAsync(id, confirmed: false, async batch =>
        {
            var plan = await importer.PlanAsync(batch.Csv, TrustId, User.UserId()!, ct);
            return View(new ImportPreviewViewModel(batch.PublicId, batch.FileName, plan));
        }, ct);

    /// Writes the list planned again against the accounts as they are now (what a fresh preview would show), all or
    /// nothing: UserImporter writes it in its own transaction inside the execution strategy, so FormWrites' own save
    /// finds nothing left. Another trust's list is forbidden; a confirmed one goes to its progress; an expired one is
    /// the upload form again with the list in its box, to preview again; a list that cannot be imported, the preview again.
    [HttpPost("import/{id}/confirm")]
    public Task<IActionResult> Confirm(string id, CancellationToken ct)
    {
        UserImportPlan? plan = null;
        return writes.RunAsync(this, new FormWrite<UserImportBatch>
        {
            Load = c => id.Length > 64 ? Task.FromResult<UserImportBatch?>(null) : db.UserImportBatches.SingleOrDefaultAsync(b => b.PublicId == id, c),
            Refuse = (batch, _) => Task.FromResult(batch.TrustId != TrustId ? Forbid()
                : batch.ConfirmedUtc is not null ? Redirect($"/admin/users/import/{batch.PublicId}/progress") : (IActionResult?)null),
            Check = async (batch, c) => plan = await PlanAgainAsync(batch, c),
            Change = (batch, c) => ImportAsync(plan!, batch, c),
            AfterSave = (_, _) =>
            {
                queue.Wake();
                return FormWrites.Done(null);
            },
            Done = batch => $"/admin/users/import/{batch.PublicId}/progress",
            Form = (batch, _) => plan is null
                ? View("Upload", new UploadPeopleViewModel(new UploadPeopleForm { Text = batch.Csv }))
                : View("Preview", new ImportPreviewViewModel(batch.PublicId, batch.FileName, plan)),
        }, ct);
    }

    /// The batch planned again, or null when it has expired; what stops it being confirmed goes in ModelState.
    private async Task<UserImportPlan?> PlanAgainAsync(UserImportBatch batch, CancellationToken ct)
    {
        if (IsExpired(batch))
        {
            ModelState.AddModelError("Form." + nameof(UploadPeopleForm.Text), "That preview has expired: your list is in the box below, preview it again");
            return null;
        }
        var plan = await importer.PlanAsync(batch.Csv, TrustId, User.UserId()!, ct);
        if (!plan.CanConfirm)
        {
            ModelState.AddModelError("", plan.Rejected.Count > 0 || plan.FileProblem is not null
                ? "Nothing was imported: some rows cannot be imported. Correct them in your file and upload it again"
                : "Nothing was imported: everyone in the list is already up to date");
        }
        return plan;
    }

    /// The import's message, or none when another click or administrator confirmed the batch a moment ago (its
    /// progress page says what was done).
    private async Task<string?> ImportAsync(UserImportPlan plan, UserImportBatch batch, CancellationToken ct)
    {
        try
        {
            return await importer.ApplyAsync(plan, batch, InvitationMail.BaseUrl(configuration, Request), ct)
                ? string.Create(CultureInfo.InvariantCulture, $"Imported {batch.FileName}: {plan.Invites} to invite, {plan.Updates} updated, {plan.Unchanged} unchanged")
                : null;
        }
        catch (DbUpdateException e)
        {
            throw new DomainRuleException("Nothing was imported: the accounts changed while the import was being written. Check the preview again and confirm", e);
        }
    }

    [HttpGet("import/{id}/progress")]
    public Task<IActionResult> Progress(string id, CancellationToken ct) =>
        WithBatchAsync(id, confirmed: true, async batch =>
        {
            var counts = await db.PendingInvitations.AsNoTracking().Where(p => p.BatchId == batch.Id)
                .GroupBy(p => p.BatchId)
                .Select(g => new { Total = g.Count(), Sent = g.Count(p => p.SentUtc != null), Failed = g.Count(p => p.FailedUtc != null && p.SentUtc == null) })
                .SingleOrDefaultAsync(ct);
            var model = new ImportProgressViewModel(batch.PublicId, batch.FileName, batch.Invited, batch.Updated, batch.Unchanged,
                counts?.Total ?? 0, counts?.Sent ?? 0, counts?.Failed ?? 0);
            if (!model.Finished)
            {
                // The page refreshes itself while invitations go out: no JavaScript needed.
                Response.Headers["Refresh"] = "3";
            }
            return View(model);
        }, ct);

    /// The trust's people in the import's own format (name, email, role, schools by URN), safe to open in a spreadsheet.
    [HttpGet("people.csv")]
    public async Task<IActionResult> Export(CancellationToken ct)
    {
        var (csv, _) = await PeopleLists.ExportAsync(db, TrustId, ct);
        await audit.RecordExportAsync("people CSV", TrustId.ToString(CultureInfo.InvariantCulture), TrustId, ct);
        return File(new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8", "people.csv");
    }

    /// The list kept as a preview until it is confirmed (saved by FormWrites). Old previews nobody confirmed hold
    /// people's details: they go when a new one comes.
    private async Task<UserImportBatch> KeepPreviewAsync(string fileName, string csv, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await PeopleLists.ForgetUnconfirmedAsync(db, TrustId, now - PreviewLifetime, ct);
        var batch = PeopleLists.NewBatch(TrustId, User.UserId()!, User.FindFirstValue(PortalClaims.DisplayName) ?? "Your trust administrator",
            Domain.StoredText.SingleLine(fileName.Length > 200 ? fileName[..200] : fileName), csv, now);
        db.UserImportBatches.Add(batch);
        return batch;
    }

    /// The batch, to <paramref name="next"/>, if it is this trust's and in the state the page is for; otherwise the
    /// answer to give: none, 404; another trust's, 403; an expired preview, back to the upload; a preview for the
    /// progress page or a confirmed batch for the preview, the page it is at.
    private async Task<IActionResult> WithBatchAsync(string id, bool confirmed, Func<UserImportBatch, Task<IActionResult>> next, CancellationToken ct)
    {
        var batch = id.Length > 64 ? null : await db.UserImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.PublicId == id, ct);
        if (batch is null)
        {
            return NotFound();
        }
        if (batch.TrustId != TrustId)
        {
            return Forbid();
        }
        if (IsExpired(batch))
        {
            TempData["Problem"] = "That preview has expired: upload the list again";
            return Redirect("/admin/users/import");
        }
        if ((batch.ConfirmedUtc is not null) != confirmed)
        {
            return Redirect(confirmed ? $"/admin/users/import/{batch.PublicId}" : $"/admin/users/import/{batch.PublicId}/progress");
        }
        return await next(batch);
    }

    private bool IsExpired(UserImportBatch batch) => batch.ConfirmedUtc is null && batch.CreatedUtc < clock.GetUtcNow().UtcDateTime - PreviewLifetime;
}
