using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Authorization;
using TrustPortal.Web.Data;
using TrustPortal.Web.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;
using TrustPortal.Web.Infrastructure.Files;
using TrustPortal.Web.Infrastructure;
using TrustPortal.Web.Features.Common;

namespace TrustPortal.Web.Features.Branding;

public sealed class EditBrandingForm : IVersionedForm
{
    [Required(ErrorMessage = "Enter the trust's name")]
    [StringLength(Limits.Name, ErrorMessage = "The trust's name must be 200 characters or fewer")]
    public string? Name { get; set; }

    [StringLength(Limits.Heading, ErrorMessage = "The strapline must be 300 characters or fewer")]
    public string? Strapline { get; set; }

    [Required(ErrorMessage = "Enter the brand colour")]
    [RegularExpression("^#[0-9a-fA-F]{6}$", ErrorMessage = "Enter the brand colour as # and six hexadecimal digits, like #1d4f76")]
    public string? BrandColour { get; set; }

    /// The version of the trust the administrator loaded, so a save over someone else's is refused.
    public Guid Version { get; set; }
}

public sealed record BrandingViewModel(string Slug, EditBrandingForm Form, bool HasLogo, EditBrandingForm? Theirs = null);

/// Name, strapline, brand colour and logo of the administrator's own trust; the logo itself is public.
[Authorize(Policy = Policies.ManageContent)]
[Route("admin/branding")]
public sealed class BrandingController(TrustPortalDbContext db, IFileStore files, FormWrites writes) : Controller
{
    public const int MaxLogoBytes = 1024 * 1024;

    public const string ConflictMessage =
        "Someone else saved a change to the trust while you were editing: theirs is shown below; save again to replace it.";

    private int TrustId => User.TrustId() ?? throw new InvalidOperationException("The ManageContent policy requires a trust.");

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var (slug, form, hasLogo) = await CurrentAsync(ct);
        return View(new BrandingViewModel(slug, form, hasLogo));
    }

    [HttpPost("")]
    public Task<IActionResult> Index([Bind(Prefix = "Form")] EditBrandingForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        return writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = LoadAsync,
            Seen = form,
            Change = (trust, _) =>
            {
                if (!string.Equals(trust.Name, form.Name!.Trim(), StringComparison.Ordinal))
                {
                    trust.Rename(form.Name);
                }
                trust.SetStrapline(form.Strapline);
                trust.ChangeBrandColour(form.BrandColour!);
                return FormWrites.Done("Branding saved");
            },
            FieldOf = field => field == nameof(Trust.BrandColour) ? "Form.BrandColour" : "Form.Name",
            Done = _ => "/admin/branding",
            Form = (trust, theirs) => View(new BrandingViewModel(trust.Slug, form, trust.LogoKey is not null, theirs ? FormOf(trust) : null)),
            ConflictMessage = ConflictMessage,
        }, ct);
    }

    /// A new logo: stored, then put on the trust; the one it replaces is deleted once the trust is saved.
    [HttpPost("logo")]
    [RequestSizeLimit(MaxLogoBytes + 64 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxLogoBytes + 64 * 1024)]
    public async Task<IActionResult> Logo(IFormFile? logo, CancellationToken ct)
    {
        var contentType = logo is null ? null : await LogoImage.DetectAsync(logo, ct);
        string? stored = null, replaced = null;
        return await writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = LoadAsync,
            Check = (_, _) =>
            {
                if (LogoProblem(logo, contentType) is { } problem)
                {
                    ModelState.AddModelError("logo", problem);
                }
                return Task.CompletedTask;
            },
            Change = async (trust, c) =>
            {
                replaced = trust.LogoKey;
                trust.SetLogo(stored ??= await StoreAsync(logo!, contentType!, c), contentType!);
                return "Logo uploaded";
            },
            AfterSave = (_, c) => DeletedAsync(replaced, c),
            Done = _ => "/admin/branding",
            Form = (trust, _) => View(nameof(Index), new BrandingViewModel(trust.Slug, FormOf(trust), trust.LogoKey is not null)),
            // The logo is not in the branding form: another administrator's save of the trust a moment ago is no
            // reason to refuse it, so the change is made again on theirs (with the file stored once).
            RetryClashes = true,
        }, ct);
    }

    [HttpPost("logo/remove")]
    public Task<IActionResult> RemoveLogo(CancellationToken ct)
    {
        string? removed = null;
        return writes.RunAsync(this, new FormWrite<Trust>
        {
            Load = LoadAsync,
            Change = (trust, _) =>
            {
                removed = trust.LogoKey;
                trust.RemoveLogo();
                return FormWrites.Done("Logo removed");
            },
            AfterSave = (_, c) => DeletedAsync(removed, c),
            Done = _ => "/admin/branding",
            RetryClashes = true,
        }, ct);
    }

    private static string? LogoProblem(IFormFile? logo, string? contentType) =>
        logo is null || logo.Length == 0 ? "Choose an image file for the logo"
        : logo.Length > MaxLogoBytes ? $"The logo must be 1 MB or smaller (this file is {logo.Length / 1024.0 / 1024.0:0.0} MB)"
        : contentType is null ? "The logo must be a PNG, JPEG, GIF or WebP image. SVG is not accepted because it can carry script"
        : null;

    private async Task<string> StoreAsync(IFormFile logo, string contentType, CancellationToken ct)
    {
        await using var stream = logo.OpenReadStream();
        return await files.SaveAsync(stream, LogoImage.Extension(contentType), ct);
    }

    /// The stored file a saved change no longer uses is deleted; the change's own message stays.
    private async Task<string?> DeletedAsync(string? key, CancellationToken ct)
    {
        if (key is not null)
        {
            await files.DeleteAsync(key, ct);
        }
        return null;
    }

    private Task<Trust?> LoadAsync(CancellationToken ct) => db.Trusts.SingleOrDefaultAsync(t => t.Id == TrustId, ct);

    /// The trust's logo for its header; anyone may fetch it. The key changes with every upload, so it is the ETag.
    [AllowAnonymous]
    [HttpGet("/{trustSlug:trust}/logo")]
    [OutputCache(PolicyName = PublicPageCache.PolicyName)]
    public async Task<IActionResult> ShowLogo(TrustBrand trust, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var logo = await db.Trusts.AsNoTracking().Where(t => t.Id == trust.Id && t.LogoKey != null)
            .Select(t => new { t.LogoKey, t.LogoContentType }).SingleOrDefaultAsync(ct);
        var stream = logo is null ? null : await files.OpenAsync(logo.LogoKey!, ct);
        if (stream is null)
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "public, no-cache";
        return File(stream, logo!.LogoContentType!, lastModified: null, entityTag: new EntityTagHeaderValue($"\"{logo.LogoKey}\""));
    }

    private async Task<(string Slug, EditBrandingForm Form, bool HasLogo)> CurrentAsync(CancellationToken ct)
    {
        var t = await db.Trusts.AsNoTracking().Where(t => t.Id == TrustId)
            .Select(t => new { t.Slug, t.Name, t.Strapline, t.BrandColour, t.Version, HasLogo = t.LogoKey != null })
            .SingleAsync(ct);
        return (t.Slug, new EditBrandingForm { Name = t.Name, Strapline = t.Strapline, BrandColour = t.BrandColour, Version = t.Version }, t.HasLogo);
    }

    private static EditBrandingForm FormOf(Trust t) => new() { Name = t.Name, Strapline = t.Strapline, BrandColour = t.BrandColour, Version = t.Version };
}

/// Tells an image's type from its first bytes, not from its name or the type the browser claims.
public static class LogoImage
{
    public static async Task<string?> DetectAsync(IFormFile file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var head = new byte[12];
        await using var stream = file.OpenReadStream();
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        return Detect(head.AsSpan(0, read));
    }

    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }
        return null;
    }

    public static string Extension(string contentType) => contentType switch
    {
        "image/png" => "logo.png",
        "image/jpeg" => "logo.jpg",
        "image/gif" => "logo.gif",
        _ => "logo.webp",
    };
}
