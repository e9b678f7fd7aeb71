using System.Diagnostics;

namespace Grok2Api.TokenPool.State;

/// <summary>
/// The authoritative in-memory pool: every token record, the selection indexes of ssoBasic and
/// ssoSuper, and the leases in flight. One lock (<see cref="Gate"/>) guards all of it: critical
/// sections are a few dictionary and array operations, and a single lock keeps moves between
/// pools and the basic-to-super fallback simple and obviously correct. The lock is a spin lock
/// (<see cref="PoolGate"/>) because those sections are far shorter than parking a thread.
/// </summary>
internal sealed class TokenPoolState : ITokenSnapshotSource
{
    private readonly Dictionary<string, TokenEntry> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TokenEntry> _byId = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingDeletes = new(StringComparer.Ordinal);
    private readonly PoolIndex _basic = new(TokenPools.Basic);
    private readonly PoolIndex _super = new(TokenPools.Super);
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITokenWriteBehind _writeBehind;
    private readonly TimeProvider _timeProvider;
    private int _nextHandle;
    private PoolGate _gate;

    public TokenPoolState(ITokenWriteBehind writeBehind, TimeProvider timeProvider, IRandomFactory randomFactory)
    {
        _writeBehind = writeBehind;
        _timeProvider = timeProvider;
        Random = randomFactory.CreateRandomInstance();
    }

    /// <summary>The pool's lock: <c>using (state.Gate.EnterScope()) { ... }</c>.</summary>
    public ref PoolGate Gate => ref _gate;

    /// <summary>Breaks selection ties; used under <see cref="Gate"/> only.</summary>
    public Random Random { get; }

    public LeaseTable Leases { get; } = new();

    public int Count => _byToken.Count;

    public IEnumerable<TokenEntry> Entries => _byToken.Values;

    public bool IsInitialized => _initialized.Task.IsCompleted;

    /// <summary>Completes once the stored tokens are loaded.</summary>
    public Task WhenInitialized => _initialized.Task;

    public long NowMs() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Loads the stored tokens (once), connects the write-behind and returns the tokens dropped as duplicates.</summary>
    public IReadOnlyList<TokenEntry> Load(IReadOnlyList<PooledToken> records)
    {
        List<TokenEntry> duplicates = [];
        if (IsInitialized)
        {
            return duplicates;
        }

        // The entries (each with its public id, a SHA-256) need no lock: they are built on every core first,
        // and only the dictionaries and indexes are filled under the lock (docs/adr/0019-token-load-overlaps-host-building.md).
        var entries = EntriesOf(records);
        using (Gate.EnterScope())
        {
            if (IsInitialized)
            {
                return duplicates;
            }

            _byToken.EnsureCapacity(records.Count);
            _byId.EnsureCapacity(records.Count);
            for (var i = 0; i < entries.Length; i++)
            {
                if (entries[i] is not { } entry)
                {
                    continue;
                }

                if (_byToken.TryGetValue(entry.Token, out var kept))
                {
                    duplicates.Add(kept);
                    continue;
                }

                Add(entry).Baseline = records[i];
            }

            _writeBehind.Attach(this);
            _initialized.TrySetResult();
        }

        return duplicates;
    }

    /// <summary>
    /// An entry for every record (null for a blank token), built in parallel chunks. Their handles are
    /// reserved in one block; those of records dropped as duplicates are simply never used.
    /// </summary>
    private TokenEntry?[] EntriesOf(IReadOnlyList<PooledToken> records)
    {
        const int Chunk = 4096;
        var entries = new TokenEntry?[records.Count];
        var first = Interlocked.Add(ref _nextHandle, records.Count) - records.Count + 1;
        var chunks = (records.Count + Chunk - 1) / Chunk;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, chunks, options, chunk =>
        {
            var end = Math.Min(records.Count, (chunk + 1) * Chunk);
            for (var i = chunk * Chunk; i < end; i++)
            {
                var (pool, record) = records[i];
                entries[i] = string.IsNullOrEmpty(record.Token) ? null : new TokenEntry(first + i, PoolName(pool), record);
            }
        });
        return entries;
    }

    /// <summary>The pool name an entry gets: the index's own string for the two selected pools.</summary>
    private string PoolName(string pool) => TokenPools.IsKnown(pool) ? IndexOf(pool)!.Pool : pool;

    public void EnsureInitialized()
    {
        if (!IsInitialized)
        {
            throw new InvalidOperationException("The token pool is not initialized: call ITokenPoolInitializer.InitializeAsync at startup.");
        }
    }

    /// <summary>The selection index of a pool; null for pools that are never selected.</summary>
    public PoolIndex? IndexOf(string pool) => pool switch
    {
        TokenPools.Basic => _basic,
        TokenPools.Super => _super,
        _ => null,
    };

    public TokenEntry? FindById(string id)
    {
        AssertGateHeld();
        return _byId.GetValueOrDefault(id);
    }

    public TokenEntry? FindByToken(string token)
    {
        AssertGateHeld();
        return _byToken.GetValueOrDefault(token);
    }

    public TokenEntry Insert(string pool, StoredToken record)
    {
        AssertGateHeld();
        return Add(new TokenEntry(Interlocked.Increment(ref _nextHandle), PoolName(pool), record));
    }

    private TokenEntry Add(TokenEntry entry)
    {
        AssertGateHeld();
        _byToken.Add(entry.Token, entry);
        _byId[entry.Id] = entry;
        Reindex(entry);
        return entry;
    }

    /// <summary>Deletes a token here and, through the write-behind, in the store.</summary>
    public void Delete(TokenEntry entry)
    {
        AssertGateHeld();
        _pendingDeletes.Add(entry.Token);
        Forget(entry);
    }

    private void Forget(TokenEntry entry)
    {
        _byToken.Remove(entry.Token);
        _byId.Remove(entry.Id);
        entry.Removed = true;
        Reindex(entry);
    }

    /// <summary>Files the token where its pool, status, tags and available quota say it belongs.</summary>
    public void Reindex(TokenEntry entry)
    {
        AssertGateHeld();
        var target = !entry.Removed && entry.Status == TokenStatus.Active ? IndexOf(entry.Pool) : null;
        if (target is not null && entry.IndexedIn == target && ReferenceEquals(entry.IndexedTags, entry.Tags))
        {
            PoolIndex.Update(entry);
            return;
        }

        if (entry.IndexedIn is not null)
        {
            PoolIndex.Remove(entry);
            entry.IndexedIn = null;
            entry.IndexedTags = null;
        }

        if (target is not null)
        {
            target.Add(entry);
            entry.IndexedIn = target;
            entry.IndexedTags = entry.Tags;
        }
    }

    /// <summary>Tells the write-behind the token changed. Call outside <see cref="Gate"/>: the write-behind reads snapshots back through it.</summary>
    public void MarkDirty(TokenEntry entry) => _writeBehind.MarkDirty(entry.Token);

    public Task FlushAsync(CancellationToken cancellationToken) => _writeBehind.FlushAsync(cancellationToken);

    public bool TryGetSnapshot(string token, out PooledToken snapshot)
    {
        using (Gate.EnterScope())
        {
            if (_byToken.TryGetValue(token, out var entry))
            {
                snapshot = entry.ToPooled();
                return true;
            }
        }

        snapshot = default;
        return false;
    }

    /// <summary>What changed in <paramref name="token"/> since the store last confirmed it (see <see cref="TokenEntry.Baseline"/>).</summary>
    public TokenChangeKind TakeChange(string token, out TokenUpdate? update)
    {
        using (Gate.EnterScope())
        {
            update = null;
            if (!_byToken.TryGetValue(token, out var entry))
            {
                // Deleted here: delete in the store. Deleted by another instance: nothing to write.
                return _pendingDeletes.Contains(token) ? TokenChangeKind.Delete : TokenChangeKind.None;
            }

            var current = entry.ToPooled();
            entry.TakenForcedVersion = entry.ForcedVersion;
            if (entry.Baseline is not { } baseline)
            {
                update = new TokenUpdate(current, TokenFields.None, 0, 0);
                return TokenChangeKind.Upsert;
            }

            update = TokenChanges.Between(baseline, current, entry.Forced);
            return update.IsEmpty ? TokenChangeKind.None : TokenChangeKind.Update;
        }
    }

    /// <summary>The batch is durable: its values become the baselines, and its deletes are done.</summary>
    public void Committed(TokenChangeSet changes)
    {
        using (Gate.EnterScope())
        {
            foreach (var upsert in changes.Upserts)
            {
                Confirm(upsert);
            }

            foreach (var update in changes.Updates)
            {
                Confirm(update.Values);
            }

            foreach (var token in changes.Deletes)
            {
                if (!_byToken.ContainsKey(token))
                {
                    _pendingDeletes.Remove(token);
                }
            }
        }

        void Confirm(PooledToken written)
        {
            if (_byToken.TryGetValue(written.Token.Token, out var entry))
            {
                entry.Baseline = written;
                entry.ClearForcedIfUnchanged();
            }
        }
    }

    /// <summary>
    /// Takes in what the store holds now (other instances' changes): each record replaces the
    /// fields this instance has not changed since its baseline, and the quota and use count keep
    /// this instance's unwritten deltas on top of the stored values. Tokens asked for (or, with
    /// <paramref name="requested"/> null, every stored token) that the store no longer holds are
    /// dropped here unless this instance added them and has not written them yet.
    /// </summary>
    /// <param name="records">What the store holds.</param>
    /// <param name="requested">The public ids that were read, or null for everything.</param>
    /// <returns>How many tokens were added, changed and removed here.</returns>
    public (int Added, int Changed, int Removed) Merge(IReadOnlyList<PooledToken> records, IReadOnlyCollection<string>? requested)
    {
        var added = 0;
        var changed = 0;
        var removed = 0;
        using (Gate.EnterScope())
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var stored in records)
            {
                var token = stored.Token.Token;
                if (string.IsNullOrEmpty(token) || !seen.Add(token) || _pendingDeletes.Contains(token))
                {
                    continue;
                }

                if (!_byToken.TryGetValue(token, out var entry))
                {
                    Insert(stored.Pool, stored.Token).Baseline = stored;
                    added++;
                }
                else if (entry.Baseline is { } baseline)
                {
                    changed += TokenChanges.Rebase(entry, baseline, stored) ? 1 : 0;
                    entry.Baseline = stored;
                    Reindex(entry);
                }
            }

            var candidates = requested is null
                ? [.. _byToken.Values]
                : requested.Select(id => _byId.GetValueOrDefault(id)).OfType<TokenEntry>().ToList();
            foreach (var entry in candidates)
            {
                if (entry.Baseline is not null && !seen.Contains(entry.Token))
                {
                    Forget(entry);
                    removed++;
                }
            }
        }

        return (added, changed, removed);
    }

    [Conditional("DEBUG")]
    private void AssertGateHeld() => Debug.Assert(Gate.IsHeldByCurrentThread, "Hold TokenPoolState.Gate.");
}
