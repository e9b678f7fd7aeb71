using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>
/// Moves the keys of the original project's older config layouts to the current one
/// (<see cref="LegacyConfigKeys"/>). A value is copied only to new keys the file does not set yet;
/// every old key gets a note, so nothing disappears without a word.
/// </summary>
internal static class ConfigMigration
{
    public static ConfigMigrationResult Migrate(JsonObject stored)
    {
        var tree = ConfigTree.NormalizeObject(stored);
        var notes = new List<ConfigMigrationNote>();

        foreach (var (old, targets) in LegacyConfigKeys.Moves)
        {
            if (Take(tree, old) is not { } value)
            {
                continue;
            }

            var copied = new List<string>();
            var alreadySet = new List<string>();
            foreach (var target in targets)
            {
                var (section, key) = Split(target);
                if (tree[section] is null)
                {
                    tree[section] = new JsonObject();
                }

                if (tree[section] is not JsonObject table || table.ContainsKey(key))
                {
                    alreadySet.Add(target);
                    continue;
                }

                table[key] = AsTypeOf(section, key, value);
                copied.Add(target);
            }

            notes.Add(copied.Count > 0
                ? new ConfigMigrationNote(
                    ConfigMigrationNoteKind.Mapped,
                    old,
                    $"{old} → {string.Join(", ", copied)}" + (alreadySet.Count > 0 ? $" (not copied to {string.Join(", ", alreadySet)}: already set)" : ""))
                : new ConfigMigrationNote(
                    ConfigMigrationNoteKind.Superseded,
                    old,
                    $"{old} removed: {string.Join(", ", alreadySet)} {(alreadySet.Count == 1 ? "is" : "are")} already set and takes precedence"));
        }

        foreach (var (old, reason) in LegacyConfigKeys.Dropped)
        {
            if (Take(tree, old) is not null)
            {
                notes.Add(new ConfigMigrationNote(ConfigMigrationNoteKind.Dropped, old, $"{old} dropped: {reason}"));
            }
        }

        var changed = notes.Count > 0;
        foreach (var legacy in LegacyConfigKeys.LegacySections)
        {
            if (tree[legacy] is not JsonObject table)
            {
                continue;
            }

            if (table.Count == 0)
            {
                tree.Remove(legacy);
                changed = true;
            }
            else if (changed)
            {
                foreach (var (key, _) in table)
                {
                    notes.Add(new ConfigMigrationNote(
                        ConfigMigrationNoteKind.Kept,
                        $"{legacy}.{key}",
                        $"{legacy}.{key} kept as it was: it is not a setting of any known layout and has no effect"));
                }
            }
        }

        return new ConfigMigrationResult(tree, notes, changed);
    }

    // Old files often wrote 120 for what is now a float key; write 120.0 so the file reads as intended.
    private static JsonNode? AsTypeOf(string section, string key, JsonNode value) =>
        ConfigSchema.FindKey(section, key)?.Kind == ConfigValueKind.Float
            && value is JsonValue scalar
            && ConfigTree.ReadScalar(scalar) is long integral
                ? JsonValue.Create((double)integral)
                : ConfigTree.Normalize(value);

    // Removes and returns the value at an old "section.key", or null when it is not there.
    private static JsonNode? Take(JsonObject tree, string path)
    {
        var (section, key) = Split(path);
        if (tree[section] is not JsonObject table || !table.TryGetPropertyValue(key, out var value))
        {
            return null;
        }

        table.Remove(key);
        return value;
    }

    private static (string Section, string Key) Split(string path)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return (path[..dot], path[(dot + 1)..]);
    }
}
