namespace Grok2Api.Proxy.Media;

/// <summary>The two media caches.</summary>
internal enum MediaKind
{
    /// <summary><c>DATA_DIR/tmp/image</c>, served at <c>/v1/files/image/</c>.</summary>
    Image,

    /// <summary><c>DATA_DIR/tmp/video</c>, served at <c>/v1/files/video/</c>.</summary>
    Video,
}
