namespace Grok2Api.Storage.Tokens;

/// <summary>A stored token together with the pool it belongs to.</summary>
/// <param name="Pool">The pool name (<see cref="TokenPools"/>).</param>
/// <param name="Token">The record.</param>
public readonly record struct PooledToken(string Pool, StoredToken Token);
