using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Board;
using TrustPortal.Domain.Improvement;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Progress;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data.Audit;

namespace TrustPortal.Web.Data;

/// The one model of the portal. Each database provider has its own subclass (see Providers.cs)
/// so that each keeps its own migrations; everything else asks for this type.
public abstract class TrustPortalDbContext : IdentityDbContext<PortalUser, IdentityRole, string>, IDataProtectionKeyContext
{
    protected TrustPortalDbContext(DbContextOptions options) : base(options) { }

    /// Data Protection keys, shared by every instance of the portal (cookies made by one are read by another).
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Trust> Trusts => Set<Trust>();
    public DbSet<TrustValue> TrustValues => Set<TrustValue>();
    public DbSet<StatementList> StatementLists => Set<StatementList>();
    public DbSet<AimGroup> AimGroups => Set<AimGroup>();
    public DbSet<CeoMessage> CeoMessages => Set<CeoMessage>();
    public DbSet<ContentSection> ContentSections => Set<ContentSection>();
    public DbSet<ContentVersion> ContentVersions => Set<ContentVersion>();
    public DbSet<School> Schools => Set<School>();
    public DbSet<Inspection> Inspections => Set<Inspection>();
    public DbSet<StrategicPlan> StrategicPlans => Set<StrategicPlan>();
    public DbSet<PlanTheme> PlanThemes => Set<PlanTheme>();
    public DbSet<StrategicAim> StrategicAims => Set<StrategicAim>();
    public DbSet<SuccessCriterion> SuccessCriteria => Set<SuccessCriterion>();
    public DbSet<CriterionRevision> CriterionRevisions => Set<CriterionRevision>();
    public DbSet<ReviewCycle> ReviewCycles => Set<ReviewCycle>();
    public DbSet<ProgressUpdate> ProgressUpdates => Set<ProgressUpdate>();
    public DbSet<ProgressRevision> ProgressRevisions => Set<ProgressRevision>();
    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();
    public DbSet<SchoolPriority> SchoolPriorities => Set<SchoolPriority>();
    public DbSet<PriorityUpdate> PriorityUpdates => Set<PriorityUpdate>();
    public DbSet<SchoolReturn> SchoolReturns => Set<SchoolReturn>();
    public DbSet<Challenge> Challenges => Set<Challenge>();
    public DbSet<ChallengeMessage> ChallengeMessages => Set<ChallengeMessage>();
    public DbSet<BoardSignOff> BoardSignOffs => Set<BoardSignOff>();
    public DbSet<BoardSettings> BoardSettings => Set<BoardSettings>();
    public DbSet<BoardMeeting> BoardMeetings => Set<BoardMeeting>();
    public DbSet<MeetingAttendee> MeetingAttendees => Set<MeetingAttendee>();
    public DbSet<BoardDecision> BoardDecisions => Set<BoardDecision>();
    public DbSet<DecisionSchool> DecisionSchools => Set<DecisionSchool>();
    public DbSet<SchoolSelfEvaluation> SelfEvaluations => Set<SchoolSelfEvaluation>();
    public DbSet<AreaJudgement> AreaJudgements => Set<AreaJudgement>();
    public DbSet<JudgementRevision> JudgementRevisions => Set<JudgementRevision>();
    public DbSet<SelfEvaluationFile> SelfEvaluationFiles => Set<SelfEvaluationFile>();
    public DbSet<ImprovementAction> ImprovementActions => Set<ImprovementAction>();
    public DbSet<ActionDigestReceipt> ActionDigestReceipts => Set<ActionDigestReceipt>();
    public DbSet<Risk> Risks => Set<Risk>();
    public DbSet<TrustSelfReview> TrustSelfReviews => Set<TrustSelfReview>();
    public DbSet<PillarJudgement> PillarJudgements => Set<PillarJudgement>();
    public DbSet<TrustReviewFile> TrustReviewFiles => Set<TrustReviewFile>();
    public DbSet<ExecutiveSummary> ExecutiveSummaries => Set<ExecutiveSummary>();
    public DbSet<IssuedPack> IssuedPacks => Set<IssuedPack>();
    public DbSet<IssuedPackFile> IssuedPackFiles => Set<IssuedPackFile>();
    public DbSet<UserSchool> UserSchools => Set<UserSchool>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<PasswordResetLink> PasswordResetLinks => Set<PasswordResetLink>();
    public DbSet<UserImportBatch> UserImportBatches => Set<UserImportBatch>();
    public DbSet<PendingInvitation> PendingInvitations => Set<PendingInvitation>();
    public DbSet<TrustAccountPolicy> TrustAccountPolicies => Set<TrustAccountPolicy>();
    public DbSet<TrustSignInAllowance> TrustSignInAllowances => Set<TrustSignInAllowance>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DatabaseMarker> DatabaseMarkers => Set<DatabaseMarker>();
    public DbSet<FormReceipt> FormReceipts => Set<FormReceipt>();
    public DbSet<SavedDraft> SavedDrafts => Set<SavedDraft>();
    public DbSet<TrustCacheStamp> TrustCacheStamps => Set<TrustCacheStamp>();
    public DbSet<OperatorLogEntry> OperatorLog => Set<OperatorLogEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Enums are stored as their names: readable in the database, in exports and in the audit trail,
        // and safe when members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(TrustPortalDbContext).Assembly);
        // The roles are reference data: created by the migrations (and so by the SQL Server script), not at start-up.
        builder.Entity<IdentityRole>().HasData(Accounts.Roles.AllWithOperator.Select(role => new IdentityRole
        {
            Id = "role-" + role.ToLowerInvariant(),
            Name = role,
            NormalizedName = role.ToUpperInvariant(),
            ConcurrencyStamp = "role-" + role.ToLowerInvariant(),
        }));
        // Framework tables, mapped by Identity and Data Protection rather than by a configuration of ours.
        builder.Entity<IdentityRole>().NeverCached("Roles are reference data, read per request from the sign-in.");
        builder.Entity<IdentityUserRole<string>>().NeverCached("Role membership: checked per request, never cached.");
        builder.Entity<IdentityUserClaim<string>>().NeverCached("Account data, administrator pages only.");
        builder.Entity<IdentityRoleClaim<string>>().NeverCached("Account data, administrator pages only.");
        builder.Entity<IdentityUserLogin<string>>().NeverCached("Account data, administrator pages only.");
        builder.Entity<IdentityUserToken<string>>().NeverCached("Account secrets, never on a page.");
        builder.Entity<DataProtectionKey>().NeverCached("Keys of the cookie protection, never on a page.");
    }
}
