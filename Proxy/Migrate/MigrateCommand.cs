using System.Text.Json.Nodes;
using Grok2Api.Configuration;
using Grok2Api.Storage;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Local;
using Grok2Api.Storage.Seeding;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Proxy.Migrate;

/// <summary>
/// <c>grok2api migrate</c>: copies the config, every token, the batch tasks and the video jobs from
/// one storage to another, marks the target seeded, reads the target back to check it, and prints
/// what was copied. Exit code 0 on success, 1 on any failure (with one line saying what failed and
/// never a password), wrong arguments included.
/// </summary>
internal static class MigrateCommand
{
    /// <summary>How long opening a store may take.</summary>
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Whether <paramref name="args"/> select the command.</summary>
    public static bool Selects(string[] args) => args.Length > 0 && args[0] == MigrateOptions.Command;

    /// <summary>Runs the command with the process environment and console.</summary>
    /// <param name="args">Every argument, starting with <c>migrate</c>.</param>
    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args.Skip(1).ToArray(), Environment.GetEnvironmentVariable, Console.Out, Console.Error, CancellationToken.None);

    /// <summary>Runs the command.</summary>
    /// <param name="args">The arguments after <c>migrate</c>.</param>
    /// <param name="environment">Reads environment variables.</param>
    /// <param name="output">Progress and the summary.</param>
    /// <param name="error">The failure, if any.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, Func<string, string?> environment, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        MigrateOptions? options;
        try
        {
            options = MigrateOptions.Parse(args, environment);
        }
        catch (MigrateException ex)
        {
            await error.WriteLineAsync($"grok2api migrate: {ex.Message}");
            return 1;
        }

        if (options is null)
        {
            await output.WriteLineAsync(MigrateOptions.Usage);
            return 0;
        }

        try
        {
            var summary = await MigrateAsync(options, output, cancellationToken);
            await output.WriteLineAsync(summary.Describe(options));
            return 0;
        }
        catch (Exception ex) when (ex is MigrateException or StoreUnavailableException or TokenFileFormatException or ConfigFormatException
            or IOException or UnauthorizedAccessException or DataDirectoryLockedException)
        {
            await error.WriteLineAsync($"grok2api migrate: failed: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("grok2api migrate: cancelled.");
            return 1;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Backends wrap driver failures in StoreUnavailableException; anything else is still one line, not a stack trace.
            await error.WriteLineAsync($"grok2api migrate: failed ({ex.GetType().Name}): {ex.Message}");
            return 1;
        }
    }

    /// <summary>Copies and verifies; throws on any failure.</summary>
    internal static async Task<MigrateSummary> MigrateAsync(MigrateOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var instance = new StoreInstance();
        var locks = new List<DataDirectoryLock>();
        try
        {
            // A running local service would overwrite what is copied into (or missed from) its files.
            foreach (var side in new[] { options.From, options.To }.Where(e => e.Kind == StorageKind.Local))
            {
                locks.Add(Lock(side.DataDirectory));
            }

            await using var source = await OpenAsync(options.From, "source", instance, time, cancellationToken);
            await using var target = await OpenAsync(options.To, "target", instance, time, cancellationToken);
            await output.WriteLineAsync($"Copying from {source.Kind} ({source.Describe}) to {target.Kind} ({target.Describe})…");
            return await CopyAsync(source, target, options.Replace, cancellationToken);
        }
        finally
        {
            foreach (var held in locks)
            {
                held.Dispose();
            }
        }
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/> and reads the target back to check it.</summary>
    internal static async Task<MigrateSummary> CopyAsync(IStorageBackend source, IStorageBackend target, bool replace, CancellationToken cancellationToken)
    {
        // Everything is read before anything is written.
        var config = await source.Config.LoadAsync(cancellationToken);
        var tokens = await source.Tokens.LoadAsync(cancellationToken);
        var tasks = await source.Tasks.LoadAsync(cancellationToken);
        var jobs = await source.VideoJobs.LoadAsync(cancellationToken);
        var sourceTokens = new HashSet<string>(tokens.Select(t => t.Token.Token), StringComparer.Ordinal);
        if (sourceTokens.Count != tokens.Count)
        {
            throw new MigrateException($"The source holds {tokens.Count - sourceTokens.Count} tokens twice; fix it first.");
        }

        var existing = await target.Tokens.LoadAsync(cancellationToken);
        var onlyInTarget = existing.Select(t => t.Token.Token).Where(t => !sourceTokens.Contains(t)).ToList();
        if (onlyInTarget.Count > 0 && !replace)
        {
            throw new MigrateException(
                $"The target already holds {onlyInTarget.Count} tokens that the source does not have. Nothing was copied. "
                + "Pass --replace to delete them, or migrate into an empty store.");
        }

        var configCopied = false;
        if (config is not null)
        {
            // Loaded first, so a shared store knows which keys to remove.
            await target.Config.LoadAsync(cancellationToken);
            await target.Config.SaveAsync(config, cancellationToken);
            configCopied = true;
        }

        await StoreSeeder.UpsertTokensAsync(target.Tokens, tokens, cancellationToken);
        foreach (var chunk in onlyInTarget.Chunk(StoreSeeder.BatchSize))
        {
            var deletes = new TokenChangeSet();
            deletes.Deletes.AddRange(chunk);
            await target.Tokens.SaveAsync(deletes, cancellationToken);
        }

        await StoreSeeder.UpsertTasksAsync(target.Tasks, tasks, cancellationToken);
        await StoreSeeder.UpsertVideoJobsAsync(target.VideoJobs, jobs, cancellationToken);
        var tasksRemoved = 0;
        var jobsRemoved = 0;
        if (replace)
        {
            var taskIds = tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            var extraTasks = (await target.Tasks.LoadAsync(cancellationToken)).Select(t => t.Id).Where(id => !taskIds.Contains(id)).ToList();
            if (extraTasks.Count > 0)
            {
                await target.Tasks.DeleteAsync(extraTasks, cancellationToken);
            }

            var jobIds = jobs.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
            var extraJobs = (await target.VideoJobs.LoadAsync(cancellationToken)).Select(j => j.Id).Where(id => !jobIds.Contains(id)).ToList();
            if (extraJobs.Count > 0)
            {
                await target.VideoJobs.DeleteAsync(extraJobs, cancellationToken);
            }

            tasksRemoved = extraTasks.Count;
            jobsRemoved = extraJobs.Count;
        }

        await target.MarkSeededAsync(cancellationToken);
        await VerifyAsync(target, config, tokens, tasks.Select(t => t.Id), jobs.Select(j => j.Id), cancellationToken);
        return new MigrateSummary(configCopied, tokens.Count, onlyInTarget.Count, tasks.Count, tasksRemoved, jobs.Count, jobsRemoved);
    }

    private static async Task VerifyAsync(
        IStorageBackend target, JsonObject? config, IReadOnlyList<PooledToken> tokens, IEnumerable<string> taskIds, IEnumerable<string> jobIds, CancellationToken cancellationToken)
    {
        var stored = await target.Tokens.LoadAsync(cancellationToken);
        if (stored.Count != tokens.Count)
        {
            throw new MigrateException($"Verification failed: the target holds {stored.Count} tokens, the source {tokens.Count}.");
        }

        var byToken = new Dictionary<string, PooledToken>(StringComparer.Ordinal);
        foreach (var token in stored)
        {
            byToken[token.Token.Token] = token;
        }

        foreach (var expected in tokens)
        {
            if (!byToken.TryGetValue(expected.Token.Token, out var actual))
            {
                throw new MigrateException($"Verification failed: token {TokenIdentity.IdOf(expected.Token.Token)} is missing from the target.");
            }

            if (TokenRecordComparison.FirstDifference(expected, actual) is { } field)
            {
                throw new MigrateException($"Verification failed: token {TokenIdentity.IdOf(expected.Token.Token)} differs in the target ({field}).");
            }
        }

        if (config is not null && !JsonNode.DeepEquals(config, await target.Config.LoadAsync(cancellationToken)))
        {
            throw new MigrateException("Verification failed: the config read back from the target differs from the source's.");
        }

        var storedTasks = (await target.Tasks.LoadAsync(cancellationToken)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        if (taskIds.FirstOrDefault(id => !storedTasks.Contains(id)) is { } missingTask)
        {
            throw new MigrateException($"Verification failed: batch task {missingTask} is missing from the target.");
        }

        var storedJobs = (await target.VideoJobs.LoadAsync(cancellationToken)).Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        if (jobIds.FirstOrDefault(id => !storedJobs.Contains(id)) is { } missingJob)
        {
            throw new MigrateException($"Verification failed: video job {missingJob} is missing from the target.");
        }
    }

    private static async Task<IStorageBackend> OpenAsync(MigrateEndpoint endpoint, string role, StoreInstance instance, TimeProvider time, CancellationToken cancellationToken)
    {
        IStorageBackend backend;
        try
        {
            backend = StorageBackends.Create(endpoint.Settings, instance, time, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException)
        {
            throw new MigrateException($"The {role} ({endpoint.KindName}) cannot be used: {ex.Message}", ex);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(OpenTimeout);
        try
        {
            await backend.OpenAsync(timeout.Token);
            return backend;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            await backend.DisposeAsync();
            throw new MigrateException($"The {role} {backend.Kind} store at {backend.Describe} did not answer within {OpenTimeout.TotalSeconds:0} s.", ex);
        }
        catch (StoreUnavailableException ex)
        {
            await backend.DisposeAsync();
            throw new MigrateException($"The {role} {backend.Kind} store at {backend.Describe} cannot be used: {ex.Message}", ex);
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    private static DataDirectoryLock Lock(string directory)
    {
        try
        {
            return DataDirectoryLock.Acquire(directory);
        }
        catch (DataDirectoryLockedException ex)
        {
            throw new MigrateException($"{ex.Message} Stop the service using it before migrating.", ex);
        }
    }
}

/// <summary>What a migration copied.</summary>
internal sealed record MigrateSummary(bool ConfigCopied, int Tokens, int TokensRemoved, int Tasks, int TasksRemoved, int VideoJobs, int VideoJobsRemoved)
{
    /// <summary>The lines printed at the end.</summary>
    public string Describe(MigrateOptions options)
    {
        var removed = TokensRemoved + TasksRemoved + VideoJobsRemoved > 0
            ? $"{Environment.NewLine}  removed from the target: {TokensRemoved} tokens, {TasksRemoved} batch tasks, {VideoJobsRemoved} video jobs"
            : "";
        return $"""
            Migrated {options.From.KindName} -> {options.To.KindName} and verified:
              config:      {(ConfigCopied ? "copied" : "none stored in the source")}
              tokens:      {Tokens}
              batch tasks: {Tasks}
              video jobs:  {VideoJobs}{removed}
            The target is marked seeded.
            """;
    }
}
