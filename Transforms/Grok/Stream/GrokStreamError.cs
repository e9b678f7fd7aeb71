namespace Grok2Api.Transforms.Grok.Stream;

/// <summary>An error carried by an upstream chat line.</summary>
/// <param name="Kind">What it means for the account and the retry.</param>
/// <param name="Message">
/// A short message safe to show a client: the upstream's own message with control characters
/// removed, at most <see cref="GrokStreamErrors.MaxMessageLength"/> characters; never the raw line.
/// </param>
public sealed record GrokStreamError(GrokStreamErrorKind Kind, string Message);
