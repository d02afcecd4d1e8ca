using System.Globalization;

namespace TrustPortal.Domain.Plans;

/// Which way a measure should move.
public enum MeasureDirection
{
    /// The value should rise, e.g. attendance.
    HigherIsBetter = 0,
    /// The value should fall, e.g. persistent absence.
    LowerIsBetter = 1,
}

/// How a value recorded in a cycle stands against the measure.
public enum MeasureStanding
{
    /// At or beyond the target.
    TargetMet = 0,
    /// Not at the target yet, but at or beyond where a steady path from the baseline to the target would be by then.
    OnTrack = 1,
    /// Short of that path.
    Behind = 2,
}

/// <param name="Expected">Where a steady path from the baseline to the target would be on the day of the reading.</param>
public sealed record MeasureReading(MeasureStanding Standing, decimal Expected);

/// A numeric reading of a success criterion that the trust sets alongside its own words (which it never changes):
/// where the schools start (baseline), where they aim to be (target) and by when, in what unit, and which way is
/// better. Each school records its current value every review cycle (docs/adr/0144).
public sealed record CriterionMeasure
{
    public const int UnitLimit = 40;

    /// The largest value a measure takes either side of zero.
    public const decimal Largest = 1_000_000_000m;

    private CriterionMeasure(decimal baseline, decimal target, string unit, MeasureDirection direction, DateOnly targetDate, bool isExample)
    {
        (Baseline, Target, Unit, Direction, TargetDate, IsExample) = (baseline, target, unit, direction, targetDate, isExample);
    }

    public decimal Baseline { get; }
    public decimal Target { get; }
    /// What is counted, as the trust writes it: "%", "pupils", "days".
    public string Unit { get; }
    public MeasureDirection Direction { get; }
    public DateOnly TargetDate { get; }
    /// The portal made the figures up for the demo (the trust's document gives none, or not all of them).
    public bool IsExample { get; }

    public bool IsPercentage => Unit is "%" or "per cent" or "percent";

    /// A measure that keeps the rules: the baseline and target are sensible numbers in the unit, and the target lies
    /// the better side of the baseline. Each broken rule names the field it is about.
    public static CriterionMeasure Create(decimal baseline, decimal target, string? unit, MeasureDirection direction, DateOnly targetDate, bool isExample = false)
    {
        var u = Guard.Required(unit, "The unit", UnitLimit, nameof(Unit));
        if (!Enum.IsDefined(direction))
        {
            throw new DomainRuleException(nameof(Direction), "Choose whether a higher or a lower value is better.");
        }
        var measure = new CriterionMeasure(baseline, target, u, direction, targetDate, isExample);
        measure.CheckNumber(baseline, "The baseline", nameof(Baseline));
        measure.CheckNumber(target, "The target", nameof(Target));
        if (target == baseline)
        {
            throw new DomainRuleException(nameof(Target), "The target must differ from the baseline: it is where the schools aim to get to.");
        }
        if (direction == MeasureDirection.HigherIsBetter && target < baseline)
        {
            throw new DomainRuleException(nameof(Target), $"The target ({measure.Format(target)}) is below the baseline ({measure.Format(baseline)}), but a higher value is better. Raise the target, or choose \"lower is better\".");
        }
        if (direction == MeasureDirection.LowerIsBetter && target > baseline)
        {
            throw new DomainRuleException(nameof(Target), $"The target ({measure.Format(target)}) is above the baseline ({measure.Format(baseline)}), but a lower value is better. Lower the target, or choose \"higher is better\".");
        }
        return measure;
    }

    /// A value a school records against the measure: a number the unit allows. Throws naming <paramref name="field"/>.
    public decimal CheckValue(decimal value, string field)
    {
        CheckNumber(value, "The current value", field);
        return value;
    }

    /// Where the value stands on <paramref name="on"/> (the day the cycle closes), on a steady path from the baseline
    /// at <paramref name="start"/> (the plan's start) to the target at the target date.
    public MeasureReading Assess(decimal value, DateOnly on, DateOnly start)
    {
        var expected = ExpectedOn(on, start);
        if (IsBetterOrEqual(value, Target))
        {
            return new MeasureReading(MeasureStanding.TargetMet, expected);
        }
        return new MeasureReading(IsBetterOrEqual(value, expected) ? MeasureStanding.OnTrack : MeasureStanding.Behind, expected);
    }

    /// The steady path's value on a day, rounded to 2 decimal places; the baseline before the start, the target after
    /// the target date.
    public decimal ExpectedOn(DateOnly on, DateOnly start)
    {
        var span = TargetDate.DayNumber - start.DayNumber;
        if (span <= 0 || on >= TargetDate)
        {
            return Target;
        }
        var share = Math.Clamp((decimal)(on.DayNumber - start.DayNumber) / span, 0m, 1m);
        return Math.Round(Baseline + ((Target - Baseline) * share), 2, MidpointRounding.AwayFromZero);
    }

    private bool IsBetterOrEqual(decimal value, decimal than) =>
        Direction == MeasureDirection.HigherIsBetter ? value >= than : value <= than;

    /// "94.5%", "120 pupils": the value as a person writes it, with the unit.
    public string Format(decimal value) => MeasureNumber.Format(value, Unit);

    private void CheckNumber(decimal value, string what, string field)
    {
        if (Math.Abs(value) > Largest)
        {
            throw new DomainRuleException(field, $"{what} must be between minus 1,000,000,000 and 1,000,000,000.");
        }
        if (decimal.Round(value, 2) != value)
        {
            throw new DomainRuleException(field, $"{what} can have at most 2 decimal places, like 94.25.");
        }
        if (IsPercentage && value is < 0 or > 100)
        {
            throw new DomainRuleException(field, $"{what} is a percentage, so it must be between 0 and 100.");
        }
    }
}

/// Numbers as people type and read them in a measure.
public static class MeasureNumber
{
    /// Reads a number typed into a form: "94.5", "1,200", "-0.15", and the unit after it ("94.5%", "120 pupils") is
    /// allowed. Null for empty text; throws naming <paramref name="field"/> when it is not a number.
    public static decimal? Parse(string? text, string what, string field, string? unit = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var t = text.Trim();
        if (unit is { Length: > 0 } && t.EndsWith(unit.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            t = t[..^unit.Trim().Length].TrimEnd();
        }
        t = t.TrimEnd('%').TrimEnd().Replace(",", "", StringComparison.Ordinal).Replace('\u2212', '-');
        if (t.Length == 0 || t.Length > 20
            || !decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw new DomainRuleException(field, $"{what} must be a number, like 94.5");
        }
        return value;
    }

    /// "94.5%", "1,200 pupils", "-0.15 points".
    public static string Format(decimal value, string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var number = value.ToString("#,##0.##", CultureInfo.InvariantCulture);
        return unit == "%" ? number + "%" : $"{number} {unit}";
    }

    /// The number alone, for a form field: "94.5", "1200".
    public static string Plain(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
