using System.Text.RegularExpressions;

namespace TrustPortal.Web.Tests.Architecture;

/// A slice stays small (STYLE.md): a file in Features past ~400 lines is two features, and an action past ~40 lines
/// has a rule that belongs in the domain or in a plain class beside the controller.
public sealed class SliceSizeTests
{
    public const int FileLimit = 400;
    public const int ActionLimit = 40;

    /// Files allowed past the limit for now, each with its reason.
    private static readonly (string File, string Reason)[] LongFilesAllowed = [];

    /// Actions allowed past the limit for now, each with its reason: ("Feature/FeatureController.cs: Action", "why").
    private static readonly (string Action, string Reason)[] LongActionsAllowed = [];

    [Fact]
    public void No_file_in_features_passes_400_lines()
    {
        var tooLong = FeatureFiles("*.cs").Concat(FeatureFiles("*.cshtml"))
            .Select(f => (File: Relative(f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > FileLimit && !LongFilesAllowed.Any(a => a.File == f.File))
            .Select(f => $"{f.File} ({f.Lines} lines)")
            .ToList();
        Assert.True(tooLong.Count == 0, "Split by job: " + string.Join(", ", tooLong));
    }

    [Fact]
    public void No_controller_action_passes_40_lines()
    {
        var tooLong = FeatureFiles("*Controller*.cs")
            .SelectMany(f => ActionLengths(File.ReadAllLines(f)).Select(a => (File: Relative(f), a.Name, a.Lines)))
            .Where(a => a.Lines > ActionLimit)
            .Where(a => !LongActionsAllowed.Any(x => a.File.EndsWith(x.Action.Split(':')[0], StringComparison.Ordinal) && x.Action.EndsWith($": {a.Name}", StringComparison.Ordinal)))
            .Select(a => $"{a.File}: {a.Name} ({a.Lines} lines)")
            .ToList();
        Assert.True(tooLong.Count == 0, "Move the rule into the domain or a class beside the controller: " + string.Join(", ", tooLong));
    }

    [Fact]
    public void The_action_count_sees_a_long_action_and_an_expression_bodied_one()
    {
        var source = new List<string> { "    [HttpGet(\"\")]", "    public async Task<IActionResult> Index(CancellationToken ct)", "    {" };
        source.AddRange(Enumerable.Repeat("        var x = new { A = 1 };", 45));
        source.AddRange(["    }", "", "    [HttpPost(\"{id}\")]", "    public Task<IActionResult> Save(int id) =>", "        Run(id, x =>", "        {",
            "            return x;", "        });", "    private int Other() => 1;"]);

        var lengths = ActionLengths([.. source]).ToList();

        Assert.Equal([("Index", 48), ("Save", 5)], lengths);
    }

    private static readonly Regex HttpAttribute = new(@"^\s*\[(Http(Get|Post|Put|Delete|Patch)|Route|AcceptVerbs)\b", RegexOptions.None, TimeSpan.FromSeconds(1));
    private static readonly Regex Signature = new(@"^\s*public\s+(?!.*\b(class|record|struct|interface)\b)(async\s+)?[\w<>\[\]?, ]+\s+(?<name>\w+)\s*\(", RegexOptions.None, TimeSpan.FromSeconds(1));

    /// Each action (a public method after an [Http…] attribute) and its lines, from its signature to its end: the
    /// closing brace of a block body, or the semicolon that ends an expression body, found by counting brackets.
    internal static IEnumerable<(string Name, int Lines)> ActionLengths(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (!HttpAttribute.IsMatch(lines[i]))
            {
                continue;
            }
            var start = i + 1;
            while (start < lines.Length && lines[start].TrimStart().StartsWith('['))
            {
                start++;
            }
            if (start >= lines.Length || Signature.Match(lines[start]) is not { Success: true } match)
            {
                continue;
            }
            var end = EndOf(lines, start);
            yield return (match.Groups["name"].Value, end - start + 1);
            i = end;
        }
    }

    private static int EndOf(string[] lines, int start)
    {
        var depth = 0;
        var entered = false;
        for (var j = start; j < lines.Length; j++)
        {
            foreach (var c in lines[j])
            {
                if (c is '(' or '{' or '[')
                {
                    depth++;
                }
                else if (c is ')' or '}' or ']')
                {
                    depth--;
                }
            }
            var text = lines[j].TrimEnd();
            entered |= text.EndsWith('{') || text.Contains("=>", StringComparison.Ordinal);
            if (entered && depth == 0 && (text.EndsWith('}') || text.EndsWith(';')))
            {
                return j;
            }
        }
        return lines.Length - 1;
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

    private static IEnumerable<string> FeatureFiles(string pattern) =>
        Directory.EnumerateFiles(Path.Combine(Root(), "src", "TrustPortal.Web", "Features"), pattern, SearchOption.AllDirectories);

    private static string Relative(string file) => Path.GetRelativePath(Root(), file).Replace('\\', '/');
}
