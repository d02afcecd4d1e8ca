using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Audit;

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
public sealed class UserImportController(TrustPortalDbContext db, UserImporter importer, InvitationSignal queue, IConfiguration configuration, TimeProvider clock, AuditTrail audit) : Controller
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
        string? text = null;
        var fileName = "pasted list";
        var field = "Form.Text";
        if (form.File is { Length: > 0 } file)
        {
            field = "Form.File";
            fileName = Path.GetFileName(file.FileName);
            if (file.Length > PeopleCsv.MaxBytes)
            {
                ModelState.AddModelError(field, "The selected file is larger than 2 MB: split it into smaller files of up to 5,000 people each");
            }
            else if (!(fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)))
            {
                ModelState.AddModelError(field, "The selected file must be a CSV file: in your spreadsheet, choose Save as, then \"CSV UTF-8 (comma delimited)\"");
            }
            else
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                text = PeopleCsv.Decode(buffer.ToArray());
            }
        }
        else if (form.File is { Length: 0 })
        {
            field = "Form.File";
            ModelState.AddModelError(field, "The selected file is empty");
        }
        else if (!string.IsNullOrWhiteSpace(form.Text))
        {
            text = form.Text;
        }
        else
        {
            ModelState.AddModelError("Form.File", "Choose a CSV file, or paste the list into the box");
        }
        if (text is not null && PeopleCsv.Read(text).Problem is { } problem)
        {
            ModelState.AddModelError(field, problem);
        }
        if (!ModelState.IsValid || text is null)
        {
            return View("Upload", new UploadPeopleViewModel(new UploadPeopleForm { Text = form.Text }));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        // Old previews nobody confirmed hold people's details: they go when a new one comes.
        var stale = now - PreviewLifetime;
        await db.UserImportBatches.Where(b => b.TrustId == TrustId && b.ConfirmedUtc == null && b.CreatedUtc < stale).ExecuteDeleteAsync(ct);
        var batch = new UserImportBatch
        {
            PublicId = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
            TrustId = TrustId,
            UploadedByUserId = User.UserId()!,
            UploadedByName = User.FindFirstValue(PortalClaims.DisplayName) ?? "Your trust administrator",
            FileName = Domain.StoredText.SingleLine(fileName.Length > 200 ? fileName[..200] : fileName),
            Csv = text,
            CreatedUtc = now,
        };
        db.UserImportBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        return Redirect($"/admin/users/import/{batch.PublicId}");
    }

    [HttpGet("import/{id}")]
    public async Task<IActionResult> Preview(string id, CancellationToken ct)
    {
        var (batch, refusal) = await FindAsync(id, ct);
        if (batch is null)
        {
            return refusal!;
        }
        if (batch.ConfirmedUtc is not null)
        {
            return Redirect($"/admin/users/import/{batch.PublicId}/progress");
        }
        var plan = await importer.PlanAsync(batch.Csv, TrustId, User.UserId()!, ct);
        return View(new ImportPreviewViewModel(batch.PublicId, batch.FileName, plan));
    }

    [HttpPost("import/{id}/confirm")]
    public async Task<IActionResult> Confirm(string id, CancellationToken ct)
    {
        var (batch, refusal) = await FindAsync(id, ct);
        if (batch is null)
        {
            return refusal!;
        }
        if (batch.ConfirmedUtc is not null)
        {
            return Redirect($"/admin/users/import/{batch.PublicId}/progress");
        }
        // Planned again against the accounts as they are now: what is written is what a fresh preview would show.
        var plan = await importer.PlanAsync(batch.Csv, TrustId, User.UserId()!, ct);
        if (!plan.CanConfirm)
        {
            TempData["Problem"] = plan.Rejected.Count > 0 || plan.FileProblem is not null
                ? "Nothing was imported: some rows cannot be imported. Correct them in your file and upload it again"
                : "Nothing was imported: everyone in the list is already up to date";
            return Redirect($"/admin/users/import/{batch.PublicId}");
        }
        try
        {
            await importer.ApplyAsync(plan, batch, InvitationMail.BaseUrl(configuration, Request), ct);
        }
        catch (DbUpdateException)
        {
            TempData["Problem"] = "Nothing was imported: the accounts changed while the import was being written. Check the preview again and confirm";
            return Redirect($"/admin/users/import/{batch.PublicId}");
        }
        queue.Wake();
        TempData["Success"] = string.Create(CultureInfo.InvariantCulture,
            $"Imported {batch.FileName}: {plan.Invites} to invite, {plan.Updates} updated, {plan.Unchanged} unchanged");
        return Redirect($"/admin/users/import/{batch.PublicId}/progress");
    }

    [HttpGet("import/{id}/progress")]
    public async Task<IActionResult> Progress(string id, CancellationToken ct)
    {
        var (batch, refusal) = await FindAsync(id, ct);
        if (batch is null)
        {
            return refusal!;
        }
        if (batch.ConfirmedUtc is null)
        {
            return Redirect($"/admin/users/import/{batch.PublicId}");
        }
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
    }

    /// The trust's people in the import's own format (name, email, role, schools by URN), safe to open in a spreadsheet.
    [HttpGet("people.csv")]
    public async Task<IActionResult> Export(CancellationToken ct)
    {
        var people = await db.Users.AsNoTracking().Where(u => u.TrustId == TrustId)
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new
            {
                u.DisplayName,
                Email = u.Email ?? "",
                Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).FirstOrDefault() ?? "",
                Urns = db.UserSchools.Where(l => l.UserId == u.Id).Join(db.Schools, l => l.SchoolId, s => s.Id, (l, s) => s.Urn).OrderBy(n => n).ToList(),
            })
            .ToListAsync(ct);
        await audit.RecordExportAsync("people CSV", TrustId.ToString(CultureInfo.InvariantCulture), TrustId, ct);
        var csv = PeopleCsv.Write(people.Select(p => (p.DisplayName, p.Email, p.Role, (IReadOnlyList<int>)p.Urns)));
        return File(new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8", "people.csv");
    }

    /// The batch if it is this trust's; otherwise the answer to give (another trust's: 403; none, or expired: back to the upload).
    private async Task<(UserImportBatch? Batch, IActionResult? Refusal)> FindAsync(string id, CancellationToken ct)
    {
        var batch = id.Length > 64 ? null : await db.UserImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.PublicId == id, ct);
        if (batch is null)
        {
            return (null, NotFound());
        }
        if (batch.TrustId != TrustId)
        {
            return (null, Forbid());
        }
        if (batch.ConfirmedUtc is null && batch.CreatedUtc < clock.GetUtcNow().UtcDateTime - PreviewLifetime)
        {
            TempData["Problem"] = "That preview has expired: upload the list again";
            return (null, Redirect("/admin/users/import"));
        }
        return (batch, null);
    }
}
