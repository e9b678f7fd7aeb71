using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The <c>[responses]</c> section: the OpenAI Responses API (<c>/v1/responses</c>) and the answers it stores.</summary>
public sealed record ResponsesSection
{
    /// <summary>Days a stored Responses API answer is kept (for <c>previous_response_id</c> and retrieval), 1–3650. Default 30.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; init; } = 30;
}
