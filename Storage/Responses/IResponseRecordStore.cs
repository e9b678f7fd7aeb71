namespace Grok2Api.Storage.Responses;

/// <summary>
/// Stored responses of the OpenAI Responses API, one record per response, each with its own
/// expiry. Every read takes the caller's clock (Unix seconds) so that expiry is the same rule on
/// every backend: a record whose <see cref="StoredResponse.ExpiresAt"/> is at or before
/// <c>now</c> does not exist.
/// </summary>
public interface IResponseRecordStore
{
    /// <summary>Inserts or replaces the record, by id.</summary>
    /// <param name="response">The record.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task PutAsync(StoredResponse response, CancellationToken cancellationToken);

    /// <summary>The record with <paramref name="id"/>, or null when there is none or it expired.</summary>
    /// <param name="id">The response id.</param>
    /// <param name="now">The current time, Unix seconds.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<StoredResponse?> FindAsync(string id, long now, CancellationToken cancellationToken);

    /// <summary>Removes the record; whether a live (not expired) record was there.</summary>
    /// <param name="id">The response id.</param>
    /// <param name="now">The current time, Unix seconds.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> DeleteAsync(string id, long now, CancellationToken cancellationToken);

    /// <summary>Removes every record expired at <paramref name="now"/>; how many went.</summary>
    /// <param name="now">The current time, Unix seconds.</param>
    /// <param name="cancellationToken">Cancels the purge.</param>
    Task<int> PurgeExpiredAsync(long now, CancellationToken cancellationToken);
}
