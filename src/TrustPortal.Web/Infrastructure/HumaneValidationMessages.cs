using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace TrustPortal.Web.Infrastructure;

/// Validation messages written for people, never the framework's "The field DueYear must be a string with a maximum
/// length of 4.": a validation attribute without its own message gets one that names the field in words ("Due year
/// must be 4 characters or fewer"), and model binding's messages (a word where a number belongs, an empty value) are
/// replaced. Forms should still give each attribute its own message; this is the floor.
public sealed partial class HumaneValidationMessages : IValidationMetadataProvider, IDisplayMetadataProvider
{
    public static void Configure(MvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ModelMetadataDetailsProviders.Add(new HumaneValidationMessages());
        var m = options.ModelBindingMessageProvider;
        m.SetAttemptedValueIsInvalidAccessor((_, field) => $"{field} is not in the right format");
        m.SetMissingBindRequiredValueAccessor(field => $"Enter {Lower(field)}");
        m.SetMissingKeyOrValueAccessor(() => "Enter a value");
        m.SetMissingRequestBodyRequiredValueAccessor(() => "The form arrived empty: fill it in and send it again");
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => "A value is not in the right format");
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => "A value is not in the right format");
        m.SetNonPropertyValueMustBeANumberAccessor(() => "Enter a number");
        m.SetUnknownValueIsInvalidAccessor(field => $"{field} is not in the right format");
        m.SetValueIsInvalidAccessor(_ => "A value is not in the right format");
        m.SetValueMustBeANumberAccessor(field => $"{field} must be a number");
        m.SetValueMustNotBeNullAccessor(field => $"Enter {Lower(field)}");
    }

    /// A property with no [Display] name is named in words: DueYear → "Due year".
    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Key.Name is { } name && context.DisplayMetadata.DisplayName is null)
        {
            var words = Words(name);
            context.DisplayMetadata.DisplayName = () => words;
        }
    }

    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Key.Name is not { } name)
        {
            return;
        }
        var field = Words(name);
        foreach (var attribute in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>())
        {
            // Newer attributes (AllowedValues, Length, …) report their framework default through ErrorMessage itself.
            var own = attribute.ErrorMessage is { } set
                && !set.Contains("{0} field", StringComparison.Ordinal) && !set.Contains("field {0}", StringComparison.Ordinal);
            if (own || attribute.ErrorMessageResourceType is not null)
            {
                continue;
            }
            var message = attribute switch
            {
                StringLengthAttribute s => $"{field} must be {s.MaximumLength} characters or fewer",
                MaxLengthAttribute s => $"{field} must be {s.Length} characters or fewer",
                MinLengthAttribute s => $"{field} must be at least {s.Length} characters",
                RangeAttribute r => $"{field} must be between {r.Minimum} and {r.Maximum}",
                RequiredAttribute => $"Enter {Lower(field)}",
                EmailAddressAttribute => "Enter an e-mail address in the correct format, like name@example.org",
                AllowedValuesAttribute => $"Choose {Lower(field)} from the list",
                _ => $"Check {Lower(field)}",
            };
            // The attribute formats its message with string.Format: braces in it are literal.
            attribute.ErrorMessage = message.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
        }
    }

    public static string Words(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var spaced = Capitals().Replace(name, " $1").Trim();
        return spaced.Length == 0 ? name : spaced[..1].ToUpperInvariant() + spaced[1..].ToLowerInvariant();
    }

    private static string Lower(string field) =>
        field.Length > 1 && char.IsUpper(field[0]) && !char.IsUpper(field[1]) ? char.ToLower(field[0], CultureInfo.InvariantCulture) + field[1..] : field;

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex Capitals();
}
