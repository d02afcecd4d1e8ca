using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace TrustPortal.Web.Infrastructure;

/// One feature is one folder: Features/{Feature}/{View}.cshtml, with shared views in Features/Shared. The folder is the
/// controller's namespace (TrustPortal.Web.Features.{Feature}), else its name, so a feature split by job into several controllers
/// under one URL prefix (PlanAdmin: plans, horizons, themes and aims, criteria) keeps its views in one folder.
public sealed class FeatureFolderViewLocations : IViewLocationExpander
{
    private const string Key = "feature";
    // Built, not written out: Infrastructure names no feature namespace (ArchitectureTests).
    private static readonly string Prefix = typeof(FeatureFolderViewLocations).Namespace![..^"Infrastructure".Length] + "Features" + ".";

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Values.TryGetValue(Key, out var feature) && feature is not null
            ? [$"/Features/{feature}/{{0}}.cshtml", "/Features/{1}/{0}.cshtml", "/Features/Shared/{0}.cshtml"]
            : ["/Features/{1}/{0}.cshtml", "/Features/Shared/{0}.cshtml"];
    }

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
