using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>The migrated tree and what was done.</summary>
/// <param name="Tree">The tree in the current layout (a copy; the input is not modified).</param>
/// <param name="Notes">One note per old key that was mapped, superseded, dropped or kept.</param>
/// <param name="Changed">Whether <paramref name="Tree"/> differs from the input and should be written back.</param>
internal sealed record ConfigMigrationResult(JsonObject Tree, IReadOnlyList<ConfigMigrationNote> Notes, bool Changed);
