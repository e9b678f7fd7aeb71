namespace Grok2Api.Transforms.Grok.Stream;

/// <summary>
/// The kind of an in-stream upstream error (docs/grok-protocol.md §6.3). The orchestrator
/// maps it to a token outcome: <see cref="UsageLimit"/> means rate limited, <see cref="AntiBot"/>
/// forbidden, the others transient.
/// </summary>
public enum GrokStreamErrorKind
{
    /// <summary>A top-level <c>{"error":{"code","message"}}</c> that is neither anti-bot nor a usage limit.</summary>
    Upstream,

    /// <summary>Top-level error with code 7 or a message about anti-bot rules.</summary>
    AntiBot,

    /// <summary>A usage or rate limit (<c>result.response.error</c> "You've reached your usage limit", or a top-level error with code 8 or such wording).</summary>
    UsageLimit,

    /// <summary><c>result.response.error.message</c> of another kind, or <c>modelResponse.error</c>.</summary>
    Model,

    /// <summary><c>modelResponse.streamErrors[]</c>: the model stream broke off.</summary>
    Stream,
}
