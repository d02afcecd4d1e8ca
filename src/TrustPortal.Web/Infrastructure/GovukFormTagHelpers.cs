using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace TrustPortal.Web.Infrastructure;

/// A GOV.UK textarea with its label, hint and error message; the posted text is kept on a validation error.
[HtmlTargetElement("govuk-textarea", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukTextareaTagHelper : GovukFieldTagHelper
{
    public string Label { get; set; } = "";
    public string? Hint { get; set; }
    public int Rows { get; set; } = 5;
    /// Renders the label as the page's or section's heading size.
    public string LabelClass { get; set; } = "govuk-label--s";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var enc = HtmlEncoder.Default;
        var (id, name, error, value) = GovukField.Read(ViewContext, For);
        var html = new StringBuilder(GovukField.FormGroup(error));
        html.Append(CultureInfo.InvariantCulture, $"<label class=\"govuk-label {enc.Encode(LabelClass)}\" for=\"{id}\">{enc.Encode(Label)}</label>");
        html.Append(GovukField.HintAndError(id, Hint, error));
        html.Append(CultureInfo.InvariantCulture, $"<textarea class=\"govuk-textarea{(error is null ? "" : " govuk-textarea--error")}\" id=\"{id}\" name=\"{enc.Encode(name)}\" rows=\"{Rows}\"{GovukField.DescribedBy(id, Hint, error)}");
        // The newline after the start tag is dropped by HTML parsers, so a value that starts with one keeps it.
        html.Append(">\n").Append(enc.Encode(value)).Append("</textarea></div>");
        Write(output, html);
    }
}

/// GOV.UK radios in a fieldset with a legend: one choice from a list. The first radio carries the field's id,
/// so the error summary's link moves focus to it.
[HtmlTargetElement("govuk-radios", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovukRadiosTagHelper : GovukFieldTagHelper
{
    public string Legend { get; set; } = "";
    public string? Hint { get; set; }
    public IEnumerable<(string Value, string Text)> Options { get; set; } = [];
    public bool Inline { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var enc = HtmlEncoder.Default;
        var (id, name, error, current) = GovukField.Read(ViewContext, For);
        var html = new StringBuilder(GovukField.FormGroup(error));
        html.Append(CultureInfo.InvariantCulture, $"<fieldset class=\"govuk-fieldset\"{GovukField.DescribedBy(id, Hint, error)}>");
        html.Append(CultureInfo.InvariantCulture, $"<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\" id=\"{id}-legend\">{enc.Encode(Legend)}</legend>");
        html.Append(GovukField.HintAndError(id, Hint, error));
        GovukField.Radios(html, id, name, current, Options, Inline ? " govuk-radios--inline" : "");
        html.Append("</fieldset></div>");
        Write(output, html);
    }
}
