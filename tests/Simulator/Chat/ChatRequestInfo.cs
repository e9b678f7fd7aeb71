using System.Text.Json.Nodes;

namespace Grok2Api.Simulator.Chat;

/// <summary>The fields of a conversations/new request the simulator looks at (docs/grok-protocol.md §3.2).</summary>
public sealed record ChatRequestInfo
{
    /// <summary>The SSO token of the caller.</summary>
    public required string Token { get; init; }

    /// <summary>The flattened prompt.</summary>
    public required string Message { get; init; }

    /// <summary>Upstream model name, e.g. <c>grok-4-1-thinking-1129</c>.</summary>
    public required string ModelName { get; init; }

    /// <summary>Upstream model mode, e.g. <c>MODEL_MODE_FAST</c>; null for image edit and video.</summary>
    public string? ModelMode { get; init; }

    /// <summary><c>responseMetadata.modelConfigOverride.reasoningEffort</c>, when sent.</summary>
    public string? ReasoningEffort { get; init; }

    /// <summary>The uploaded file ids.</summary>
    public required IReadOnlyList<string> FileAttachments { get; init; }

    /// <summary>The whole request body.</summary>
    public required JsonObject Body { get; init; }

    /// <summary>
    /// Whether the model "thinks": the mode contains THINKING, EXPERT or HEAVY, or a reasoning effort other
    /// than <c>none</c> was asked for.
    /// </summary>
    public bool IsThinking =>
        (ModelMode is { } mode && (mode.Contains("THINKING", StringComparison.OrdinalIgnoreCase)
            || mode.Contains("EXPERT", StringComparison.OrdinalIgnoreCase)
            || mode.Contains("HEAVY", StringComparison.OrdinalIgnoreCase)))
        || (ReasoningEffort is not null && !string.Equals(ReasoningEffort, "none", StringComparison.OrdinalIgnoreCase));
}
