using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// Every controller action of the portal against the role × action table. An action missing from the table fails.
[Collection(SharedPortal.Name)]
public sealed class AccessTableTests(PortalFactory factory)
{
    private enum Outcome { Allowed, Forbidden, SignIn }

    private const Outcome A = Outcome.Allowed, F = Outcome.Forbidden, S = Outcome.SignIn;
    private static readonly string[] Columns = ["Anonymous", Roles.Staff, Roles.Headteacher, Roles.Trustee, Roles.TrustAdmin, Roles.ServiceOperator];

    //                                                   Anonymous Staff Head Trustee Admin Operator
    /// Whether the table lets the role (a column name: "Anonymous" or a role) use the action ("Controller.Action").
    internal static bool Allows(string action, string role) =>
        Table.TryGetValue(action, out var row) && row[Array.IndexOf(Columns, role)] == Outcome.Allowed;

    private static readonly Dictionary<string, Outcome[]> Table = new(StringComparer.Ordinal)
    {
        ["Home.Index"] = [A, A, A, A, A, A],
        ["Trusts.Show"] = [A, A, A, A, A, A],
        ["Trusts.About"] = [A, A, A, A, A, A],
        ["Trusts.BrandCss"] = [A, A, A, A, A, A],
        ["Schools.Index"] = [A, A, A, A, A, A],
        ["Schools.Show"] = [A, A, A, A, A, A],
        ["Plans.Index"] = [A, A, A, A, A, A],
        ["Plans.Show"] = [A, A, A, A, A, A],
        ["Messages.Index"] = [A, A, A, A, A, A],
        ["Messages.Show"] = [A, A, A, A, A, A],
        ["Errors.ServerError"] = [A, A, A, A, A, A],
        ["Errors.Status"] = [A, A, A, A, A, A],
        ["Account.SignIn"] = [A, A, A, A, A, A],
        ["Account.SignOutEverywhere"] = [A, A, A, A, A, A],
        ["Account.SignedOut"] = [A, A, A, A, A, A],
        ["Account.Mfa"] = [A, A, A, A, A, A],
        ["Account.Recovery"] = [A, A, A, A, A, A],
        ["Account.Invitation"] = [A, A, A, A, A, A],
        ["PasswordReset.Forgotten"] = [A, A, A, A, A, A],
        ["PasswordReset.Reset"] = [A, A, A, A, A, A],
        // single sign-on: the challenge, the callback, the first-time link and the refusal page (ADR 0145)
        ["Account.External"] = [A, A, A, A, A, A],
        ["Account.ExternalCallback"] = [A, A, A, A, A, A],
        ["Account.Link"] = [A, A, A, A, A, A],
        ["Account.ExternalRefused"] = [A, A, A, A, A, A],
        ["SignInSettings.Index"] = [S, F, F, F, A, F],
        ["Account.Setup"] = [S, A, A, A, A, A],
        ["Account.CreateKey"] = [S, A, A, A, A, A],
        ["Me.Index"] = [S, A, A, A, A, A],
        ["Me.ChangeName"] = [S, A, A, A, A, A],
        ["Me.Password"] = [S, A, A, A, A, A],
        ["Me.ResetMfa"] = [S, A, A, A, A, A],
        ["Me.Export"] = [S, A, A, A, A, A],
        ["Staff.Index"] = [S, A, A, A, A, F],
        ["Users.Index"] = [S, F, F, F, A, F],
        ["Users.Invite"] = [S, F, F, F, A, F],
        ["Users.Edit"] = [S, F, F, F, A, F],
        ["Users.Disable"] = [S, F, F, F, A, F],
        ["Users.Enable"] = [S, F, F, F, A, F],
        ["Users.ResetMfa"] = [S, F, F, F, A, F],
        ["Users.StaffMfa"] = [S, F, F, F, A, F],
        ["Users.Export"] = [S, F, F, F, A, F],
        ["Users.Erase"] = [S, F, F, F, A, F],
        // Bulk onboarding and the people CSV (the batch's trust is checked inside the actions; see UserImportTests)
        ["UserImport.Import"] = [S, F, F, F, A, F],
        ["UserImport.Upload"] = [S, F, F, F, A, F],
        ["UserImport.Preview"] = [S, F, F, F, A, F],
        ["UserImport.Confirm"] = [S, F, F, F, A, F],
        ["UserImport.Progress"] = [S, F, F, F, A, F],
        ["UserImport.Export"] = [S, F, F, F, A, F],
        ["Audit.Index"] = [S, F, F, F, A, F],
        ["AdminHome.Index"] = [S, F, F, F, A, F],
        ["Start.Index"] = [S, A, A, A, A, A],
        // Progress (school and trust scoping are resource checks inside the actions; see ProgressPagesTests)
        ["Progress.Index"] = [S, A, A, A, A, F],
        ["Progress.School"] = [S, A, A, A, A, F],
        ["Progress.Criterion"] = [S, A, A, A, A, F],
        ["Progress.Record"] = [S, F, A, F, F, F],
        ["ProgressReturns.Check"] = [S, F, A, F, F, F],
        ["ProgressReturns.Submit"] = [S, F, A, F, F, F],
        ["ProgressReturns.Submitted"] = [S, A, A, A, A, F],
        ["ProgressReturns.ConfirmReopen"] = [S, F, F, F, A, F],
        ["ProgressReturns.Reopen"] = [S, F, F, F, A, F],
        ["ProgressSummary.Summary"] = [S, A, A, A, A, F],
        ["ProgressReturns.Returns"] = [S, F, F, F, A, F],
        ["ProgressReturns.Remind"] = [S, F, F, F, A, F],
        ["ProgressReturns.RemindAll"] = [S, F, F, F, A, F],
        // plan administration (strategic plans and review cycles)
        ["PlanAdmin.Index"] = [S, F, F, F, A, F],
        ["PlanAdmin.Create"] = [S, F, F, F, A, F],
        ["PlanAdmin.Edit"] = [S, F, F, F, A, F],
        ["PlanAdmin.Details"] = [S, F, F, F, A, F],
        ["PlanHorizons.AddHorizon"] = [S, F, F, F, A, F],
        ["PlanHorizons.Horizon"] = [S, F, F, F, A, F],
        ["PlanHorizons.RemoveHorizon"] = [S, F, F, F, A, F],
        ["PlanAims.AddTheme"] = [S, F, F, F, A, F],
        ["PlanAims.Theme"] = [S, F, F, F, A, F],
        ["PlanAims.RemoveTheme"] = [S, F, F, F, A, F],
        ["PlanAims.AddAim"] = [S, F, F, F, A, F],
        ["PlanAims.Aim"] = [S, F, F, F, A, F],
        ["PlanAims.RemoveAim"] = [S, F, F, F, A, F],
        ["PlanAdmin.Renumber"] = [S, F, F, F, A, F],
        ["PlanAdmin.Move"] = [S, F, F, F, A, F],
        ["PlanCriteria.AddCriterion"] = [S, F, F, F, A, F],
        ["PlanCriteria.Criterion"] = [S, F, F, F, A, F],
        ["PlanCriteria.RemoveCriterion"] = [S, F, F, F, A, F],
        // a criterion's numeric measure, beside its words (ADR 0144)
        ["PlanCriteria.Measure"] = [S, F, F, F, A, F],
        ["PlanCriteria.RemoveMeasure"] = [S, F, F, F, A, F],
        ["PlanAdmin.Publish"] = [S, F, F, F, A, F],
        ["PlanAdmin.Archive"] = [S, F, F, F, A, F],
        ["Cycles.Index"] = [S, F, F, F, A, F],
        ["Cycles.Add"] = [S, F, F, F, A, F],
        ["Cycles.Termly"] = [S, F, F, F, A, F],
        ["Cycles.Edit"] = [S, F, F, F, A, F],
        ["Cycles.Open"] = [S, F, F, F, A, F],
        ["Cycles.Close"] = [S, F, F, F, A, F],
        // Trustees' review: dashboard, drill-downs; the old pack, export and sign-off addresses redirect (issue 16); challenge log
        ["Board.Index"] = [S, F, F, A, A, F],
        ["Board.Exceptions"] = [S, F, F, A, A, F],
        ["Board.School"] = [S, F, F, A, A, F],
        ["Board.Aim"] = [S, F, F, A, A, F],
        ["Board.Criterion"] = [S, F, F, A, A, F],
        ["Board.Pack"] = [S, F, F, A, A, F],
        ["Board.PackDocx"] = [S, F, F, A, A, F],
        ["Board.ProgressXlsx"] = [S, F, F, A, A, F],
        ["Board.ProgressCsv"] = [S, F, F, A, A, F],
        ["Board.SignOff"] = [S, F, F, A, A, F],
        // Board meetings and decisions (ADR 0153, 0154): trustees and administrators record them; the central team sets
        // the quorum and issues packs; heads read the decisions about their own schools (a resource check inside)
        ["BoardMeetings.Index"] = [S, F, F, A, A, F],
        ["BoardMeetings.SetQuorum"] = [S, F, F, F, A, F],
        ["BoardMeetings.New"] = [S, F, F, A, A, F],
        ["BoardMeetings.Create"] = [S, F, F, A, A, F],
        ["BoardMeetings.Show"] = [S, F, F, A, A, F],
        ["BoardMeetings.AddPaper"] = [S, F, F, F, A, F],
        ["BoardMeetings.IssuePack"] = [S, F, F, F, A, F],
        ["BoardMeetings.NewDecision"] = [S, F, F, A, A, F],
        ["BoardMeetings.RecordDecision"] = [S, F, F, A, A, F],
        ["SchoolDecisions.School"] = [S, F, A, A, A, F],
        ["BoardPack.Index"] = [S, F, F, A, A, F],
        ["BoardPack.Current"] = [S, F, F, A, A, F],
        ["BoardPack.CurrentFile"] = [S, F, F, A, A, F],
        ["BoardPack.IssuedFile"] = [S, F, F, A, A, F],
        ["BoardPack.Summary"] = [S, F, F, F, A, F],
        ["BoardPack.Issue"] = [S, F, F, F, A, F],
        ["Challenges.Index"] = [S, F, A, A, A, F],
        ["Challenges.Show"] = [S, F, A, A, A, F],
        ["Challenges.Reply"] = [S, F, A, A, A, F],
        ["Challenges.EditMessage"] = [S, F, A, A, A, F],
        ["Challenges.New"] = [S, F, F, A, A, F],
        ["Challenges.Resolve"] = [S, F, F, A, A, F],
        ["Challenges.Reopen"] = [S, F, F, A, A, F],
        // School administration and the GIAS import
        ["SchoolAdmin.Index"] = [S, F, F, F, A, F],
        ["SchoolAdmin.Add"] = [S, F, F, F, A, F],
        ["SchoolAdmin.Show"] = [S, F, F, F, A, F],
        ["SchoolAdmin.Edit"] = [S, F, F, F, A, F],
        ["SchoolAdmin.Archive"] = [S, F, F, F, A, F],
        ["SchoolAdmin.Restore"] = [S, F, F, F, A, F],
        ["SchoolAdmin.AddReportCard"] = [S, F, F, F, A, F],
        ["SchoolAdmin.AddPreviousJudgement"] = [S, F, F, F, A, F],
        ["SchoolAdmin.RemoveInspection"] = [S, F, F, F, A, F],
        ["SchoolAdmin.ConfirmRemoveInspection"] = [S, F, F, F, A, F],
        ["SchoolImport.Index"] = [S, F, F, F, A, F],
        ["SchoolImport.Upload"] = [S, F, F, F, A, F],
        ["SchoolImport.Preview"] = [S, F, F, F, A, F],
        ["SchoolImport.Report"] = [S, F, F, F, A, F],
        ["SchoolImport.Confirm"] = [S, F, F, F, A, F],
        // admin content and branding
        ["AdminContent.Index"] = [S, F, F, F, A, F],
        ["AdminContent.New"] = [S, F, F, F, A, F],
        ["ContentItems.Edit"] = [S, F, F, F, A, F],
        ["ContentItems.Move"] = [S, F, F, F, A, F],
        ["ContentItems.Remove"] = [S, F, F, F, A, F],
        ["ContentItems.RemoveConfirmed"] = [S, F, F, F, A, F],
        ["ContentItems.Publish"] = [S, F, F, F, A, F],
        ["ContentItems.Unpublish"] = [S, F, F, F, A, F],
        ["ContentHistory.History"] = [S, F, F, F, A, F],
        ["ContentHistory.Version"] = [S, F, F, F, A, F],
        ["ContentHistory.Restore"] = [S, F, F, F, A, F],
        ["Branding.Index"] = [S, F, F, F, A, F],
        ["Branding.Logo"] = [S, F, F, F, A, F],
        ["Branding.RemoveLogo"] = [S, F, F, F, A, F],
        ["Branding.ShowLogo"] = [A, A, A, A, A, A],
        // progress evidence and priorities (school scoping and the staff evidence flag are checked inside the actions)
        ["ProgressEvidence.Download"] = [S, A, A, A, A, F],
        ["ProgressEvidence.RemoveFile"] = [S, F, A, F, F, F],
        ["ProgressReturns.StaffEvidence"] = [S, F, F, F, A, F],
        ["ProgressPriorities.NewPriority"] = [S, F, A, F, F, F],
        ["ProgressPriorities.AddPriority"] = [S, F, A, F, F, F],
        ["ProgressPriorities.EditPriority"] = [S, F, A, F, F, F],
        ["ProgressPriorities.SavePriority"] = [S, F, A, F, F, F],
        ["ProgressPriorities.RetirePriority"] = [S, F, A, F, F, F],
        ["ProgressPriorities.Priority"] = [S, A, A, A, A, F],
        ["ProgressPriorities.RecordPriority"] = [S, F, A, F, F, F],
        // Self-evaluation (issue 17): heads their own schools (resource check inside), leaders the grid; staff none
        ["SelfEvaluation.Index"] = [S, F, A, A, A, F],
        ["SelfEvaluation.Admin"] = [S, F, F, F, A, F],
        ["SelfEvaluation.School"] = [S, F, A, A, A, F],
        ["SelfEvaluation.Area"] = [S, F, A, A, A, F],
        ["SelfEvaluation.Judge"] = [S, F, A, F, F, F],
        ["SelfEvaluation.Submit"] = [S, F, A, F, F, F],
        ["SelfEvaluation.Moderate"] = [S, F, F, F, A, F],
        ["SelfEvaluation.Download"] = [S, F, A, A, A, F],
        // Reopening a submitted self-evaluation: the trust's administrators (ADR 0163)
        ["SelfEvaluationReopen.ConfirmReopen"] = [S, F, F, F, A, F],
        ["SelfEvaluationReopen.Reopen"] = [S, F, F, F, A, F],
        // The trust's own self-review (ADR 0162): administrators write, trustees read; staff and heads never see it
        ["TrustReview.Index"] = [S, F, F, A, A, F],
        ["TrustReview.Admin"] = [S, F, F, F, A, F],
        ["TrustReview.Pillar"] = [S, F, F, A, A, F],
        ["TrustReview.Judge"] = [S, F, F, F, A, F],
        ["TrustReview.Settings"] = [S, F, F, F, A, F],
        ["TrustReview.Download"] = [S, F, F, A, A, F],
        // Improvement actions (issue 17): everyone of the trust has My actions; who may update one is checked inside
        ["Actions.Mine"] = [S, A, A, A, A, F],
        ["Actions.Overdue"] = [S, F, F, A, A, F],
        ["Actions.New"] = [S, F, A, F, A, F],
        ["Actions.Create"] = [S, F, A, F, A, F],
        ["Actions.Show"] = [S, A, A, A, A, F],
        ["Actions.Update"] = [S, A, A, A, A, F],
        // Changing an action's words, owner and due date: administrators, and heads for their schools (checked inside)
        ["Actions.Edit"] = [S, F, A, F, A, F],
        ["Actions.Save"] = [S, F, A, F, A, F],
        // The risk register (issue 17): trustees and administrators read it, administrators add
        ["Risks.Index"] = [S, F, F, A, A, F],
        ["Risks.Admin"] = [S, F, F, F, A, F],
        ["Risks.New"] = [S, F, F, F, A, F],
        ["Risks.Create"] = [S, F, F, F, A, F],
        ["Risks.Edit"] = [S, F, F, F, A, F],
        ["Risks.Save"] = [S, F, F, F, A, F],
        ["Risks.ConfirmClose"] = [S, F, F, F, A, F],
        ["Risks.Close"] = [S, F, F, F, A, F],
        // A school's risks, read-only: heads their own school (resource check inside), trustees and administrators any
        ["SchoolRisks.School"] = [S, F, A, A, A, F],
        // The service operator's pages (trusts on the installation); no trust role reaches them
        ["Operator.Index"] = [S, F, F, F, F, A],
        ["Operator.NewTrust"] = [S, F, F, F, F, A],
        // A trust's life on the installation: the operator's alone (ADR 0150)
        ["Operator.Details"] = [S, F, F, F, F, A],
        ["Operator.Suspend"] = [S, F, F, F, F, A],
        ["Operator.Reactivate"] = [S, F, F, F, F, A],
        ["Operator.Export"] = [S, F, F, F, F, A],
        ["Operator.Delete"] = [S, F, F, F, F, A],
        ["Operator.Log"] = [S, F, F, F, F, A],
        ["Operator.DownloadExport"] = [S, F, F, F, F, A],
        // The trust administrator's guided set-up (ADR 0152); the operator sets up no trust's content
        ["SetUp.Index"] = [S, F, F, F, A, F],
        ["SetUp.Publish"] = [S, F, F, F, A, F],
        ["SetUp.Documents"] = [S, F, F, F, A, F],
        ["SetUp.Plan"] = [S, F, F, F, A, F],
    };

    public static IEnumerable<(Type Controller, MethodInfo Action)> Actions() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ControllerBase).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && m.GetCustomAttribute<NonActionAttribute>() is null)
                .Select(m => (t, m)));

    private static string Key(Type controller, MethodInfo action) => $"{controller.Name[..^"Controller".Length]}.{action.Name}";

    [Fact]
    public void Every_action_is_in_the_table_and_the_table_has_no_stale_rows()
    {
        var keys = Actions().Select(a => Key(a.Controller, a.Action)).ToHashSet();
        Assert.True(keys.Count > 30, "Reflection found too few actions.");
        var missing = keys.Where(k => !Table.ContainsKey(k)).ToList();
        var stale = Table.Keys.Where(k => !keys.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "Actions missing from the table: " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "Table rows with no action: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Every_action_allows_forbids_or_sends_to_sign_in_as_the_table_says()
    {
        using var scope = factory.Services.CreateScope();
        var policies = scope.ServiceProvider.GetRequiredService<IAuthorizationPolicyProvider>();
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        var failures = new List<string>();
        foreach (var (controller, action) in Actions())
        {
            var key = Key(controller, action);
            if (!Table.TryGetValue(key, out var expected))
            {
                failures.Add($"{key}: not in the table");
                continue;
            }
            var attributes = controller.GetCustomAttributes(true).Concat(action.GetCustomAttributes(true)).ToList();
            var anonymousAllowed = attributes.OfType<IAllowAnonymous>().Any();
            var policy = await AuthorizationPolicy.CombineAsync(policies, attributes.OfType<IAuthorizeData>())
                ?? await policies.GetFallbackPolicyAsync();
            for (var i = 0; i < Columns.Length; i++)
            {
                var principal = i == 0 ? new ClaimsPrincipal(new ClaimsIdentity()) : Principal(Columns[i]);
                Outcome actual;
                if (anonymousAllowed || policy is null || (await authorization.AuthorizeAsync(principal, policy)).Succeeded)
                {
                    actual = A;
                }
                else
                {
                    actual = i == 0 ? S : F;
                }
                if (actual != expected[i])
                {
                    failures.Add($"{key} as {Columns[i]}: expected {expected[i]}, got {actual}");
                }
            }
        }
        Assert.Empty(failures);
    }

    /// A member of trust 1 in the role; the service operator belongs to no trust, so has no trust claim.
    private static ClaimsPrincipal Principal(string role) => new(new ClaimsIdentity(
        role == Roles.ServiceOperator
            ? [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Role, role)]
            : [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Role, role), new Claim(PortalClaims.TrustId, "1")],
        "Test"));
}
