using Grok2Api.Transforms.Grok.Video;

namespace Grok2Api.Proxy.Video;

/// <summary>What one video generation needs, fixed before the first account is leased.</summary>
/// <param name="Prompt">The flattened prompt (without the mode flag).</param>
/// <param name="Image">The reference image of an image-to-video request (uploaded again with each account), or null for text-to-video.</param>
/// <param name="Settings">The upstream parameters.</param>
/// <param name="ShowProgress">Whether progress is written to the answer (a chat answer that shows reasoning); it then begins the answer.</param>
/// <param name="Temporary"><c>app.temporary</c>.</param>
/// <param name="DisableMemory"><c>app.disable_memory</c>.</param>
internal sealed record VideoCall(string Prompt, LoadedAttachment? Image, GrokVideoSettings Settings, bool ShowProgress, bool Temporary, bool DisableMemory);
