using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Features.SchoolImport;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.SchoolImport;

#pragma warning disable CA1001 // xunit disposes through IAsyncLifetime.DisposeAsync.
public sealed class GiasImportTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private SqliteTrustPortalDbContext _db = null!;
    private int _trustId;
    private int _otherTrustId;

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        _db = NewContext();
        await _db.Database.MigrateAsync();
        var trust = new Trust("import-trust", "Import Trust");
        var other = new Trust("other-trust", "Other Trust");
        _db.Trusts.AddRange(trust, other);
        await _db.SaveChangesAsync();
        (_trustId, _otherTrustId) = (trust.Id, other.Id);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private SqliteTrustPortalDbContext NewContext() =>
        new(new DbContextOptionsBuilder<SqliteTrustPortalDbContext>().UseSqlite(_connection).Options);

    private static string SamplePath() => Path.Combine(SeedDocuments.Folder(), "..", "data", "gias", "edubasealldata-sample.csv");

    private async Task<ImportPlan> PlanAsync(Stream stream, GiasFilter? filter = null) =>
        await new GiasImporter(_db).PlanAsync(stream, _trustId, filter ?? GiasFilter.All, CancellationToken.None);

    [Fact]
    public async Task The_real_sample_is_previewed_with_every_bad_row_and_its_reason_and_nothing_is_written()
    {
        await using var file = File.OpenRead(SamplePath());
        var plan = await PlanAsync(file);

        var wrongLength = plan.Rejected.Where(r => r.Reason == "has 135 fields where the header has 120").Select(r => r.Row).ToList();
        Assert.Equal(Enumerable.Range(11, 10), wrongLength);
        Assert.Contains(plan.Rejected, r => r.Urn == "100001" && r.Reason.Contains("not a phase the portal knows", StringComparison.Ordinal));
        Assert.Equal(19, plan.Added.Count + plan.Updated.Count + plan.Unchanged + plan.Rejected.Count); // every data row is accounted for

        var cass = Assert.Single(plan.Added, a => a.Source.Urn == 100000);
        Assert.Equal("Sir John Cass's Foundation Primary School", cass.Source.Name);
        Assert.Equal(Phase.Primary, cass.Source.Phase);
        Assert.Equal("Church of England", cass.Source.ReligiousCharacter);
        Assert.Equal("Diocese of London", cass.Source.Diocese);
        Assert.True(cass.Source.HasNursery);
        Assert.Equal(276, cass.Source.PupilsOnRoll);
        var pru = Assert.Single(plan.Added, a => a.Source.Urn == 100006);
        Assert.Equal(new DateOnly(1999, 9, 1), pru.Source.OpenedOn);
        Assert.Equal(Phase.Secondary, pru.Source.Phase);

        Assert.Equal(0, await _db.Schools.CountAsync());
    }

    [Fact]
    public async Task Applying_writes_every_planned_school_and_a_second_import_changes_nothing()
    {
        ImportPlan plan;
        await using (var file = File.OpenRead(SamplePath()))
        {
            plan = await PlanAsync(file);
        }
        await new GiasImporter(_db).ApplyAsync(plan, _trustId, CancellationToken.None);
        Assert.Equal(plan.Added.Count, await _db.Schools.CountAsync(s => s.TrustId == _trustId));

        await using var again = File.OpenRead(SamplePath());
        var second = await PlanAsync(again);
        Assert.Empty(second.Added);
        Assert.Empty(second.Updated);
        Assert.Equal(plan.Added.Count, second.Unchanged);
    }

    [Fact]
    public async Task Ofsted_rating_and_date_become_a_previous_judgement_and_the_open_date_is_never_the_joining_date()
    {
        ImportPlan plan;
        await using (var file = File.OpenRead(SamplePath()))
        {
            plan = await PlanAsync(file);
        }
        Assert.Contains(new FieldChange("Ofsted judgements before report cards", null, "Outstanding, 19-04-2013"), Assert.Single(plan.Added, a => a.Source.Urn == 100000).Changes);
        Assert.DoesNotContain(Assert.Single(plan.Added, a => a.Source.Urn == 100006).Changes, c => c.Field == "Joined the trust");
        await new GiasImporter(_db).ApplyAsync(plan, _trustId, CancellationToken.None);

        var schools = await _db.Schools.AsNoTracking().Include(s => s.Inspections).Where(s => s.TrustId == _trustId).ToDictionaryAsync(s => s.Urn);
        var cass = Assert.Single(schools[100000].Inspections);
        Assert.Equal((InspectionKind.Previous, OverallJudgement.Outstanding, new DateOnly(2013, 4, 19)), (cass.Kind, cass.OverallJudgement!.Value, cass.InspectedOn));
        var pru = schools[100006];
        Assert.Null(pru.JoinedTrustOn); // opened 01-09-1999: that is not when it joined the trust
        Assert.Equal(OverallJudgement.Good, Assert.Single(pru.Inspections).OverallJudgement);
        // No rating in the file, no judgement recorded.
        Assert.Empty(schools[100004].Inspections);
    }

    [Fact]
    public async Task Columns_are_read_by_name_in_any_order_with_either_date_form_and_latin1_text()
    {
        var csv = "\"Town\",\"OpenDate\",\"EstablishmentName\",\"URN\",\"PhaseOfEducation (name)\",\"StatutoryLowAge\",\"StatutoryHighAge\"\r\n"
                + "\"Uttoxeter\",\"01/09/2017\",\"Ecole Sainte-Thérèse First School\",\"123456\",\"Primary\",\"4\",\"9\"\r\n";
        var plan = await PlanAsync(new MemoryStream(Encoding.Latin1.GetBytes(csv)));
        var school = Assert.Single(plan.Added).Source;
        Assert.Equal("Ecole Sainte-Thérèse First School", school.Name);
        Assert.Equal(Phase.First, school.Phase);
        Assert.Equal(new DateOnly(2017, 9, 1), school.OpenedOn);
        Assert.Equal("Uttoxeter", school.Town);
    }

    [Fact]
    public async Task A_control_character_in_a_GIAS_field_is_read_as_one_line_of_plain_text_and_a_second_import_changes_nothing()
    {
        var csv = "\"EstablishmentName\",\"URN\",\"PhaseOfEducation (name)\",\"Town\"\r\n"
                + "\"Heron\u000bBrook\u0001 Primary\",\"123457\",\"Primary\",\"Utto\u0000xeter\"\r\n";
        var plan = await PlanAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        var school = Assert.Single(plan.Added).Source;
        Assert.Equal("Heron Brook Primary", school.Name);
        Assert.Equal("Uttoxeter", school.Town);
        await new GiasImporter(_db).ApplyAsync(plan, _trustId, CancellationToken.None);

        var again = await PlanAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        Assert.Empty(again.Updated);
        Assert.Equal(1, again.Unchanged);
    }

    [Fact]
    public async Task An_existing_school_is_updated_field_by_field()
    {
        var school = new School(_trustId, 100008, "Argyle Primary", Phase.Primary);
        school.SetPupilsOnRoll(300);
        _db.Schools.Add(school);
        await _db.SaveChangesAsync();

        await using var file = File.OpenRead(SamplePath());
        var plan = await PlanAsync(file, new GiasFilter(null, new HashSet<int> { 100008 }));
        var update = Assert.Single(plan.Updated);
        Assert.Contains(new FieldChange("Name", "Argyle Primary", "Argyle Primary School"), update.Changes);
        Assert.Contains(new FieldChange("Pupils on roll", "300", "396"), update.Changes);
        Assert.Equal(5, plan.NotSelected); // readable rows of other URNs; unreadable rows are reported whatever the filter
    }

    [Fact]
    public async Task A_filter_by_trust_name_or_uid_takes_only_that_trusts_rows()
    {
        var csv = "URN,EstablishmentName,PhaseOfEducation (name),Trusts (name),Trusts (code)\n"
                + "200001,Alpha Academy,Primary,ABBEY ACADEMIES TRUST,2044\n"
                + "200002,Beta Academy,Secondary,OTHER TRUST,9999\n";
        Assert.Equal([200001], (await PlanAsync(new MemoryStream(Encoding.Latin1.GetBytes(csv)), new GiasFilter("abbey academies trust", null))).Added.Select(a => a.Source.Urn));
        Assert.Equal([200002], (await PlanAsync(new MemoryStream(Encoding.Latin1.GetBytes(csv)), new GiasFilter("9999", null))).Added.Select(a => a.Source.Urn));
    }

    [Fact]
    public async Task Rows_that_break_a_rule_are_rejected_with_the_reason()
    {
        _db.Schools.Add(new School(_otherTrustId, 300003, "Someone Else's School", Phase.Primary));
        await _db.SaveChangesAsync();
        var csv = "URN,EstablishmentName,PhaseOfEducation (name),StatutoryLowAge,StatutoryHighAge,OpenDate,NumberOfPupils\n"
                + "300001,Backwards School,Primary,11,4,,\n"
                + "30000X,Bad Urn School,Primary,4,11,,\n"
                + "300003,Someone Else's School,Primary,4,11,,\n"
                + "300004,Bad Date School,Primary,4,11,2017-09-01,\n"
                + "300005,Bad Pupils School,Primary,4,11,,lots\n"
                + "300006,Twice School,Primary,4,11,,\n"
                + "300006,Twice School,Primary,4,11,,\n";
        var plan = await PlanAsync(new MemoryStream(Encoding.Latin1.GetBytes(csv)));
        var reasons = plan.Rejected.ToDictionary(r => r.Row, r => r.Reason);
        Assert.Equal("The lowest age must be below the highest age.", reasons[2]);
        Assert.Contains("not a six-digit number", reasons[3], StringComparison.Ordinal);
        Assert.Equal("URN 300003 is a school of Other Trust", reasons[4]);
        Assert.Contains("dd-mm-yyyy", reasons[5], StringComparison.Ordinal);
        Assert.Contains("not a whole number", reasons[6], StringComparison.Ordinal);
        Assert.Contains("more than once", reasons[8], StringComparison.Ordinal);
        Assert.Single(plan.Added);
    }

    [Fact]
    public async Task A_file_that_is_not_an_extract_is_refused_whole()
    {
        var ex = await Assert.ThrowsAsync<GiasFormatException>(() => PlanAsync(new MemoryStream(Encoding.Latin1.GetBytes("Name,Town\nA,B\n"))));
        Assert.Contains("URN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Applying_is_all_or_nothing()
    {
        await using var file = File.OpenRead(SamplePath());
        var plan = await PlanAsync(file);
        // Between preview and confirmation another trust takes one of the URNs: the whole import fails.
        _db.Schools.Add(new School(_otherTrustId, 100005, "Taken meanwhile", Phase.Nursery));
        await _db.SaveChangesAsync();

        await using var importDb = NewContext();
        await Assert.ThrowsAsync<DbUpdateException>(() => new GiasImporter(importDb).ApplyAsync(plan, _trustId, CancellationToken.None));
        Assert.Equal(0, await NewContext().Schools.CountAsync(s => s.TrustId == _trustId));
    }

    [Fact]
    public void The_report_lists_additions_updates_and_rejections()
    {
        var plan = new ImportPlan { Unchanged = 2 };
        plan.Rejected.Add(new GiasRowError(11, "124930", "has 135 fields where the header has 120"));
        var output = new StringWriter();
        ImportReport.Write(plan, output);
        Assert.Contains("0 to add, 0 to update, 2 unchanged, 1 rejected", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("REJECT row 11 (URN 124930): has 135 fields where the header has 120", output.ToString(), StringComparison.Ordinal);
    }
}

#pragma warning disable CA1001 // xunit disposes through IAsyncLifetime.DisposeAsync.
public sealed class ImportGiasCommandTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private SqliteTrustPortalDbContext _db = null!;

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        _db = new SqliteTrustPortalDbContext(new DbContextOptionsBuilder<SqliteTrustPortalDbContext>().UseSqlite(_connection).Options);
        await _db.Database.MigrateAsync();
        _db.Trusts.Add(new Trust("import-trust", "Import Trust"));
        await _db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private static string Sample() => Path.Combine(SeedDocuments.Folder(), "..", "data", "gias", "edubasealldata-sample.csv");

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ImportGiasCommand.RunAsync(args, _db, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_dry_run_prints_the_report_writes_nothing_and_fails_because_rows_were_rejected()
    {
        var (code, output, error) = await RunAsync(Sample(), "--trust", "import-trust", "--dry-run");
        Assert.Equal(1, code);
        Assert.Contains("ADD    100000 Sir John Cass's Foundation Primary School (row 2)", output, StringComparison.Ordinal);
        Assert.Contains("REJECT row 20 (URN 105135): has 135 fields where the header has 120", output, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was written.", output, StringComparison.Ordinal);
        Assert.Contains("13 rows were rejected", error, StringComparison.Ordinal);
        Assert.Equal(0, await _db.Schools.CountAsync());
    }

    [Fact]
    public async Task An_import_filtered_by_urn_writes_the_school()
    {
        var (code, output, _) = await RunAsync(Sample(), "--trust", "import-trust", "--urns", "100000,100008");
        Assert.Equal(1, code); // the file still has unreadable rows, and they are reported
        Assert.Contains("Imported: 2 added, 0 updated.", output, StringComparison.Ordinal);
        Assert.Equal([100000, 100008], await _db.Schools.OrderBy(s => s.Urn).Select(s => s.Urn).ToListAsync());
    }

    [Fact]
    public async Task A_clean_file_imports_with_exit_code_zero()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "URN,EstablishmentName,PhaseOfEducation (name)\n400001,Clean Academy,Secondary\n", System.Text.Encoding.Latin1);
        try
        {
            var (code, output, error) = await RunAsync(path, "--trust", "import-trust");
            Assert.True(code == 0, error);
            Assert.Contains("Imported: 1 added", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new[] { "--trust", "import-trust" }, "Name the extract file")]
    [InlineData(new[] { "file.csv" }, "--trust <slug>")]
    [InlineData(new[] { "file.csv", "--trust" }, "--trust needs a value")]
    [InlineData(new[] { "file.csv", "--trust", "import-trust", "--urns", "12,abc" }, "not a six-digit URN")]
    [InlineData(new[] { "file.csv", "--trust", "import-trust", "--colour", "red" }, "Unknown option --colour")]
    [InlineData(new[] { "/no/such/file.csv", "--trust", "import-trust" }, "No file at /no/such/file.csv.")]
    public async Task Bad_arguments_give_a_clear_message_and_exit_code_two(string[] args, string message)
    {
        var (code, _, error) = await RunAsync(args);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_trust_is_named_in_the_error()
    {
        var (code, _, error) = await RunAsync(Sample(), "--trust", "nobody");
        Assert.Equal(2, code);
        Assert.Contains("No trust has the slug \"nobody\"", error, StringComparison.Ordinal);
    }
}
