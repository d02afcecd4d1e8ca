using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace TrustPortal.Web.Infrastructure;

/// The three fields of a GOV.UK date input, posted as text so that any input comes back as typed.
public sealed class DateParts
{
    public string? Day { get; set; }
    public string? Month { get; set; }
    public string? Year { get; set; }

    public static DateParts From(DateOnly? date) => date is { } d
        ? new DateParts { Day = d.Day.ToString(CultureInfo.InvariantCulture), Month = d.Month.ToString(CultureInfo.InvariantCulture), Year = d.Year.ToString(CultureInfo.InvariantCulture) }
        : new DateParts();

    public bool IsEmpty => string.IsNullOrWhiteSpace(Day) && string.IsNullOrWhiteSpace(Month) && string.IsNullOrWhiteSpace(Year);

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

/// A GOV.UK date input (day, month, year) for a <see cref="DateParts"/> property, with its hint and error message.
[HtmlTargetElement("govuk-date-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukDateInputTagHelper : TagHelper
{
    private static readonly string[] Parts = ["Day", "Month", "Year"];

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    public string Label { get; set; } = "";
    public string? Hint { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var enc = HtmlEncoder.Default;
        var name = For.Name;
        var id = GovukIds.For(name);
        var parts = For.Model as DateParts ?? new DateParts();
        var state = ViewContext.ViewData.ModelState;
        string? Error(string part) => state.TryGetValue($"{name}.{part}", out var e) ? e.Errors.FirstOrDefault()?.ErrorMessage : null;
        var errors = Parts.Select(p => (Part: p, Message: Error(p))).Where(e => e.Message is not null).ToList();
        var error = errors.FirstOrDefault().Message;
        var describedBy = new List<string>();
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"govuk-form-group{(error is null ? "" : " govuk-form-group--error")}\">");
        var hintId = $"{id}-hint";
        var errorId = $"{id}-error";
        if (Hint is not null)
        {
            describedBy.Add(hintId);
        }
        if (error is not null)
        {
            describedBy.Add(errorId);
        }
        html.Append(CultureInfo.InvariantCulture, $"<fieldset class=\"govuk-fieldset\" role=\"group\"{(describedBy.Count > 0 ? $" aria-describedby=\"{string.Join(' ', describedBy)}\"" : "")}>");
        html.Append(CultureInfo.InvariantCulture, $"<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">{enc.Encode(Label)}</legend>");
        if (Hint is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div id=\"{hintId}\" class=\"govuk-hint\">{enc.Encode(Hint)}</div>");
        }
        if (error is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p id=\"{errorId}\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {enc.Encode(error)}</p>");
        }
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"govuk-date-input\" id=\"{id}\">");
        // A message about the whole date (under .Day) marks every field; a missing part marks only that part.
        var wholeDate = errors.Exists(e => e.Part == "Day") && error is not null && !error.EndsWith("include a day", StringComparison.Ordinal);
        foreach (var (part, value, width) in new[] { ("Day", parts.Day, 2), ("Month", parts.Month, 2), ("Year", parts.Year, 4) })
        {
            var inError = wholeDate || errors.Exists(e => e.Part == part);
            var fieldName = $"{name}.{part}";
            var attempted = state.TryGetValue(fieldName, out var entry) ? entry.AttemptedValue ?? value : value;
            html.Append("<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\">");
            html.Append(CultureInfo.InvariantCulture, $"<label class=\"govuk-label govuk-date-input__label\" for=\"{GovukIds.For(fieldName)}\">{part}</label>");
            html.Append(CultureInfo.InvariantCulture, $"<input class=\"govuk-input govuk-date-input__input govuk-input--width-{width}{(inError ? " govuk-input--error" : "")}\" id=\"{GovukIds.For(fieldName)}\" name=\"{enc.Encode(fieldName)}\" type=\"text\" inputmode=\"numeric\" value=\"{enc.Encode(attempted ?? "")}\">");
            html.Append("</div></div>");
        }
        html.Append("</div></fieldset></div>");
        output.TagName = null;
        output.Content.SetHtmlContent(html.ToString());
    }
}
