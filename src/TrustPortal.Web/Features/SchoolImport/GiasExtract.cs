using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using TrustPortal.Domain.Schools;

namespace TrustPortal.Web.Features.SchoolImport;

/// One school as the DfE's Get Information about Schools (GIAS) extract describes it.
public sealed record GiasSchool(
    int Row, int Urn, string Name, Phase Phase, int? LowAge, int? HighAge, bool HasNursery, bool HasSixthForm,
    string? ReligiousCharacter, string? Diocese, string? LocalAuthority, string? Town, int? PupilsOnRoll,
    DateOnly? OpenedOn, string? TrustName, string? TrustUid, string? Status)
{
    /// Ofsted's last judgement as GIAS gives it ("Outstanding", 19-04-2013): a judgement of the framework before report
    /// cards. Null when the file has none, or none the portal can record (a date from 10 November 2025, or a grade such
    /// as "Satisfactory" that the earlier framework's four judgements do not include).
    public (OverallJudgement Judgement, DateOnly On)? OfstedJudgement { get; init; }
}

/// A row that could not be read, with its row number in the file (the header is row 1) and why.
public sealed record GiasRowError(int Row, string? Urn, string Reason);

/// Reads an `edubasealldata` CSV extract: Latin-1, read by header name (any column order, any vintage),
/// dates dd-mm-yyyy or dd/mm/yyyy. A row with another number of fields than the header is an error, never
/// a guess. Streams: one row in memory at a time, so a 60 MB national extract reads in seconds.
public static class GiasExtract
{
    private static readonly string[] RequiredColumns = ["URN", "EstablishmentName"];
    private static readonly string[] DateFormats = ["dd-MM-yyyy", "dd/MM/yyyy", "d-M-yyyy", "d/M/yyyy"];

    public static IEnumerable<Result> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.Latin1, detectEncodingFromByteOrderMarks: false);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = null,
            DetectColumnCountChanges = false,
            TrimOptions = TrimOptions.None,
        };
        using var parser = new CsvParser(reader, configuration);
        if (!parser.Read())
        {
            throw new GiasFormatException("The file is empty: expected a GIAS edubasealldata CSV extract with a header row.");
        }
        var header = parser.Record!;
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            columns.TryAdd(header[i].Trim().TrimStart('\uFEFF'), i);
        }
        var missing = RequiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new GiasFormatException($"This is not a GIAS establishments extract: the header has no {string.Join(" or ", missing)} column.");
        }

        while (parser.Read())
        {
            var record = parser.Record!;
            var row = parser.Row;
            if (record.Length == 1 && string.IsNullOrWhiteSpace(record[0]))
            {
                continue; // a blank line, e.g. at the end of the file
            }
            if (record.Length != header.Length)
            {
                var urn = columns.TryGetValue("URN", out var u) && u < record.Length ? record[u] : null;
                yield return new Result(null, new GiasRowError(row, urn, $"has {record.Length} fields where the header has {header.Length}"));
                continue;
            }
            yield return Parse(row, record, columns);
        }
    }

    private static Result Parse(int row, string[] record, Dictionary<string, int> columns)
    {
        string? Field(string name)
        {
            if (!columns.TryGetValue(name, out var index))
            {
                return null;
            }
            // Every GIAS field is one line of text under the portal's text rule (ADR 0092), so a re-import compares like with like.
            var value = TrustPortal.Domain.StoredText.SingleLine(record[index]).Trim();
            return value.Length == 0 || value is "Not applicable" or "Does not apply" or "Not recorded" ? null : value;
        }

        var urnText = Field("URN");
        if (!School.TryParseUrn(urnText, out var urn))
        {
            return Error(row, urnText, $"URN \"{urnText}\" is not a six-digit number");
        }
        var name = Field("EstablishmentName");
        if (name is null)
        {
            return Error(row, urnText, "has no establishment name");
        }
        if (!TryAge(Field("StatutoryLowAge"), out var low) || !TryAge(Field("StatutoryHighAge"), out var high))
        {
            return Error(row, urnText, $"statutory ages \"{Field("StatutoryLowAge")}\" to \"{Field("StatutoryHighAge")}\" are not whole numbers");
        }
        int? pupils = null;
        if (Field("NumberOfPupils") is { } pupilText)
        {
            if (!int.TryParse(pupilText, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                return Error(row, urnText, $"number of pupils \"{pupilText}\" is not a whole number");
            }
            pupils = p;
        }
        DateOnly? opened = null;
        if (Field("OpenDate") is { } dateText)
        {
            if (!DateOnly.TryParseExact(dateText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return Error(row, urnText, $"open date \"{dateText}\" is not a date in the form dd-mm-yyyy or dd/mm/yyyy");
            }
            opened = d;
        }
        DateOnly? inspected = null;
        if (Field("OfstedLastInsp") is { } inspectedText)
        {
            if (!DateOnly.TryParseExact(inspectedText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return Error(row, urnText, $"Ofsted inspection date \"{inspectedText}\" is not a date in the form dd-mm-yyyy or dd/mm/yyyy");
            }
            inspected = d;
        }
        var phase = PhaseOf(Field("PhaseOfEducation (name)"), Field("TypeOfEstablishment (name)"), name, low, high);
        if (phase is null)
        {
            return Error(row, urnText, $"phase \"{Field("PhaseOfEducation (name)") ?? "Not applicable"}\" with ages {low?.ToString(CultureInfo.InvariantCulture) ?? "?"} to {high?.ToString(CultureInfo.InvariantCulture) ?? "?"} is not a phase the portal knows");
        }
        var religious = Field("ReligiousCharacter (name)");
        return new Result(new GiasSchool(row, urn, name, phase.Value, low, high,
            string.Equals(Field("NurseryProvision (name)"), "Has Nursery Classes", StringComparison.OrdinalIgnoreCase),
            string.Equals(Field("OfficialSixthForm (name)"), "Has a sixth form", StringComparison.OrdinalIgnoreCase),
            religious is "None" ? null : religious, Field("Diocese (name)"), Field("LA (name)"), Field("Town"), pupils, opened,
            Field("Trusts (name)"), Field("Trusts (code)"), Field("EstablishmentStatus (name)"))
        {
            OfstedJudgement = JudgementOf(Field("OfstedRating (name)")) is { } judgement && inspected is { } on && on < Inspection.ReportCardsBegan
                ? (judgement, on) : null,
        }, null);
    }

    /// GIAS phases, with special schools by their type and "Not applicable" decided by the statutory ages.
    internal static Phase? PhaseOf(string? phase, string? type, string name, int? low, int? high)
    {
        if (type is not null && type.Contains("special", StringComparison.OrdinalIgnoreCase))
        {
            return Phase.Special;
        }
        return phase switch
        {
            "Nursery" => Phase.Nursery,
            "Primary" when name.Contains("First School", StringComparison.OrdinalIgnoreCase)
                || name.Contains("First Academy", StringComparison.OrdinalIgnoreCase) => Phase.First,
            "Primary" => Phase.Primary,
            "Middle deemed primary" or "Middle deemed secondary" => Phase.Middle,
            "Secondary" => Phase.Secondary,
            "16 plus" => Phase.SixteenPlus,
            "All-through" or "All through" => Phase.AllThrough,
            null when low is not null && high is not null => (low, high) switch
            {
                ( >= 16, _) => Phase.SixteenPlus,
                ( <= 5, >= 16) => Phase.AllThrough,
                (_, <= 11) => Phase.Primary,
                ( >= 11, _) => Phase.Secondary,
                _ => null,
            },
            _ => null,
        };
    }

    /// GIAS's Ofsted rating as a judgement of the earlier framework; serious weaknesses and special measures are
    /// the two categories of an inadequate judgement.
    internal static OverallJudgement? JudgementOf(string? rating) => rating?.Trim().ToUpperInvariant() switch
    {
        "OUTSTANDING" => OverallJudgement.Outstanding,
        "GOOD" => OverallJudgement.Good,
        "REQUIRES IMPROVEMENT" => OverallJudgement.RequiresImprovement,
        "INADEQUATE" or "SERIOUS WEAKNESSES" or "SPECIAL MEASURES" => OverallJudgement.Inadequate,
        _ => null,
    };

    private static bool TryAge(string? text, out int? age)
    {
        age = null;
        if (text is null)
        {
            return true;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            age = value;
            return true;
        }
        return false;
    }

    private static Result Error(int row, string? urn, string reason) => new(null, new GiasRowError(row, urn, reason));

    public sealed record Result(GiasSchool? School, GiasRowError? Error);
}

public sealed class GiasFormatException : Exception
{
    public GiasFormatException(string message) : base(message) { }
    public GiasFormatException() { }
    public GiasFormatException(string message, Exception innerException) : base(message, innerException) { }
}
