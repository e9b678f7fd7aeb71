using Grok2Api.Transforms.Buffers;
using Grok2Api.Transforms.OpenAi.Images.Edits;

namespace Grok2Api.Proxy.Images.Edits;

/// <summary>
/// The parts of an edit's multipart form, held for the life of the request: the text fields, and the
/// image files in pooled buffers (returned when the form is disposed, so nothing may read the images
/// after that).
/// </summary>
internal sealed class ImageEditForm : IDisposable
{
    private readonly List<PooledBuffer> _buffers = [];

    /// <summary>The text fields, in order.</summary>
    public List<KeyValuePair<string, string>> Fields { get; } = [];

    /// <summary>The file parts under <c>image</c> or <c>image[]</c>, in order.</summary>
    public List<ImageEditUpload> Files { get; } = [];

    /// <summary>Bytes the files hold.</summary>
    public long FileBytes { get; private set; }

    /// <summary>Adds a file whose bytes are in <paramref name="buffer"/>; the form now owns the buffer.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="buffer">The bytes.</param>
    public void AddFile(string field, PooledBuffer buffer)
    {
        _buffers.Add(buffer);
        Files.Add(new ImageEditUpload(field, buffer.WrittenMemory));
        FileBytes += buffer.Length;
    }

    public void Dispose()
    {
        foreach (var buffer in _buffers)
        {
            buffer.Dispose();
        }

        _buffers.Clear();
    }
}
