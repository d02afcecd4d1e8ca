using System.Reflection;
using System.Text.RegularExpressions;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NetArchTest.Rules;
using TrustPortal.Domain;

namespace TrustPortal.Web.Tests.Architecture;

/// The rules of docs/architecture.md that the compiler does not keep by itself (ADR 0132). None needs an exception
/// today; a rule that ever does should list each one here with its reason.
public sealed class ArchitectureTests
{
    private static readonly Assembly Web = typeof(Program).Assembly;
    private static readonly Assembly Domain = typeof(TrustPortal.Domain.DomainRuleException).Assembly;

    private static string Report(TestResult result) =>
        string.Join(", ", result.FailingTypeNames ?? []);

    [Fact]
    public void The_domain_references_no_package_only_the_runtime()
    {
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var packages = Domain.GetReferencedAssemblies()
            .Where(a => !File.Exists(Path.Combine(runtime, a.Name + ".dll")))
            .Select(a => a.Name)
            .ToList();
        Assert.True(packages.Count == 0, "The domain references: " + string.Join(", ", packages));
    }

    [Fact]
    public void The_domain_depends_on_no_framework_of_the_web()
    {
        var result = Types.InAssembly(Domain).ShouldNot()
            .HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Extensions", "TrustPortal.Web")
            .GetResult();
        Assert.True(result.IsSuccessful, Report(result));
    }

    /// A rule that could never fail proves nothing: the same check does see a dependency that exists.
    [Fact]
    public void The_checks_see_a_dependency_that_exists()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespace("TrustPortal.Web.Features.Progress")
            .ShouldNot().HaveDependencyOn("TrustPortal.Web.Data")
            .GetResult();
        Assert.False(result.IsSuccessful);
    }

    [Fact]
    public void Data_does_not_depend_on_features()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespace("TrustPortal.Web.Data")
            .ShouldNot().HaveDependencyOn("TrustPortal.Web.Features")
            .GetResult();
        Assert.True(result.IsSuccessful, Report(result));
    }

    /// The composition root (PortalHost, CommandLine, Program) sits beside Program.cs and knows every folder; below it,
    /// Persistence is beneath the plumbing: Data uses no type of Infrastructure (the file store and the e-mail record
    /// are passed in as a delegate and plain values), so there is no loop between the two.
    [Fact]
    public void Data_does_not_depend_on_infrastructure()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespace("TrustPortal.Web.Data")
            .ShouldNot().HaveDependencyOn("TrustPortal.Web.Infrastructure")
            .GetResult();
        Assert.True(result.IsSuccessful, Report(result));
    }

    /// Infrastructure serves the features and never reaches into one.
    [Fact]
    public void Infrastructure_does_not_depend_on_features()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespace("TrustPortal.Web.Infrastructure")
            .ShouldNot().HaveDependencyOn("TrustPortal.Web.Features")
            .GetResult();
        Assert.True(result.IsSuccessful, Report(result));
    }

    public static TheoryData<string> Features() =>
        new(Web.GetTypes().Select(t => t.Namespace).OfType<string>()
            .Where(n => n.StartsWith("TrustPortal.Web.Features.", StringComparison.Ordinal))
            .Select(n => n.Split('.')[3]).Distinct().Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Features))]
    public void A_feature_does_not_use_another_features_controller(string feature)
    {
        var others = Web.GetTypes()
            .Where(t => typeof(ControllerBase).IsAssignableFrom(t) && t.Namespace is { } ns
                && ns.StartsWith("TrustPortal.Web.Features.", StringComparison.Ordinal) && ns.Split('.')[3] != feature)
            .Select(t => t.FullName!)
            .ToArray();
        // Matching, not ResideInNamespace: that is a prefix test, so feature "Board" would take in "BoardPack" too.
        var result = Types.InAssembly(Web).That().ResideInNamespaceMatching($@"^TrustPortal\.Web\.Features\.{feature}(\..*)?$")
            .ShouldNot().HaveDependencyOnAny(others)
            .GetResult();
        Assert.True(result.IsSuccessful, $"{feature} uses another feature's controller: {Report(result)}");
    }

    [Fact]
    public void Every_controller_action_has_an_authorisation_decision()
    {
        static bool Decides(MemberInfo member) =>
            member.GetCustomAttributes<AllowAnonymousAttribute>(inherit: true).Any()
            || member.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Any(a => !string.IsNullOrEmpty(a.Policy) || !string.IsNullOrEmpty(a.Roles));

        var undecided = Web.GetTypes()
            .Where(t => typeof(ControllerBase).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && !m.IsDefined(typeof(NonActionAttribute)))
                .Where(m => !Decides(m) && !Decides(t))
                .Select(m => $"{t.Name}.{m.Name}"))
            .ToList();
        Assert.True(undecided.Count == 0, "Say [Authorize(Policy = ...)] or [AllowAnonymous] on: " + string.Join(", ", undecided));
    }

    /// The one search of a message that stays, with its reason: (file, the text on that line).
    private static readonly (string File, string Line, string Reason)[] MessageSearchesAllowed =
    [
        ("src/TrustPortal.Web/Features/Errors/ErrorsController.cs", "e is InvalidDataException && e.Message.Contains(\"length limit\"",
            "The framework's multipart reader says its length limit was passed only in the text of an InvalidDataException."),
    ];

    /// Errors are routed to a field by DomainRuleException.Field, never by searching the message (ADR 0133): reword a
    /// message and it would silently land on another field.
    [Fact]
    public void No_code_routes_an_error_by_searching_its_text()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TrustPortal.sln")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        var search = new Regex(@"\.Message\s*\.\s*(Contains|StartsWith|EndsWith|IndexOf|Equals)\s*\(", RegexOptions.None, TimeSpan.FromSeconds(1));
        var found = Directory.EnumerateFiles(Path.Combine(root!.FullName, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root.FullName, f), Line: i + 1, Text: line)))
            .Where(l => search.IsMatch(l.Text))
            .Where(l => !MessageSearchesAllowed.Any(a => a.File == l.File.Replace('\\', '/') && l.Text.Contains(a.Line, StringComparison.Ordinal)))
            .Select(l => $"{l.File}:{l.Line}")
            .ToList();
        Assert.True(found.Count == 0, "Route by DomainRuleException.Field instead: " + string.Join(", ", found));
    }

    /// Who may read what (public, or staff of the trust only) is decided in one place, Domain.Audiences; a page that
    /// wrote the comparison out again could drift from it and show staff-only words to the public.
    [Fact]
    public void The_audience_rule_is_written_once()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TrustPortal.sln")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        var comparison = new Regex(@"Audience\s*[!=]=\s*(TrustPortal\.Domain\.)?Audience\.(Public|Staff)", RegexOptions.None, TimeSpan.FromSeconds(1));
        var found = Directory.EnumerateFiles(Path.Combine(root!.FullName, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "Audiences.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root.FullName, f), Line: i + 1, Text: line)))
            .Where(l => comparison.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}")
            .ToList();
        Assert.True(found.Count == 0, "Use Audiences.Sees / SeenBy / IsStaffOnly instead: " + string.Join(", ", found));
    }

    /// Every date is typed into the one date input (DateParts + <govuk-date-input>): its error, hint and parts are
    /// marked up in one place, so no page writes GOV.UK's date markup by hand.
    [Fact]
    public void Every_date_input_is_the_one_tag_helper()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TrustPortal.sln")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        var byHand = Directory.EnumerateFiles(Path.Combine(root!.FullName, "src", "TrustPortal.Web", "Features"), "*.cshtml", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("govuk-date-input__input", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root.FullName, f))
            .ToList();
        Assert.True(byHand.Count == 0, "Use DateParts and <govuk-date-input asp-for=...>: " + string.Join(", ", byHand));
    }

    [Theory]
    [InlineData(Audience.Public, null, true)]
    [InlineData(Audience.Public, 2, true)]
    [InlineData(Audience.Staff, null, false)]
    [InlineData(Audience.Staff, 2, false)]
    [InlineData(Audience.Staff, 1, true)]
    public void Public_items_are_for_everyone_and_staff_items_for_the_trusts_own_people(Audience audience, int? memberOf, bool sees)
    {
        Assert.Equal(sees, Audiences.Sees(audience, trustId: 1, memberOf));
        Assert.Equal(sees, Audiences.SeenBy<Probe>(memberOf).Compile()(new Probe(1, audience)));
    }

    public sealed record Probe(int TrustId, Audience Audience) : IHasAudience;
}
