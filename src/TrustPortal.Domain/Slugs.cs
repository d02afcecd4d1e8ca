using System.Text;
using System.Text.RegularExpressions;

namespace TrustPortal.Domain;

/// URL slugs: lower-case kebab case, as the public URLs are read aloud in staff briefings.
public static partial class Slugs
{
    /// Words that are URL segments of the portal itself, so no trust may take them as its slug.
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "account", "admin", "api", "css", "error", "errors", "health", "js", "lib", "images", "img",
        "favicon.ico", "robots.txt", "trusts", "me", "signin", "sign-in", "signout", "sign-out", "static", "operator", "start",
    };

    public static bool IsValid(string? slug) =>
        slug is { Length: >= 2 and <= Limits.Slug } && SlugPattern().IsMatch(slug);

    public static string Require(string? slug, string what)
    {
        if (!IsValid(slug))
        {
            throw new DomainRuleException($"{what} must be 2 to {Limits.Slug} lower-case letters, digits and single hyphens.");
        }
        return slug!;
    }

    /// Makes a slug from a title: "Strategic Plan 2025 – 2028" becomes "strategic-plan-2025-2028".
    public static string From(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        // Cleaned first: Normalize throws on half a surrogate pair or a non-character (ADR 0092).
        var normalized = StoredText.Clean(text)!.Normalize(NormalizationForm.FormD);
        var hyphen = false;
        foreach (var c in normalized)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                hyphen = false;
            }
            else if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            else if (!hyphen && sb.Length > 0)
            {
                sb.Append('-');
                hyphen = true;
            }
        }
        var slug = sb.ToString().Trim('-');
        return slug.Length > Limits.Slug ? slug[..Limits.Slug].Trim('-') : slug;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
