using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace TrustPortal.Web.Infrastructure;

/// A GOV.UK textarea with its label, hint and error message; the posted text is kept on a validation error.
[HtmlTargetElement("govuk-textarea", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukTextareaTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    public string Label { get; set; } = "";
    public string? Hint { get; set; }
    public int Rows { get; set; } = 5;
    /// Renders the label as the page's or section's heading size.
    public string LabelClass { get; set; } = "govuk-label--s";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var enc = HtmlEncoder.Default;
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        var id = GovukIds.For(name);
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var error = state?.Errors.FirstOrDefault()?.ErrorMessage;
        var value = state?.AttemptedValue ?? Convert.ToString(For.Model, CultureInfo.InvariantCulture) ?? "";
        var describedBy = new List<string>();
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"govuk-form-group{(error is null ? "" : " govuk-form-group--error")}\">");
        html.Append(CultureInfo.InvariantCulture, $"<label class=\"govuk-label {enc.Encode(LabelClass)}\" for=\"{id}\">{enc.Encode(Label)}</label>");
        if (Hint is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div id=\"{id}-hint\" class=\"govuk-hint\">{enc.Encode(Hint)}</div>");
            describedBy.Add($"{id}-hint");
        }
        if (error is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p id=\"{id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {enc.Encode(error)}</p>");
            describedBy.Add($"{id}-error");
        }
        html.Append(CultureInfo.InvariantCulture, $"<textarea class=\"govuk-textarea{(error is null ? "" : " govuk-textarea--error")}\" id=\"{id}\" name=\"{enc.Encode(name)}\" rows=\"{Rows}\"");
        if (describedBy.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $" aria-describedby=\"{string.Join(' ', describedBy)}\"");
        }
        // The newline after the start tag is dropped by HTML parsers, so a value that starts with one keeps it.
        html.Append(">\n").Append(enc.Encode(value)).Append("</textarea></div>");
        output.TagName = null;
        output.Content.SetHtmlContent(html.ToString());
    }
}

/// GOV.UK radios in a fieldset with a legend: one choice from a list. The first radio carries the field's id,
/// so the error summary's link moves focus to it.
[HtmlTargetElement("govuk-radios", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukRadiosTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    public string Legend { get; set; } = "";
    public string? Hint { get; set; }
    public IEnumerable<(string Value, string Text)> Options { get; set; } = [];
    public bool Inline { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var enc = HtmlEncoder.Default;
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        var id = GovukIds.For(name);
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var error = state?.Errors.FirstOrDefault()?.ErrorMessage;
        var current = state?.AttemptedValue ?? Convert.ToString(For.Model, CultureInfo.InvariantCulture) ?? "";
        var describedBy = new List<string>();
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"govuk-form-group{(error is null ? "" : " govuk-form-group--error")}\">");
        var legendId = $"{id}-legend";
        html.Append(CultureInfo.InvariantCulture, $"<fieldset class=\"govuk-fieldset\"");
        var hintHtml = "";
        if (Hint is not null)
        {
            hintHtml = $"<div id=\"{id}-hint\" class=\"govuk-hint\">{enc.Encode(Hint)}</div>";
            describedBy.Add($"{id}-hint");
        }
        var errorHtml = "";
        if (error is not null)
        {
            errorHtml = $"<p id=\"{id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {enc.Encode(error)}</p>";
            describedBy.Add($"{id}-error");
        }
        if (describedBy.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $" aria-describedby=\"{string.Join(' ', describedBy)}\"");
        }
        html.Append(CultureInfo.InvariantCulture, $"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\" id=\"{legendId}\">{enc.Encode(Legend)}</legend>");
        html.Append(hintHtml).Append(errorHtml);
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"govuk-radios{(Inline ? " govuk-radios--inline" : "")}\" data-module=\"govuk-radios\">");
        var i = 0;
        foreach (var (value, text) in Options)
        {
            var optionId = i == 0 ? id : $"{id}-{i + 1}";
            var isChecked = string.Equals(value, current, StringComparison.Ordinal);
            html.Append(CultureInfo.InvariantCulture,
                $"<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"{optionId}\" name=\"{enc.Encode(name)}\" type=\"radio\" value=\"{enc.Encode(value)}\"{(isChecked ? " checked" : "")}>" +
                $"<label class=\"govuk-label govuk-radios__label\" for=\"{optionId}\">{enc.Encode(text)}</label></div>");
            i++;
        }
        html.Append("</div></fieldset></div>");
        output.TagName = null;
        output.Content.SetHtmlContent(html.ToString());
    }
}
