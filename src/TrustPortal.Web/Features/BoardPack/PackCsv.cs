using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using TrustPortal.Domain;

namespace TrustPortal.Web.Features.BoardPack;

/// The pack's progress as CSV: one row per school and success criterion, "No update" included, so a school that
/// recorded nothing is in the file as plainly as one that did.
public static class PackCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly string[] Headers =
    [
        "School", "URN", "Phase", "Aim number", "Aim", "Criterion number", "Success criterion", "Status", "Previous status", "Confidence",
        "What was done", "Impact", "Next steps", "Owner", "Due on", "Updated by", "Updated at (UTC)",
    ];

    /// A cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) gets a leading quote.
    public static string? Safe(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    public static byte[] Render(PackModel pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture)))
        {
            foreach (var h in Headers)
            {
                csv.WriteField(h);
            }
            csv.NextRecord();
            foreach (var r in pack.Rows)
            {
                string?[] cells =
                [
                    r.School, r.Urn.ToString(CultureInfo.InvariantCulture), r.Phase, r.AimNumber.ToString(CultureInfo.InvariantCulture), r.Aim,
                    r.CriterionNumber, r.Criterion, r.Status, r.Previous, r.Confidence, r.WhatWasDone, r.Impact, r.NextSteps, r.Owner,
                    r.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.UpdatedBy,
                    r.UpdatedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                ];
                foreach (var cell in cells)
                {
                    csv.WriteField(Safe(StoredText.Clean(cell)) ?? "");
                }
                csv.NextRecord();
            }
        }
        return stream.ToArray();
    }
}
