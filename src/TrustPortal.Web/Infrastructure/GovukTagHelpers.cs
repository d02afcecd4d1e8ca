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
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
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
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
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

public static class GovukIds
{
    /// The id of a field: the model name with dots and brackets made safe, as asp-for does.
    public static string For(string name) => TagBuilder.CreateSanitizedId(name, "_");
}

/// Shared parts of the GOV.UK field tag helpers: the current value (posted input first) and the field's error.
internal static class GovukField
{
    public static (string Id, string Name, string? Error, string Value) Read(ViewContext view, ModelExpression field)
    {
        var name = view.ViewData.TemplateInfo.GetFullHtmlFieldName(field.Name);
        var state = view.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var value = state?.AttemptedValue ?? Convert.ToString(field.Model, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        return (GovukIds.For(name), name, state?.Errors.FirstOrDefault()?.ErrorMessage, value);
    }

    public static string ErrorMessage(string id, string error) =>
        $"<p id=\"{id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {HtmlEncoder.Default.Encode(error)}</p>";

    public static string Hint(string id, string hint) => $"<div id=\"{id}-hint\" class=\"govuk-hint\">{HtmlEncoder.Default.Encode(hint)}</div>";

    public static string DescribedBy(string id, string? hint, string? error)
    {
        var ids = new List<string>();
        if (hint is not null)
        {
            ids.Add($"{id}-hint");
        }
        if (error is not null)
        {
            ids.Add($"{id}-error");
        }
        return ids.Count == 0 ? "" : $" aria-describedby=\"{string.Join(' ', ids)}\"";
    }
}

/// GOV.UK radios (or a select, with <c>select="true"</c>) for one value chosen from a list.
[HtmlTargetElement("govuk-choice", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukChoiceTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    public string Label { get; set; } = "";
    public string? Hint { get; set; }
    /// Value and visible text of each choice, in order.
    public IEnumerable<KeyValuePair<string, string>> Items { get; set; } = [];
    public bool Select { get; set; }
    public bool Inline { get; set; }
    /// Overrides the name and id taken from asp-for (when the field's name is built in a loop).
    public string? Name { get; set; }
    /// The current value when <see cref="Name"/> is given.
    public string? Value { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var enc = HtmlEncoder.Default;
        var (id, name, error, value) = GovukField.Read(ViewContext, For);
        if (Name is not null)
        {
            name = Name;
            id = GovukIds.For(Name);
            var state = ViewContext.ViewData.ModelState.TryGetValue(Name, out var entry) ? entry : null;
            error = state?.Errors.FirstOrDefault()?.ErrorMessage;
            value = state?.AttemptedValue ?? Value ?? "";
        }
        var html = new System.Text.StringBuilder();
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<div class=\"govuk-form-group{(error is null ? "" : " govuk-form-group--error")}\">");
        if (Select)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<label class=\"govuk-label govuk-label--s\" for=\"{id}\">{enc.Encode(Label)}</label>");
            html.Append(Hint is null ? "" : GovukField.Hint(id, Hint));
            html.Append(error is null ? "" : GovukField.ErrorMessage(id, error));
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<select class=\"govuk-select{(error is null ? "" : " govuk-select--error")}\" id=\"{id}\" name=\"{enc.Encode(name)}\"{GovukField.DescribedBy(id, Hint, error)}>");
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<option value=\"\"{(value.Length == 0 ? " selected" : "")}>Choose</option>");
            foreach (var (itemValue, text) in Items)
            {
                html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<option value=\"{enc.Encode(itemValue)}\"{(itemValue == value ? " selected" : "")}>{enc.Encode(text)}</option>");
            }
            html.Append("</select></div>");
        }
        else
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<fieldset class=\"govuk-fieldset\"{GovukField.DescribedBy(id, Hint, error)}>");
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">{enc.Encode(Label)}</legend>");
            html.Append(Hint is null ? "" : GovukField.Hint(id, Hint));
            html.Append(error is null ? "" : GovukField.ErrorMessage(id, error));
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<div class=\"govuk-radios govuk-radios--small{(Inline ? " govuk-radios--inline" : "")}\" data-module=\"govuk-radios\">");
            var i = 0;
            foreach (var (itemValue, text) in Items)
            {
                var itemId = i++ == 0 ? id : $"{id}-{i}";
                html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"{itemId}\" name=\"{enc.Encode(name)}\" type=\"radio\" value=\"{enc.Encode(itemValue)}\"{(itemValue == value ? " checked" : "")}>");
                html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<label class=\"govuk-label govuk-radios__label\" for=\"{itemId}\">{enc.Encode(text)}</label></div>");
            }
            html.Append("</div></fieldset></div>");
        }
        output.TagName = null;
        output.Content.SetHtmlContent(html.ToString());
    }
}
