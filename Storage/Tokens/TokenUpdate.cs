namespace Grok2Api.Storage.Tokens;

/// <summary>
/// A change to a token that the store may already hold changed by someone else (another instance):
/// the <see cref="Fields"/> named are written from <see cref="Values"/>, and the quota and use count,
/// unless named, move by <see cref="QuotaDelta"/> and <see cref="UseCountDelta"/> (atomic increments;
/// the stored quota never goes below 0). An update of a token the store does not hold does nothing:
/// a token deleted elsewhere stays deleted.
/// </summary>
/// <param name="Values">The token's current record and pool; only the named fields are read from it.</param>
/// <param name="Fields">The fields written as values.</param>
/// <param name="QuotaDelta">Added to the stored quota unless <see cref="TokenFields.Quota"/> is named.</param>
/// <param name="UseCountDelta">Added to the stored use count unless <see cref="TokenFields.UseCount"/> is named.</param>
public sealed record TokenUpdate(PooledToken Values, TokenFields Fields, int QuotaDelta, int UseCountDelta)
{
    /// <summary>The bare token.</summary>
    public string Token => Values.Token.Token;

    /// <summary>Whether the update changes nothing.</summary>
    public bool IsEmpty => Fields == TokenFields.None && QuotaDelta == 0 && UseCountDelta == 0;

    /// <summary>
    /// The record after this update is applied to <paramref name="stored"/>, as every store must
    /// compute it (the local store uses this; the shared stores do the same in their own language).
    /// </summary>
    /// <param name="stored">The stored record and pool.</param>
    public PooledToken ApplyTo(PooledToken stored)
    {
        var before = stored.Token;
        var values = Values.Token;
        var status = before.Status;
        if (Has(TokenFields.StatusByAdmin) || (Has(TokenFields.Status) && before.Status != TokenStatus.Disabled))
        {
            status = values.Status;
        }

        var record = before with
        {
            Status = status,
            Quota = Has(TokenFields.Quota) ? values.Quota : Math.Max(0, before.Quota + QuotaDelta),
            UseCount = Has(TokenFields.UseCount) ? values.UseCount : Math.Max(0, before.UseCount + UseCountDelta),
            CreatedAt = Has(TokenFields.CreatedAt) ? values.CreatedAt : before.CreatedAt,
            LastUsedAt = Has(TokenFields.LastUsedAt) ? values.LastUsedAt : before.LastUsedAt,
            FailCount = Has(TokenFields.FailCount) ? values.FailCount : before.FailCount,
            LastFailAt = Has(TokenFields.LastFailAt) ? values.LastFailAt : before.LastFailAt,
            LastFailReason = Has(TokenFields.LastFailReason) ? values.LastFailReason : before.LastFailReason,
            LastSyncAt = Has(TokenFields.LastSyncAt) ? values.LastSyncAt : before.LastSyncAt,
            Tags = Has(TokenFields.Tags) ? values.Tags : before.Tags,
            Note = Has(TokenFields.Note) ? values.Note : before.Note,
            LastAssetClearAt = Has(TokenFields.LastAssetClearAt) ? values.LastAssetClearAt : before.LastAssetClearAt,
        };
        return new PooledToken(Has(TokenFields.Pool) ? Values.Pool : stored.Pool, record);
    }

    private bool Has(TokenFields field) => (Fields & field) != 0;
}
