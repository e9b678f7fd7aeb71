using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage.Seeding;

/// <summary>
/// Fills a shared store from the files of <c>DATA_DIR</c> the first time a service starts on it, so
/// switching <c>SERVER_STORAGE_TYPE</c> keeps the tokens, the config and the batch task history. Each
/// part is copied only when the store holds none of it, and the store is then marked seeded: seeding
/// happens once, so an operator who later deletes every token does not get them back at the next start.
/// Instances starting at once take turns through the <see cref="LeaseName"/> lease, which the seeding
/// instance renews until it has finished.
/// When the server also holds the original Python project's data (<see cref="IStorageBackend.Original"/>),
/// the part it has (tokens, config or both) is imported from there instead of from <c>DATA_DIR</c>,
/// whose files the original only seeded itself from once (docs/adr/0023).
/// </summary>
public static partial class StoreSeeder
{
    /// <summary>Tokens per write.</summary>
    public const int BatchSize = 500;

    /// <summary>The lease held while seeding.</summary>
    public const string LeaseName = "store_seed";

    /// <summary>Problems of the original's data logged one by one; the rest are counted.</summary>
    internal const int ProblemsLogged = 20;

    /// <summary>How often an instance waiting for another one's seeding looks again.</summary>
    internal static readonly TimeSpan WaitStep = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest an instance waits for another instance's seeding (unless twice the lease time and
    /// 5 s is longer). The seeding instance renews its lease while it works, so a long seeding is waited
    /// for; this bound only ends a wait on a seeding that is stuck while its instance stays alive.
    /// </summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Seeds <paramref name="target"/> from <paramref name="source"/> unless it was seeded already.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The seeding instance holds the <see cref="LeaseName"/> lease and renews it every third of
    /// <paramref name="leaseTtl"/> (<see cref="LeaseRenewal"/>) until it has finished, however long the
    /// copy takes. When a renewal answers false (the lease expired before it was renewed and another
    /// instance took it) or fails, the seeding stops before its next write with a
    /// <see cref="StoreUnavailableException"/>, so that two instances never write at once; the store is
    /// then not marked seeded. The lease is released at the end either way.
    /// </para>
    /// <para>
    /// Waiting rule: an instance that finds the lease held waits, looking again every second, for as
    /// long as another instance holds it. A holder that is alive renews it; a holder that died stops
    /// renewing, its lease expires after <paramref name="leaseTtl"/>, and the waiting instance then takes
    /// it and seeds (or finds the store seeded). The wait is bounded all the same: it ends with a
    /// <see cref="StoreUnavailableException"/> after <see cref="MaxWait"/> (or twice the lease time and
    /// 5 s, when that is longer) from its start.
    /// </para>
    /// </remarks>
    /// <param name="source">Where the data comes from: the local backend over <c>DATA_DIR</c>.</param>
    /// <param name="target">The opened shared backend.</param>
    /// <param name="leaseTtl">The lease time (<c>Storage:LeaseSeconds</c>); a seeding instance that dies is replaced after it.</param>
    /// <param name="time">The clock of the waits and of the lease renewals.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="cancellationToken">Cancels the seeding.</param>
    /// <returns>What was copied; <see cref="StoreSeedResult.AlreadySeeded"/> when nothing was needed.</returns>
    /// <exception cref="StoreUnavailableException">
    /// The store failed, this instance lost the seeding lease while seeding, or another instance kept
    /// the seeding lease for longer than the wait limit.
    /// </exception>
    public static async Task<StoreSeedResult> SeedOnceAsync(
        IStorageBackend source, IStorageBackend target, TimeSpan leaseTtl, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var started = time.GetTimestamp();
        var limit = WaitLimit(leaseTtl);
        var waited = false;
        while (true)
        {
            if (await target.IsSeededAsync(cancellationToken))
            {
                if (!waited)
                {
                    Log.AlreadySeeded(logger, target.Kind);
                }

                return StoreSeedResult.AlreadySeeded;
            }

            if (await target.Leases.TryAcquireAsync(LeaseName, leaseTtl, cancellationToken))
            {
                break;
            }

            // Held by another instance, which renews it while it seeds: keep waiting, within the bound.
            if (time.GetElapsedTime(started) > limit)
            {
                throw new StoreUnavailableException(
                    $"The {target.Kind} store is being seeded by another instance that still holds the seeding lease after {limit.TotalMinutes:0.#} minutes "
                    + "(an instance waits while the lease is held, at most that long); start again once it has finished.");
            }

            if (!waited)
            {
                Log.WaitingForOtherInstance(logger, target.Kind);
                waited = true;
            }

            await Task.Delay(WaitStep, time, cancellationToken);
        }

        try
        {
            await using var renewal = LeaseRenewal.Start(
                target.Leases, LeaseName, leaseTtl, new StoreLeaseOptions { Ttl = leaseTtl }.RenewEvery, time, cancellationToken);
            try
            {
                return await SeedHoldingLeaseAsync(source, target, logger, renewal.Token);
            }
            catch (Exception) when (renewal.Failure is { } lost && !cancellationToken.IsCancellationRequested)
            {
                // Whatever the interrupted write reported, the cause is the lost lease.
                Log.LeaseLost(logger, target.Kind, lost.Message);
                throw new StoreUnavailableException(
                    $"Seeding the {target.Kind} store stopped because {lost.Message}; nothing more was written and the store is not marked seeded. Start again.",
                    lost);
            }
        }
        finally
        {
            try
            {
                await target.Leases.ReleaseAsync(LeaseName, CancellationToken.None);
            }
            catch (StoreUnavailableException ex)
            {
                // The lease expires by itself.
                Log.LeaseNotReleased(logger, target.Kind, ex.Message);
            }
        }
    }

    /// <summary>
    /// Copies each part of <paramref name="source"/> that <paramref name="target"/> holds none of:
    /// the config when the target has none, the tokens when it has none, the batch tasks and the
    /// video jobs likewise. Does not mark the target seeded.
    /// </summary>
    /// <param name="source">Where the data comes from.</param>
    /// <param name="target">Where it goes.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    public static Task<StoreSeedResult> CopyMissingAsync(IStorageBackend source, IStorageBackend target, ILogger logger, CancellationToken cancellationToken) =>
        CopyMissingAsync(source, target, null, logger, cancellationToken);

    /// <summary>
    /// Copies each part that <paramref name="target"/> holds none of, like
    /// <see cref="CopyMissingAsync(IStorageBackend, IStorageBackend, ILogger, CancellationToken)"/>, but
    /// takes the tokens and the config from <paramref name="original"/> when it has them: the tokens
    /// with their pools and every field, the config migrated and checked like a <c>config.toml</c>
    /// (<see cref="ConfigImport.Prepare"/>: a key that does not validate is left out and warned
    /// about). The original's data is only read. Does not mark the target seeded.
    /// </summary>
    /// <param name="source">The <c>DATA_DIR</c> files, for what the original's store does not have.</param>
    /// <param name="target">Where it goes.</param>
    /// <param name="original">What the original's store holds, or null when there is none to look at.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    public static async Task<StoreSeedResult> CopyMissingAsync(
        IStorageBackend source, IStorageBackend target, OriginalStoreData? original, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(logger);
        var configCopied = false;
        var configFrom = SeedSource.None;
        var configKeys = 0;
        var stored = await target.Config.LoadAsync(cancellationToken);
        if (stored is null || stored.Count == 0)
        {
            if (original is { HasConfig: true, Config: { } originalConfig })
            {
                var prepared = ImportConfig(logger, original.Where, originalConfig);
                await target.Config.SaveAsync(prepared, cancellationToken);
                configCopied = true;
                configFrom = SeedSource.OriginalStore;
                configKeys = prepared.Sum(s => s.Value is JsonObject keys ? keys.Count : 1);
            }
            else
            {
                var tree = await source.Config.LoadAsync(cancellationToken);
                if (tree is { Count: > 0 })
                {
                    await target.Config.SaveAsync(tree, cancellationToken);
                    configCopied = true;
                    configFrom = SeedSource.DataDirectory;
                    Log.ConfigCopied(logger, source.Config.Source, target.Kind);
                }
            }
        }
        else
        {
            Log.PartKept(logger, target.Kind, "config");
        }

        var tokens = 0;
        var tokensFrom = SeedSource.None;
        if ((await target.Tokens.LoadAsync(cancellationToken)).Count == 0)
        {
            if (original is { HasTokens: true })
            {
                tokens = await UpsertTokensAsync(target.Tokens, original.Tokens, cancellationToken);
                tokensFrom = SeedSource.OriginalStore;
            }
            else
            {
                tokens = await UpsertTokensAsync(target.Tokens, await source.Tokens.LoadAsync(cancellationToken), cancellationToken);
                tokensFrom = tokens > 0 ? SeedSource.DataDirectory : SeedSource.None;
            }
        }
        else
        {
            Log.PartKept(logger, target.Kind, "tokens");
        }

        if (original is not null && (configFrom == SeedSource.OriginalStore || tokensFrom == SeedSource.OriginalStore))
        {
            var parts = (configFrom, tokensFrom) switch
            {
                (SeedSource.OriginalStore, SeedSource.OriginalStore) => "tokens and config",
                (SeedSource.OriginalStore, _) => "config",
                _ => "tokens",
            };
            var fromFiles = (configFrom, tokensFrom) switch
            {
                (SeedSource.DataDirectory, SeedSource.DataDirectory) => "tokens and config",
                (SeedSource.DataDirectory, _) => "config",
                (_, SeedSource.DataDirectory) => "tokens",
                _ => "nothing",
            };
            ReportProblems(logger, original);
            Log.ImportedOriginal(
                logger, parts, original.Where, target.Kind,
                tokensFrom == SeedSource.OriginalStore ? tokens : 0,
                tokensFrom == SeedSource.OriginalStore ? original.Tokens.Select(t => t.Pool).Distinct(StringComparer.Ordinal).Count() : 0,
                original.SkippedTokens, configKeys, fromFiles);
        }

        var tasks = 0;
        if ((await target.Tasks.LoadAsync(cancellationToken)).Count == 0)
        {
            tasks = await UpsertTasksAsync(target.Tasks, await source.Tasks.LoadAsync(cancellationToken), cancellationToken);
        }

        var videoJobs = 0;
        if ((await target.VideoJobs.LoadAsync(cancellationToken)).Count == 0)
        {
            videoJobs = await UpsertVideoJobsAsync(target.VideoJobs, await source.VideoJobs.LoadAsync(cancellationToken), cancellationToken);
        }

        return new StoreSeedResult(true, configCopied, tokens, tasks, videoJobs) { ConfigFrom = configFrom, TokensFrom = tokensFrom };
    }

    /// <summary>Writes <paramref name="tokens"/> as whole-record upserts, <see cref="BatchSize"/> per save.</summary>
    /// <param name="store">The target.</param>
    /// <param name="tokens">The records.</param>
    /// <param name="cancellationToken">Cancels between batches (a batch is all or nothing).</param>
    /// <returns>How many were written.</returns>
    public static async Task<int> UpsertTokensAsync(ITokenStore store, IReadOnlyList<PooledToken> tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tokens);
        foreach (var chunk in tokens.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var changes = new TokenChangeSet();
            changes.Upserts.AddRange(chunk);
            await store.SaveAsync(changes, cancellationToken);
        }

        return tokens.Count;
    }

    /// <summary>Writes <paramref name="tasks"/> as upserts, <see cref="BatchSize"/> per write.</summary>
    /// <param name="store">The target.</param>
    /// <param name="tasks">The tasks.</param>
    /// <param name="cancellationToken">Cancels between writes.</param>
    /// <returns>How many were written.</returns>
    public static async Task<int> UpsertTasksAsync(IBatchTaskStore store, IReadOnlyList<BatchTaskRecord> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tasks);
        foreach (var chunk in tasks.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await store.UpsertAsync(chunk, cancellationToken);
        }

        return tasks.Count;
    }

    /// <summary>Writes <paramref name="jobs"/> as upserts, oldest first.</summary>
    /// <param name="store">The target.</param>
    /// <param name="jobs">The jobs.</param>
    /// <param name="cancellationToken">Cancels between writes.</param>
    /// <returns>How many were written.</returns>
    public static async Task<int> UpsertVideoJobsAsync(IVideoJobRecordStore store, IReadOnlyList<VideoJobRecord> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(jobs);
        foreach (var job in jobs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await store.UpsertAsync(job, cancellationToken);
        }

        return jobs.Count;
    }

    /// <summary>How long an instance waits for another one's seeding at most.</summary>
    internal static TimeSpan WaitLimit(TimeSpan leaseTtl)
    {
        var lease = leaseTtl * 2 + TimeSpan.FromSeconds(5);
        return lease > MaxWait ? lease : MaxWait;
    }

    // Runs with the renewal's token: a lost lease cancels it, so the copy stops before its next write.
    private static async Task<StoreSeedResult> SeedHoldingLeaseAsync(
        IStorageBackend source, IStorageBackend target, ILogger logger, CancellationToken cancellationToken)
    {
        // Another instance may have finished between the check and the lease.
        if (await target.IsSeededAsync(cancellationToken))
        {
            return StoreSeedResult.AlreadySeeded;
        }

        var original = target.Original is { } reader ? await reader.ReadAsync(cancellationToken) : null;
        var result = await CopyMissingAsync(source, target, original, logger, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        await target.MarkSeededAsync(cancellationToken);
        var from = original is not null && (result.TokensFrom == SeedSource.OriginalStore || result.ConfigFrom == SeedSource.OriginalStore)
            ? $"{original.Where} and {source.Describe}"
            : source.Describe;
        Log.Seeded(logger, target.Kind, from, result.ConfigCopied, result.Tokens, result.Tasks, result.VideoJobs);
        return result;
    }

    // The original's config, migrated and checked like a config.toml; what does not validate is left out.
    private static JsonObject ImportConfig(ILogger logger, string where, JsonObject config)
    {
        var prepared = ConfigImport.Prepare(config);
        foreach (var note in prepared.MigrationNotes)
        {
            Log.OriginalConfigMigrated(logger, where, note);
        }

        foreach (var problem in prepared.Dropped)
        {
            Log.OriginalConfigKeyDropped(logger, where, problem);
        }

        return prepared.Tree;
    }

    private static void ReportProblems(ILogger logger, OriginalStoreData original)
    {
        if (original.Problems.Count == 0)
        {
            return;
        }

        foreach (var problem in original.Problems.Take(ProblemsLogged))
        {
            Log.OriginalProblem(logger, original.Where, problem.Key, problem.Message);
        }

        Log.OriginalProblems(logger, original.Where, original.Problems.Count, original.SkippedTokens, Math.Max(0, original.Problems.Count - ProblemsLogged));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1251, EventName = "StoreAlreadySeeded", Level = LogLevel.Debug,
            Message = "The {Kind} store was seeded before; DATA_DIR is not copied again")]
        public static partial void AlreadySeeded(ILogger logger, string kind);

        [LoggerMessage(EventId = 1252, EventName = "StoreSeedWaiting", Level = LogLevel.Information,
            Message = "Another instance is seeding the {Kind} store; waiting for it")]
        public static partial void WaitingForOtherInstance(ILogger logger, string kind);

        [LoggerMessage(EventId = 1253, EventName = "StoreSeeded", Level = LogLevel.Information,
            Message = "Seeded the {Kind} store from {Source}: config copied {ConfigCopied}, {Tokens} tokens, {Tasks} batch tasks, {VideoJobs} video jobs")]
        public static partial void Seeded(ILogger logger, string kind, string source, bool configCopied, int tokens, int tasks, int videoJobs);

        [LoggerMessage(EventId = 1254, EventName = "StoreSeedConfigCopied", Level = LogLevel.Information,
            Message = "Copied the config of {Source} into the {Kind} store")]
        public static partial void ConfigCopied(ILogger logger, string source, string kind);

        [LoggerMessage(EventId = 1255, EventName = "StoreSeedPartKept", Level = LogLevel.Information,
            Message = "The {Kind} store already holds {Part}: kept, not copied from DATA_DIR")]
        public static partial void PartKept(ILogger logger, string kind, string part);

        [LoggerMessage(EventId = 1256, EventName = "StoreSeedLeaseNotReleased", Level = LogLevel.Warning,
            Message = "The seeding lease of the {Kind} store was not released ({Problem}); it expires by itself")]
        public static partial void LeaseNotReleased(ILogger logger, string kind, string problem);

        [LoggerMessage(EventId = 1257, EventName = "StoreSeedOriginalImported", Level = LogLevel.Information,
            Message = "Imported the original project's {Parts} from {Where} into the {Kind} store: {Tokens} tokens in {Pools} pools ({Skipped} records skipped), {ConfigKeys} config keys; from DATA_DIR: {FromDataDir}. The original's data was left as it was")]
        public static partial void ImportedOriginal(
            ILogger logger, string parts, string where, string kind, int tokens, int pools, int skipped, int configKeys, string fromDataDir);

        [LoggerMessage(EventId = 1258, EventName = "StoreSeedOriginalProblem", Level = LogLevel.Warning,
            Message = "The original's data in {Where}: {Key}: {Problem}")]
        public static partial void OriginalProblem(ILogger logger, string where, string key, string problem);

        [LoggerMessage(EventId = 1259, EventName = "StoreSeedOriginalProblems", Level = LogLevel.Warning,
            Message = "The original's data in {Where} had {Count} problems ({Skipped} token records skipped; otherwise a field or entry was defaulted or left out); {NotShown} are not shown one by one")]
        public static partial void OriginalProblems(ILogger logger, string where, int count, int skipped, int notShown);

        [LoggerMessage(EventId = 1261, EventName = "StoreSeedOriginalConfigKeyDropped", Level = LogLevel.Warning,
            Message = "The original's config in {Where}: {Problem}; the key was left out and its default applies")]
        public static partial void OriginalConfigKeyDropped(ILogger logger, string where, string problem);

        [LoggerMessage(EventId = 1262, EventName = "StoreSeedOriginalConfigMigrated", Level = LogLevel.Information,
            Message = "The original's config in {Where}: {Note}")]
        public static partial void OriginalConfigMigrated(ILogger logger, string where, string note);

        [LoggerMessage(EventId = 1263, EventName = "StoreSeedLeaseLost", Level = LogLevel.Warning,
            Message = "Seeding the {Kind} store stopped: {Problem}")]
        public static partial void LeaseLost(ILogger logger, string kind, string problem);
    }
}

/// <summary>What seeding copied.</summary>
/// <param name="Performed">False when the store was seeded before and nothing was copied.</param>
/// <param name="ConfigCopied">Whether the config was copied.</param>
/// <param name="Tokens">Tokens copied.</param>
/// <param name="Tasks">Batch tasks copied.</param>
/// <param name="VideoJobs">Video jobs copied.</param>
public sealed record StoreSeedResult(bool Performed, bool ConfigCopied, int Tokens, int Tasks, int VideoJobs)
{
    /// <summary>Where the config came from.</summary>
    public SeedSource ConfigFrom { get; init; }

    /// <summary>Where the tokens came from.</summary>
    public SeedSource TokensFrom { get; init; }

    /// <summary>Nothing was needed: the store was seeded before.</summary>
    public static StoreSeedResult AlreadySeeded { get; } = new(false, false, 0, 0, 0);
}

/// <summary>Where a part of a seeded store came from.</summary>
public enum SeedSource
{
    /// <summary>Nothing was copied.</summary>
    None,

    /// <summary>The files of <c>DATA_DIR</c>.</summary>
    DataDirectory,

    /// <summary>The original project's keys or tables in the same server.</summary>
    OriginalStore,
}
