using Grok2Api.Storage;

namespace Grok2Api.Proxy.Media;

/// <summary>Where cached media live: <c>DATA_DIR/tmp/image</c> and <c>DATA_DIR/tmp/video</c>, as in the original.</summary>
internal sealed class MediaDirectories(StorageSettings storage)
{
    /// <summary>Prefix of files being written; such names are never served, listed as cached or trimmed.</summary>
    public const string TempPrefix = ".dl-";

    public string Image { get; } = Path.Combine(storage.DataDirectory, "tmp", "image");

    public string Video { get; } = Path.Combine(storage.DataDirectory, "tmp", "video");

    public string Of(MediaKind kind) => kind == MediaKind.Video ? Video : Image;

    /// <summary>The full path of a cached file of that kind (the name must already be safe).</summary>
    public string FileOf(MediaKind kind, string name) => Path.Combine(Of(kind), name);

    /// <summary>A fresh temp file name next to <paramref name="finalPath"/>, so the rename stays on one file system.</summary>
    public static string TempFor(string finalPath) =>
        Path.Combine(Path.GetDirectoryName(finalPath)!, TempPrefix + Guid.NewGuid().ToString("N") + ".tmp");
}
