using Grok2Api.Transforms.Grok.Models;
using Grok2Api.Transforms.Grok.Video;

namespace Grok2Api.Transforms.OpenAi.Videos;

/// <summary>A checked <c>POST /v1/videos</c>: what to generate and what to echo back in the video object.</summary>
/// <param name="Model">The video model of the catalogue.</param>
/// <param name="Prompt">The prompt; empty for an image-to-video request without one.</param>
/// <param name="Settings">The upstream parameters the <c>seconds</c> and <c>size</c> map onto.</param>
/// <param name="Seconds">The <c>seconds</c> of the video object: the length generated.</param>
/// <param name="Size">The <c>size</c> of the video object: as given, or the default's size.</param>
/// <param name="InputReferenceUrl">A reference image as URL or data URI, when given that way.</param>
public sealed record VideoCreateRequest(ModelInfo Model, string Prompt, GrokVideoSettings Settings, string Seconds, string Size, string? InputReferenceUrl);
