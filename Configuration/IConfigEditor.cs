using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>Reads and changes the live configuration (the admin API's seam).</summary>
/// <remarks>Thread-safe; changes are serialized.</remarks>
public interface IConfigEditor
{
    /// <summary>
    /// Deep-merges <paramref name="patch"/> (<c>{"section":{"key":value}}</c>) into the stored config,
    /// validates the result, saves it atomically and applies it without a restart. A
    /// <see langword="null"/> value removes the key (it returns to its default). A secret sent back in
    /// the masked form <see cref="GetEffectiveTree"/> showed (<c>gr…pi</c>) is left unchanged.
    /// </summary>
    /// <param name="patch">The keys to change.</param>
    /// <param name="cancellationToken">Cancels before the write; nothing is then changed.</param>
    /// <returns>Success, or every validation problem (nothing is changed).</returns>
    Task<ConfigPatchResult> PatchAsync(JsonObject patch, CancellationToken cancellationToken);

    /// <summary>The effective tree: defaults merged with the stored config, unknown keys included.</summary>
    /// <param name="maskSecrets">Masks app_key, api_key, public_key, cf_clearance, statsig_id and URL credentials (<c>gr…pi</c>, <c>****</c>).</param>
    /// <returns>A copy the caller may modify.</returns>
    JsonObject GetEffectiveTree(bool maskSecrets);
}
