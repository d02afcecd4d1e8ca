using System.Globalization;
using System.Text;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.UserImport;

/// `users import` and `users export` on the command line: the same preview as the page, all or nothing.
public sealed class UserImportCommandTests : IDisposable
{
    private const string Trust = "kestrel-ridge-learning-trust";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "trustportal-cli-import-tests", Guid.NewGuid().ToString("N"));

    private CommandLineRunner Runner => new(Path.Combine(_folder, "cli.db"), extraSettings: new Dictionary<string, string?>
    {
        ["Email:Sender"] = "Folder",
        ["Email:Folder"] = Path.Combine(_folder, "mail"),
    });

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text.Replace("\n", "\r\n", StringComparison.Ordinal), new UTF8Encoding(true));
        return path;
    }

    [Fact]
    public async Task Import_previews_without_writing_refuses_a_bad_file_by_row_then_writes_and_sends_with_confirm_and_export_reads_it_back()
    {
        Directory.CreateDirectory(_folder);
        var runner = Runner;
        await runner.SeedDemoTrustsAsync();
        var people = new StringBuilder("role,name,email,schools\n");
        for (var i = 0; i < 20; i++)
        {
            people.Append(CultureInfo.InvariantCulture, $"Staff,Person {i},cli-person{i}@example.org,\n");
        }
        var good = WriteFile("people.csv", people.ToString());
        var bad = WriteFile("bad.csv", people + "Staff,,cli-nameless@example.org,\n");

        var (code, output, _) = await runner.RunAsync("", "users", "import", "--trust", Trust, "--file", good);
        Assert.Equal(0, code);
        Assert.Contains("Row 2: Invite cli-person0@example.org", output, StringComparison.Ordinal);
        Assert.Contains("To invite: 20. To update: 0. No change: 0. Cannot be imported: 0.", output, StringComparison.Ordinal);
        Assert.Contains("Nothing was written. Run again with --confirm", output, StringComparison.Ordinal);

        (code, output, var error) = await runner.RunAsync("", "users", "import", "--trust", Trust, "--file", bad, "--confirm");
        Assert.Equal(1, code);
        Assert.Contains("Row 22: Cannot be imported cli-nameless@example.org: The name is missing", output, StringComparison.Ordinal);
        Assert.Contains("Nothing was written: 1 row cannot be imported", error, StringComparison.Ordinal);
        (_, var listed, _) = await runner.RunAsync("", "users", "list", "--trust", Trust);
        Assert.DoesNotContain("cli-person", listed, StringComparison.Ordinal);

        (code, output, _) = await runner.RunAsync("", "users", "import", "--trust", Trust, "--file", good, "--confirm");
        Assert.Equal(0, code);
        Assert.Contains("20 invitations sent.", output, StringComparison.Ordinal);
        var mail = Directory.GetFiles(Path.Combine(_folder, "mail"), "*.eml").Select(File.ReadAllText).ToList();
        Assert.Equal(20, mail.Count(m => m.Contains("/account/invitation/", StringComparison.Ordinal) && m.Contains("cli-person", StringComparison.Ordinal)));
        Assert.All(mail, m => Assert.Contains("https://portal.example.org/account/invitation/", m, StringComparison.Ordinal));

        (code, output, _) = await runner.RunAsync("", "users", "export", "--trust", Trust);
        Assert.Equal(0, code);
        Assert.StartsWith("name,email,role,schools", output, StringComparison.Ordinal);
        Assert.Contains("Person 7,cli-person7@example.org,Staff,", output, StringComparison.Ordinal);
        var exported = WriteFile("exported.csv", output);
        (code, output, _) = await runner.RunAsync("", "users", "import", "--trust", Trust, "--file", exported);
        Assert.Equal(0, code);
        Assert.Contains("To invite: 0. To update: 0. No change: 20. Cannot be imported: 0.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_without_a_trust_or_file_is_bad_usage()
    {
        Directory.CreateDirectory(_folder);
        var (code, _, error) = await Runner.RunAsync("", "users", "import", "--file", "x.csv");
        Assert.Equal(2, code);
        Assert.Contains("Usage: users import --trust <slug> --file <people.csv> [--confirm]", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; nothing depends on it.
        }
    }
}
