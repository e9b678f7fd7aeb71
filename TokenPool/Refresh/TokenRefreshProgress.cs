namespace Grok2Api.TokenPool.Refresh;

/// <summary>Progress of a refresh, reported once per token.</summary>
/// <param name="Total">Tokens in the run.</param>
/// <param name="Processed">Tokens done so far.</param>
/// <param name="Succeeded">Tokens synced so far.</param>
/// <param name="Failed">Tokens done so far that did not sync (including not found and skipped).</param>
/// <param name="Latest">The result that triggered this report.</param>
public readonly record struct TokenRefreshProgress(int Total, int Processed, int Succeeded, int Failed, TokenRefreshResult Latest);
