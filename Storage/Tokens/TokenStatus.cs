namespace Grok2Api.Storage.Tokens;

/// <summary>The health of one account token, written lower-case in <c>token.json</c>.</summary>
public enum TokenStatus
{
    /// <summary>Usable.</summary>
    Active,

    /// <summary>Rate limited or out of quota; comes back when a re-sync reports quota again.</summary>
    Cooling,

    /// <summary>The credential was rejected <c>token.fail_threshold</c> times in a row.</summary>
    Expired,

    /// <summary>Turned off by an admin; never selected and never revived automatically.</summary>
    Disabled,
}
