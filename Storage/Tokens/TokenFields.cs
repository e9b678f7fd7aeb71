namespace Grok2Api.Storage.Tokens;

/// <summary>
/// The fields of a <see cref="TokenUpdate"/> that are written as values. A field that is not named
/// is left as the store has it; <see cref="Quota"/> and <see cref="UseCount"/> that are not named
/// change by the update's deltas instead (atomic increments in a shared store).
/// </summary>
[Flags]
public enum TokenFields
{
    /// <summary>No field is set (only the deltas apply).</summary>
    None = 0,

    /// <summary>The pool the token belongs to (a move).</summary>
    Pool = 1 << 0,

    /// <summary>
    /// The status, set by the pool's own rules (a lease outcome, a quota re-sync). A store never lets
    /// it replace <c>disabled</c>: only an admin (<see cref="StatusByAdmin"/>) revives a disabled token,
    /// so an instance that has not heard of the admin's edit yet cannot undo it.
    /// </summary>
    Status = 1 << 1,

    /// <summary>The status, set by an admin: written whatever the stored status is.</summary>
    StatusByAdmin = 1 << 2,

    /// <summary>The quota as an absolute value (a re-sync or an admin edit); the quota delta is then ignored.</summary>
    Quota = 1 << 3,

    /// <summary>The use count as an absolute value; the use-count delta is then ignored.</summary>
    UseCount = 1 << 4,

    /// <summary><c>last_used_at</c>.</summary>
    LastUsedAt = 1 << 5,

    /// <summary><c>fail_count</c>.</summary>
    FailCount = 1 << 6,

    /// <summary><c>last_fail_at</c>.</summary>
    LastFailAt = 1 << 7,

    /// <summary><c>last_fail_reason</c> (null clears it).</summary>
    LastFailReason = 1 << 8,

    /// <summary><c>last_sync_at</c>.</summary>
    LastSyncAt = 1 << 9,

    /// <summary><c>tags</c>.</summary>
    Tags = 1 << 10,

    /// <summary><c>note</c>.</summary>
    Note = 1 << 11,

    /// <summary><c>last_asset_clear_at</c>.</summary>
    LastAssetClearAt = 1 << 12,

    /// <summary><c>created_at</c>.</summary>
    CreatedAt = 1 << 13,
}
