namespace Grok2Api.Simulator.Upload;

/// <summary>Every file upload-file accepted, oldest first, so tests can compare bytes. Thread-safe.</summary>
public sealed class UploadRegistry
{
    private readonly Lock _lock = new();
    private readonly List<UploadedFile> _files = [];

    /// <summary>A snapshot of every upload, oldest first.</summary>
    public IReadOnlyList<UploadedFile> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _files];
            }
        }
    }

    /// <summary>The uploads of one account, oldest first.</summary>
    public IReadOnlyList<UploadedFile> ForToken(string token) => [.. All.Where(f => f.Token == token)];

    /// <summary>The upload with this <c>fileMetadataId</c>, or null.</summary>
    public UploadedFile? Find(string fileMetadataId) => All.FirstOrDefault(f => f.FileMetadataId == fileMetadataId);

    /// <summary>Forgets every upload.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _files.Clear();
        }
    }

    internal void Add(UploadedFile file)
    {
        lock (_lock)
        {
            _files.Add(file);
        }
    }
}
