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
}
