namespace Grok2Api.TokenPool.Registry;

/// <summary>An admin edit of one token; null members are left unchanged.</summary>
public sealed record TokenPatch
{
    /// <summary>Move the token to this pool.</summary>
    public string? Pool { get; init; }

    /// <summary>Set the local quota (0 or more).</summary>
    public int? Quota { get; init; }

    /// <summary>Set the note.</summary>
    public string? Note { get; init; }

    /// <summary>Set the status: only <see cref="TokenStatus.Active"/> or <see cref="TokenStatus.Disabled"/>. Setting active also clears the failure count.</summary>
    public TokenStatus? Status { get; init; }

    /// <summary>Replace the tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }
}
