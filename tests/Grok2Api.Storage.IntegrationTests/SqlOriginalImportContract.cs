using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using Grok2Api.Storage.Seeding;

namespace Grok2Api.Storage.IntegrationTests;

/// <summary>
/// The import against a real SQL server holding the original's tables, created with the original's
/// schema and filled as it filled them: <c>tokens(token, pool_name, data, updated_at)</c> with the
/// record's JSON in <c>data</c>, <c>app_config(section, key_name, value)</c> with JSON values.
/// </summary>
public abstract class SqlOriginalImportContract : OriginalStoreImportContract
{
    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS tokens (
            token VARCHAR(512) PRIMARY KEY,
            pool_name VARCHAR(64) NOT NULL,
            data TEXT,
            updated_at BIGINT
        );
        CREATE TABLE IF NOT EXISTS app_config (
            section VARCHAR(64) NOT NULL,
            key_name VARCHAR(64) NOT NULL,
            value TEXT,
            PRIMARY KEY (section, key_name)
        )
        """;

    /// <summary>A driver connection to the test's database (not our backend).</summary>
    protected abstract DbConnection Connect(string store);

    protected override async Task WriteOriginalTokenAsync(string store, string pool, string token, JsonObject record) =>
        await InsertTokenAsync(store, pool, token, record.ToJsonString());

    protected override async Task WriteOriginalConfigAsync(string store, string section, string key, string value) =>
        await ExecuteAsync(store, "INSERT INTO app_config (section, key_name, value) VALUES (@s, @k, @v)", ("s", section), ("k", key), ("v", value));

    protected override Task WriteUnreadableTokenAsync(string store, string pool, string token) =>
        InsertTokenAsync(store, pool, token, "{\"token\": \"" + token + "\", \"quota\": 12");

    protected override async Task<string> SnapshotOriginalAsync(string store)
    {
        await using var connection = Connect(store);
        await connection.OpenAsync(Ct);
        var text = new StringBuilder();
        foreach (var sql in new[]
        {
            "SELECT token, pool_name, data, updated_at FROM tokens ORDER BY token",
            "SELECT section, key_name, value FROM app_config ORDER BY section, key_name",
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "NULL" : reader.GetValue(i).ToString()).Append(" | ");
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }

    [Fact]
    public async Task The_import_takes_no_lock_that_waits_for_the_original()
    {
        await WriteOriginalAsync();

        // The original is writing: a transaction holds row locks on its tokens and config until the end of the test.
        await using var connection = Connect(Store);
        await connection.OpenAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        foreach (var sql in new[] { "UPDATE tokens SET updated_at = 1", "UPDATE app_config SET value = value" })
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(Ct);
        }

        var result = await SeedAsync("first").WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(Accounts.Length, result.Tokens);
        Assert.Equal(SeedSource.OriginalStore, result.ConfigFrom);
        await AssertAccountsAsync();
        await transaction.RollbackAsync(Ct);
    }

    [Fact]
    public async Task A_tokens_table_of_something_else_is_left_alone()
    {
        await ExecuteAsync(Store, "CREATE TABLE tokens (id INT PRIMARY KEY, name VARCHAR(64))");
        await ExecuteAsync(Store, "INSERT INTO tokens (id, name) VALUES (1, 'not ours')");

        var result = await SeedAsync("first");

        Assert.True(result.Performed);
        Assert.Equal(SeedSource.None, result.TokensFrom);
        Assert.Empty(await (await OpenAsync("reader")).Tokens.LoadAsync(Ct));
    }

    private async Task InsertTokenAsync(string store, string pool, string token, string data)
    {
        await ExecuteAsync(store, "INSERT INTO tokens (token, pool_name, data, updated_at) VALUES (@t, @p, @d, @u)",
            ("t", token), ("p", pool), ("d", data), ("u", 1739990000000L));
    }

    private async Task ExecuteAsync(string store, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = Connect(store);
        await connection.OpenAsync(Ct);
        if (!sql.StartsWith("CREATE TABLE tokens", StringComparison.Ordinal))
        {
            foreach (var statement in CreateTables.Split(';'))
            {
                await using var create = connection.CreateCommand();
                create.CommandText = statement;
                await create.ExecuteNonQueryAsync(Ct);
            }
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync(Ct);
    }
}
