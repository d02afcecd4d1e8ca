using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using TrustPortal.Web.Data;
using TrustPortal.Web.Data.Audit;

namespace TrustPortal.Web.Features.Audit;

/// One field of a change, in words: its name as a person would say it, the value before and after (null where the
/// change had no such side: nothing before an addition, nothing after a removal).
public sealed record AuditChange(string Field, string? Before, string? After);

/// One entry of the audit trail as the page shows it: who did what to which record, when, and what changed.
public sealed record AuditRow(DateTime UtcTime, string Who, string What, string Action, IReadOnlyList<AuditChange> Changes);

/// An audit entry as stored: type and property names of the code, values as JSON.
public sealed record StoredAuditRow(DateTime UtcTime, string UserName, string EntityType, string EntityId, string Action, string? OldValues, string? NewValues);

/// Turns the stored audit trail (type names, property names, JSON) into sentences for a trust's administrator:
/// "Plan · Changed · Status: Draft → Published". Accounts, roles and schools named by id in a change are looked up
/// in one query each for the whole page, and only within the administrator's own trust.
public static partial class AuditWording
{
    private static readonly Dictionary<string, string> EntityNames = new(StringComparer.Ordinal)
    {
        ["Trust"] = "Trust details",
        ["TrustValue"] = "Value",
        ["StatementList"] = "Statement list",
        ["AimGroup"] = "Group of aims",
        ["CeoMessage"] = "CEO message",
        ["ContentSection"] = "Page section",
        ["School"] = "School",
        ["Inspection"] = "Inspection",
        ["StrategicPlan"] = "Plan",
        ["PlanTheme"] = "Plan theme",
        ["PlanHorizon"] = "Plan horizon",
        ["StrategicAim"] = "Aim",
        ["SuccessCriterion"] = "Success criterion",
        ["CriterionRevision"] = "Wording of a success criterion",
        ["ReviewCycle"] = "Review cycle",
        ["ProgressUpdate"] = "Progress on a criterion",
        ["ProgressRevision"] = "Earlier progress on a criterion",
        ["EvidenceFile"] = "Evidence file",
        ["SchoolPriority"] = "School priority",
        ["PriorityUpdate"] = "Progress on a school priority",
        ["SchoolReturn"] = "School's return",
        ["Challenge"] = "Challenge",
        ["ChallengeMessage"] = "Message in a challenge",
        ["BoardSignOff"] = "Board sign-off",
        ["BoardSettings"] = "The board's quorum",
        ["BoardMeeting"] = "Board meeting",
        ["MeetingAttendee"] = "Trustee present at a board meeting",
        ["BoardDecision"] = "Board decision",
        ["DecisionSchool"] = "School a board decision is about",
        ["UserSchool"] = "School of an account",
        ["Invitation"] = "Invitation",
        ["TrustAccountPolicy"] = "Sign-in rules",
        ["PortalUser"] = "Account",
        ["IdentityUserRole`1"] = "Role of an account",
        ["IdentityRole"] = "Role",
        ["IdentityUserClaim`1"] = "Account detail",
        ["IdentityRoleClaim`1"] = "Role detail",
        [AuditTrail.SignIn] = "Sign-in",
        [AuditTrail.Export] = "Data taken out of the portal",
        [AuditTrail.Email] = "E-mail sent",
    };

    private static readonly Dictionary<string, string> ActionNames = new(StringComparer.Ordinal)
    {
        ["Added"] = "Added",
        ["Modified"] = "Changed",
        ["Deleted"] = "Removed",
        ["Succeeded"] = "Signed in",
        ["Failed"] = "Wrong password or code",
        ["RefusedWhileWaiting"] = "Refused: too many attempts, waiting",
        ["Refused"] = "Refused",
        ["RefusedDemoCredential"] = "Refused: a demonstration password",
        ["SubjectAccess"] = "Subject access export",
        ["ProgressCsv"] = "Progress downloaded as a spreadsheet",
        ["EvidenceDownload"] = "Evidence file downloaded",
        ["Sent"] = "Sent",
    };

    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.Ordinal)
    {
        ["UserId"] = "Account",
        ["RoleId"] = "Role",
        ["SchoolId"] = "School",
        ["TrustId"] = "Trust",
        ["Id"] = "Record",
        ["Urn"] = "URN",
        ["URN"] = "URN",
        ["Ukprn"] = "UKPRN",
        ["CeoMessageId"] = "CEO message",
        ["RemoteIp"] = "From the network address",
        ["To"] = "To",
        ["Email"] = "E-mail address",
        ["UserName"] = "Sign-in name",
        ["EmailConfirmed"] = "E-mail address confirmed",
        ["TwoFactorEnabled"] = "Authenticator app set up",
        ["LockoutEnd"] = "Locked until",
        ["LockoutEnabled"] = "Can be locked after failed sign-ins",
        ["PhoneNumber"] = "Phone number",
        ["PhoneNumberConfirmed"] = "Phone number confirmed",
        ["Dfe"] = "DfE",
        ["GiasGroupUid"] = "GIAS group UID",
    };

    /// Properties that repeat another in a form no reader needs.
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal) { "NormalizedName" };

    /// A type name as an administrator would call it ("IdentityUserRole`1" is "Role of an account").
    public static string EntityName(string entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        if (EntityNames.TryGetValue(entityType, out var name))
        {
            return name;
        }
        var tick = entityType.IndexOf('`', StringComparison.Ordinal);
        return Words(tick < 0 ? entityType : entityType[..tick]);
    }

    public static string ActionName(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return ActionNames.TryGetValue(action, out var name) ? name : action.Contains(' ', StringComparison.Ordinal) ? action : Words(action);
    }

    /// A property name in words: "DueYear" is "Due year", "PlanId" is "Plan", "URN" stays "URN".
    public static string FieldName(string property)
    {
        ArgumentNullException.ThrowIfNull(property);
        if (FieldNames.TryGetValue(property, out var name))
        {
            return name;
        }
        if (property.Length > 2 && property.EndsWith("Id", StringComparison.Ordinal) && char.IsLower(property[^3]))
        {
            return Words(property[..^2]);
        }
        return Words(property);
    }

    /// "CeoMessage" is "CEO message", "GiasUrn" is "GIAS URN": words split at capitals, runs of capitals kept.
    public static string Words(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = WordParts().Matches(name).Select(m => m.Value).ToList();
        if (words.Count == 0)
        {
            return name;
        }
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            words[i] = w switch
            {
                "Ceo" => "CEO",
                "Urn" => "URN",
                "Gias" => "GIAS",
                "Dfe" => "DfE",
                "Ofsted" => "Ofsted",
                _ when w.Length > 1 && w.All(char.IsUpper) => w,
                _ when i == 0 => char.ToUpperInvariant(w[0]) + w[1..],
                _ => w.ToLowerInvariant(),
            };
        }
        return string.Join(' ', words);
    }

    /// The page's rows in words. At most three queries, whatever the number of rows: the accounts, roles and schools
    /// that the changes name by id, each looked up once, within the trust.
    public static async Task<IReadOnlyList<AuditRow>> DescribeAsync(TrustPortalDbContext db, int? trustId, IReadOnlyList<StoredAuditRow> stored, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(stored);
        var parsed = stored.Select(s => (Row: s, Old: Parse(s.OldValues), New: Parse(s.NewValues))).ToList();
        var ids = parsed.SelectMany(p => p.Old.Concat(p.New)).ToLookup(v => v.Key, v => v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString() : v.Value.ToString());
        var userIds = ids["UserId"].OfType<string>().Distinct().ToList();
        var roleIds = ids["RoleId"].OfType<string>().Distinct().ToList();
        var schoolIds = ids["SchoolId"].Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null)
            .OfType<int>().Distinct().ToList();
        var users = userIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => u.TrustId == trustId && userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var roles = roleIds.Count == 0 ? [] : await db.Roles.AsNoTracking().Where(r => roleIds.Contains(r.Id))
            .Select(r => new { r.Id, r.Name }).ToDictionaryAsync(r => r.Id, r => Accounts.Roles.Label(r.Name ?? ""), ct);
        var schools = schoolIds.Count == 0 ? [] : await db.Schools.AsNoTracking().Where(s => s.TrustId == trustId && schoolIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id.ToString(CultureInfo.InvariantCulture), s => s.Name, ct);

        string? Value(string property, JsonElement value)
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString();
            return property switch
            {
                "UserId" when text is not null && users.TryGetValue(text, out var n) => n,
                "RoleId" when text is not null && roles.TryGetValue(text, out var n) => n,
                "SchoolId" when text is not null && schools.TryGetValue(text, out var n) => n,
                _ => Display(value),
            };
        }

        return parsed.Select(p =>
        {
            var names = p.Old.Keys.Concat(p.New.Keys).Where(k => !Hidden.Contains(k)).Distinct(StringComparer.Ordinal);
            var changes = names.Select(k => new AuditChange(FieldName(k),
                p.Old.TryGetValue(k, out var before) ? Value(k, before) ?? "(empty)" : null,
                p.New.TryGetValue(k, out var after) ? Value(k, after) ?? "(empty)" : null)).ToList();
            return new AuditRow(p.Row.UtcTime, p.Row.UserName == "system" ? "The portal itself" : p.Row.UserName,
                What(p.Row, p.Old, p.New, Value), ActionName(p.Row.Action), changes);
        }).ToList();
    }

    private static string What(StoredAuditRow row, Dictionary<string, JsonElement> old, Dictionary<string, JsonElement> @new, Func<string, JsonElement, string?> value)
    {
        var entity = EntityName(row.EntityType);
        // A record's own name where the entry holds it; a role membership by its account.
        foreach (var property in new[] { "Title", "Name", "DisplayName", "UserId", "Reference", "FileName" })
        {
            if ((@new.TryGetValue(property, out var v) || old.TryGetValue(property, out v)) && value(property, v) is { Length: > 0 } text)
            {
                return $"{entity}: {Shorten(text)}";
            }
        }
        return row.EntityId.Length == 0 || row.EntityType is AuditTrail.SignIn or AuditTrail.Email || row.EntityId.Length > 20
            ? entity
            : $"{entity}, record {row.EntityId}";
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "…";

    private static Dictionary<string, JsonElement> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
                : [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["Details"] = JsonSerializer.SerializeToElement(json) };
        }
    }

    /// A stored value as a person reads it: dates as "6 December 2026, 14:03", true as "Yes", nothing as null.
    private static string? Display(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "Yes",
        JsonValueKind.False => "No",
        JsonValueKind.String => DateText(value.GetString()!),
        JsonValueKind.Number => value.GetRawText(),
        _ => string.Join(", ", value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(Display) : [value.ToString()]),
    };

    private static string DateText(string text)
    {
        if (text.Length >= 10 && IsoDate().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when))
        {
            return text.Length == 10 || when.TimeOfDay == TimeSpan.Zero
                ? when.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))
                : when.ToString("d MMMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-GB"));
        }
        return text;
    }

    [GeneratedRegex("[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[0-9]+")]
    private static partial Regex WordParts();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$")]
    private static partial Regex IsoDate();
}
