using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Audit;
using TrustPortal.Web.Data.Seeding;
using TrustPortal.Web.Features.SchoolImport;

using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web;

/// The portal's command line: `users add|list|disable|reset-mfa|remove-demo`, `trusts list|add`, `schools import-gias` and
/// `demo generate`. It runs on the same configuration as the web server, says which environment and database it is about
/// to touch, migrates where that is configured, and then does what the command says and nothing else: a command never
/// loads demo data or makes demo accounts, whatever the environment (ADR 0095).
public static class CommandLine
{
    public const string Usage = """
        Usage:
          users add --email <e> --name <n> --role <TrustAdmin|Trustee|Headteacher|Staff> --trust <slug> [--school <URN>]...
          users add --email <e> --name <n> --role ServiceOperator
                    (the password is read from standard input, one line; a service operator belongs to no trust)
          users list --trust <slug>
          users disable --email <e>
          users reset-mfa --email <e>
          users remove-demo
                    (removes the demo accounts, whose password and authenticator key are published)
          users erase --email <e>
                    (right to erasure: the account becomes an anonymous shell, the name a pseudonym in kept records)
          users import --trust <slug> --file <people.csv> [--confirm]
                    (columns name, email, role, schools by URN; prints what each row would do; --confirm writes it all
                    or nothing and sends the invitations)
          users export --trust <slug> [--to <file.csv>]
                    (the trust's people in the same format)
          trusts list
          trusts add --slug <slug> --name <the trust's name>
          trusts suspend --trust <slug> --reason <why>
                    (its people and visitors see a "suspended" page and cannot sign in; nothing is deleted)
          trusts reactivate --trust <slug>
          trusts export --trust <slug> --to <file.zip>
                    (the trust's whole data: every table's rows, its files, no passwords or keys)
          trusts delete --trust <slug> --confirm <slug again> --export-to <file.zip>
                    (writes the export first, then deletes every row of the trust; cannot be undone)
          schools import-gias <file> --trust <slug> [--dry-run] [--group <GIAS trust name or UID>] [--urns <u1,u2,...>]
          demo generate --trust <new slug> [--schools <1-500, default 50>] [--cycles <1-30, default 9>] [--name <trust name>]
                    (a trust of generated example data for benchmarks: 7 aims x 4 criteria, progress for every school and cycle)
          demo generate-nation [--trusts <default 1200>] [--schools <default 10000>] [--staff <default 500000>] [--cycles <1-30, default 3>] [--seed <n, default 1>]
                    (a generated nation of trusts nation-0001...: sizes skewed as England's, accounts of every role sharing the
                    password in TRUSTPORTAL_GENERATED_PASSWORD (else a random one nobody knows); a second run adds only missing trusts)
        """;

    public static bool IsCommand(string[] args) => args is [("users" or "trusts" or "schools" or "demo"), ..];

    /// Runs one command; returns the process exit code (0 success, 1 refused, 2 bad usage).
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr,
        Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        // The GIAS import has options of its own (a file, flags), so it parses them itself.
        var isImport = args is ["schools", "import-gias", ..];
        var isPeople = Features.UserImport.UserImportCommand.Handles(args);
        var command = "";
        var options = new Dictionary<string, List<string>>();
        var error = "";
        if (!isImport && !isPeople && !TryParse(args, out command, out options, out error))
        {
            await stderr.WriteLineAsync(error);
            await stderr.WriteLineAsync(Usage);
            return 2;
        }
        // No command-line configuration source: "--email" is an argument here, not a setting.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        configure?.Invoke(builder);
        builder.AddTrustPortalServices();
        await using var app = builder.Build();
        using var actor = AuditActor.Use("cli");
        // Before anything is written: the launch profile of `dotnet run` may have chosen another environment than the
        // caller meant, and the database is whatever the settings say.
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        await stderr.WriteLineAsync($"Environment: {app.Environment.EnvironmentName}. Database: {DatabaseSetup.Describe(database.Provider, app.Configuration, app.Environment.ContentRootPath)}.");
        await app.Services.GetRequiredService<DatabaseInitializer>().PrepareForCommandAsync(CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        if (command != "users remove-demo" && !DemoAccounts.Allowed(app.Environment))
        {
            var present = await DemoAccounts.FindPresentAsync(scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>(), CancellationToken.None);
            if (present.Count > 0)
            {
                await stderr.WriteLineAsync($"Warning: this database holds accounts with published demo credentials ({string.Join(", ", present)}); " +
                    $"the portal will not start in {app.Environment.EnvironmentName} until they are removed with `users remove-demo`.");
            }
        }
        if (isImport)
        {
            return await ImportGiasCommand.RunAsync(args[2..], scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>(), stdout, stderr, CancellationToken.None);
        }
        if (isPeople)
        {
            return await Features.UserImport.UserImportCommand.RunAsync(args, scope.ServiceProvider, stdout, stderr, CancellationToken.None);
        }
        var run = new Runner(scope.ServiceProvider, stdin, stdout, stderr);
        try
        {
            return command switch
            {
                "users add" => await run.AddAsync(options),
                "users list" => await run.ListAsync(options),
                "users disable" => await run.DisableAsync(options),
                "users reset-mfa" => await run.ResetMfaAsync(options),
                "users remove-demo" => await run.RemoveDemoAsync(),
                "users erase" => await run.EraseAsync(options),
                "demo generate" => await run.GenerateAsync(options),
                "demo generate-nation" => await run.GenerateNationAsync(options),
                "trusts add" => await run.AddTrustAsync(options),
                "trusts suspend" => await run.SuspendTrustAsync(options),
                "trusts reactivate" => await run.ReactivateTrustAsync(options),
                "trusts export" => await run.ExportTrustAsync(options),
                "trusts delete" => await run.DeleteTrustAsync(options),
                _ => await run.TrustsAsync(),
            };
        }
        catch (OptionException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return 2;
        }
    }

    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["users add"] = ["email", "name", "role", "trust", "school"],
        ["users list"] = ["trust"],
        ["users disable"] = ["email"],
        ["users reset-mfa"] = ["email"],
        ["users remove-demo"] = [],
        ["users erase"] = ["email"],
        ["trusts list"] = [],
        ["trusts add"] = ["slug", "name"],
        ["trusts suspend"] = ["trust", "reason"],
        ["trusts reactivate"] = ["trust"],
        ["trusts export"] = ["trust", "to"],
        ["trusts delete"] = ["trust", "confirm", "export-to"],
        ["demo generate"] = ["trust", "schools", "cycles", "name"],
        ["demo generate-nation"] = ["trusts", "schools", "staff", "cycles", "seed"],
    };

    internal static bool TryParse(string[] args, out string command, out Dictionary<string, List<string>> options, out string error)
    {
        command = args.Length >= 2 ? $"{args[0]} {args[1]}" : string.Join(' ', args);
        options = new(StringComparer.Ordinal);
        error = "";
        if (!Allowed.TryGetValue(command, out var names))
        {
            error = $"Unknown command \"{command}\".";
            return false;
        }
        for (var i = 2; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || !names.Contains(arg[2..]))
            {
                error = $"Unknown option \"{arg}\" for {command}.";
                return false;
            }
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"Option {arg} needs a value.";
                return false;
            }
            var name = arg[2..];
            if (options.TryGetValue(name, out var values))
            {
                if (name != "school")
                {
                    error = $"Option {arg} is given twice.";
                    return false;
                }
                values.Add(Domain.StoredText.SingleLine(args[++i]));
            }
            else
            {
                // Every option is one line of text under the portal's text rule (ADR 0092), as a form field would be.
                options[name] = [Domain.StoredText.SingleLine(args[++i])];
            }
        }
        return true;
    }

    private sealed class OptionException(string message) : Exception(message);

    private sealed class Runner(IServiceProvider services, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        private readonly TrustPortalDbContext _db = services.GetRequiredService<TrustPortalDbContext>();
        private readonly UserManager<PortalUser> _users = services.GetRequiredService<UserManager<PortalUser>>();
        private readonly UserAdministration _admin = services.GetRequiredService<UserAdministration>();

        private static string Required(Dictionary<string, List<string>> options, string name) =>
            options.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v[0]) ? v[0].Trim() : throw new OptionException($"--{name} is required.");

        public async Task<int> AddAsync(Dictionary<string, List<string>> options)
        {
            var email = Required(options, "email");
            var name = Required(options, "name");
            var roleText = Required(options, "role");
            if (!new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email))
            {
                throw new OptionException($"\"{email}\" is not an e-mail address.");
            }
            if (string.Equals(roleText, Roles.ServiceOperator, StringComparison.OrdinalIgnoreCase))
            {
                return await AddOperatorAsync(email, name, options);
            }
            var role = Roles.Parse(roleText) ?? throw new OptionException($"--role must be one of {string.Join(", ", Roles.AllWithOperator)}.");
            var trust = await FindTrustAsync(Required(options, "trust"));
            var schoolIds = new List<int>();
            foreach (var text in options.GetValueOrDefault("school") ?? [])
            {
                if (!School.TryParseUrn(text, out var urn))
                {
                    throw new OptionException($"--school {text}: a URN is six digits.");
                }
                var id = await _db.Schools.Where(s => s.TrustId == trust.Id && s.Urn == urn).Select(s => (int?)s.Id).SingleOrDefaultAsync();
                schoolIds.Add(id ?? throw new OptionException($"--school {text}: no school with that URN in {trust.Slug}."));
            }
            var password = await ReadPasswordAsync();
            if (password is null)
            {
                return 1;
            }
            var (result, user) = await _admin.CreateAsync(email, name, role, trust.Id, schoolIds, password, CancellationToken.None);
            if (!await ReportAsync(result))
            {
                return 1;
            }
            await stdout.WriteLineAsync($"Added {user!.Email} as {role} of {trust.Slug}." +
                (Roles.RequiresMfa(role) ? " They set up an authenticator app at first sign-in." : ""));
            return 0;
        }

        private async Task<int> AddOperatorAsync(string email, string name, Dictionary<string, List<string>> options)
        {
            if (options.ContainsKey("trust") || options.ContainsKey("school"))
            {
                throw new OptionException("A service operator belongs to no trust: leave out --trust and --school.");
            }
            var password = await ReadPasswordAsync();
            if (password is null)
            {
                return 1;
            }
            var (result, user) = await _admin.CreateOperatorAsync(email, name, password, CancellationToken.None);
            if (!await ReportAsync(result))
            {
                return 1;
            }
            await stdout.WriteLineAsync($"Added {user!.Email} as the service's operator. They set up an authenticator app at first sign-in, then add trusts at /operator.");
            return 0;
        }

        private async Task<string?> ReadPasswordAsync()
        {
            var password = await stdin.ReadLineAsync();
            if (string.IsNullOrEmpty(password))
            {
                await stderr.WriteLineAsync("Type the password on standard input (one line).");
                return null;
            }
            return password;
        }

        private async Task<bool> ReportAsync(AdminResult result)
        {
            foreach (var e in result.Errors)
            {
                await stderr.WriteLineAsync(e);
            }
            return result.Succeeded;
        }

        public async Task<int> ListAsync(Dictionary<string, List<string>> options)
        {
            var trust = await FindTrustAsync(Required(options, "trust"));
            foreach (var u in await _admin.ListAsync(trust.Id, CancellationToken.None))
            {
                await stdout.WriteLineAsync(string.Join('\t', u.Email, u.DisplayName, u.Role,
                    u.IsDisabled ? "disabled" : "active", u.MfaEnabled ? "mfa" : "no-mfa", string.Join("; ", u.Schools)));
            }
            return 0;
        }

        public async Task<int> DisableAsync(Dictionary<string, List<string>> options)
        {
            var user = await FindUserAsync(Required(options, "email"));
            var result = await _admin.DisableAsync(user, CancellationToken.None);
            await (result.Succeeded ? stdout : stderr).WriteLineAsync(result.Succeeded ? $"Disabled {user.Email}; their sessions have ended." : string.Join("; ", result.Errors));
            return result.Succeeded ? 0 : 1;
        }

        public async Task<int> EraseAsync(Dictionary<string, List<string>> options)
        {
            var user = await FindUserAsync(Required(options, "email"));
            var email = user.Email;
            var result = await services.GetRequiredService<Accounts.Erasure>().EraseAsync(user, CancellationToken.None);
            await (result.Succeeded ? stdout : stderr).WriteLineAsync(result.Succeeded ? $"Erased {email}: now \"{user.DisplayName}\" in the records that are kept." : string.Join("; ", result.Errors));
            return result.Succeeded ? 0 : 1;
        }

        public async Task<int> ResetMfaAsync(Dictionary<string, List<string>> options)
        {
            var user = await FindUserAsync(Required(options, "email"));
            var result = await _admin.ResetMfaAsync(user, CancellationToken.None);
            await (result.Succeeded ? stdout : stderr).WriteLineAsync(result.Succeeded ? $"MFA reset for {user.Email}; they set up an authenticator again at next sign-in." : string.Join("; ", result.Errors));
            return result.Succeeded ? 0 : 1;
        }

        public async Task<int> RemoveDemoAsync()
        {
            var done = await services.GetRequiredService<DemoAccounts>().RemoveAsync(CancellationToken.None);
            foreach (var line in done)
            {
                await stdout.WriteLineAsync(line);
            }
            await stdout.WriteLineAsync(done.Count == 0 ? "No account with published demo credentials: nothing to remove." : $"{done.Count} account(s) dealt with.");
            return 0;
        }

        public async Task<int> AddTrustAsync(Dictionary<string, List<string>> options)
        {
            var slug = Required(options, "slug");
            var name = Required(options, "name");
            if (await _db.Trusts.AnyAsync(t => t.Slug == slug))
            {
                throw new OptionException($"A trust with the slug \"{slug}\" exists already (nothing was changed).");
            }
            try
            {
                var trust = new Domain.Trusts.Trust(slug, name);
                trust.BeginSetUp();
                _db.Trusts.Add(trust);
            }
            catch (Domain.DomainRuleException ex)
            {
                throw new OptionException(ex.Message);
            }
            await _db.SaveChangesAsync();
            await stdout.WriteLineAsync($"Added the trust {name} at /{slug}. Next: users add --role TrustAdmin --trust {slug} for its first administrator.");
            return 0;
        }

        public Task<int> SuspendTrustAsync(Dictionary<string, List<string>> options) =>
            ChangeTrustStateAsync(Required(options, "trust"), OperatorActionKind.Suspended, Required(options, "reason"));

        public Task<int> ReactivateTrustAsync(Dictionary<string, List<string>> options) =>
            ChangeTrustStateAsync(Required(options, "trust"), OperatorActionKind.Reactivated, null);

        /// As the operator's pages do (ADR 0150): the change, the operator's log entry and both cache stamps in one save;
        /// running instances take it in at their next poll (within a second).
        private async Task<int> ChangeTrustStateAsync(string slug, OperatorActionKind action, string? reason)
        {
            var trust = await _db.Trusts.SingleOrDefaultAsync(t => t.Slug == slug)
                ?? throw new OptionException($"No trust with the slug \"{slug}\" (see `trusts list`).");
            try
            {
                if (action == OperatorActionKind.Suspended)
                {
                    trust.Suspend(reason, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
                }
                else
                {
                    trust.Reactivate();
                }
            }
            catch (Domain.DomainRuleException ex)
            {
                throw new OptionException(ex.Message + " (nothing was changed)");
            }
            _db.OperatorLog.Add(new OperatorLogEntry(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, "command line", "The command line",
                action, trust.Slug, trust.Name, trust.SuspensionReason, null));
            var stamp = _db.TrustCacheStamps.Attach(TrustCacheStamp.Existing(trust.Id));
            stamp.Entity.Renew(CachedArea.TrustWork);
            stamp.Property(TrustCacheStamp.PropertyOf(CachedArea.TrustWork)).IsModified = true;
            await _db.SaveChangesAsync();
            await stdout.WriteLineAsync(action == OperatorActionKind.Suspended
                ? $"Suspended {trust.Name} (/{trust.Slug}): its pages say so and its people cannot sign in. Nothing was deleted."
                : $"Reactivated {trust.Name} (/{trust.Slug}).");
            return 0;
        }

        public Task<int> ExportTrustAsync(Dictionary<string, List<string>> options) =>
            ExportTrustAsync(Required(options, "trust"), Required(options, "to"));

        private async Task<int> ExportTrustAsync(string slug, string path)
        {
            var trust = await FindTrustAsync(slug);
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                throw new OptionException($"{full} exists already; choose a new file (nothing was written).");
            }
            var summary = default(TrustData.ExportSummary);
            await using (var file = new FileStream(full, FileMode.CreateNew, FileAccess.Write))
            {
                summary = await services.GetRequiredService<TrustData>().ExportAsync(trust.Id, file,
                    services.GetRequiredService<Infrastructure.Files.IFileStore>().OpenAsync, "command line", services.GetRequiredService<TimeProvider>().GetUtcNow(), CancellationToken.None);
            }
            await stdout.WriteLineAsync($"Exported {trust.Slug} to {full}: {summary.Rows.Values.Sum()} rows in {summary.Rows.Count(r => r.Value > 0)} tables, {summary.Files} files.");
            return 0;
        }

        public async Task<int> DeleteTrustAsync(Dictionary<string, List<string>> options)
        {
            var slug = Required(options, "trust");
            if (Required(options, "confirm") != slug)
            {
                throw new OptionException($"--confirm must repeat the slug exactly ({slug}) to delete that trust (nothing was changed).");
            }
            var trust = await FindTrustAsync(slug);
            var exported = await ExportTrustAsync(slug, Required(options, "export-to"));
            if (exported != 0)
            {
                return exported;
            }
            var keys = await services.GetRequiredService<TrustData>().DeleteAsync(trust.Id, CancellationToken.None);
            var files = services.GetRequiredService<Infrastructure.Files.IFileStore>();
            foreach (var key in keys)
            {
                await files.DeleteAsync(key, CancellationToken.None);
            }
            await stdout.WriteLineAsync($"Deleted {slug}: every row of the trust and {keys.Count} files. The audit trail keeps the record of the deletion.");
            return 0;
        }

        public async Task<int> TrustsAsync()
        {
            foreach (var t in await _db.Trusts.AsNoTracking().OrderBy(t => t.Slug).Select(t => new { t.Slug, t.Name }).ToListAsync())
            {
                await stdout.WriteLineAsync($"{t.Slug}\t{t.Name}");
            }
            return 0;
        }

        public async Task<int> GenerateAsync(Dictionary<string, List<string>> options)
        {
            var slug = Required(options, "trust");
            var schools = Number(options, "schools", 50, 1, 500);
            var cycles = Number(options, "cycles", 9, 1, 30);
            var name = options.TryGetValue("name", out var n) ? n[0].Trim() : $"Generated trust {slug}";
            if (await _db.Trusts.AnyAsync(t => t.Slug == slug))
            {
                throw new OptionException($"A trust with the slug \"{slug}\" exists already; choose a new slug (nothing was changed).");
            }
            var generator = new LargeTrustGenerator(_db, services.GetRequiredService<TimeProvider>());
            var firstUrn = await generator.FreeUrnBlockAsync(schools, CancellationToken.None)
                ?? throw new OptionException($"There is no free block of {schools} URNs above the highest URN in use.");
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await generator.GenerateAsync(new LargeTrustSpec(slug, name, schools, Aims: 7, CriteriaPerAim: 4, cycles, Seed: slug.Length, firstUrn,
                    Challenges: Math.Min(6, schools)), CancellationToken.None);
            }
            catch (Domain.DomainRuleException ex)
            {
                throw new OptionException(ex.Message);
            }
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            await stdout.WriteLineAsync(FormattableString.Invariant(
                $"Generated {slug}: {schools} schools, 7 aims x 4 criteria, {cycles} review cycles, {schools * 28 * cycles} progress updates in {elapsed.TotalSeconds:0.0} s."));
            return 0;
        }

        public async Task<int> GenerateNationAsync(Dictionary<string, List<string>> options)
        {
            var trusts = Number(options, "trusts", 1200, 1, 5000);
            var spec = new NationSpec(trusts, Number(options, "schools", 10_000, trusts, 200_000), Number(options, "staff", 500_000, 0, 10_000_000),
                Number(options, "cycles", 3, 1, 30), Number(options, "seed", 1, 0, int.MaxValue));
            // One hash for every generated account: hashing is deliberately slow, and half a million of them would take days.
            var password = Environment.GetEnvironmentVariable(NationGenerator.PasswordVariable);
            var hash = services.GetRequiredService<IPasswordHasher<PortalUser>>().HashPassword(new PortalUser(),
                string.IsNullOrEmpty(password) ? Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)) : password);
            NationReport report;
            try
            {
                report = await new NationGenerator(_db, services.GetRequiredService<TimeProvider>())
                    .GenerateAsync(spec, hash, line => stderr.WriteLine(line), CancellationToken.None);
            }
            catch (Domain.DomainRuleException ex)
            {
                throw new OptionException(ex.Message);
            }
            var seconds = Math.Max(report.Elapsed.TotalSeconds, 0.001);
            await stdout.WriteLineAsync(FormattableString.Invariant(
                $"Generated {report.TrustsMade} trusts ({report.TrustsSkipped} already there): {report.Schools} schools, {report.Updates} progress updates, {report.Returns} returns, {report.Challenges} challenges, ") +
                string.Join(", ", report.Accounts.Select(a => FormattableString.Invariant($"{a.Value} {a.Key}"))) + " accounts.");
            await stdout.WriteLineAsync(FormattableString.Invariant($"{report.Rows} rows in {report.Elapsed.TotalSeconds:0.0} s ({report.Rows / seconds:0} rows/s)."));
            await stdout.WriteLineAsync(report.TrustsMade == 0 ? "Nothing was missing: the nation is complete."
                : string.IsNullOrEmpty(password)
                ? $"The generated accounts' password is random and unknown; set {NationGenerator.PasswordVariable} before generating to sign in as them."
                : $"The generated accounts (admin.1@, trustee.1@, head.<URN>@, staff.1@ nation-NNNN.{NationGenerator.EmailDomain}) share the password in {NationGenerator.PasswordVariable}.");
            return 0;
        }

        private static int Number(Dictionary<string, List<string>> options, string name, int fallback, int min, int max)
        {
            if (!options.TryGetValue(name, out var values))
            {
                return fallback;
            }
            return int.TryParse(values[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw new OptionException($"--{name} must be a whole number from {min} to {max} (got \"{values[0]}\").");
        }

        private async Task<(int Id, string Slug)> FindTrustAsync(string slug)
        {
            var trust = await _db.Trusts.AsNoTracking().Where(t => t.Slug == slug).Select(t => new { t.Id, t.Slug }).SingleOrDefaultAsync();
            return trust is null ? throw new OptionException($"No trust with the slug \"{slug}\" (see `trusts list`).") : (trust.Id, trust.Slug);
        }

        private async Task<PortalUser> FindUserAsync(string email) =>
            await _users.FindByEmailAsync(email) ?? throw new OptionException($"No user with the e-mail address {email}.");
    }
}
