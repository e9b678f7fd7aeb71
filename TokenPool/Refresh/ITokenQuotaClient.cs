namespace Grok2Api.TokenPool.Refresh;

/// <summary>
/// Asks the upstream how much quota an account has left (docs/grok-protocol.md §9). Implemented by
/// the host's upstream client; the pool calls it from the refresh scheduler and admin tasks, never
/// from request selection.
/// </summary>
public interface ITokenQuotaClient
{
    /// <summary>Fetches the remaining quota of one account.</summary>
    /// <param name="token">The bare SSO token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome; expected failures are values, not exceptions.</returns>
    Task<QuotaSyncResult> FetchAsync(string token, CancellationToken cancellationToken);
}
