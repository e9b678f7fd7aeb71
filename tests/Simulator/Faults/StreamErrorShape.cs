namespace Grok2Api.Simulator.Faults;

/// <summary>The in-stream error line shapes seen from grok.com (docs/grok-protocol.md §6.3).</summary>
public enum StreamErrorShape
{
    /// <summary><c>{"error":{"code":7,"message":"...anti-bot..."}}</c> at the top level.</summary>
    AntiBot,

    /// <summary><c>{"result":{"response":{"error":{"message":"You've reached your usage limit. Please try again later."}}}}</c>.</summary>
    UsageLimit,

    /// <summary>A <c>modelResponse</c> carrying a <c>streamErrors</c> array.</summary>
    StreamErrors,
}
