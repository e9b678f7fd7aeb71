namespace Grok2Api.Configuration;

/// <summary>One line of the migration report.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="OldKey">The old <c>section.key</c>.</param>
/// <param name="Message">A sentence for the log, naming the old and new keys and the reason.</param>
internal sealed record ConfigMigrationNote(ConfigMigrationNoteKind Kind, string OldKey, string Message);
