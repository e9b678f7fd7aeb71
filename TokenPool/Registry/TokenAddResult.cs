namespace Grok2Api.TokenPool.Registry;

/// <summary>The outcome of an import: how many were added, and how many skipped as blank or already present in any pool.</summary>
public sealed record TokenAddResult(int Added, int Skipped);
