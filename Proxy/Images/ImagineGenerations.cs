using Grok2Api.Transforms.Grok.Imagine;

namespace Grok2Api.Proxy.Images;

/// <summary>
/// Makes the Imagine exchange of a request with the live <c>[image]</c> settings (<c>image.nsfw</c>,
/// the stage thresholds and the three time limits). Thread-safe; one instance serves every request.
/// </summary>
internal sealed class ImagineGenerations(
    IImagineConnector connector,
    IMediaCache cache,
    IOptionsMonitor<ImageSection> settings,
    TimeProvider time,
    ILogger<ImagineExchange> logger)
{
    /// <summary>A generation of <paramref name="prompt"/> as the settings are now.</summary>
    /// <param name="prompt">The prompt.</param>
    /// <param name="options">Count, size, format, stream.</param>
    /// <param name="progress">What is shown of unfinished images.</param>
    public ImagineRequest Request(string prompt, ImageRequestOptions options, ImagineProgress progress)
    {
        var image = settings.CurrentValue;
        return new ImagineRequest(
            prompt,
            options,
            image.Nsfw,
            new ImagineStageThresholds(image.MediumMinBytes, image.FinalMinBytes),
            TimeSpan.FromSeconds(image.Timeout),
            TimeSpan.FromSeconds(image.StreamTimeout),
            TimeSpan.FromSeconds(image.FinalTimeout),
            progress);
    }

    /// <summary>The exchange that runs <paramref name="request"/> once per account tried.</summary>
    /// <param name="request">The generation.</param>
    public IUpstreamExchange Exchange(ImagineRequest request) => new ImagineExchange(request, connector, cache, time, logger);

    /// <summary>The attempt limits: the first data and every silence within <c>image.stream_timeout</c> (<c>image.timeout</c> bounds the whole inside the exchange).</summary>
    /// <param name="request">The generation.</param>
    public static AttemptTimeouts Timeouts(ImagineRequest request) => new(request.Silence, request.Silence);

    /// <summary>
    /// The pipeline plan of <paramref name="request"/>: its exchange and limits, answered through
    /// <paramref name="surface"/>. With <c>image.nsfw</c> on (<c>enable_nsfw</c> sent), accounts tagged
    /// <c>nsfw</c> are tried first.
    /// </summary>
    /// <param name="model">The image model.</param>
    /// <param name="request">The generation.</param>
    /// <param name="surface">The client protocol of the answer.</param>
    public UpstreamPlan Plan(ModelInfo model, ImagineRequest request, IClientSurface surface) =>
        new(model.Id, ModelTokenRequest.For(model, nsfw: request.Nsfw), Exchange(request), surface, Timeouts(request));
}
