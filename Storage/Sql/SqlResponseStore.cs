namespace Grok2Api.Storage.Sql;

/// <summary>
/// Stored responses in <c>g2a_responses(id, created_at, expires_at, response, context)</c>: one row
/// per response, the documents as bytes (BYTEA / LONGBLOB), <c>expires_at</c> indexed for the purge.
/// Every statement compares <c>expires_at</c> with the caller's clock (never the database's), so a
/// record is gone at the same moment on every backend.
/// </summary>
internal sealed class SqlResponseStore(SqlBackend backend) : IResponseRecordStore
{
    /// <inheritdoc />
    public Task PutAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        ResponseIds.ThrowIfInvalid(response);
        return backend.RunAsync("writing g2a_responses", async (connection, ct) =>
            await SqlBackend.ExecuteAsync(connection, null, backend.Dialect.UpsertResponse, ct,
                ("id", response.Id), ("c", response.CreatedAt), ("e", response.ExpiresAt), ("r", response.Response), ("x", response.Context)), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<StoredResponse?> FindAsync(string id, long now, CancellationToken cancellationToken)
    {
        if (!ResponseIds.IsValid(id))
        {
            return null;
        }

        return await backend.RunAsync("reading g2a_responses", async (connection, ct) =>
        {
            await using var command = SqlBackend.CreateCommand(connection, null,
                "SELECT created_at, expires_at, response, context FROM g2a_responses WHERE id = @id AND expires_at > @now", ("id", id), ("now", now));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            return new StoredResponse
            {
                Id = id,
                CreatedAt = reader.GetInt64(0),
                ExpiresAt = reader.GetInt64(1),
                Response = await reader.GetFieldValueAsync<byte[]>(2, ct),
                Context = await reader.GetFieldValueAsync<byte[]>(3, ct),
            };
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>An expired row is removed too, but reports false.</remarks>
    public async Task<bool> DeleteAsync(string id, long now, CancellationToken cancellationToken)
    {
        if (!ResponseIds.IsValid(id))
        {
            return false;
        }

        return await backend.InTransactionAsync("deleting from g2a_responses", async (connection, transaction, ct) =>
        {
            var live = await SqlBackend.ExecuteAsync(connection, transaction, "DELETE FROM g2a_responses WHERE id = @id AND expires_at > @now", ct, ("id", id), ("now", now));
            await SqlBackend.ExecuteAsync(connection, transaction, "DELETE FROM g2a_responses WHERE id = @id", ct, ("id", id));
            return live > 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> PurgeExpiredAsync(long now, CancellationToken cancellationToken) =>
        backend.RunAsync("purging g2a_responses", (connection, ct) =>
            SqlBackend.ExecuteAsync(connection, null, "DELETE FROM g2a_responses WHERE expires_at <= @now", ct, ("now", now)), cancellationToken);
}
