namespace Grok2Api.TokenPool.State;

/// <summary>What a state change did to a token: whether the stored record changed, and its status before and after.</summary>
internal readonly record struct Transition(bool Persist, TokenStatus Before, TokenStatus After)
{
    public static Transition None(TokenStatus status) => new(false, status, status);

    public bool StatusChanged => Before != After;
}
