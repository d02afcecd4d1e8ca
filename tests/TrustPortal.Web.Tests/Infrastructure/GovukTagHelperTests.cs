using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using TrustPortal.Web.Infrastructure;

namespace TrustPortal.Web.Tests.Infrastructure;

/// The GOV.UK field tag helpers share their parts (the field's value and error, hint, error message,
/// aria-describedby): each still writes exactly the markup it wrote before they were shared.
public sealed class GovukTagHelperTests
{
    private static readonly EmptyModelMetadataProvider Metadata = new();

    public static TheoryData<string> Cases => [.. Rendered.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_field_tag_helper_writes_the_govuk_markup_it_always_has(string name)
    {
        Assert.Equal(GovukTagHelperMarkup.Expected[name], Rendered[name]());
    }

    private static readonly Dictionary<string, Func<string>> Rendered = new()
    {
        ["textarea, plain"] = () => Render(new GovukTextareaTagHelper { ViewContext = View(), For = Field("Form.Notes", "Line one\n<b>two</b>"), Label = "Notes" }),
        ["textarea, hint and error, posted text kept"] = () => Render(new GovukTextareaTagHelper
        {
            ViewContext = View(("Form.Notes", "what was typed", "Notes must be 10 characters or fewer")),
            For = Field("Form.Notes", "saved"), Label = "Notes", Hint = "A few words", Rows = 3, LabelClass = "govuk-label--l",
        }),
        ["input, plain"] = () => Render(new GovukInputTagHelper { ViewContext = View(), For = Field("Form.Name", "Oak & Ash"), Label = "Name" }),
        ["input, everything"] = () => Render(new GovukInputTagHelper
        {
            ViewContext = View(("Form.Code", "12x", "Enter the code")),
            For = Field("Form.Code", "123"), Label = "Code", Hint = "6 digits", Type = "tel", Autocomplete = "one-time-code", InputMode = "numeric", Width = "10",
        }),
        ["input, no value echoed"] = () => Render(new GovukInputTagHelper
        {
            ViewContext = View(("Form.Password", "secret", "Enter your password")), For = Field("Form.Password", "secret"), Label = "Password", Type = "password", NoValue = true,
        }),
        ["checkbox, ticked"] = () => Render(new GovukCheckboxTagHelper { ViewContext = View(), For = Field("Form.Agree", true), Label = "I agree" }),
        ["checkbox, error"] = () => Render(new GovukCheckboxTagHelper { ViewContext = View(("Form.Agree", null, "Tick the box")), For = Field("Form.Agree", false), Label = "I agree" }),
        ["radios, plain"] = () => Render(new GovukRadiosTagHelper
        {
            ViewContext = View(), For = Field("Form.Kind", "B"), Legend = "Kind", Options = [("A", "First"), ("B", "Second"), ("C", "Third")],
        }),
        ["radios, hint, error, inline"] = () => Render(new GovukRadiosTagHelper
        {
            ViewContext = View(("Form.Kind", "C", "Choose a kind")), For = Field("Form.Kind", "A"), Legend = "Kind", Hint = "One only", Inline = true,
            Options = [("A", "First"), ("C", "Third")],
        }),
        ["choice, radios"] = () => Render(new GovukChoiceTagHelper
        {
            ViewContext = View(), For = Field("Form.Audience", "Staff"), Label = "Who can read it", Items = [new("Public", "The public"), new("Staff", "Staff only")],
        }),
        ["choice, radios with hint, error, inline"] = () => Render(new GovukChoiceTagHelper
        {
            ViewContext = View(("Form.Audience", "", "Choose who can read it")), For = Field("Form.Audience", "Staff"), Label = "Who", Hint = "Pick one", Inline = true,
            Items = [new("Public", "The public"), new("Staff", "Staff only")],
        }),
        ["choice, select"] = () => Render(new GovukChoiceTagHelper
        {
            ViewContext = View(), For = Field("Form.Owner", "u2"), Label = "Owner", Hint = "Who does it", Select = true, Items = [new("u1", "Ann"), new("u2", "Ben <b>")],
        }),
        ["choice, select with error and nothing chosen"] = () => Render(new GovukChoiceTagHelper
        {
            ViewContext = View(("Form.Owner", "", "Choose an owner")), For = Field("Form.Owner", null), Label = "Owner", Select = true, Items = [new("u1", "Ann")],
        }),
        ["choice, named in a loop"] = () => Render(new GovukChoiceTagHelper
        {
            ViewContext = View(("Rows[2].Grade", "2", "Choose a grade")), For = Field("Form.Unused", "x"), Name = "Rows[2].Grade", Value = "1", Label = "Grade",
            Items = [new("1", "One"), new("2", "Two")],
        }),
        ["date, from the model"] = () => Render(new GovukDateInputTagHelper
        {
            ViewContext = View(), For = Field("Form.HeldOn", new DateParts { Day = "3", Month = "12", Year = "2026" }), Label = "Date of the meeting", Hint = "For example, 27 3 2026",
        }),
        ["date, a missing day"] = () => Render(new GovukDateInputTagHelper
        {
            ViewContext = View(("Form.HeldOn.Day", "", "The date must include a day"), ("Form.HeldOn.Month", "12", null), ("Form.HeldOn.Year", "2026", null)),
            For = Field("Form.HeldOn", new DateParts { Month = "12", Year = "2026" }), Label = "Date",
        }),
        ["date, not a real date"] = () => Render(new GovukDateInputTagHelper
        {
            ViewContext = View(("Form.HeldOn.Day", "31", "The date must be a real date"), ("Form.HeldOn.Month", "2", null)),
            For = Field("Form.HeldOn", new DateParts { Day = "31", Month = "2", Year = "2026" }), Label = "Date", Hint = "Day, month, year",
        }),
        ["date, a rule about the whole date"] = () => Render(new GovukDateInputTagHelper
        {
            ViewContext = View(("Form.HeldOn", null, "The meeting cannot be in the future")),
            For = Field("Form.HeldOn", new DateParts { Day = "1", Month = "1", Year = "2030" }), Label = "Date",
        }),
    };

    private static ModelExpression Field(string name, object? value) =>
        new(name, Metadata.GetModelExplorerForType(value?.GetType() ?? typeof(string), value));

    /// A view whose ModelState holds, for each key, what was posted (null: nothing) and an error (null: none).
    private static ViewContext View(params (string Key, string? Attempted, string? Error)[] entries)
    {
        var state = new ModelStateDictionary();
        foreach (var (key, attempted, error) in entries)
        {
            if (attempted is not null)
            {
                state.SetModelValue(key, attempted, attempted);
            }
            if (error is not null)
            {
                state.AddModelError(key, error);
            }
        }
        return new ViewContext { ViewData = new ViewDataDictionary(Metadata, state) };
    }

    private static string Render(TagHelper helper)
    {
        var context = new TagHelperContext([], new Dictionary<object, object>(), "test");
        var output = new TagHelperOutput("govuk-field", [], (_, _) => Task.FromResult<TagHelperContent>(new DefaultTagHelperContent()));
        helper.Process(context, output);
        using var writer = new StringWriter();
        output.WriteTo(writer, HtmlEncoder.Default);
        return writer.ToString();
    }
}
