namespace Grok2Api.TokenPool.Accounts;

/// <summary>
/// Records in the pool what the admin batch tasks learned about a token. Each change is applied in memory
/// at once and the task completes when it is durable. A token removed meanwhile is left alone (false).
/// </summary>
public interface ITokenAccountRecorder
{
    /// <summary>Adds <paramref name="tag"/> to the token's tags (no duplicate, case-insensitive).</summary>
    Task<bool> AddTagAsync(string id, string tag, CancellationToken cancellationToken);

    /// <summary>Sets the token's <c>last_asset_clear_at</c> to now.</summary>
    Task<bool> MarkAssetsClearedAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Counts an upstream credential rejection (401) like any other call does: the failure count grows
    /// and, at <c>token.fail_threshold</c>, the token becomes expired.
    /// </summary>
    Task<bool> RecordAuthFailureAsync(string id, string reason, CancellationToken cancellationToken);
}
