namespace Grok2Api.Simulator.Control;

/// <summary>Body of PUT /__sim/accounts/{token}; absent values stay as they are.</summary>
internal sealed record AccountRequest(int? Remaining, int? Total, int? WindowSizeSeconds);
