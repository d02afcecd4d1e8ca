using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.UserImport;

/// `users import --trust <slug> --file <people.csv> [--confirm]` and `users export --trust <slug> [--to <file.csv>]`:
/// the same preview, rules and format as the administrators' page. Without --confirm nothing is written; with it,
/// the list is written all or nothing and the invitations are sent before the command ends.
public static class UserImportCommand
{
    public static bool Handles(string[] args) => args is ["users", "import" or "export", ..];

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var import = args[1] == "import";
        string? slug = null, file = null, to = null;
        var confirm = false;
        for (var i = 2; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? Domain.StoredText.SingleLine(args[++i]) : null;
            switch (args[i])
            {
                case "--trust":
                    slug = Value();
                    break;
                case "--file" when import:
                    file = Value();
                    break;
                case "--confirm" when import:
                    confirm = true;
                    break;
                case "--to" when !import:
                    to = Value();
                    break;
                default:
                    await stderr.WriteLineAsync($"Unknown option \"{args[i]}\" for users {args[1]}.");
                    return 2;
            }
        }
        if (string.IsNullOrWhiteSpace(slug) || (import && string.IsNullOrWhiteSpace(file)))
        {
            await stderr.WriteLineAsync(import ? "Usage: users import --trust <slug> --file <people.csv> [--confirm]" : "Usage: users export --trust <slug> [--to <file.csv>]");
            return 2;
        }
        var db = services.GetRequiredService<TrustPortalDbContext>();
        var trust = await db.Trusts.AsNoTracking().Where(t => t.Slug == slug.Trim()).Select(t => new { t.Id, t.Name, t.Slug }).SingleOrDefaultAsync(ct);
        if (trust is null)
        {
            await stderr.WriteLineAsync($"No trust with the slug {slug}.");
            return 2;
        }
        return import
            ? await ImportAsync(services, db, trust.Id, trust.Name, file!, confirm, stdout, stderr, ct)
            : await ExportAsync(db, trust.Id, to, stdout, stderr, ct);
    }

    private static async Task<int> ImportAsync(IServiceProvider services, TrustPortalDbContext db, int trustId, string trustName, string file, bool confirm, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            await stderr.WriteLineAsync($"No file at {path}.");
            return 2;
        }
        if (new FileInfo(path).Length > PeopleCsv.MaxBytes)
        {
            await stderr.WriteLineAsync("The file is larger than 2 MB: split it into smaller files of up to 5,000 people each. Nothing was written.");
            return 1;
        }
        var text = PeopleCsv.Decode(await File.ReadAllBytesAsync(path, ct));
        var importer = services.GetRequiredService<UserImporter>();
        var plan = await importer.PlanAsync(text, trustId, "cli", ct);
        await WritePreviewAsync(plan, stdout);
        if (plan.FileProblem is not null || plan.Rejected.Count > 0)
        {
            await stderr.WriteLineAsync(plan.FileProblem is not null
                ? "Nothing was written."
                : string.Create(CultureInfo.InvariantCulture, $"Nothing was written: {plan.Rejected.Count} {(plan.Rejected.Count == 1 ? "row cannot" : "rows cannot")} be imported. Correct the file and run the command again."));
            return 1;
        }
        if (!confirm)
        {
            await stdout.WriteLineAsync(plan.CanConfirm ? "Nothing was written. Run again with --confirm to import." : "Nothing to import: everyone in the file is up to date.");
            return 0;
        }
        if (!plan.CanConfirm)
        {
            await stdout.WriteLineAsync("Nothing to import: everyone in the file is up to date.");
            return 0;
        }
        var baseUrl = services.GetRequiredService<IConfiguration>()[Infrastructure.PortalAddress.BaseUrlSetting];
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            await stderr.WriteLineAsync("Set Portal:BaseUrl (the address people use) so that the invitation links point at the portal. Nothing was written.");
            return 2;
        }
        var batch = PeopleLists.NewBatch(trustId, "cli", trustName.Length > 180 ? "Your trust's administrator" : $"{trustName}'s administrator",
            Path.GetFileName(path), text, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        db.UserImportBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        await importer.ApplyAsync(plan, batch, baseUrl.TrimEnd('/'), ct);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Written: {plan.Invites} invited, {plan.Updates} updated, {plan.Unchanged} unchanged. Sending the invitations…"));
        var sent = await services.GetRequiredService<InvitationSender>().SendPendingAsync(batch.Id,
            n => n % 100 == 0 && n > 0 ? stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{n} sent")) : Task.CompletedTask, ct);
        var failed = await db.PendingInvitations.CountAsync(p => p.BatchId == batch.Id && p.SentUtc == null, ct);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{sent} invitations sent.") +
            (failed > 0 ? string.Create(CultureInfo.InvariantCulture, $" {failed} not sent yet: the portal's background sender tries them again.") : ""));
        return 0;
    }

    /// The same words as the preview page: a line per row, then the totals.
    public static async Task WritePreviewAsync(UserImportPlan plan, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stdout);
        if (plan.FileProblem is not null)
        {
            await stdout.WriteLineAsync(plan.FileProblem);
            return;
        }
        foreach (var r in plan.Rows)
        {
            var detail = r.Reasons.Count > 0 ? ": " + string.Join("; ", r.Reasons) : "";
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Row {r.Row}: {r.ActionText} {r.Email}{detail}"));
        }
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"To invite: {plan.Invites}. To update: {plan.Updates}. No change: {plan.Unchanged}. Cannot be imported: {plan.Rejected.Count}."));
    }

    private static async Task<int> ExportAsync(TrustPortalDbContext db, int trustId, string? to, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var (csv, count) = await PeopleLists.ExportAsync(db, trustId, ct);
        if (string.IsNullOrWhiteSpace(to))
        {
            await stdout.WriteAsync(csv);
            return 0;
        }
        var path = Path.GetFullPath(to);
        if (File.Exists(path))
        {
            await stderr.WriteLineAsync($"{path} exists already; choose a new file (nothing was written).");
            return 1;
        }
        await File.WriteAllTextAsync(path, csv, new System.Text.UTF8Encoding(true), ct);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote {count} people to {path}."));
        return 0;
    }
}
