using System.Text.Json;

namespace Grok2Api.TokenPool.State;

/// <summary>
/// The live, mutable state of one token. Every field is read and written under
/// <see cref="TokenPoolState.Gate"/>; only the identity fields are immutable.
/// </summary>
internal sealed class TokenEntry
{
    // Slot 0 (the pool-wide index) lives inline: the lease path then touches no other object of the token.
    private IndexSlot _poolSlot;
    private string? _mask;

    public TokenEntry(int handle, string pool, StoredToken record)
    {
        Handle = handle;
        Token = record.Token;
        Id = TokenIdentity.IdOf(record.Token);
        Pool = pool;
        Status = record.Status;
        Quota = Math.Max(0, record.Quota);
        CreatedAt = record.CreatedAt;
        LastUsedAt = record.LastUsedAt;
        UseCount = record.UseCount;
        FailCount = record.FailCount;
        LastFailAt = record.LastFailAt;
        LastFailReason = record.LastFailReason;
        LastSyncAt = record.LastSyncAt;
        Tags = NormalizeTags(record.Tags);
        Note = record.Note;
        LastAssetClearAt = record.LastAssetClearAt;
        Extra = record.Extra;
    }

    /// <summary>
    /// The record as the store last confirmed it (loaded, written or read back), with its pool; null
    /// while the token has never been stored (added here, not written yet). What differs from it is
    /// this instance's pending change: field values, and quota and use-count deltas.
    /// </summary>
    public PooledToken? Baseline { get; set; }

    /// <summary>Fields set as absolute values since the last write (a re-sync's quota, an admin's status).</summary>
    public TokenFields Forced { get; private set; }

    /// <summary>Counts <see cref="Force"/> calls, so a write clears only the flags it carried.</summary>
    public int ForcedVersion { get; private set; }

    /// <summary>The <see cref="ForcedVersion"/> of the change in flight.</summary>
    public int TakenForcedVersion { get; set; }

    /// <summary>Marks <paramref name="fields"/> as written by value, not by delta or guarded rule.</summary>
    public void Force(TokenFields fields)
    {
        Forced |= fields;
        ForcedVersion++;
    }

    /// <summary>The write carrying the forced flags taken at <see cref="TakenForcedVersion"/> is durable.</summary>
    public void ClearForcedIfUnchanged()
    {
        if (ForcedVersion == TakenForcedVersion)
        {
            Forced = TokenFields.None;
        }
    }

    /// <summary>A process-unique number, used by <see cref="Selection.TokenExclusions"/>.</summary>
    public int Handle { get; }

    public string Token { get; }

    public string Id { get; }

    /// <summary>The token's mask (<see cref="TokenIdentity.Mask"/>), made on first use: most tokens are never listed.</summary>
    public string Mask => _mask ??= TokenIdentity.Mask(Token);

    public string Pool { get; set; }

    public TokenStatus Status { get; set; }

    public int Quota { get; set; }

    /// <summary>Quota units held by leases in flight; never persisted.</summary>
    public int Reserved { get; set; }

    public long? CreatedAt { get; }

    public long? LastUsedAt { get; set; }

    public int UseCount { get; set; }

    public int FailCount { get; set; }

    public long? LastFailAt { get; set; }

    public string? LastFailReason { get; set; }

    public long? LastSyncAt { get; set; }

    public string[] Tags { get; set; }

    public string Note { get; set; }

    public long? LastAssetClearAt { get; set; }

    public Dictionary<string, JsonElement>? Extra { get; }

    /// <summary>
    /// In memory only: failed re-syncs in a row (not counting rate limits), and the earliest time
    /// (ms) the scheduler may try again. A Cloudflare block or an outage then costs a few calls an
    /// hour per token instead of one a minute.
    /// </summary>
    public int SyncFailures { get; set; }

    /// <summary>In memory only: the earliest time (ms since the epoch) the scheduler re-syncs this token again after a failure.</summary>
    public long SyncRetryNotBefore { get; set; }

    /// <summary>Set once the token is deleted; leases still in flight then complete without effect.</summary>
    public bool Removed { get; set; }

    /// <summary>Memberships in the tag indexes: entry i is the index of <see cref="Tags"/>[i].</summary>
    public IndexSlot[] TagSlots { get; set; } = [];

    /// <summary>How many index slots are in use (0 when the token is not selectable): the pool-wide one plus one per tag.</summary>
    public int SlotCount { get; set; }

    /// <summary>The pool index the token is filed in, or null when it is not selectable.</summary>
    public PoolIndex? IndexedIn { get; set; }

    /// <summary>The <see cref="Tags"/> array the token was filed with (tags are replaced, never edited in place).</summary>
    public string[]? IndexedTags { get; set; }

    public int Available => Quota - Reserved;

    /// <summary>Membership <paramref name="slot"/>: 0 is the pool-wide index, i + 1 the index of <see cref="Tags"/>[i].</summary>
    public ref IndexSlot Slot(int slot) => ref slot == 0 ? ref _poolSlot : ref TagSlots[slot - 1];

    /// <summary>Tags trimmed, without blanks and without case-insensitive duplicates.</summary>
    public static string[] NormalizeTags(IEnumerable<string?> tags)
    {
        // Most tokens have no tags: no enumerator, no LINQ (a pool of 100,000 loads at start-up).
        if (tags is IReadOnlyCollection<string?> { Count: 0 })
        {
            return [];
        }

        return [.. tags.Select(t => t?.Trim()).OfType<string>().Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    public bool HasTag(string tag) => Array.Exists(Tags, t => string.Equals(t, tag, StringComparison.OrdinalIgnoreCase));

    public StoredToken ToStored() => new()
    {
        Token = Token,
        Status = Status,
        Quota = Quota,
        CreatedAt = CreatedAt,
        LastUsedAt = LastUsedAt,
        UseCount = UseCount,
        FailCount = FailCount,
        LastFailAt = LastFailAt,
        LastFailReason = LastFailReason,
        LastSyncAt = LastSyncAt,
        Tags = [.. Tags],
        Note = Note,
        LastAssetClearAt = LastAssetClearAt,
        Extra = Extra,
    };

    /// <summary>A snapshot of the record with its pool, as the store and the registry's readers get it.</summary>
    public PooledToken ToPooled() => new(Pool, ToStored());
}
