using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using Grok2Api.Storage.Shared;
using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage.Sql;

/// <summary>
/// The ADO.NET core shared by the PostgreSQL and MySQL backends: the pooled data source, bounded
/// calls that turn driver failures into <see cref="StoreUnavailableException"/> (and report them to
/// <see cref="Health"/>), the versioned schema and the stores built on them.
/// </summary>
internal sealed class SqlBackend : IAsyncDisposable
{
    private readonly DbDataSource _dataSource;
    private readonly string? _password;

    // CA file paths of the URL: a driver that fails to read one names it; messages do not.
    private readonly string[] _caPaths;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _pump;

    public SqlBackend(SqlDialect dialect, string connectionUrl, StoreInstance instance, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(connectionUrl);
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Dialect = dialect;
        if (!StorageUrl.TryParse(connectionUrl, out var url, out var error))
        {
            throw new ArgumentException($"{dialect.Kind}: {error}", nameof(connectionUrl));
        }

        if (url.Kind != dialect.StorageKind)
        {
            throw new ArgumentException($"{dialect.Kind}: SERVER_STORAGE_URL {url.Redacted} is not a {dialect.Kind} URL.", nameof(connectionUrl));
        }

        Url = url;
        _password = url.Password;
        _caPaths = [.. new[] { "sslrootcert", "ssl-ca", "ssl_ca", "sslca" }.Select(url.QueryValue).OfType<string>().Where(p => p.Length >= 3)];
        Instance = instance;
        Time = time;
        Logger = loggerFactory.CreateLogger("Grok2Api.Storage.Sql." + dialect.Kind);
        Describe = string.Create(CultureInfo.InvariantCulture, $"{dialect.Kind} {(url.Host.Contains(':', StringComparison.Ordinal) ? $"[{url.Host}]" : url.Host)}:{url.Port}/{url.Database}");
        Health = new StoreHealth(dialect.Kind, time);
        _dataSource = dialect.CreateDataSource(url);
        Notices = new SqlNoticePump(this);
        Tokens = new SqlTokenStore(this);
        Config = new SqlConfigStore(this);
        Tasks = new SqlBatchTaskStore(this);
        VideoJobs = new SqlVideoJobStore(this);
        Responses = new SqlResponseStore(this);
        Leases = new SqlLeases(this);
        Original = new SqlOriginalStoreReader(this);
    }

    public SqlDialect Dialect { get; }

    public StorageUrl Url { get; }

    public string Kind => Dialect.Kind;

    public string Describe { get; }

    public StoreInstance Instance { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public StoreHealth Health { get; }

    public SqlNoticePump Notices { get; }

    public SqlTokenStore Tokens { get; }

    public SqlConfigStore Config { get; }

    public SqlBatchTaskStore Tasks { get; }

    public SqlVideoJobStore VideoJobs { get; }

    public SqlResponseStore Responses { get; }

    public SqlLeases Leases { get; }

    public SqlOriginalStoreReader Original { get; }

    /// <summary>Cancelled when the backend is disposed.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Schema version this build writes.</summary>
    public int SchemaVersion => Dialect.Migrations.Count;

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await RunAsync("opening the store", async (connection, ct) =>
        {
            var transaction = await Dialect.LockSchemaAsync(connection, ct);
            var completed = false;
            try
            {
                await ExecuteAsync(connection, transaction, Dialect.CreateMetaTable, ct);
                var stored = await ReadMetaAsync(connection, transaction, "schema_version", ct);
                var from = int.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0;
                if (from > SchemaVersion)
                {
                    throw new StoreUnavailableException($"{Kind}: the store's schema version {from} is newer than this build's ({SchemaVersion}); upgrade Grok2Api.");
                }

                for (var step = from; step < SchemaVersion; step++)
                {
                    foreach (var statement in Dialect.Migrations[step])
                    {
                        await ExecuteAsync(connection, transaction, statement, ct);
                    }

                    await ExecuteAsync(connection, transaction, Dialect.UpsertMeta, ct, ("n", "schema_version"), ("v", (step + 1).ToString(CultureInfo.InvariantCulture)));
                }

                completed = true;
                if (from < SchemaVersion)
                {
                    SqlLog.SchemaMigrated(Logger, Kind, Describe, from, SchemaVersion);
                }
            }
            finally
            {
                if (completed)
                {
                    await Dialect.UnlockSchemaAsync(connection, transaction, ct);
                }
                else if (transaction is not null)
                {
                    await transaction.DisposeAsync();
                }
                else
                {
                    await Dialect.UnlockSchemaAsync(connection, null, CancellationToken.None);
                }
            }

            return true;
        }, cancellationToken);

        if (_pump is null)
        {
            _pump = Notices.RunAsync(_stopping.Token);
            await Notices.WaitReadyAsync(TimeSpan.FromSeconds(Url.QuerySeconds("connect_timeout", 5)), cancellationToken);
        }
    }

    public async Task<bool> IsSeededAsync(CancellationToken cancellationToken) =>
        await RunAsync("reading the seeded marker", async (connection, ct) => await ReadMetaAsync(connection, null, "seeded", ct) is not null, cancellationToken);

    public Task MarkSeededAsync(CancellationToken cancellationToken) =>
        RunAsync("writing the seeded marker", async (connection, ct) =>
        {
            await ExecuteAsync(connection, null, Dialect.UpsertMeta, ct, ("n", "seeded"), ("v", Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
            return true;
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a pooled connection; driver failures become <see cref="StoreUnavailableException"/>.</summary>
    public async Task<T> RunAsync<T>(string what, Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        T result;
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            result = await work(connection, cancellationToken);
        }
        catch (Exception ex) when (IsStoreFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            if (ex is not StoreUnavailableException)
            {
                await ClearPoolAsync();
            }

            throw Fail(what, ex);
        }

        Succeeded();
        return result;
    }

    /// <summary>Runs <paramref name="work"/> in a transaction that commits when it returns.</summary>
    public Task<T> InTransactionAsync<T>(string what, Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(what, async (connection, ct) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var result = await work(connection, transaction, ct);

            // A commit is not cancelled halfway: the caller's token only bounds the work before it.
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }, cancellationToken);

    /// <summary>Opens a connection outside <see cref="RunAsync{T}"/> (the listener's own).</summary>
    public ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Drops idle pooled connections, which a failure suggests are broken; never throws.</summary>
    public async Task ClearPoolAsync()
    {
        try
        {
            await Dialect.ClearPoolAsync(_dataSource);
        }
        catch (Exception ex) when (IsStoreFailure(ex) || ex is InvalidOperationException)
        {
            // Clearing is best effort.
        }
    }

    public StoreUnavailableException Fail(string what, Exception ex)
    {
        if (ex is StoreUnavailableException already)
        {
            Health.ReportFailure(already.Message);
            return already;
        }

        var problem = $"{Kind}: {what} failed: {Explain(ex)}";
        if (Health.ReportFailure(problem))
        {
            SqlLog.Unavailable(Logger, problem);
        }

        return new StoreUnavailableException(problem, ex);
    }

    public void Succeeded()
    {
        if (Health.ReportSuccess())
        {
            SqlLog.Recovered(Logger, Kind, Describe);
        }
    }

    /// <summary>A driver failure, told briefly and without the password.</summary>
    public string Explain(Exception ex)
    {
        var timedOut = ex is TimeoutException || ex.InnerException is TimeoutException;
        var message = TrustedCertificates.DescribeHandshakeFailure(ex) ?? ex.Message.Split('\n', 2)[0].Trim();
        if (!string.IsNullOrEmpty(_password) && _password.Length >= 3)
        {
            message = message.Replace(_password, "***", StringComparison.Ordinal);
        }

        foreach (var path in _caPaths)
        {
            message = message.Replace(path, "(the CA file)", StringComparison.Ordinal);
        }

        if (message.Length > 300)
        {
            message = message[..300] + "…";
        }

        return timedOut && !message.Contains("time", StringComparison.OrdinalIgnoreCase) ? $"timed out ({message})" : message;
    }

    public static bool IsStoreFailure(Exception ex) =>
        ex is DbException or TimeoutException or IOException or SocketException or StoreUnavailableException
        || (ex is InvalidOperationException && ex.InnerException is DbException or TimeoutException or IOException or SocketException);

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Bind(command.CreateParameter(), name, value));
        }

        return command;
    }

    public static DbBatchCommand AddCommand(DbBatch batch, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Bind(command.CreateParameter(), name, value));
        }

        batch.BatchCommands.Add(command);
        return command;
    }

    /// <summary>Names <paramref name="parameter"/> and sets its value (null as <see cref="DBNull"/>).</summary>
    private static DbParameter Bind(DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }

    /// <summary>
    /// Waits <paramref name="delay"/> before a listener's next attempt; false when
    /// <paramref name="cancellationToken"/> fired (the listener stops).
    /// </summary>
    public async Task<bool> WaitToRetryAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, Time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_pump is not null)
        {
            try
            {
                await _pump;
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _dataSource.DisposeAsync();
        _stopping.Dispose();
    }

    private static async Task<string?> ReadMetaAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, transaction, "SELECT value FROM g2a_meta WHERE name = @n", ("n", name));
        return await command.ExecuteScalarAsync(cancellationToken) is string value ? value : null;
    }
}
