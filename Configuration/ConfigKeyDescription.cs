using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>
/// What an editor needs to know about one key: how to show it, what it defaults to and what it
/// accepts. Read from the section records (<see cref="ConfigCatalog"/>), never written by hand.
/// </summary>
/// <param name="Key">The TOML name of the key (<c>max_body_mb</c>).</param>
/// <param name="Kind">
/// <c>bool</c>, <c>int</c>, <c>number</c>, <c>string</c>, <c>enum</c> (one of <paramref name="Values"/>),
/// <c>secret</c> (a string shown masked), <c>list</c> (items of <paramref name="Item"/>) or <c>table</c>
/// (names mapped to integers).
/// </param>
/// <param name="Item">For a list, the kind of its items (<c>string</c> or <c>int</c>); for a table, of its values (<c>int</c>); otherwise null.</param>
/// <param name="Default">The default value, as the effective config would show it unset.</param>
/// <param name="Description">One line saying what the key does (the comment of a freshly written config.toml).</param>
/// <param name="Values">For an enum, the accepted values; otherwise null.</param>
/// <param name="Min">The smallest accepted number (of the value, or of each item or table value); null when unbounded.</param>
/// <param name="Max">The largest accepted number (same rule as <paramref name="Min"/>); null when unbounded.</param>
/// <param name="Required">Whether an empty string is refused.</param>
/// <param name="Constraint">Any other rule, in words ("must be empty or an absolute http or https URL with a host"); null when none.</param>
public sealed record ConfigKeyDescription(
    string Key,
    string Kind,
    string? Item,
    JsonNode? Default,
    string Description,
    IReadOnlyList<string>? Values,
    double? Min,
    double? Max,
    bool Required,
    string? Constraint);
