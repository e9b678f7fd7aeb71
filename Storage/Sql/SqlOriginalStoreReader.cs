using System.Data.Common;
using System.Globalization;

namespace Grok2Api.Storage.Sql;

/// <summary>
/// Reads the original project's tables in the same database (docs/adr/0023):
/// <c>tokens(token, pool_name, data, updated_at)</c>, <c>data</c> the JSON of a <c>token.json</c>
/// entry, and <c>app_config(section, key_name, value)</c>, <c>value</c> the JSON text. A table is read
/// only when it is in the connection's schema (PostgreSQL) or database (MySQL) with those columns, so
/// a table of that name that belongs to something else is left alone. Plain <c>SELECT</c>s outside a
/// transaction: no row or table lock is taken, and nothing is written.
/// </summary>
internal sealed class SqlOriginalStoreReader(SqlBackend backend) : IOriginalStoreReader
{
    private static readonly string[] TokenColumns = ["token", "pool_name", "data"];
    private static readonly string[] ConfigColumns = ["section", "key_name", "value"];

    /// <inheritdoc />
    public string Describe => $"the original's tables tokens and app_config in {backend.Describe}";

    /// <inheritdoc />
    public Task<OriginalStoreData> ReadAsync(CancellationToken cancellationToken) =>
        backend.RunAsync("reading the original's tables", async (connection, ct) =>
        {
            var collector = new OriginalStoreCollector(Describe, backend.Time.GetUtcNow().ToUnixTimeMilliseconds());
            var columns = await ColumnsAsync(connection, ct);
            if (HasAll(collector, columns, "tokens", TokenColumns))
            {
                await using var command = SqlBackend.CreateCommand(connection, null, "SELECT token, pool_name, data FROM tokens ORDER BY pool_name, token");
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var token = Text(reader, 0) ?? "";
                    var pool = Text(reader, 1) ?? "";
                    collector.AddToken(id => $"tokens row <token {id}>", pool, token, OriginalStoreCollector.DataFields(Text(reader, 2)), staleFailReason: false);
                }
            }

            if (HasAll(collector, columns, "app_config", ConfigColumns))
            {
                await using var command = SqlBackend.CreateCommand(connection, null, "SELECT section, key_name, value FROM app_config ORDER BY section, key_name");
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var section = Text(reader, 0) ?? "";
                    var key = Text(reader, 1) ?? "";
                    collector.AddConfig($"app_config row {section}.{key}", section, key, Text(reader, 2));
                }
            }

            return collector.Build();
        }, cancellationToken);

    // The columns of the two tables, by table, as the catalogue names them.
    private async Task<Dictionary<string, HashSet<string>>> ColumnsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var sql = "SELECT table_name, column_name FROM information_schema.columns "
            + $"WHERE table_schema = {backend.Dialect.CurrentSchema} AND table_name IN ('tokens', 'app_config')";
        await using var command = SqlBackend.CreateCommand(connection, null, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync(cancellationToken))
        {
            var table = Text(reader, 0) ?? "";
            if (!columns.TryGetValue(table, out var names))
            {
                names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                columns[table] = names;
            }

            names.Add(Text(reader, 1) ?? "");
        }

        return columns;
    }

    // A table that is missing is simply not there; one with other columns is someone else's.
    private static bool HasAll(OriginalStoreCollector collector, Dictionary<string, HashSet<string>> columns, string table, string[] required)
    {
        if (!columns.TryGetValue(table, out var names))
        {
            return false;
        }

        if (required.All(names.Contains))
        {
            return true;
        }

        collector.Problem(table, $"the table lacks the original's columns ({string.Join(", ", required)}); it was not read");
        return false;
    }

    private static string? Text(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return reader.GetValue(ordinal) switch
        {
            string text => text,
            byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
            var other => Convert.ToString(other, CultureInfo.InvariantCulture),
        };
    }
}
