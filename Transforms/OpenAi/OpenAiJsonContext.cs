using System.Text.Json.Serialization;

namespace Grok2Api.Transforms.OpenAi;

/// <summary>Source-generated JSON metadata of the OpenAI shapes.</summary>
[JsonSerializable(typeof(OpenAiErrorResponse))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelObject))]
public sealed partial class OpenAiJsonContext : JsonSerializerContext;
