namespace Grok2Api.Simulator.Control;

/// <summary>Body of POST /__sim/chat/scripts: verbatim lines for the next chat of a token (or any).</summary>
internal sealed record ScriptRequest(string? Token, IReadOnlyList<string>? Lines, int? LineDelayMs);
