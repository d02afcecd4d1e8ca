using Xunit.Abstractions;
using TrustPortal.Web.Tests.Infrastructure;
using static TrustPortal.Web.Tests.Reliability.ConcurrentEditRounds;

namespace TrustPortal.Web.Tests.Reliability;

/// The same rounds on each database: the portal on SQLite (the shared test host) and on a real PostgreSQL server.
public abstract class ConcurrentEditChecks(PortalFactory factory, ITestOutputHelper output)
{
    protected const int ProgressRounds = 100;
    protected const int OtherRounds = 20;

    protected async Task Two_heads_saving_the_same_criterion_at_once()
    {
        var (target, schoolId, _) = await ProgressCriterionAsync(factory);
        var (first, second) = await TwoHeadsAsync(factory, schoolId);
        AssertNoSilentOverwrite(await RunAsync(factory, target, first, second, ProgressRounds), output);
    }

    protected async Task One_head_in_two_browsers_saving_the_same_criterion_at_once()
    {
        var (target, schoolId, _) = await ProgressCriterionAsync(factory);
        var (first, second) = await OneHeadInTwoBrowsersAsync(factory, schoolId);
        AssertNoSilentOverwrite(await RunAsync(factory, target with { What = "Progress (one head, two browsers)" }, first, second, OtherRounds), output);
    }

    protected async Task Two_administrators_saving_the_same_school_at_once()
    {
        var (target, first, second) = await SchoolAsync(factory);
        AssertNoSilentOverwrite(await RunAsync(factory, target, first, second, OtherRounds), output);
    }

    protected async Task Two_administrators_saving_the_same_content_item_at_once()
    {
        var (target, first, second) = await ContentItemAsync(factory);
        AssertNoSilentOverwrite(await RunAsync(factory, target, first, second, OtherRounds), output);
    }

    protected async Task Two_administrators_saving_the_same_plan_criterion_at_once()
    {
        var (target, first, second) = await PlanCriterionAsync(factory);
        AssertNoSilentOverwrite(await RunAsync(factory, target, first, second, OtherRounds), output);
    }
}

[Collection(SharedPortal.Name)]
public sealed class SqliteConcurrentEditTests(PortalFactory factory, ITestOutputHelper output) : ConcurrentEditChecks(factory, output)
{
    [Fact]
    public Task On_sqlite_two_heads_saving_one_criterion_together_100_times_one_wins_each_round_the_other_is_told() =>
        Two_heads_saving_the_same_criterion_at_once();

    [Fact]
    public Task On_sqlite_one_head_in_two_browsers_saving_together_one_wins_each_round_the_other_is_told() =>
        One_head_in_two_browsers_saving_the_same_criterion_at_once();

    [Fact]
    public Task On_sqlite_two_administrators_saving_one_school_together_one_wins_each_round_the_other_is_told() =>
        Two_administrators_saving_the_same_school_at_once();

    [Fact]
    public Task On_sqlite_two_administrators_saving_one_content_item_together_one_wins_each_round_the_other_is_told() =>
        Two_administrators_saving_the_same_content_item_at_once();

    [Fact]
    public Task On_sqlite_two_administrators_saving_one_plan_criterion_together_one_wins_each_round_the_other_is_told() =>
        Two_administrators_saving_the_same_plan_criterion_at_once();
}

/// One PostgreSQL database for the class (migrating and seeding one takes seconds); each test edits rows of its own.
public sealed class PostgreSqlConcurrentEditTests(PostgresPortalFactory factory, ITestOutputHelper output)
    : ConcurrentEditChecks(factory, output), IClassFixture<PostgresPortalFactory>
{
    [PostgresFact]
    public Task On_postgresql_two_heads_saving_one_criterion_together_100_times_one_wins_each_round_the_other_is_told() =>
        Two_heads_saving_the_same_criterion_at_once();

    [PostgresFact]
    public Task On_postgresql_one_head_in_two_browsers_saving_together_one_wins_each_round_the_other_is_told() =>
        One_head_in_two_browsers_saving_the_same_criterion_at_once();

    [PostgresFact]
    public Task On_postgresql_two_administrators_saving_one_school_together_one_wins_each_round_the_other_is_told() =>
        Two_administrators_saving_the_same_school_at_once();

    [PostgresFact]
    public Task On_postgresql_two_administrators_saving_one_content_item_together_one_wins_each_round_the_other_is_told() =>
        Two_administrators_saving_the_same_content_item_at_once();

    [PostgresFact]
    public Task On_postgresql_two_administrators_saving_one_plan_criterion_together_one_wins_each_round_the_other_is_told() =>
        Two_administrators_saving_the_same_plan_criterion_at_once();
}
