using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>How a whole tree is rendered: key order and the comments of known keys.</summary>
/// <param name="OrderTemplate">Sections and keys found here are written first, in this order; the rest follow in tree order.</param>
/// <param name="Comments">One-line comments by path (<c>app</c>, <c>app.app_url</c>), written above the table or key.</param>
/// <param name="Header">Comment lines written at the top of the file.</param>
internal sealed record TomlWriteOptions(
    JsonObject? OrderTemplate,
    IReadOnlyDictionary<string, string>? Comments,
    IReadOnlyList<string>? Header)
{
    /// <summary>No ordering, no comments: the tree's own order.</summary>
    public static TomlWriteOptions Plain { get; } = new(null, null, null);
}
