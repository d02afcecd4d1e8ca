namespace TrustPortal.Web.Tests.Infrastructure;

/// The five source documents in ../shared/seeds beside the repository (CI clones it there).
public static class SeedDocuments
{
    public static string Folder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "seeds");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
            dir = dir.Parent;
        }
        throw new InvalidOperationException(
            $"The seed documents were not found: put the shared folder beside the repository (../shared/seeds). Searched up from {AppContext.BaseDirectory}.");
    }
}
