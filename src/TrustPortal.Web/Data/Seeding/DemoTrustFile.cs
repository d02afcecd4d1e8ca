namespace TrustPortal.Web.Data.Seeding;

// The shape of one demo data file in Data/Demo/trusts/*.json. Human-edited, so every
// field is named for what it holds; DemoDataLoader turns it into domain entities
// through their own methods, so a file that breaks a rule fails loudly at start-up.
#pragma warning disable CA1819 // Arrays are the natural shape of a deserialised data file.

public sealed record DemoTrustFile(
    string Source,
    string Slug,
    string Name,
    bool NameIsInvented,
    string? Strapline,
    string? AboutTitle,
    string? Introduction,
    string? Vision,
    string? Mission,
    string? ValuesIntroduction,
    DemoValue[] Values,
    DemoStatementList[] StatementLists,
    string? AimsHeading,
    string? AimsIntroduction,
    DemoAimGroup[] AimGroups,
    DemoMessage[] Messages,
    DemoSection[] Sections,
    DemoSchool[] Schools,
    DemoPlan[] Plans,
    string? Notes);

public sealed record DemoValue(string Name, string? Meaning);

public sealed record DemoStatementList(string Kind, string? Heading, string? Introduction, DemoStatementItem[] Items, string? Closing);

public sealed record DemoStatementItem(string? Title, string Text);

public sealed record DemoAimGroup(string Aim, string? LeadIn, string[] Items);

public sealed record DemoMessage(
    string Slug, string Title, bool TitleIsInvented, string Author, string? AuthorRole, bool AuthorRoleIsInvented,
    DateOnly? PublishedOn, bool DateIsInvented, string Body);

public sealed record DemoSection(string Heading, string Body);

public sealed record DemoSchool(
    string Urn, string Name, string Phase, int? LowAge, int? HighAge, bool HasNursery, bool HasSixthForm,
    string? ReligiousCharacter, string? Diocese, string? LocalAuthority, string? Town, int? PupilsOnRoll,
    DateOnly? JoinedTrustOn, string? ConversionCohort, string? Ethos, bool IsExample, DemoInspection[] Inspections);

public sealed record DemoInspection(
    string Kind, DateOnly InspectedOn, Dictionary<string, string>? Grades, bool? SafeguardingMet, string? OverallJudgement);

public sealed record DemoPlan(
    string Slug, string Title, int? StartYear, int? EndYear, bool PeriodIsInvented, string Status, string? Introduction,
    string[] Frameworks, DemoHorizon[] Horizons, DemoTheme[] Themes);

public sealed record DemoHorizon(string Key, string Name);

public sealed record DemoTheme(string? Title, DemoAim[] Aims);

public sealed record DemoAim(int Number, string Title, string? Statement, string? Horizon, string[] FrameworkTags, DemoCriterion[] Criteria);

public sealed record DemoCriterion(string Text, string? Target, DateOnly? TargetDate, DemoMeasure? Measure = null);

/// A criterion's numeric measure in a demo file (ADR 0144): only where the document itself states a number; the rest
/// of its figures are made up and it says so (<see cref="IsExample"/>).
public sealed record DemoMeasure(decimal Baseline, decimal Target, string Unit, string Direction, DateOnly TargetDate, bool IsExample, string? Source = null);
