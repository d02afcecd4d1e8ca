using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace TrustPortal.Web.Infrastructure;

/// One feature is one folder: Features/{Controller}/{View}.cshtml, with shared views in Features/Shared. A feature
/// with several controllers, each for one job under the same URL prefix (Progress: recording, priorities, returns,
/// evidence), finds its views in the folder its namespace names (Features.Progress → Features/Progress).
public sealed class FeatureFolderViewLocations : IViewLocationExpander
{
    private const string Key = "feature";
    private const string Prefix = "TrustPortal.Web.Features.";

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations) =>
        context.Values.TryGetValue(Key, out var feature) && feature is not null
            ? ["/Features/{1}/{0}.cshtml", $"/Features/{feature}/{{0}}.cshtml", "/Features/Shared/{0}.cshtml"]
            : ["/Features/{1}/{0}.cshtml", "/Features/Shared/{0}.cshtml"];

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ActionContext.ActionDescriptor is ControllerActionDescriptor action
            && action.ControllerTypeInfo.Namespace is { } ns && ns.StartsWith(Prefix, StringComparison.Ordinal))
        {
            context.Values[Key] = ns[Prefix.Length..].Split('.')[0];
        }
    }
}
