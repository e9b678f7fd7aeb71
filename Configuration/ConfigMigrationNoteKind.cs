namespace Grok2Api.Configuration;

/// <summary>What the v1 migration did with one old key.</summary>
internal enum ConfigMigrationNoteKind
{
    /// <summary>The value was copied to its new key or keys.</summary>
    Mapped,

    /// <summary>The value was not copied because every new key was already set; the old key was removed.</summary>
    Superseded,

    /// <summary>The key has no meaning any more and was removed (the backup keeps it).</summary>
    Dropped,

    /// <summary>The key is not one the migration knows; it was left where it was.</summary>
    Kept,
}
