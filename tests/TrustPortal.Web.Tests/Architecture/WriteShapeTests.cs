using System.Text.RegularExpressions;

namespace TrustPortal.Web.Tests.Architecture;

/// Every write of the portal runs through FormWrites (ADR 0135, 0137, 0175): a controller neither saves nor says
/// "saved" itself, so the version check, the conflict page, the execution strategy and the one success banner cannot
/// be forgotten by the next action written. The few writes that do not fit say why, here and in their ADRs.
public sealed partial class WriteShapeTests
{
    /// ("Feature/File.cs: Member", why it writes or says "saved" by hand).
    private static readonly (string Member, string Reason)[] Allowed =
    [
        ("Progress/ProgressController.cs: SavedAsync", "after the progress recorder (ADR 0140): load or create, a receipt tells a replay from a conflict"),
        ("Progress/ProgressPrioritiesController.cs: RecordPriority", "the progress recorder, as for criteria (ADR 0140)"),
        ("Operator/OperatorController.cs: NewTrust", "a trust and its first account cannot be one transaction; a compensating delete (ADR 0137)"),
        ("Operator/OperatorController.Lifecycle.cs: Export", "the answer is the zip, not a redirect; the one row is an append to the operator's log (ADR 0137)"),
        ("AdminContent/AdminContentController.cs: New", "the item's first version needs its id: a second save in AfterSave, in FormWrites' one transaction (ADR 0137)"),
        ("Users/UsersController.cs: Said", "the answer of a FormWrite's Refuse that must read as success (another trust's address is never revealed)"),
        ("SchoolAdmin/SchoolAdminController.cs: Said", "the answer of a FormWrite's Refuse (that inspection had already been removed: the wish is already true)"),
    ];

    [Fact]
    public void No_controller_saves_or_says_saved_by_hand()
    {
        var found = HandWrittenWrites(ControllerFiles())
            .Where(w => !Allowed.Any(a => a.Member == w))
            .Distinct()
            .ToList();
        Assert.True(found.Count == 0, "Write these through FormWrites (see FormWrites.cs): " + string.Join(", ", found));
    }

    [Fact]
    public void Every_allowed_exception_is_still_there_so_the_list_does_not_outlive_its_reasons()
    {
        var found = HandWrittenWrites(ControllerFiles()).ToHashSet();
        var gone = Allowed.Where(a => !found.Contains(a.Member)).Select(a => a.Member).ToList();
        Assert.True(gone.Count == 0, "No longer written by hand; remove from Allowed: " + string.Join(", ", gone));
    }

    [Fact]
    public void The_scan_finds_a_save_and_a_banner_and_names_their_member()
    {
        string[] source =
        [
            "    [HttpPost(\"new\")]",
            "    public async Task<IActionResult> Create(NewForm form, CancellationToken ct)",
            "    {",
            "        db.Things.Add(new Thing(form.Name));",
            "        await db.SaveChangesAsync(ct);",
            "        return Redirect(\"/things\");",
            "    }",
            "",
            "    private RedirectResult Saved(string message)",
            "    {",
            "        TempData[\"Success\"] = message;",
            "        return Redirect(\"/things\");",
            "    }",
            "    public Task<IActionResult> Remove(int id) => db.Things.Where(t => t.Id == id).ExecuteDeleteAsync();",
        ];

        Assert.Equal(["Things/ThingsController.cs: Create", "Things/ThingsController.cs: Saved", "Things/ThingsController.cs: Remove"],
            HandWrittenWrites([("Things/ThingsController.cs", source)]));
    }

    [GeneratedRegex(@"SaveChangesAsync\(|TempData\[""Success""\]\s*=|Execute(Update|Delete)Async\(")]
    private static partial Regex Write();

    [GeneratedRegex(@"^    (public|private|internal|protected)\s.*?\b(?<name>\w+)\s*(<[^>]*>)?\(")]
    private static partial Regex Member();

    /// "File: Member" for each line that saves, deletes in bulk, or sets the success banner, named by the class member around it.
    private static IEnumerable<string> HandWrittenWrites(IEnumerable<(string File, string[] Lines)> files)
    {
        foreach (var (file, lines) in files)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                if (!Write().IsMatch(lines[i]))
                {
                    continue;
                }
                var j = i;
                while (j >= 0 && !Member().IsMatch(lines[j]))
                {
                    j--;
                }
                yield return $"{file}: {(j < 0 ? "?" : Member().Match(lines[j]).Groups["name"].Value)}";
            }
        }
    }

    private static IEnumerable<(string File, string[] Lines)> ControllerFiles()
    {
        var features = Path.Combine(Root(), "src", "TrustPortal.Web", "Features");
        return Directory.EnumerateFiles(features, "*Controller*.cs", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(features, f).Replace('\\', '/'), File.ReadAllLines(f)));
    }

    private static string Root()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TrustPortal.sln")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        return root!.FullName;
    }
}
