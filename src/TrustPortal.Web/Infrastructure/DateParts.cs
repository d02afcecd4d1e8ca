using Microsoft.AspNetCore.Mvc.ModelBinding;
using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace TrustPortal.Web.Infrastructure;

/// A date as a person types it into the GOV.UK date input: day, month and year kept as text, so that
/// whatever was typed is shown again beside the error.
public sealed class DateParts
{
    [StringLength(4)]
    public string? Day { get; set; }

    [StringLength(4)]
    public string? Month { get; set; }

    [StringLength(6)]
    public string? Year { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Day) && string.IsNullOrWhiteSpace(Month) && string.IsNullOrWhiteSpace(Year);

    public static DateParts From(DateOnly? date) => date is { } d
        ? new DateParts { Day = d.Day.ToString(CultureInfo.InvariantCulture), Month = d.Month.ToString(CultureInfo.InvariantCulture), Year = d.Year.ToString(CultureInfo.InvariantCulture) }
        : new DateParts();

    /// The date, or the message to show: "{what} must be a real date" and so on, in GOV.UK's words.
    public bool TryGet(string what, out DateOnly date, out string? error)
    {
        date = default;
        error = null;
        if (IsEmpty)
        {
            error = $"Enter {what.ToLowerInvariant()}";
            return false;
        }
        var missing = new[] { ("day", Day), ("month", Month), ("year", Year) }.Where(p => string.IsNullOrWhiteSpace(p.Item2)).Select(p => p.Item1).ToList();
        if (missing.Count > 0)
        {
            error = $"{what} must include a {string.Join(" and ", missing)}";
            return false;
        }
        if (!int.TryParse(Day, NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || !int.TryParse(Month, NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(Year, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year is < 1800 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            error = $"{what} must be a real date";
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }

    /// Reads the date, adding GOV.UK-style messages to ModelState under <paramref name="key"/>.Day/.Month/.Year.
    /// <paramref name="label"/> is how the message names the date, e.g. "The date the cycle opens".
    public DateOnly? Read(ModelStateDictionary modelState, string key, string label, bool required)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        if (IsEmpty)
        {
            if (required)
            {
                modelState.AddModelError($"{key}.Day", $"Enter {char.ToLowerInvariant(label[0])}{label[1..]}");
            }
            return null;
        }
        foreach (var (part, value) in (ReadOnlySpan<(string, string?)>)[("Day", Day), ("Month", Month), ("Year", Year)])
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                modelState.AddModelError($"{key}.{part}", $"{label} must include a {part.ToLowerInvariant()}");
                return null;
            }
        }
        if (!int.TryParse(Year!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || Year.Trim().Length != 4)
        {
            modelState.AddModelError($"{key}.Year", $"The year of {char.ToLowerInvariant(label[0])}{label[1..]} must include 4 numbers");
            return null;
        }
        if (!int.TryParse(Day!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || !int.TryParse(Month!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || month is < 1 or > 12 || year is < 2000 or > 2100 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            modelState.AddModelError($"{key}.Day", $"{label} must be a real date between the years 2000 and 2100");
            return null;
        }
        return new DateOnly(year, month, day);
    }
}
