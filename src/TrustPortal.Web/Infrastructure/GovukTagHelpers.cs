using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
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
public sealed class GovukInputTagHelper : GovukFieldTagHelper
{
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
        var enc = HtmlEncoder.Default;
        var (id, name, error, value) = GovukField.Read(ViewContext, For);
        value = NoValue ? "" : value;
        var html = new StringBuilder(GovukField.FormGroup(error));
        html.Append(CultureInfo.InvariantCulture, $"<label class=\"govuk-label\" for=\"{id}\">{enc.Encode(Label)}</label>");
        html.Append(GovukField.HintAndError(id, Hint, error));
        html.Append(CultureInfo.InvariantCulture, $"<input class=\"govuk-input{(Width.Length > 0 ? " govuk-input--width-" + enc.Encode(Width) : "")}{(error is null ? "" : " govuk-input--error")}\" id=\"{id}\" name=\"{enc.Encode(name)}\" type=\"{enc.Encode(Type)}\" value=\"{enc.Encode(value)}\"");
        html.Append(GovukField.DescribedBy(id, Hint, error));
        if (Autocomplete is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $" autocomplete=\"{enc.Encode(Autocomplete)}\"");
        }
        if (InputMode is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $" inputmode=\"{enc.Encode(InputMode)}\"");
        }
        html.Append(" spellcheck=\"false\"></div>");
        Write(output, html);
    }
}

/// A single GOV.UK checkbox for a boolean, with its error message.
[HtmlTargetElement("govuk-checkbox", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukCheckboxTagHelper : GovukFieldTagHelper
{
    public string Label { get; set; } = "";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var enc = HtmlEncoder.Default;
        var (id, name, error, _) = GovukField.Read(ViewContext, For);
        var isChecked = For.Model is true;
        var html = new StringBuilder(GovukField.FormGroup(error));
        html.Append(error is null ? "" : GovukField.ErrorMessage(id, error));
        html.Append("<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\"><div class=\"govuk-checkboxes__item\">");
        html.Append(CultureInfo.InvariantCulture, $"<input class=\"govuk-checkboxes__input\" id=\"{id}\" name=\"{enc.Encode(name)}\" type=\"checkbox\" value=\"true\"{(isChecked ? " checked" : "")}{GovukField.DescribedBy(id, null, error)}>");
        html.Append(CultureInfo.InvariantCulture, $"<label class=\"govuk-label govuk-checkboxes__label\" for=\"{id}\">{enc.Encode(Label)}</label></div></div></div>");
        Write(output, html);
    }
}

public static class GovukIds
{
    /// The id of a field: the model name with dots and brackets made safe, as asp-for does.
    public static string For(string name) => TagBuilder.CreateSanitizedId(name, "_");
}

/// What every GOV.UK field tag helper is given: the view (for ModelState) and the field (asp-for).
public abstract class GovukFieldTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    /// The field's markup in place of the tag.
    protected static void Write(TagHelperOutput output, StringBuilder html)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(html);
        output.TagName = null;
        output.Content.SetHtmlContent(html.ToString());
    }
}

/// Shared parts of the GOV.UK field tag helpers: the current value (posted input first), the field's error, and the
/// markup every field writes alike (form group, hint, error message, aria-describedby, radios).
internal static class GovukField
{
    public static (string Id, string Name, string? Error, string Value) Read(ViewContext view, ModelExpression field) =>
        Read(view, view.ViewData.TemplateInfo.GetFullHtmlFieldName(field.Name), Convert.ToString(field.Model, CultureInfo.InvariantCulture));

    /// A field by its full name, with the value to show when nothing was posted.
    public static (string Id, string Name, string? Error, string Value) Read(ViewContext view, string name, string? model)
    {
        var state = view.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        return (GovukIds.For(name), name, state?.Errors.FirstOrDefault()?.ErrorMessage, state?.AttemptedValue ?? model ?? "");
    }

    public static string FormGroup(string? error) => $"<div class=\"govuk-form-group{(error is null ? "" : " govuk-form-group--error")}\">";

    public static string ErrorMessage(string id, string error) =>
        $"<p id=\"{id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {HtmlEncoder.Default.Encode(error)}</p>";

    public static string Hint(string id, string hint) => $"<div id=\"{id}-hint\" class=\"govuk-hint\">{HtmlEncoder.Default.Encode(hint)}</div>";

    /// The hint then the error message, each only when there is one: the order GOV.UK puts them in.
    public static string HintAndError(string id, string? hint, string? error) =>
        (hint is null ? "" : Hint(id, hint)) + (error is null ? "" : ErrorMessage(id, error));

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

    /// GOV.UK radios, one per choice; the first carries the field's id, so the error summary's link moves focus to it.
    public static void Radios(StringBuilder html, string id, string name, string current, IEnumerable<(string Value, string Text)> choices, string classes)
    {
        var enc = HtmlEncoder.Default;
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"govuk-radios{classes}\" data-module=\"govuk-radios\">");
        var i = 0;
        foreach (var (value, text) in choices)
        {
            var itemId = i++ == 0 ? id : $"{id}-{i}";
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"{itemId}\" name=\"{enc.Encode(name)}\" type=\"radio\" value=\"{enc.Encode(value)}\"{(string.Equals(value, current, StringComparison.Ordinal) ? " checked" : "")}>");
            html.Append(CultureInfo.InvariantCulture, $"<label class=\"govuk-label govuk-radios__label\" for=\"{itemId}\">{enc.Encode(text)}</label></div>");
        }
        html.Append("</div>");
    }
}

/// GOV.UK radios (or a select, with <c>select="true"</c>) for one value chosen from a list.
[HtmlTargetElement("govuk-choice", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukChoiceTagHelper : GovukFieldTagHelper
{
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
        var enc = HtmlEncoder.Default;
        var (id, name, error, value) = Name is null ? GovukField.Read(ViewContext, For) : GovukField.Read(ViewContext, Name, Value);
        var html = new StringBuilder(GovukField.FormGroup(error));
        if (Select)
        {
            html.Append(CultureInfo.InvariantCulture, $"<label class=\"govuk-label govuk-label--s\" for=\"{id}\">{enc.Encode(Label)}</label>");
            html.Append(GovukField.HintAndError(id, Hint, error));
            html.Append(CultureInfo.InvariantCulture, $"<select class=\"govuk-select{(error is null ? "" : " govuk-select--error")}\" id=\"{id}\" name=\"{enc.Encode(name)}\"{GovukField.DescribedBy(id, Hint, error)}>");
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"\"{(value.Length == 0 ? " selected" : "")}>Choose</option>");
            foreach (var (itemValue, text) in Items)
            {
                html.Append(CultureInfo.InvariantCulture, $"<option value=\"{enc.Encode(itemValue)}\"{(itemValue == value ? " selected" : "")}>{enc.Encode(text)}</option>");
            }
            html.Append("</select></div>");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<fieldset class=\"govuk-fieldset\"{GovukField.DescribedBy(id, Hint, error)}>");
            html.Append(CultureInfo.InvariantCulture, $"<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">{enc.Encode(Label)}</legend>");
            html.Append(GovukField.HintAndError(id, Hint, error));
            GovukField.Radios(html, id, name, value, Items.Select(i => (i.Key, i.Value)), Inline ? " govuk-radios--small govuk-radios--inline" : " govuk-radios--small");
            html.Append("</fieldset></div>");
        }
        Write(output, html);
    }
}
