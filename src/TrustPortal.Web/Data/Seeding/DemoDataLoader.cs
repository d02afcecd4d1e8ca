using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Domain;
using TrustPortal.Domain.Plans;
using TrustPortal.Domain.Schools;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.Web.Data.Seeding;

/// Loads the demo trusts from Data/Demo/trusts/*.json into an empty database.
public sealed class DemoDataLoader(TrustPortalDbContext db, IWebHostEnvironment environment, TimeProvider clock, ILogger<DemoDataLoader> logger)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static string DefaultFolder(IWebHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Path.Combine(environment.ContentRootPath, "Data", "Demo", "trusts");
    }

    /// Reads and validates every file; throws with the file name and the rule broken.
    public static IReadOnlyList<DemoTrustFile> ReadFiles(string folder)
    {
        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"No demo trust files in {folder}.");
        }
        var result = new List<DemoTrustFile>();
        foreach (var file in files)
        {
            var data = JsonSerializer.Deserialize<DemoTrustFile>(File.ReadAllText(file), JsonOptions)
                ?? throw new InvalidOperationException($"{Path.GetFileName(file)} is empty.");
            result.Add(data);
        }
        return result;
    }

    public async Task<bool> LoadIfEmptyAsync(CancellationToken ct)
    {
        if (await db.Trusts.AnyAsync(ct))
        {
            return false;
        }
        var files = ReadFiles(DefaultFolder(environment));
        var progress = Path.Combine(DefaultFolder(environment), "..", "progress.json");
        // Inside the execution strategy: a retry starts the whole load again from an empty change tracker.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var file in files)
            {
                await LoadAsync(file, ct);
            }
            if (File.Exists(progress))
            {
                await new DemoProgressLoader(db, clock).LoadAsync(DemoProgressLoader.Read(progress), ct);
            }
            await new DemoImprovementLoader(db, clock).LoadAsync(null, ct);
            await new DemoBoardLoader(db).LoadAsync(ct);
            // The marker says this is a demo database: the only kind that may later receive the demo accounts (ADR 0095).
            db.DatabaseMarkers.Add(new DatabaseMarker(DatabaseMarker.Demo, clock.GetUtcNow()));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        });
        logger.LogInformation("Loaded {TrustCount} demo trusts", files.Count);
        return true;
    }

    private async Task LoadAsync(DemoTrustFile file, CancellationToken ct)
    {
        try
        {
            var trust = BuildTrust(file);
            db.Trusts.Add(trust);
            await db.SaveChangesAsync(ct);

            foreach (var s in file.Schools)
            {
                db.Schools.Add(BuildSchool(trust.Id, s));
            }
            foreach (var p in file.Plans)
            {
                db.StrategicPlans.Add(BuildPlan(trust.Id, p));
            }
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException ex)
        {
            throw new InvalidOperationException($"Demo data {file.Slug} ({file.Source}): {ex.Message}", ex);
        }
    }

    internal static Trust BuildTrust(DemoTrustFile file)
    {
        var trust = new Trust(file.Slug, file.Name);
        trust.Rename(file.Name, file.NameIsInvented);
        trust.SetStrapline(file.Strapline);
        trust.SetAboutTitle(file.AboutTitle);
        trust.SetStatements(file.Introduction, file.Vision, file.Mission, file.ValuesIntroduction);
        trust.SetAimsHeading(file.AimsHeading, file.AimsIntroduction);
        trust.SetDataNotes(file.Notes);
        AddContent(trust, file.Values, file.StatementLists, file.AimGroups, file.Messages);
        foreach (var s in file.Sections)
        {
            trust.AddSection(s.Heading, s.Body);
        }
        return trust;
    }

    /// A demo trust's values, statement lists, aim groups and messages, added through the trust's own methods in the
    /// file's order (the generated trust takes them from three demo trusts).
    internal static void AddContent(Trust trust, IEnumerable<DemoValue> values, IEnumerable<DemoStatementList> lists,
        IEnumerable<DemoAimGroup> aimGroups, IEnumerable<DemoMessage> messages)
    {
        foreach (var v in values)
        {
            trust.AddValue(v.Name, v.Meaning);
        }
        foreach (var l in lists)
        {
            var list = trust.AddStatementList(ParseEnum<StatementListKind>(l.Kind, "statement list kind"), l.Heading, l.Introduction, l.Closing);
            foreach (var item in l.Items)
            {
                list.AddItem(item.Title, item.Text);
            }
        }
        foreach (var g in aimGroups)
        {
            var group = trust.AddAimGroup(g.Aim, g.LeadIn);
            foreach (var item in g.Items)
            {
                group.AddItem(item);
            }
        }
        foreach (var m in messages)
        {
            var message = trust.AddMessage(m.Slug, m.Title, m.Author, m.AuthorRole, m.PublishedOn, m.Body);
            message.MarkInvented(m.TitleIsInvented, m.AuthorRoleIsInvented, m.DateIsInvented);
        }
    }

    internal static School BuildSchool(int trustId, DemoSchool s)
    {
        if (!School.TryParseUrn(s.Urn, out var urn))
        {
            throw new DomainRuleException($"School {s.Name}: URN \"{s.Urn}\" is not six digits.");
        }
        var school = new School(trustId, urn, s.Name, ParseEnum<Phase>(s.Phase, "phase"));
        school.SetAgeRange(s.LowAge, s.HighAge, s.HasNursery, s.HasSixthForm);
        school.SetReligiousCharacter(s.ReligiousCharacter, s.Diocese);
        school.SetLocation(s.LocalAuthority, s.Town);
        school.SetPupilsOnRoll(s.PupilsOnRoll);
        school.SetMembership(s.JoinedTrustOn, s.ConversionCohort);
        school.SetEthos(s.Ethos);
        if (s.IsExample)
        {
            school.MarkAsExample();
        }
        foreach (var i in s.Inspections.OrderBy(i => i.InspectedOn))
        {
            if (i.Kind == "ReportCard")
            {
                var grades = (i.Grades ?? []).ToDictionary(
                    g => ParseEnum<InspectionArea>(g.Key, "inspection area"),
                    g => ParseEnum<ReportCardGrade>(g.Value, "report card grade"));
                school.RecordReportCard(i.InspectedOn, grades, i.SafeguardingMet ?? throw new DomainRuleException("A report card says whether safeguarding is met."));
            }
            else
            {
                school.RecordPreviousJudgement(i.InspectedOn, ParseEnum<OverallJudgement>(i.OverallJudgement, "overall judgement"));
            }
        }
        return school;
    }

    internal static StrategicPlan BuildPlan(int trustId, DemoPlan p)
    {
        var plan = new StrategicPlan(trustId, p.Slug, p.Title, p.StartYear, p.EndYear);
        plan.SetPeriod(p.StartYear, p.EndYear, p.PeriodIsInvented);
        plan.SetIntroduction(p.Introduction);
        foreach (var f in p.Frameworks)
        {
            plan.EvaluateAgainst(f);
        }
        var horizons = p.Horizons.ToDictionary(h => h.Key, h => plan.AddHorizon(h.Key, h.Name), StringComparer.Ordinal);
        foreach (var t in p.Themes)
        {
            var theme = plan.AddTheme(t.Title);
            foreach (var a in t.Aims)
            {
                PlanHorizon? horizon = null;
                if (a.Horizon is not null && !horizons.TryGetValue(a.Horizon, out horizon))
                {
                    throw new DomainRuleException($"Aim {a.Number} names the horizon \"{a.Horizon}\", which the plan does not have.");
                }
                var aim = plan.AddAim(theme, a.Number, a.Title, a.Statement, horizon);
                foreach (var tag in a.FrameworkTags)
                {
                    aim.Tag(tag);
                }
                foreach (var c in a.Criteria)
                {
                    var criterion = aim.AddCriterion(c.Text, c.Target, c.TargetDate);
                    if (c.Measure is { } m)
                    {
                        plan.SetMeasure(criterion, CriterionMeasure.Create(m.Baseline, m.Target, m.Unit, ParseEnum<MeasureDirection>(m.Direction, "measure direction"), m.TargetDate, m.IsExample));
                    }
                }
            }
        }
        switch (ParseEnum<PlanStatus>(p.Status, "plan status"))
        {
            case PlanStatus.Published:
                plan.PublishForSeeding();
                break;
            case PlanStatus.Archived:
                plan.Archive();
                break;
        }
        return plan;
    }

    private static T ParseEnum<T>(string? value, string what) where T : struct, Enum
    {
        // "Legacy" is the data files' word for an inspection under the earlier framework.
        if (typeof(T) == typeof(InspectionKind) && value == "Legacy")
        {
            value = nameof(InspectionKind.Previous);
        }
        if (value is null || !Enum.TryParse<T>(value, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(value, out _))
        {
            throw new DomainRuleException($"\"{value}\" is not a known {what}; expected one of {string.Join(", ", Enum.GetNames<T>())}.");
        }
        return parsed;
    }
}
