namespace Grok2Api.TokenPool.Accounts;

/// <summary>The asset ids of one account, or why they could not be listed.</summary>
/// <param name="Call">How the listing ended (the first failed page call, or success).</param>
/// <param name="AssetIds">Every asset id listed (empty on failure), without duplicates.</param>
public sealed record AssetListResult(AccountCallResult Call, IReadOnlyList<string> AssetIds);
