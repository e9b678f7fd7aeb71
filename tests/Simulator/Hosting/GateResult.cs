using Grok2Api.Simulator.Faults;

namespace Grok2Api.Simulator.Hosting;

/// <summary>What <see cref="UpstreamGate"/> decided about a request.</summary>
/// <param name="Handled">True when the response is already written (or the connection dropped): the endpoint must stop.</param>
/// <param name="Token">The caller's SSO token (empty when handled).</param>
/// <param name="StreamFault">A stall, stream-error or mid-stream reset the endpoint must carry out itself.</param>
internal readonly record struct GateResult(bool Handled, string Token, Fault? StreamFault)
{
    public static GateResult Done => new(true, string.Empty, null);
}
