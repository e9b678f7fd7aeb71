using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>
/// Makes a config tree read from somewhere this service does not own (the original project's
/// Redis or SQL store) safe to store: it is migrated from the older layouts like a
/// <c>config.toml</c>, then every key whose value does not validate on its own is left out, so that
/// one bad value falls back to its default instead of stopping the start. Unknown keys are kept
/// (they are reported when the config is loaded, as for a file).
/// </summary>
public static class ConfigImport
{
    /// <summary>Migrates <paramref name="stored"/> and leaves out the keys that do not validate.</summary>
    /// <param name="stored">The tree as read: section tables of keys (the input is not modified).</param>
    /// <returns>The tree to store and what was done to it; a tree that validates as a whole.</returns>
    public static ConfigImportResult Prepare(JsonObject stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var migration = ConfigMigration.Migrate(stored);
        var notes = migration.Notes.Select(n => n.Message).ToList();
        var tree = migration.Tree;
        var dropped = new List<string>();
        if (ConfigBinder.Bind(tree).Errors.Count == 0)
        {
            return new ConfigImportResult(tree, notes, dropped);
        }

        // Every rule is about one key, so a key is judged over the defaults alone: the ones that fail
        // there are the ones to leave out, and the others keep their values.
        foreach (var (section, node) in tree.ToList())
        {
            if (node is not JsonObject table)
            {
                if (ConfigBinder.Bind(new JsonObject { [section] = node?.DeepClone() }).Errors is [var first, ..])
                {
                    tree.Remove(section);
                    dropped.Add(first);
                }

                continue;
            }

            foreach (var (key, value) in table.ToList())
            {
                var alone = new JsonObject { [section] = new JsonObject { [key] = value?.DeepClone() } };
                if (ConfigBinder.Bind(alone).Errors is [var first, ..])
                {
                    table.Remove(key);
                    dropped.Add(first);
                }
            }
        }

        var rest = ConfigBinder.Bind(tree).Errors;
        if (rest.Count > 0)
        {
            // Not expected (no rule spans two keys); the defaults are then the safe answer.
            dropped.AddRange(rest);
            return new ConfigImportResult([], notes, dropped);
        }

        return new ConfigImportResult(tree, notes, dropped);
    }
}

/// <summary>A config tree made safe to store (<see cref="ConfigImport.Prepare"/>).</summary>
/// <param name="Tree">The migrated tree without the keys that do not validate; it validates.</param>
/// <param name="MigrationNotes">One sentence per old key that was moved, dropped or kept.</param>
/// <param name="Dropped">One <c>section.key: reason, got value</c> per key left out (secrets masked).</param>
public sealed record ConfigImportResult(JsonObject Tree, IReadOnlyList<string> MigrationNotes, IReadOnlyList<string> Dropped);
