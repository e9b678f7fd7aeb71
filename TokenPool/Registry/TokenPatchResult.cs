namespace Grok2Api.TokenPool.Registry;

/// <summary>Why a patch was refused.</summary>
public enum TokenPatchError
{
    /// <summary>Applied.</summary>
    None,

    /// <summary>No token has that id.</summary>
    NotFound,

    /// <summary>The pool is not ssoBasic or ssoSuper.</summary>
    InvalidPool,

    /// <summary>Only active and disabled may be set by an admin.</summary>
    InvalidStatus,

    /// <summary>Quota below 0.</summary>
    InvalidQuota,
}

/// <summary>The outcome of a patch: a snapshot of the edited record, or why it was refused.</summary>
public sealed record TokenPatchResult(TokenPatchError Error, PooledToken? Token);
