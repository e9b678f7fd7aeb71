using System.Collections;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grok2Api.Configuration;

/// <summary>
/// The <c>[model_alias]</c> section: a client's model name → a model id of the catalogue, so that
/// coding tools that send their own model names (Claude Code, Codex) reach a chosen Grok model.
/// Empty by default. Its keys are free (a map section, <see cref="ConfigSchema"/>): any name of 1 to
/// 128 printable ASCII characters without spaces, each mapped to a non-empty string. Whether a target
/// is a model of the catalogue is checked where the aliases are used (the Proxy, which knows the
/// catalogue), not here.
/// </summary>
/// <remarks>Immutable; compares by content, so its options listeners fire only when an alias changed.</remarks>
[JsonConverter(typeof(ModelAliasSectionConverter))]
public sealed class ModelAliasSection : IReadOnlyDictionary<string, string>, IEquatable<ModelAliasSection>
{
    private readonly FrozenDictionary<string, string> _entries;

    /// <summary>No aliases.</summary>
    public ModelAliasSection()
        : this([])
    {
    }

    /// <summary>The aliases of <paramref name="entries"/> (names compare ordinally, case-sensitive).</summary>
    /// <param name="entries">Alias → model id.</param>
    public ModelAliasSection(IEnumerable<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = entries.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _entries.Keys;

    /// <inheritdoc />
    public IEnumerable<string> Values => _entries.Values;

    /// <inheritdoc />
    public string this[string key] => _entries[key];

    /// <inheritdoc />
    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _entries.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_entries).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether both hold the same aliases with the same targets.</summary>
    /// <param name="other">The other section.</param>
    public bool Equals(ModelAliasSection? other) => other is not null && SectionEquality.SameEntries(this, other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ModelAliasSection);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // Order-independent, like the equality.
        var hash = 0;
        foreach (var (key, value) in _entries)
        {
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), StringComparer.Ordinal.GetHashCode(value));
        }

        return hash;
    }
}

/// <summary>The section as a JSON object of strings, the shape of its config tree table.</summary>
internal sealed class ModelAliasSectionConverter : JsonConverter<ModelAliasSection>
{
    public override ModelAliasSection Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("[model_alias] must be a table of names to model ids.");
        }

        var entries = new List<KeyValuePair<string, string>>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"model_alias.{name} must be a string.");
            }

            entries.Add(new(name, reader.GetString()!));
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("[model_alias] is not a complete table.");
        }

        return new ModelAliasSection(entries);
    }

    public override void Write(Utf8JsonWriter writer, ModelAliasSection value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, target) in value.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(name, target);
        }

        writer.WriteEndObject();
    }
}
