using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.UserImport;

/// The list as the administrator sent it, a CSV file or pasted text, after the checks the preview needs before it can
/// read a row: <see cref="Text"/> when it can be read, else the <see cref="Problem"/> to show beside <see cref="Field"/>.
public sealed record PeopleUpload(string? Text, string FileName, string Field, string? Problem)
{
    private const string FileField = "Form.File";
    private const string TextField = "Form.Text";

    public static async Task<PeopleUpload> ReadAsync(UploadPeopleForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var upload = form.File switch
        {
            { Length: > 0 } file => await ReadFileAsync(file, ct),
            { Length: 0 } => new PeopleUpload(null, "pasted list", FileField, "The selected file is empty"),
            _ when !string.IsNullOrWhiteSpace(form.Text) => new PeopleUpload(form.Text, "pasted list", TextField, null),
            _ => new PeopleUpload(null, "pasted list", FileField, "Choose a CSV file, or paste the list into the box"),
        };
        return upload.Text is not null && PeopleCsv.Read(upload.Text).Problem is { } problem ? upload with { Problem = problem } : upload;
    }

    private static async Task<PeopleUpload> ReadFileAsync(IFormFile file, CancellationToken ct)
    {
        var name = Path.GetFileName(file.FileName);
        if (file.Length > PeopleCsv.MaxBytes)
        {
            return new PeopleUpload(null, name, FileField, "The selected file is larger than 2 MB: split it into smaller files of up to 5,000 people each");
        }
        if (!(name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)))
        {
            return new PeopleUpload(null, name, FileField, "The selected file must be a CSV file: in your spreadsheet, choose Save as, then \"CSV UTF-8 (comma delimited)\"");
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return new PeopleUpload(PeopleCsv.Decode(buffer.ToArray()), name, FileField, null);
    }
}

/// The stored lists of people: a new batch, as the page and the command line keep it, and the trust's people as a CSV.
public static class PeopleLists
{
    public static UserImportBatch NewBatch(int trustId, string byUserId, string byName, string fileName, string csv, DateTime now) => new()
    {
        PublicId = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
        TrustId = trustId,
        UploadedByUserId = byUserId,
        UploadedByName = byName,
        FileName = fileName,
        Csv = csv,
        CreatedUtc = now,
    };

    /// Removes the trust's previews nobody confirmed that were made before <paramref name="before"/>: they hold people's details.
    public static Task<int> ForgetUnconfirmedAsync(TrustPortalDbContext db, int trustId, DateTime before, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.UserImportBatches.Where(b => b.TrustId == trustId && b.ConfirmedUtc == null && b.CreatedUtc < before).ExecuteDeleteAsync(ct);
    }

    /// The trust's people in the import's own format (name, email, role, schools by URN), and how many they are.
    public static async Task<(string Csv, int Count)> ExportAsync(TrustPortalDbContext db, int trustId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var people = await db.Users.AsNoTracking().Where(u => u.TrustId == trustId)
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new
            {
                u.DisplayName,
                Email = u.Email ?? "",
                Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).FirstOrDefault() ?? "",
                Urns = db.UserSchools.Where(l => l.UserId == u.Id).Join(db.Schools, l => l.SchoolId, s => s.Id, (l, s) => s.Urn).OrderBy(n => n).ToList(),
            })
            .ToListAsync(ct);
        return (PeopleCsv.Write(people.Select(p => (p.DisplayName, p.Email, p.Role, (IReadOnlyList<int>)p.Urns))), people.Count);
    }
}
