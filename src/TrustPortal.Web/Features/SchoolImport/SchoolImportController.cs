using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.SchoolAdmin;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.SchoolImport;

public sealed class UploadGiasForm
{
    public IFormFile? File { get; set; }

    [StringLength(200, ErrorMessage = "The GIAS trust name or UID must be 200 characters or fewer")]
    public string? Group { get; set; }

    [StringLength(4000, ErrorMessage = "The URN list must be 4,000 characters or fewer")]
    public string? Urns { get; set; }

    /// An explicit choice to preview every row: the national extract holds thousands of other trusts' schools.
    public bool AllRows { get; set; }
}

public sealed record UploadGiasViewModel(UploadGiasForm Form);

public sealed record ImportPreviewViewModel(GiasUpload Upload, ImportPlan Plan)
{
    /// Schools listed on the page in each section; the full report (every row) is a download.
    public const int ShownPerSection = 500;
}

/// The GIAS import for trust administrators: upload an extract, preview what it would change (nothing written),
/// then confirm to write it all or nothing. The plan is recomputed on confirmation against the database as it is then.
[Authorize(Policy = Policies.ManageSchools)]
[Route("admin/schools/import")]
public sealed class SchoolImportController(TrustPortalDbContext db, GiasUploadStore uploads, FormWrites writes) : Controller
{
    /// The national extract is about 60 MB.
    public const long MaxUploadBytes = 100_000_000;

    private int TrustId => User.TrustId() ?? throw new InvalidOperationException("The ManageSchools policy requires a trust.");

    [HttpGet("")]
    public IActionResult Index() => View("Upload", new UploadGiasViewModel(new UploadGiasForm()));

    [HttpPost("")]
    [RequestSizeLimit(MaxUploadBytes + 1_000_000)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes + 1_000_000)]
    public async Task<IActionResult> Upload([Bind(Prefix = "Form")] UploadGiasForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var urns = ParseUrns(form.Urns);
        if (string.IsNullOrWhiteSpace(form.Group) && string.IsNullOrWhiteSpace(form.Urns) && !form.AllRows)
        {
            ModelState.AddModelError("Form.Group", "Enter your trust's name or UID as GIAS writes it, or choose to preview every row in the file");
        }
        if (await ProblemWithAsync(form.File) is { } problem)
        {
            ModelState.AddModelError("Form.File", problem);
        }
        if (!ModelState.IsValid)
        {
            return View("Upload", new UploadGiasViewModel(form));
        }
        await using var content = form.File!.OpenReadStream();
        var upload = await uploads.SaveAsync(content, User.UserId()!, TrustId, form.File.FileName, form.Group?.Trim(), urns, ct);
        return Redirect($"/admin/schools/import/{upload.Token}");
    }

    /// What is wrong with the uploaded file, if anything: none, empty, too large, not a CSV, or a header with no URN.
    private static async Task<string?> ProblemWithAsync(IFormFile? file)
    {
        if (file is null)
        {
            return "Select a GIAS edubasealldata CSV extract";
        }
        if (file.Length == 0)
        {
            return "The selected file is empty";
        }
        if (file.Length > MaxUploadBytes)
        {
            return "The selected file must be smaller than 100 MB";
        }
        if (!string.Equals(Path.GetExtension(file.FileName), ".csv", StringComparison.OrdinalIgnoreCase))
        {
            return "The selected file must be a CSV file, like edubasealldata20260101.csv";
        }
        await using var stream = file.OpenReadStream();
        try
        {
            // Reading the first row checks the header: not a CSV, or no URN column, is refused here.
            using var rows = GiasExtract.Read(stream).GetEnumerator();
            rows.MoveNext();
            return null;
        }
        catch (GiasFormatException ex)
        {
            return ex.Message;
        }
    }

    [HttpGet("{token}")]
    public async Task<IActionResult> Preview(string token, CancellationToken ct)
    {
        var upload = await uploads.FindAsync(token, User.UserId(), TrustId, ct);
        if (upload is null)
        {
            return Expired();
        }
        return View(new ImportPreviewViewModel(upload, await PlanAsync(upload, ct)));
    }

    [HttpGet("{token}/report")]
    public async Task<IActionResult> Report(string token, CancellationToken ct)
    {
        var upload = await uploads.FindAsync(token, User.UserId(), TrustId, ct);
        if (upload is null)
        {
            return Expired();
        }
        var plan = await PlanAsync(upload, ct);
        var text = new StringWriter(CultureInfo.InvariantCulture);
        ImportReport.Write(plan, text);
        return File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/plain; charset=utf-8", "gias-import-preview.txt");
    }

    /// Writes the plan recomputed against the database as it is now, all or nothing (GiasImporter, in one transaction
    /// inside the execution strategy), through the one write shape: FormWrites' own save then finds nothing left. An
    /// upload that has gone (expired, imported already, or another person's) is the upload form again, its reason
    /// beside the file; schools changed during the write, the preview again.
    [HttpPost("{token}/confirm")]
    public Task<IActionResult> Confirm(string token, CancellationToken ct)
    {
        GiasUpload? upload = null;
        ImportPlan? plan = null;
        return writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = c => db.Trusts.SingleOrDefaultAsync(t => t.Id == TrustId, c),
            Check = async (_, c) =>
            {
                upload = await uploads.FindAsync(token, User.UserId(), TrustId, c);
                if (upload is null)
                {
                    ModelState.AddModelError("Form.File", ExpiredMessage);
                    return;
                }
                plan = await PlanAsync(upload, c);
            },
            Change = async (_, c) => await ImportAsync(upload!, plan!, c),
            Done = _ => "/admin/schools",
            Form = (_, _) => upload is null
                ? View("Upload", new UploadGiasViewModel(new UploadGiasForm()))
                : View("Preview", new ImportPreviewViewModel(upload, plan!)),
        }, ct);
    }

    /// The import's message; nothing to import is said as well, and the upload goes either way.
    private async Task<string> ImportAsync(GiasUpload upload, ImportPlan plan, CancellationToken ct)
    {
        if (!plan.HasChanges)
        {
            uploads.Delete(upload.Token);
            return "Nothing was imported: every readable school is already up to date";
        }
        try
        {
            await new GiasImporter(db).ApplyAsync(plan, TrustId, ct);
        }
        catch (DbUpdateException e)
        {
            throw new DomainRuleException("Nothing was imported: the schools changed while the import was being written. Check the preview again and confirm.", e);
        }
        uploads.Delete(upload.Token);
        var rejected = plan.Rejected.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {plan.Rejected.Count} rejected rows were not imported") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Imported {upload.FileName}: {plan.Added.Count} added, {plan.Updated.Count} updated, {plan.Unchanged} unchanged{rejected}");
    }

    private async Task<ImportPlan> PlanAsync(GiasUpload upload, CancellationToken ct)
    {
        await using var stream = uploads.Open(upload);
        return await new GiasImporter(db).PlanAsync(stream, TrustId, upload.Filter, ct);
    }

    private const string ExpiredMessage = "That upload has expired or has already been imported: upload the file again";

    /// For the preview and its report: the upload page, with the reason as its banner.
    private RedirectResult Expired()
    {
        TempData["Problem"] = ExpiredMessage;
        return Redirect("/admin/schools/import");
    }

    /// URNs separated by commas, spaces or new lines; each one that is not six digits is an error on the field.
    private List<int> ParseUrns(string? text)
    {
        var urns = new List<int>();
        if (string.IsNullOrWhiteSpace(text) || ModelState.HasError("Form.Urns"))
        {
            return urns;
        }
        foreach (var part in text.Split([',', ' ', '\n', '\r', '\t', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (School.TryParseUrn(part, out var urn))
            {
                urns.Add(urn);
            }
            else
            {
                ModelState.AddModelError("Form.Urns", $"\"{(part.Length > 20 ? part[..20] + "…" : part)}\" is not a six-digit URN");
                break;
            }
        }
        return urns;
    }
}
