using System.Text.Json.Serialization;

namespace Grok2Api.Proxy.Media;

/// <summary>Source-generated JSON for the media calls' small bodies.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class MediaJsonContext : JsonSerializerContext;
