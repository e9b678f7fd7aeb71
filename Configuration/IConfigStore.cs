using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;

namespace Grok2Api.Configuration;

/// <summary>
/// Persistence of the config tree: a JSON object of sections, each a JSON object of keys
/// (<c>{"app":{"api_key":""}, ...}</c>). Local storage keeps it as <c>DATA_DIR/config.toml</c>.
/// </summary>
public interface IConfigStore
{
    /// <summary>Where the config lives, for messages: a file path or the name of a store, never a credential.</summary>
    string Source { get; }

    /// <summary>Loads the stored tree, or <see langword="null"/> when nothing is stored yet.</summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <exception cref="ConfigFormatException">The stored config does not parse.</exception>
    Task<JsonObject?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Stores the whole tree atomically.</summary>
    /// <param name="tree">The tree to store.</param>
    /// <param name="cancellationToken">Cancels the write; a cancelled write leaves the previous file intact.</param>
    Task SaveAsync(JsonObject tree, CancellationToken cancellationToken);

    /// <summary>A change token that fires when the stored config changes outside this process (a file edit).</summary>
    IChangeToken Watch();
}
