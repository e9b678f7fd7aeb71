using Grok2Api.Simulator.Faults;

namespace Grok2Api.Simulator.Control;

/// <summary>Body of POST /__sim/faults.</summary>
internal sealed record FaultRequest
{
    /// <summary>The token the fault is for; null or absent means any token.</summary>
    public string? Token { get; init; }

    /// <summary>A <see cref="FaultKind"/> name (case-insensitive) or an alias: 429, 401, 403, 5xx, reset.</summary>
    public string? Kind { get; init; }

    public string? Endpoint { get; init; }

    public int? StatusCode { get; init; }

    public string? RetryAfter { get; init; }

    public string? Body { get; init; }

    public int? AfterLines { get; init; }

    /// <summary>A <see cref="StreamErrorShape"/> name.</summary>
    public string? ErrorShape { get; init; }

    public int? StartDelayMs { get; init; }

    /// <summary>True: applies to every request until reset; false: consumed by one request.</summary>
    public bool Persistent { get; init; }

    public (Fault? Fault, string? Error) ToFault()
    {
        var kind = Kind?.Trim().ToUpperInvariant() switch
        {
            "429" => FaultKind.RateLimited,
            "401" => FaultKind.Unauthorized,
            "403" or "CLOUDFLARE" => FaultKind.CloudflareChallenge,
            "5XX" or "500" or "502" or "503" or "504" => FaultKind.ServerError,
            "RESET" => FaultKind.ConnectionReset,
            null => (FaultKind?)null,
            var other => Enum.TryParse<FaultKind>(other.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var parsed) ? parsed : null,
        };
        if (kind is null)
        {
            return (null, $"unknown fault kind '{Kind}'; use one of {string.Join(", ", Enum.GetNames<FaultKind>())}");
        }

        var shape = StreamErrorShape.AntiBot;
        if (ErrorShape is not null && !Enum.TryParse(ErrorShape, ignoreCase: true, out shape))
        {
            return (null, $"unknown errorShape '{ErrorShape}'; use one of {string.Join(", ", Enum.GetNames<StreamErrorShape>())}");
        }

        var status = StatusCode ?? (int.TryParse(Kind, out var numeric) && numeric >= 500 ? numeric : 503);
        if (kind == FaultKind.ServerError && status is < 500 or > 599)
        {
            return (null, "statusCode must be 5xx");
        }

        return (new Fault
        {
            Kind = kind.Value,
            Endpoint = Endpoint,
            StatusCode = status,
            RetryAfter = RetryAfter,
            Body = Body,
            AfterLines = AfterLines ?? (kind is FaultKind.Stall or FaultKind.StreamError ? 1 : null),
            ErrorShape = shape,
            StartDelay = TimeSpan.FromMilliseconds(StartDelayMs ?? 0),
        }, null);
    }
}
