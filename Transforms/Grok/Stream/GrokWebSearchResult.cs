namespace Grok2Api.Transforms.Grok.Stream;

/// <summary>One entry of <c>webSearchResults.results</c> (docs/grok-protocol.md §4.3).</summary>
/// <param name="Title">The page title.</param>
/// <param name="Url">The page URL.</param>
/// <param name="Preview">A text preview; null when absent.</param>
public sealed record GrokWebSearchResult(string? Title, string? Url, string? Preview);
