using Grok2Api.Simulator.Media;

namespace Grok2Api.Simulator.ImageEdit;

/// <summary>
/// Image-edit requests received (oldest first) and the outcomes queued for the next ones; a request without a
/// queued outcome gets <see cref="ImageEditOutcome.TwoImages"/>. Thread-safe.
/// </summary>
public sealed class ImageEditRegistry : MediaLog<ImageEditRequest, ImageEditOutcome>
{
    /// <summary>A snapshot of every image-edit request accepted, oldest first.</summary>
    public IReadOnlyList<ImageEditRequest> Received => Items;

    /// <summary>The requests of one account, oldest first.</summary>
    public IReadOnlyList<ImageEditRequest> ForToken(string token) => [.. Items.Where(r => r.Token == token)];
}
