namespace TrustPortal.Web.Data;

/// A fact about the database itself. Today there is one: <see cref="Demo"/>, written in the same transaction that
/// loads the demo trusts. Only a database that carries it (or that the development start-up has just created) ever
/// receives demo data or demo accounts, so a real trust's database never does (ADR 0095).
public sealed class DatabaseMarker
{
    public const string Demo = "demo";

    private DatabaseMarker()
    {
        Name = "";
    }

    public DatabaseMarker(string name, DateTimeOffset writtenAt)
    {
        Name = name;
        WrittenAt = writtenAt;
    }

    public string Name { get; private set; }

    public DateTimeOffset WrittenAt { get; private set; }
}
