using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace TrustPortal.Web.Infrastructure;

/// A GOV.UK date input (day, month, year) for a <see cref="DateParts"/> property, with its hint and error message.
[HtmlTargetElement("govuk-date-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukDateInputTagHelper : GovukFieldTagHelper
{
    private static readonly string[] Parts = ["Day", "Month", "Year"];

    public string Label { get; set; } = "";
    public string? Hint { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var enc = HtmlEncoder.Default;
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        var id = GovukIds.For(name);
        var parts = For.Model as DateParts ?? new DateParts();
        var state = ViewContext.ViewData.ModelState;
        string? Error(string part) => state.TryGetValue($"{name}.{part}", out var e) ? e.Errors.FirstOrDefault()?.ErrorMessage : null;
        var errors = Parts.Select(p => (Part: p, Message: Error(p))).Where(e => e.Message is not null).ToList();
        // A message may also be keyed on the date itself (e.g. a domain rule about the date): it marks every part.
        var whole = state.TryGetValue(name, out var w) ? w.Errors.FirstOrDefault()?.ErrorMessage : null;
        var error = whole ?? errors.FirstOrDefault().Message;
        var html = new StringBuilder(GovukField.FormGroup(error));
        html.Append(CultureInfo.InvariantCulture, $"<fieldset class=\"govuk-fieldset\" role=\"group\"{GovukField.DescribedBy(id, Hint, error)}>");
        html.Append(CultureInfo.InvariantCulture, $"<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">{enc.Encode(Label)}</legend>");
        html.Append(GovukField.HintAndError(id, Hint, error));
        // An error about the whole date links the summary here: the group takes focus, beside its day field.
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"govuk-date-input\" id=\"{id}\" tabindex=\"-1\">");
        // A message about the whole date (under .Day) marks every field; a missing part marks only that part.
        var wholeDate = whole is not null || (errors.Exists(e => e.Part == "Day") && error is not null && !error.EndsWith("include a day", StringComparison.Ordinal));
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
        Write(output, html);
    }
}
