namespace Grok2Api.TokenPool.Registry;

/// <summary>
/// The admin registry over <see cref="TokenPoolState"/>: each edit is applied in memory under the
/// pool lock (selection sees it at once), marked dirty, and then awaited through the write-behind
/// flush so the call returns only when the change is durable.
/// </summary>
internal sealed partial class TokenRegistry(TokenPoolState state, ILogger<TokenRegistry> logger) : ITokenRegistry
{
    public TokenPage Query(TokenQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var pageSize = Math.Clamp(query.PageSize, 1, TokenPoolConstants.MaxPageSize);
        List<TokenEntry> matches = [];
        using (state.Gate.EnterScope())
        {
            foreach (var entry in state.Entries)
            {
                if (TokenQueryFilter.Matches(entry, query))
                {
                    matches.Add(entry);
                }
            }

            matches.Sort(NewestFirst);
            var items = matches.Skip((page - 1) * pageSize).Take(pageSize).Select(e => e.ToPooled()).ToList();
            return new TokenPage(items, matches.Count, page, pageSize, ComputeStats());
        }
    }

    public PooledToken? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        using (state.Gate.EnterScope())
        {
            return state.FindById(id)?.ToPooled();
        }
    }

    public async Task<TokenAddResult> AddAsync(string pool, IReadOnlyList<string> tokens, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (!TokenPools.IsKnown(pool))
        {
            throw new ArgumentOutOfRangeException(nameof(pool), pool, "Tokens are added to ssoBasic or ssoSuper only; validate the pool first.");
        }

        state.EnsureInitialized();
        List<TokenEntry> added = [];
        using (state.Gate.EnterScope())
        {
            var now = state.NowMs();
            foreach (var raw in tokens)
            {
                var token = TokenIdentity.Normalize(raw);
                if (token.Length == 0 || state.FindByToken(token) is not null)
                {
                    continue;
                }

                added.Add(state.Insert(pool, new StoredToken
                {
                    Token = token,
                    Status = TokenStatus.Active,
                    Quota = TokenPoolConstants.DefaultQuotaOf(pool),
                    CreatedAt = now,
                    Note = note ?? "",
                }));
            }
        }

        await PersistAsync(added, cancellationToken);
        Log.TokensAdded(logger, added.Count, tokens.Count - added.Count, pool);
        return new TokenAddResult(added.Count, tokens.Count - added.Count);
    }

    public async Task<TokenPatchResult> PatchAsync(string id, TokenPatch patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(patch);
        state.EnsureInitialized();
        TokenEntry? entry;
        PooledToken updated;
        using (state.Gate.EnterScope())
        {
            entry = state.FindById(id);
            var error = entry is null ? TokenPatchError.NotFound : TokenPatchRules.Validate(patch);
            if (error != TokenPatchError.None)
            {
                return new TokenPatchResult(error, null);
            }

            TokenPatchRules.Apply(entry!, patch);
            state.Reindex(entry!);
            updated = entry!.ToPooled();
        }

        await PersistAsync([entry], cancellationToken);
        Log.TokenPatched(logger, entry!.Id, updated.Pool, TokenStatusNames.Of(updated.Token.Status));
        return new TokenPatchResult(TokenPatchError.None, updated);
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken) =>
        await RemoveManyAsync([id], cancellationToken) == 1;

    public async Task<int> RemoveManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        state.EnsureInitialized();
        List<TokenEntry> removed = [];
        using (state.Gate.EnterScope())
        {
            foreach (var id in ids)
            {
                if (id is not null && state.FindById(id) is { } entry)
                {
                    state.Delete(entry);
                    removed.Add(entry);
                }
            }
        }

        await PersistAsync(removed, cancellationToken);
        foreach (var entry in removed)
        {
            Log.TokenRemoved(logger, entry.Id);
        }

        return removed.Count;
    }

    public IReadOnlyList<string> Export(IReadOnlyCollection<string>? ids)
    {
        using (state.Gate.EnterScope())
        {
            IEnumerable<TokenEntry> selected = ids is null
                ? state.Entries
                : ids.Distinct(StringComparer.Ordinal).Select(state.FindById).OfType<TokenEntry>();
            var list = selected.ToList();
            list.Sort(NewestFirst);
            return [.. list.Select(e => e.Token)];
        }
    }

    private static int NewestFirst(TokenEntry a, TokenEntry b)
    {
        var byCreated = (b.CreatedAt ?? 0).CompareTo(a.CreatedAt ?? 0);
        return byCreated != 0 ? byCreated : string.CompareOrdinal(a.Id, b.Id);
    }

    private TokenStats ComputeStats()
    {
        int active = 0, cooling = 0, expired = 0, disabled = 0;
        long quota = 0, used = 0;
        foreach (var entry in state.Entries)
        {
            switch (entry.Status)
            {
                case TokenStatus.Active: active++; break;
                case TokenStatus.Cooling: cooling++; break;
                case TokenStatus.Expired: expired++; break;
                default: disabled++; break;
            }

            quota += entry.Quota;
            used += entry.UseCount;
        }

        return new TokenStats(state.Count, active, cooling, expired, disabled, quota, used, state.Leases.InFlight);
    }

    private async Task PersistAsync(IEnumerable<TokenEntry> changed, CancellationToken cancellationToken)
    {
        foreach (var entry in changed)
        {
            state.MarkDirty(entry);
        }

        await state.FlushAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.TokensAdded, LogLevel.Information, "Added {Added} tokens to {Pool} ({Skipped} skipped)", EventName = "TokensAdded")]
        public static partial void TokensAdded(ILogger logger, int added, int skipped, string pool);

        [LoggerMessage(EventIds.TokenRemoved, LogLevel.Information, "Removed token {TokenId}", EventName = "TokenRemoved")]
        public static partial void TokenRemoved(ILogger logger, string tokenId);

        [LoggerMessage(EventIds.TokenPatched, LogLevel.Information, "Edited token {TokenId}: pool {Pool}, status {Status}", EventName = "TokenPatched")]
        public static partial void TokenPatched(ILogger logger, string tokenId, string pool, string status);
    }
}
