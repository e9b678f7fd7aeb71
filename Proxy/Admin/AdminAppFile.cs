namespace Grok2Api.Proxy.Admin;

/// <summary>One file of the admin app, held in memory.</summary>
/// <param name="Content">The bytes.</param>
/// <param name="ContentType">The media type it is served with.</param>
/// <param name="ETag">A strong entity tag from the content's hash.</param>
/// <param name="Immutable">Whether the name carries a content hash (Vite's assets/), so browsers may keep it for a year.</param>
internal sealed record AdminAppFile(ReadOnlyMemory<byte> Content, string ContentType, string ETag, bool Immutable);
