namespace Grok2Api.TokenPool.State;

/// <summary>
/// How this instance's pending change to a token is told apart from what the store holds: the
/// change written to the store is the difference between the entry and its baseline, and a record
/// read back from the store is laid under that difference (a three-way merge with the baseline as
/// the common ancestor). Pure rules, applied under <see cref="TokenPoolState.Gate"/>.
/// </summary>
internal static class TokenChanges
{
    /// <summary>The update that turns <paramref name="baseline"/> into <paramref name="current"/>.</summary>
    public static TokenUpdate Between(PooledToken baseline, PooledToken current, TokenFields forced)
    {
        var b = baseline.Token;
        var c = current.Token;
        // Forced fields (a re-sync's quota, an admin's edit) are written as values even when unchanged here.
        var fields = forced & ~TokenFields.Status;
        if (!string.Equals(baseline.Pool, current.Pool, StringComparison.Ordinal))
        {
            fields |= TokenFields.Pool;
        }

        if (b.Status != c.Status && (fields & TokenFields.StatusByAdmin) == 0)
        {
            fields |= TokenFields.Status;
        }

        fields |= Changed(b.CreatedAt, c.CreatedAt, TokenFields.CreatedAt)
            | Changed(b.LastUsedAt, c.LastUsedAt, TokenFields.LastUsedAt)
            | Changed(b.FailCount, c.FailCount, TokenFields.FailCount)
            | Changed(b.LastFailAt, c.LastFailAt, TokenFields.LastFailAt)
            | Changed(b.LastFailReason, c.LastFailReason, TokenFields.LastFailReason)
            | Changed(b.LastSyncAt, c.LastSyncAt, TokenFields.LastSyncAt)
            | Changed(b.Note, c.Note, TokenFields.Note)
            | Changed(b.LastAssetClearAt, c.LastAssetClearAt, TokenFields.LastAssetClearAt);
        if (!b.Tags.SequenceEqual(c.Tags, StringComparer.Ordinal))
        {
            fields |= TokenFields.Tags;
        }

        var quotaDelta = (fields & TokenFields.Quota) != 0 ? 0 : c.Quota - b.Quota;
        var useDelta = (fields & TokenFields.UseCount) != 0 ? 0 : c.UseCount - b.UseCount;
        return new TokenUpdate(current, fields, quotaDelta, useDelta);
    }

    /// <summary>
    /// Lays <paramref name="stored"/> under the entry's pending change: every field the entry has
    /// not changed since <paramref name="baseline"/> (and that is not forced) takes the stored value; the quota and use count
    /// keep their unwritten deltas. The caller then makes <paramref name="stored"/> the baseline.
    /// </summary>
    /// <returns>Whether the entry changed.</returns>
    public static bool Rebase(TokenEntry entry, PooledToken baseline, PooledToken stored)
    {
        var b = baseline.Token;
        var r = stored.Token;
        var changed = false;
        var forced = entry.Forced;
        if ((forced & TokenFields.Pool) == 0 && entry.Pool == baseline.Pool && entry.Pool != stored.Pool && TokenPools.IsKnown(stored.Pool))
        {
            entry.Pool = stored.Pool == TokenPools.Super ? TokenPools.Super : TokenPools.Basic;
            changed = true;
        }

        if ((forced & TokenFields.StatusByAdmin) == 0 && entry.Status == b.Status && entry.Status != r.Status)
        {
            entry.Status = r.Status;
            changed = true;
        }

        if ((forced & TokenFields.Quota) == 0)
        {
            changed |= Set(entry.Quota, Math.Max(0, r.Quota + (entry.Quota - b.Quota)), v => entry.Quota = v);
        }

        if ((forced & TokenFields.UseCount) == 0)
        {
            changed |= Set(entry.UseCount, Math.Max(0, r.UseCount + (entry.UseCount - b.UseCount)), v => entry.UseCount = v);
        }

        changed |= Take(entry.LastUsedAt, b.LastUsedAt, r.LastUsedAt, v => entry.LastUsedAt = v);
        changed |= Take(entry.FailCount, b.FailCount, r.FailCount, v => entry.FailCount = v);
        changed |= Take(entry.LastFailAt, b.LastFailAt, r.LastFailAt, v => entry.LastFailAt = v);
        changed |= Take(entry.LastFailReason, b.LastFailReason, r.LastFailReason, v => entry.LastFailReason = v);
        changed |= Take(entry.LastSyncAt, b.LastSyncAt, r.LastSyncAt, v => entry.LastSyncAt = v);
        if ((forced & TokenFields.Note) == 0)
        {
            changed |= Take(entry.Note, b.Note, r.Note, v => entry.Note = v);
        }

        changed |= Take(entry.LastAssetClearAt, b.LastAssetClearAt, r.LastAssetClearAt, v => entry.LastAssetClearAt = v);
        if ((forced & TokenFields.Tags) == 0 && entry.Tags.SequenceEqual(b.Tags, StringComparer.Ordinal) && !entry.Tags.SequenceEqual(r.Tags, StringComparer.Ordinal))
        {
            entry.Tags = TokenEntry.NormalizeTags(r.Tags);
            changed = true;
        }

        return changed;
    }

    private static TokenFields Changed<T>(T before, T after, TokenFields field) =>
        EqualityComparer<T>.Default.Equals(before, after) ? TokenFields.None : field;

    private static bool Set<T>(T current, T next, Action<T> assign)
    {
        if (EqualityComparer<T>.Default.Equals(current, next))
        {
            return false;
        }

        assign(next);
        return true;
    }

    /// <summary>Takes the stored value when the entry still has the baseline's.</summary>
    private static bool Take<T>(T current, T baseline, T stored, Action<T> assign) =>
        EqualityComparer<T>.Default.Equals(current, baseline) && Set(current, stored, assign);
}
