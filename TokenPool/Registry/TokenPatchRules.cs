namespace Grok2Api.TokenPool.Registry;

/// <summary>How an admin <see cref="TokenPatch"/> is checked and applied to a token.</summary>
internal static class TokenPatchRules
{
    public static TokenPatchError Validate(TokenPatch patch)
    {
        if (patch.Pool is not null && !TokenPools.IsKnown(patch.Pool))
        {
            return TokenPatchError.InvalidPool;
        }

        if (patch.Quota is < 0)
        {
            return TokenPatchError.InvalidQuota;
        }

        if (patch.Status is { } status && status is not (TokenStatus.Active or TokenStatus.Disabled))
        {
            return TokenPatchError.InvalidStatus;
        }

        return TokenPatchError.None;
    }

    /// <summary>Applies a validated patch. Setting active clears the failure count and revives an expired or cooling token; disabled is never undone automatically.</summary>
    public static void Apply(TokenEntry entry, TokenPatch patch)
    {
        // What an admin names is written as a value even when this instance's view already holds it:
        // another instance may have changed it meanwhile, and the later edit must win.
        if (patch.Pool is not null)
        {
            entry.Force(TokenFields.Pool);
            entry.Pool = patch.Pool == TokenPools.Super ? TokenPools.Super : TokenPools.Basic;
        }

        if (patch.Tags is not null)
        {
            entry.Force(TokenFields.Tags);
            entry.Tags = TokenEntry.NormalizeTags(patch.Tags);
        }

        if (patch.Note is not null)
        {
            entry.Force(TokenFields.Note);
            entry.Note = patch.Note;
        }

        if (patch.Status is { } status)
        {
            entry.Force(TokenFields.StatusByAdmin);
            entry.Status = status;
            if (status == TokenStatus.Active)
            {
                entry.FailCount = 0;
            }
        }

        if (patch.Quota is { } quota)
        {
            entry.Force(TokenFields.Quota);
            entry.Quota = quota;
            if (quota > 0 && entry.Status == TokenStatus.Cooling)
            {
                entry.Status = TokenStatus.Active;
            }
            else if (quota == 0 && entry.Status == TokenStatus.Active && patch.Status is null)
            {
                entry.Status = TokenStatus.Cooling;
            }
        }
    }
}
