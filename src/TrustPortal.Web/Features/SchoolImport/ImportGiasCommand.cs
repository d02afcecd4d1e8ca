using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;

namespace TrustPortal.Web.Features.SchoolImport;

/// `schools import-gias <file> --trust <slug> [--dry-run] [--group <GIAS trust name or UID>] [--urns <u1,u2,...>]`:
/// prints the same report as the preview page; writes all or nothing; exits non-zero when any row was rejected.
public static class ImportGiasCommand
{
    public const string Usage = "Usage: schools import-gias <file> --trust <slug> [--dry-run] [--group <GIAS trust name or UID>] [--urns <urn,urn,...>]";

    /// args start after "schools import-gias".
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TrustPortalDbContext db, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? file = null, trustSlug = null, group = null;
        HashSet<int>? urns = null;
        var dryRun = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Next()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"{args[i]} needs a value.");
                }
                return args[++i];
            }
            try
            {
                switch (args[i])
                {
                    case "--trust": trustSlug = Next(); break;
                    case "--group": group = Next(); break;
                    case "--dry-run": dryRun = true; break;
                    case "--urns":
                        urns = [];
                        foreach (var part in Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            if (!Domain.Schools.School.TryParseUrn(part, out var urn))
                            {
                                throw new ArgumentException($"\"{part}\" in --urns is not a six-digit URN.");
                            }
                            urns.Add(urn);
                        }
                        break;
                    case var option when option.StartsWith("--", StringComparison.Ordinal):
                        throw new ArgumentException($"Unknown option {option}.");
                    default:
                        if (file is not null)
                        {
                            throw new ArgumentException($"Only one file may be imported at a time; \"{args[i]}\" is a second.");
                        }
                        file = args[i];
                        break;
                }
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync(ex.Message);
                await error.WriteLineAsync(Usage);
                return 2;
            }
        }
        if (file is null || trustSlug is null)
        {
            await error.WriteLineAsync(file is null ? "Name the extract file to import." : "Name the trust with --trust <slug> (see `trusts list`).");
            await error.WriteLineAsync(Usage);
            return 2;
        }
        if (!File.Exists(file))
        {
            await error.WriteLineAsync($"No file at {Path.GetFullPath(file)}. (Under `dotnet run` the working folder is the project's: give the full path.)");
            return 2;
        }
        var trustId = await db.Trusts.Where(t => t.Slug == trustSlug).Select(t => (int?)t.Id).SingleOrDefaultAsync(ct);
        if (trustId is null)
        {
            await error.WriteLineAsync($"No trust has the slug \"{trustSlug}\" (see `trusts list`).");
            return 2;
        }

        var importer = new GiasImporter(db);
        ImportPlan plan;
        try
        {
            await using var stream = File.OpenRead(file);
            plan = await importer.PlanAsync(stream, trustId.Value, new GiasFilter(group, urns), ct);
        }
        catch (GiasFormatException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 2;
        }
        ImportReport.Write(plan, output);
        if (dryRun)
        {
            await output.WriteLineAsync("Dry run: nothing was written.");
        }
        else if (plan.HasChanges)
        {
            await importer.ApplyAsync(plan, trustId.Value, ct);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Imported: {plan.Added.Count} added, {plan.Updated.Count} updated."));
        }
        else
        {
            await output.WriteLineAsync("Nothing to import.");
        }
        if (plan.Rejected.Count > 0)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{plan.Rejected.Count} rows were rejected and not imported."));
            return 1;
        }
        return 0;
    }
}
