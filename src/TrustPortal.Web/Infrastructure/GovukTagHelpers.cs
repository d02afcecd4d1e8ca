using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace TrustPortal.Web.Infrastructure;

/// The GOV.UK error summary, built from ModelState: each error links to its field's id.
[HtmlTargetElement("govuk-error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukErrorSummaryTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var state = ViewContext.ViewData.ModelState;
        output.TagName = null;
        if (state.IsValid)
        {
            output.SuppressOutput();
            return;
        }
        var enc = HtmlEncoder.Default;
        var items = string.Concat(state
            .Where(e => e.Value is { Errors.Count: > 0 })
            .SelectMany(e => e.Value!.Errors.Select(err => (Key: e.Key, err.ErrorMessage)))
            .Select(e => string.IsNullOrEmpty(e.Key)
                ? $"<li>{enc.Encode(e.ErrorMessage)}</li>"
                : $"<li><a href=\"#{enc.Encode(GovukIds.For(e.Key))}\">{enc.Encode(e.ErrorMessage)}</a></li>"));
        output.Content.SetHtmlContent(
            "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">" +
            "<h2 class=\"govuk-error-summary__title\">There is a problem</h2><div class=\"govuk-error-summary__body\">" +
            $"<ul class=\"govuk-list govuk-error-summary__list\">{items}</ul></div></div></div>");
    }
}

/// A GOV.UK text input with its label, hint and error message; the input lists the hint and error in aria-describedby.
[HtmlTargetElement("govuk-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukInputTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    public string Label { get; set; } = "";
    public string? Hint { get; set; }
    public string Type { get; set; } = "text";
    public string? Autocomplete { get; set; }
    public string? InputMode { get; set; }
    public string Width { get; set; } = "";
    /// Never echo the posted value back (passwords, codes).
    public bool NoValue { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var enc = HtmlEncoder.Default;
        var name = For.Name;
        var id = GovukIds.For(name);
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var error = state?.Errors.FirstOrDefault()?.ErrorMessage;
        var value = NoValue ? "" : state?.AttemptedValue ?? Convert.ToString(For.Model, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        var describedBy = new List<string>();
        var html = new System.Text.StringBuilder();
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<div class=\"govuk-form-group{(error is null ? "" : " govuk-form-group--error")}\">");
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<label class=\"govuk-label\" for=\"{id}\">{enc.Encode(Label)}</label>");
        if (Hint is not null)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<div id=\"{id}-hint\" class=\"govuk-hint\">{enc.Encode(Hint)}</div>");
            describedBy.Add($"{id}-hint");
        }
        if (error is not null)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p id=\"{id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {enc.Encode(error)}</p>");
            describedBy.Add($"{id}-error");
        }
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<input class=\"govuk-input{(Width.Length > 0 ? " govuk-input--width-" + enc.Encode(Width) : "")}{(error is null ? "" : " govuk-input--error")}\" id=\"{id}\" name=\"{enc.Encode(name)}\" type=\"{enc.Encode(Type)}\" value=\"{enc.Encode(value)}\"");
        if (describedBy.Count > 0)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $" aria-describedby=\"{string.Join(' ', describedBy)}\"");
        }
        if (Autocomplete is not null)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $" autocomplete=\"{enc.Encode(Autocomplete)}\"");
        }
        if (InputMode is not null)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $" inputmode=\"{enc.Encode(InputMode)}\"");
        }
        html.Append(" spellcheck=\"false\"></div>");
        output.TagName = null;
        output.Content.SetHtmlContent(html.ToString());
    }
}

/// A single GOV.UK checkbox for a boolean, with its error message.
[HtmlTargetElement("govuk-checkbox", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukCheckboxTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    public string Label { get; set; } = "";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var enc = HtmlEncoder.Default;
        var name = For.Name;
        var id = GovukIds.For(name);
        var error = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry.Errors.FirstOrDefault()?.ErrorMessage : null;
        var isChecked = For.Model is true;
        output.TagName = null;
        output.Content.SetHtmlContent(
            $"<div class=\"govuk-form-group{(error is null ? "" : " govuk-form-group--error")}\">" +
            (error is null ? "" : $"<p id=\"{id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {enc.Encode(error)}</p>") +
            "<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\"><div class=\"govuk-checkboxes__item\">" +
            $"<input class=\"govuk-checkboxes__input\" id=\"{id}\" name=\"{enc.Encode(name)}\" type=\"checkbox\" value=\"true\"{(isChecked ? " checked" : "")}{(error is null ? "" : $" aria-describedby=\"{id}-error\"")}>" +
            $"<label class=\"govuk-label govuk-checkboxes__label\" for=\"{id}\">{enc.Encode(Label)}</label></div></div></div>");
    }
}

/// A GOV.UK textarea with its label, hint and error message; the textarea lists the hint and error in aria-describedby.
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

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var enc = HtmlEncoder.Default;
        var name = For.Name;
        var id = GovukIds.For(name);
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var error = state?.Errors.FirstOrDefault()?.ErrorMessage;
        var value = state?.AttemptedValue ?? Convert.ToString(For.Model, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        var describedBy = new List<string>();
        var html = new System.Text.StringBuilder();
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<div class=\"govuk-form-group{(error is null ? "" : " govuk-form-group--error")}\">");
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<label class=\"govuk-label govuk-label--s\" for=\"{id}\">{enc.Encode(Label)}</label>");
        if (Hint is not null)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<div id=\"{id}-hint\" class=\"govuk-hint\">{enc.Encode(Hint)}</div>");
            describedBy.Add($"{id}-hint");
        }
        if (error is not null)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p id=\"{id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {enc.Encode(error)}</p>");
            describedBy.Add($"{id}-error");
        }
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<textarea class=\"govuk-textarea{(error is null ? "" : " govuk-textarea--error")}\" id=\"{id}\" name=\"{enc.Encode(name)}\" rows=\"{Rows}\"");
        if (describedBy.Count > 0)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $" aria-describedby=\"{string.Join(' ', describedBy)}\"");
        }
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $">{enc.Encode(value)}</textarea></div>");
        output.TagName = null;
        output.Content.SetHtmlContent(html.ToString());
    }
}

public static class GovukIds
{
    /// The id of a field: the model name with dots and brackets made safe, as asp-for does.
    public static string For(string name) => TagBuilder.CreateSanitizedId(name, "_");
}
