using Microsoft.AspNetCore.Mvc.Razor;

namespace TrustPortal.Web.Infrastructure;

/// One feature is one folder: Features/{Controller}/{View}.cshtml, with shared views in Features/Shared.
public sealed class FeatureFolderViewLocations : IViewLocationExpander
{
    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations) =>
        ["/Features/{1}/{0}.cshtml", "/Features/Shared/{0}.cshtml"];

    public void PopulateValues(ViewLocationExpanderContext context)
    {
    }
}
