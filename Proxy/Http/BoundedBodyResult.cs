namespace Grok2Api.Proxy.Http;

/// <summary>What <see cref="BoundedBody"/> read.</summary>
/// <param name="Body">
/// The body, exactly as long as it is; when <paramref name="TooLarge"/>, its first bytes up to the
/// limit, or nothing when a declared length already said it was too large.
/// </param>
/// <param name="TooLarge">Whether the body is longer than the limit.</param>
internal readonly record struct BoundedBodyResult(byte[] Body, bool TooLarge);
