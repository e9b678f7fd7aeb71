namespace Grok2Api.Storage.Original;

/// <summary>
/// Reads the data the original Python project kept in the same server as a shared store (its
/// <c>grok2api:*</c> Redis keys, or its <c>tokens</c> and <c>app_config</c> tables), so that the first
/// start on an empty store takes the accounts and the config a user had there rather than the
/// <c>DATA_DIR</c> files the original only seeded itself from. Reading never writes, deletes or locks
/// anything of the original's: a user can go back to it.
/// </summary>
public interface IOriginalStoreReader
{
    /// <summary>What is read and where, for messages: key or table names, host, port and database; never a password.</summary>
    string Describe { get; }

    /// <summary>
    /// Reads every token record and config entry of the original's layout. Bad data is never an
    /// exception: a record or a field that cannot be read is skipped or defaulted, and reported in
    /// <see cref="OriginalStoreData.Problems"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>What was found; empty (<see cref="OriginalStoreData.HasTokens"/> and <see cref="OriginalStoreData.HasConfig"/> false) when the original's data is not there.</returns>
    /// <exception cref="StoreUnavailableException">The server failed.</exception>
    Task<OriginalStoreData> ReadAsync(CancellationToken cancellationToken);
}
