using System.Text.RegularExpressions;

namespace TrustPortal.Web.Infrastructure.Files;

/// Where uploaded files (logos, evidence) are kept. Keys are made by the store, never by the uploader, so a key
/// cannot name a path outside it.
public interface IFileStore
{
    /// Stores the content and returns its key; <paramref name="name"/> only supplies the extension.
    Task<string> SaveAsync(Stream content, string name, CancellationToken ct);

    /// The stored content, or null when there is no file with that key.
    Task<Stream?> OpenAsync(string key, CancellationToken ct);

    Task DeleteAsync(string key, CancellationToken ct);
}

/// Files in a folder on disk: Files:Root in configuration, by default data/files under the content root.
public sealed partial class FileSystemFileStore : IFileStore
{
    private readonly string _root;

    public FileSystemFileStore(IConfiguration configuration, IWebHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        _root = Path.GetFullPath(configuration["Files:Root"] is { Length: > 0 } root
            ? Path.Combine(environment.ContentRootPath, root)
            : Path.Combine(environment.ContentRootPath, "data", "files"));
    }

    public async Task<string> SaveAsync(Stream content, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var extension = Path.GetExtension(name ?? "").ToLowerInvariant();
        if (!SafeExtension().IsMatch(extension))
        {
            extension = ".bin";
        }
        var key = $"{Guid.NewGuid():N}{extension}";
        Directory.CreateDirectory(_root);
        var file = new FileStream(PathOf(key), FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            await content.CopyToAsync(file, ct).ConfigureAwait(false);
        }
        return key;
    }

    public Task<Stream?> OpenAsync(string key, CancellationToken ct)
    {
        if (!ValidKey().IsMatch(key ?? "") || !File.Exists(PathOf(key!)))
        {
            return Task.FromResult<Stream?>(null);
        }
        return Task.FromResult<Stream?>(new FileStream(PathOf(key!), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        if (ValidKey().IsMatch(key ?? ""))
        {
            File.Delete(PathOf(key!));
        }
        return Task.CompletedTask;
    }

    private string PathOf(string key) => Path.Combine(_root, key);

    [GeneratedRegex("^[0-9a-f]{32}\\.[a-z0-9]{1,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidKey();

    [GeneratedRegex("^\\.[a-z0-9]{1,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeExtension();
}
