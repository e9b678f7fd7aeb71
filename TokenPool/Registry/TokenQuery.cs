namespace Grok2Api.TokenPool.Registry;

/// <summary>A filtered, paginated listing request.</summary>
/// <param name="Pool">Only this pool, when set.</param>
/// <param name="Status">Only this status, when set.</param>
/// <param name="Tag">Only tokens carrying this tag, when set; with a leading <c>!</c>, only tokens without it.</param>
/// <param name="Search">Case-insensitive match on the id, the mask or the note, when set.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Items per page.</param>
public sealed record TokenQuery(string? Pool, TokenStatus? Status, string? Tag, string? Search, int Page = 1, int PageSize = 50);
