namespace Grok2Api.TokenPool.Accounts;

/// <summary>
/// The upstream account calls of the admin batch tasks (docs/grok-protocol.md §11 and §15), implemented by
/// the host's upstream client. Expected failures are values; only cancellation throws.
/// </summary>
public interface IGrokAccountClient
{
    /// <summary>Turns on "always show NSFW content" with the feature-control call, and nothing else (no terms, no birth date).</summary>
    /// <param name="token">The bare SSO token.</param>
    /// <param name="timeout">Time limit of the call (<c>nsfw.timeout</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<AccountCallResult> EnableNsfwAsync(string token, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Lists every asset id of the account, page by page (a bounded number of pages).</summary>
    /// <param name="token">The bare SSO token.</param>
    /// <param name="timeout">Time limit of each page call (<c>asset.list_timeout</c>).</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    Task<AssetListResult> ListAssetsAsync(string token, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Deletes one asset of the account (its metadata); success is a 200.</summary>
    /// <param name="token">The bare SSO token.</param>
    /// <param name="assetId">The asset id from <see cref="ListAssetsAsync"/>.</param>
    /// <param name="timeout">Time limit of the call (<c>asset.delete_timeout</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<AccountCallResult> DeleteAssetAsync(string token, string assetId, TimeSpan timeout, CancellationToken cancellationToken);
}
