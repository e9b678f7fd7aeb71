namespace Grok2Api.Simulator;

/// <summary>Paths of the simulated upstream endpoints; also the keys that restrict faults and count requests.</summary>
public static class UpstreamPaths
{
    /// <summary>POST, the chat / image-edit / video stream (upstream-protocol.md §2).</summary>
    public const string ConversationsNew = "/rest/app-chat/conversations/new";

    /// <summary>POST, the account quota query (upstream-protocol.md §8).</summary>
    public const string RateLimits = "/rest/rate-limits";

    /// <summary>Prefix of the simulator's own control routes (never recorded).</summary>
    public const string ControlPrefix = "/__sim";
}
