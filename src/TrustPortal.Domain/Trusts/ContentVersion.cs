namespace TrustPortal.Domain.Trusts;

/// One saved state of an item of trust content (the vision, a value, a section, …): the item's fields as JSON,
/// who saved it and when. Versions are only ever added: restoring an old one adds a new version.
public sealed class ContentVersion
{
    private ContentVersion() { }

    public ContentVersion(int trustId, string itemType, int itemId, int number, string snapshot, string savedBy, DateTime savedAtUtc, string? note = null)
    {
        if (number < 1)
        {
            throw new DomainRuleException("Versions are numbered from 1.");
        }
        TrustId = trustId;
        ItemType = Guard.Required(itemType, "Item type", 40);
        ItemId = itemId;
        Number = number;
        Snapshot = Guard.Required(snapshot, "Snapshot", int.MaxValue);
        SavedBy = Guard.Required(savedBy, "Saved by", Limits.Name);
        SavedAtUtc = DateTime.SpecifyKind(savedAtUtc, DateTimeKind.Utc);
        Note = Guard.Optional(note, "Note", Limits.Heading);
    }

    public long Id { get; private set; }
    public int TrustId { get; private set; }
    /// The kind of item, as in the administration addresses: "vision", "value", "section", …
    public string ItemType { get; private set; } = "";
    /// The item's id; 0 for items the trust has only one of (its vision, mission, …).
    public int ItemId { get; private set; }
    public int Number { get; private set; }
    public string Snapshot { get; private set; } = "";
    public string SavedBy { get; private set; } = "";
    public DateTime SavedAtUtc { get; private set; }
    /// Why the version exists where it is not an ordinary edit, e.g. "Restored from version 2".
    public string? Note { get; private set; }
}
