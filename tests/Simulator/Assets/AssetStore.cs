using System.Text;
using Grok2Api.Simulator.Hosting;

namespace Grok2Api.Simulator.Assets;

/// <summary>
/// The simulated assets host (docs/grok-protocol.md §11.3). Generated paths
/// (<c>users/&lt;uid&gt;/generated/&lt;id&gt;/image.jpg</c>, <c>…/generated_video.mp4</c>, the upscaled
/// <c>…/generated_video_hd.mp4</c>, <c>…/preview_image.jpg</c>) answer deterministic bytes (<see cref="DefaultContent"/>); uploads
/// (<c>users/&lt;uid&gt;/&lt;fileId&gt;/content</c>) answer what was uploaded; tests override any path with
/// <see cref="Set"/> or make it redirect with <see cref="Redirect"/>. Paths are compared without the
/// leading slash and without a query. Thread-safe.
/// </summary>
public sealed class AssetStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SimulatedAsset> _entries = new(StringComparer.Ordinal);
    private readonly InFlightCounter _requests = new();

    /// <summary>Asset requests received whose answer has not started yet (a start-delay fault included).</summary>
    public int InFlight => _requests.InFlight;

    /// <summary>The most asset requests answered at the same time since the start or <see cref="ResetPeak"/>.</summary>
    public int PeakInFlight => _requests.PeakInFlight;

    /// <summary>Starts counting <see cref="PeakInFlight"/> again from the requests in flight now.</summary>
    public void ResetPeak() => _requests.ResetPeak();

    /// <summary>Serves <paramref name="content"/> with <paramref name="contentType"/> at <paramref name="path"/> until <see cref="Clear"/>.</summary>
    public void Set(string path, ReadOnlyMemory<byte> content, string contentType)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        Put(path, new SimulatedAsset(content.ToArray(), contentType));
    }

    /// <summary>Answers <paramref name="path"/> with a 302 to <paramref name="target"/> (a simulator path such as <c>/users/…</c> or an absolute URL).</summary>
    public void Redirect(string path, string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        Put(path, new SimulatedAsset(ReadOnlyMemory<byte>.Empty, "text/plain", target));
    }

    /// <summary>Makes <paramref name="path"/> answer 404 again (generated paths fall back to their default bytes).</summary>
    public void Remove(string path)
    {
        lock (_lock)
        {
            _entries.Remove(Normalize(path));
        }
    }

    /// <summary>Forgets every override and upload.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }

    /// <summary>What <paramref name="path"/> answers, or null for 404.</summary>
    public SimulatedAsset? Find(string path)
    {
        var key = Normalize(path);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                return entry;
            }
        }

        return DefaultContentType(key) is { } type ? new SimulatedAsset(DefaultContent(key), type) : null;
    }

    /// <summary>
    /// The bytes a generated path answers when not overridden: a JPEG or MP4 signature, the path in
    /// UTF-8 and a trailer, so each path has its own content.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not a generated asset path.</exception>
    public static byte[] DefaultContent(string path)
    {
        var key = Normalize(path);
        var type = DefaultContentType(key) ?? throw new ArgumentException("Not a generated asset path.", nameof(path));
        byte[] head = type == "video/mp4"
            ? [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2']
            : [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0];
        byte[] tail = type == "video/mp4" ? [0, 0, 0, 8, (byte)'f', (byte)'r', (byte)'e', (byte)'e'] : [0xFF, 0xD9];
        return [.. head, .. Encoding.UTF8.GetBytes(key), .. tail];
    }

    /// <summary>Counts one asset request in flight until the result is disposed.</summary>
    internal IDisposable Enter() => _requests.Enter();

    internal static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var end = path.IndexOfAny(['?', '#']);
        return (end < 0 ? path : path[..end]).TrimStart('/');
    }

    private void Put(string path, SimulatedAsset asset)
    {
        var key = Normalize(path);
        ArgumentException.ThrowIfNullOrEmpty(key, nameof(path));
        lock (_lock)
        {
            _entries[key] = asset;
        }
    }

    /// <summary><c>users/&lt;uid&gt;/generated/&lt;id&gt;/&lt;file&gt;</c> with a known file name.</summary>
    private static string? DefaultContentType(string key)
    {
        var parts = key.Split('/');
        if (parts is not ["users", { Length: > 0 }, "generated", { Length: > 0 }, var file])
        {
            return null;
        }

        return file switch
        {
            "image.jpg" or "preview_image.jpg" => "image/jpeg",
            "generated_video.mp4" or "generated_video_hd.mp4" => "video/mp4",
            _ => null,
        };
    }
}
