using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NetArchTest.Rules;

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
        var result = Types.InAssembly(Web).That().ResideInNamespace("TrustPortal.Web.Features." + feature)
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
}
