using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Progress;

namespace TrustPortal.Web.Tests.Infrastructure;

/// No framework message reaches a page: every validation attribute of every form, and every model-binding message,
/// reads as a sentence for people ("Due year must be 4 characters or fewer", not "The field DueYear must be a string
/// with a maximum length of 4."). HostileInputTests posts over-long and wrong-typed values to every form and fails on
/// the same patterns in the error summary.
[Collection(SharedPortal.Name)]
public sealed partial class ValidationMessageTests(PortalFactory factory)
{
    /// The framework's default wording, or null when the text has none of it.
    public static string? DeveloperMessage(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Defaults().Match(text);
        return match.Success ? match.Value : null;
    }

    [GeneratedRegex(@"The field \w+|The \w+ field is required|The value '[^']*' is (not valid|invalid)|A value for the '[^']*'|must be a string with a (maximum|minimum) length|is not valid for \w+|\b[A-Z][a-z]+[A-Z]\w* (must|is|field)|AllowedValuesAttribute|does not equal any of the values")]
    private static partial Regex Defaults();

    [Fact]
    public void Every_validation_attribute_on_every_form_has_a_message_for_people()
    {
        var metadata = factory.Services.GetRequiredService<IModelMetadataProvider>();
        var forms = typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.GetProperties().Any(p => p.GetCustomAttributes(typeof(ValidationAttribute), true).Length > 0))
            .ToList();
        Assert.True(forms.Count > 10, "Too few forms found: " + forms.Count);
        var problems = new List<string>();
        foreach (var form in forms)
        {
            foreach (var property in metadata.GetMetadataForProperties(form))
            {
                foreach (var attribute in property.ValidatorMetadata.OfType<ValidationAttribute>())
                {
                    var message = attribute.FormatErrorMessage(property.GetDisplayName());
                    if (DeveloperMessage(message) is not null)
                    {
                        problems.Add($"{form.Name}.{property.PropertyName} [{attribute.GetType().Name}]: {message}");
                    }
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Model_binding_messages_are_written_for_people()
    {
        var messages = factory.Services.GetRequiredService<IOptions<MvcOptions>>().Value.ModelBindingMessageProvider;
        string[] all =
        [
            messages.AttemptedValueIsInvalidAccessor("abc", "Due year"),
            messages.MissingBindRequiredValueAccessor("Due year"),
            messages.MissingKeyOrValueAccessor(),
            messages.MissingRequestBodyRequiredValueAccessor(),
            messages.NonPropertyAttemptedValueIsInvalidAccessor("abc"),
            messages.NonPropertyUnknownValueIsInvalidAccessor(),
            messages.NonPropertyValueMustBeANumberAccessor(),
            messages.UnknownValueIsInvalidAccessor("Due year"),
            messages.ValueIsInvalidAccessor("abc"),
            messages.ValueMustBeANumberAccessor("Due year"),
            messages.ValueMustNotBeNullAccessor("Due year"),
        ];
        Assert.All(all, m => Assert.Null(DeveloperMessage(m)));
        Assert.Equal("Enter due year", messages.ValueMustNotBeNullAccessor("Due year"));
    }

    [Fact]
    public async Task An_over_long_due_year_is_refused_in_words_on_the_progress_form()
    {
        var cycle = await factory.KestrelOpenCycleAsync();
        var (schoolId, urn) = await factory.NewSchoolAsync();
        var (head, _, _, _) = await factory.HeadOfAsync(TrustPortal.Web.Accounts.DemoAccounts.TrustSlug, schoolId);
        var url = $"/{TrustPortal.Web.Accounts.DemoAccounts.TrustSlug}/progress/{urn}/criteria/{cycle.CriterionIds[0]}";
        var page = await head.GetDocumentAsync(url);
        var fields = ProgressTestData.FormFields(page, ProgressTestData.Entry());
        fields["Form.DueOn.Year"] = "2027777";
        fields["Form.Owner"] = new string('x', 5000);
        using var response = await head.PostFormAsync(url, fields, url);
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var text = Pages.Collapse(doc.QuerySelector(".govuk-error-summary")?.TextContent ?? "");
        Assert.NotEqual("", text);
        Assert.Null(DeveloperMessage(text));
    }
}
