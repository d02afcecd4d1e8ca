using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Features.SignInSettings;

public sealed class EditSignInSettingsForm
{
    [StringLength(20_000, ErrorMessage = "The list of Microsoft tenants must be 20,000 characters or fewer")]
    public string? MicrosoftTenants { get; set; }

    [StringLength(20_000, ErrorMessage = "The list of Google Workspace domains must be 20,000 characters or fewer")]
    public string? GoogleDomains { get; set; }

    public bool CreateStaffAtFirstSignIn { get; set; }

    public bool TenantEnforcesMfa { get; set; }
}

public sealed record SignInSettingsViewModel(EditSignInSettingsForm Form, IReadOnlyList<string> Offered);

/// Which Microsoft Entra tenants and Google Workspace domains may sign in to the administrator's own trust, whether
/// newcomers get a Staff account at first sign-in, and whether the tenant enforces MFA (ADR 0145).
[Authorize(Policy = Policies.ManageUsers)]
[Route("admin/sign-in-settings")]
public sealed partial class SignInSettingsController(TrustPortalDbContext db, ExternalProviders providers, FormWrites writes) : Controller
{
    private int TrustId => User.TrustId() ?? throw new InvalidOperationException("The ManageUsers policy requires a trust.");

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var allowed = await db.TrustSignInAllowances.AsNoTracking().Where(a => a.TrustId == TrustId)
            .OrderBy(a => a.Provider).ThenBy(a => a.Id).Select(a => new { a.Provider, a.Identifier }).ToListAsync(ct);
        var policy = await db.TrustAccountPolicies.AsNoTracking().Where(p => p.TrustId == TrustId)
            .Select(p => new { p.CreateStaffAtFirstSignIn, p.TenantEnforcesMfa }).SingleOrDefaultAsync(ct);
        var form = new EditSignInSettingsForm
        {
            MicrosoftTenants = string.Join('\n', allowed.Where(a => a.Provider == ExternalProviders.Microsoft).Select(a => a.Identifier)),
            GoogleDomains = string.Join('\n', allowed.Where(a => a.Provider == ExternalProviders.Google).Select(a => a.Identifier)),
            CreateStaffAtFirstSignIn = policy?.CreateStaffAtFirstSignIn ?? false,
            TenantEnforcesMfa = policy?.TenantEnforcesMfa ?? false,
        };
        return View(new SignInSettingsViewModel(form, providers.Offered));
    }

    /// The trust's settings row is found or added (FormWrite.RetryClashes): two first saves at once both land.
    [HttpPost("")]
    public Task<IActionResult> Index([Bind(Prefix = "Form")] EditSignInSettingsForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var tenants = Entries(form.MicrosoftTenants);
        var domains = Entries(form.GoogleDomains);
        return writes.RunAsync(this, new FormWrite<TrustAccountPolicy>
        {
            Load = async c => await TrustAccountPolicies.FindOrAddAsync(db, TrustId, c),
            RetryClashes = true,
            Check = (_, _) =>
            {
                CheckEntries(tenants, domains);
                return Task.CompletedTask;
            },
            Change = async (policy, c) =>
            {
                policy.CreateStaffAtFirstSignIn = form.CreateStaffAtFirstSignIn;
                policy.TenantEnforcesMfa = form.TenantEnforcesMfa;
                await AllowAsync([.. tenants.Select(t => (ExternalProviders.Microsoft, t)), .. domains.Select(d => (ExternalProviders.Google, d))], c);
                return "Sign-in settings saved";
            },
            Done = _ => "/admin/sign-in-settings",
            Form = (_, _) => View(new SignInSettingsViewModel(form, providers.Offered)),
        }, ct);
    }

    private void CheckEntries(List<string> tenants, List<string> domains)
    {
        var badTenant = tenants.FirstOrDefault(t => !Guid.TryParseExact(t, "D", out _));
        if (badTenant is not null)
        {
            ModelState.AddModelError("Form." + nameof(EditSignInSettingsForm.MicrosoftTenants), $"“{badTenant}” is not a tenant id: copy the Directory (tenant) ID from Microsoft Entra, which looks like 72f988bf-86f1-41af-91ab-2d7cd011db47");
        }
        var badDomain = domains.FirstOrDefault(d => !DomainPattern().IsMatch(d));
        if (badDomain is not null)
        {
            ModelState.AddModelError("Form." + nameof(EditSignInSettingsForm.GoogleDomains), $"“{badDomain}” is not a domain: enter your Google Workspace domain, like kestrelridge.org.uk, one on each line");
        }
    }

    /// The trust's allowances become exactly the wanted ones, changing only what differs (an unchanged entry is left as it
    /// is, so no row is deleted and inserted again under the same unique key).
    private async Task AllowAsync(List<(string Provider, string Identifier)> wanted, CancellationToken ct)
    {
        var existing = await db.TrustSignInAllowances.Where(a => a.TrustId == TrustId).ToListAsync(ct);
        db.TrustSignInAllowances.RemoveRange(existing.Where(a => !wanted.Contains((a.Provider, a.Identifier))));
        db.TrustSignInAllowances.AddRange(wanted.Where(w => !existing.Any(a => (a.Provider, a.Identifier) == w))
            .Select(w => new TrustSignInAllowance { TrustId = TrustId, Provider = w.Provider, Identifier = w.Identifier }));
    }

    /// One entry a line (commas and spaces separate too), lower case, each once.
    private static List<string> Entries(string? text) =>
        [.. (text ?? "").Split(['\n', '\r', ',', ' ', '\t', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.ToLowerInvariant()).Distinct(StringComparer.Ordinal)];

    [GeneratedRegex("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$")]
    private static partial Regex DomainPattern();
}
