using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using TrustPortal.Domain;

namespace TrustPortal.Web.Infrastructure;

/// Every string that MVC binds — form fields, query and route values, each property of every form class — passes
/// through the portal's text rule (StoredText, docs/adr/0092) before validation sees it, so a new form cannot forget
/// it: "line one\vline two" pasted from Word arrives as "line one\nline two".
public sealed class StoredTextModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // A password is never stored as text (only its hash is) and must reach Identity exactly as typed, as it does
        // from the command line; it is marked [DataType(DataType.Password)].
        return context.Metadata.ModelType == typeof(string) && context.BindingInfo.BindingSource is null or { IsGreedy: false }
            && context.Metadata.DataTypeName != nameof(System.ComponentModel.DataAnnotations.DataType.Password)
            ? new StoredTextModelBinder(new SimpleTypeModelBinder(typeof(string), context.Services.GetRequiredService<ILoggerFactory>()))
            : null;
    }
}

public sealed class StoredTextModelBinder(IModelBinder inner) : IModelBinder
{
    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        await inner.BindModelAsync(bindingContext);
        if (!bindingContext.Result.IsModelSet || bindingContext.Result.Model is not string raw || StoredText.IsClean(raw))
        {
            return;
        }
        var clean = StoredText.Clean(raw);
        if (string.IsNullOrWhiteSpace(clean) && bindingContext.ModelMetadata.ConvertEmptyStringToNull)
        {
            clean = null;
        }
        // The form shown again (after a validation error) shows the text as it will be stored.
        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, clean, clean);
        bindingContext.Result = ModelBindingResult.Success(clean);
    }
}
