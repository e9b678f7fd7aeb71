namespace Grok2Api.Configuration;

/// <summary>The outcome of <see cref="IConfigEditor.PatchAsync"/>.</summary>
/// <param name="Succeeded">Whether the change was validated, saved and applied.</param>
/// <param name="Errors">When it failed: every problem, each naming <c>section.key</c>, the value and the reason. Nothing was changed.</param>
/// <param name="Warnings">Keys and sections that are not known: kept, but they have no effect (often a typo).</param>
public sealed record ConfigPatchResult(bool Succeeded, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);
