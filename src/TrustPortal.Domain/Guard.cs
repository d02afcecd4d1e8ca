namespace TrustPortal.Domain;

/// Thrown when an entity is asked to take a value that breaks one of its rules.
public sealed class DomainRuleException : Exception
{
    public DomainRuleException(string message) : base(message) { }
    public DomainRuleException() { }
    public DomainRuleException(string message, Exception innerException) : base(message, innerException) { }

    /// A rule about one of the entity's values: <paramref name="field"/> names it (`nameof(StrategicPlan.StartYear)`),
    /// so a form can show the message beside its input without reading the message.
    public DomainRuleException(string field, string message, Exception? innerException = null) : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        Field = field;
    }

    /// The entity's property the rule is about, or null when it is about the entity as a whole.
    public string? Field { get; }
}

internal static class Guard
{
    public static string Required(string? value, string what, int maxLength, string? field = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Broken(field, $"{what} is required.");
        }
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            throw Broken(field, $"{what} must be {maxLength} characters or fewer.");
        }
        return trimmed;
    }

    /// A broken rule, about one field when it is named.
    public static DomainRuleException Broken(string? field, string message) =>
        field is null ? new DomainRuleException(message) : new DomainRuleException(field, message);

    public static Audience Known(Audience audience) =>
        Enum.IsDefined(audience) ? audience : throw new DomainRuleException("Choose who may read it: the public, or staff only.");

    public static string? Optional(string? value, string what, int maxLength, string? field = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        return Required(value, what, maxLength, field);
    }
}

/// Lengths that the database columns and the forms share.
public static class Limits
{
    public const int Name = 200;
    public const int Slug = 80;
    public const int Heading = 300;
    public const int Statement = 4000;
    public const int LongText = 100_000;
}

/// Who may read an item of trust content.
public enum Audience
{
    /// Published on the public pages, as the trust's own website would.
    Public = 0,
    /// Only for signed-in people of the trust.
    Staff = 1,
}

/// An entity whose edits are checked for lost updates with an application-managed token
/// (SQLite has no rowversion, so the token is a Guid replaced on every save).
public interface IVersioned
{
    Guid Version { get; }
    void NewVersion();
}
