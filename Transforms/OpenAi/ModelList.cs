using System.Text.Json.Serialization;

namespace Grok2Api.Transforms.OpenAi;

/// <summary>The body of <c>GET /v1/models</c>.</summary>
/// <param name="Data">The models.</param>
public sealed record ModelList([property: JsonPropertyName("data")] IReadOnlyList<ModelObject> Data)
{
    /// <summary>Always <c>list</c>.</summary>
    [JsonPropertyName("object")]
    public string Object => "list";
}

/// <summary>One OpenAI model object.</summary>
/// <param name="Id">The public model id.</param>
/// <param name="Created">Unix seconds; a fixed value per model.</param>
/// <param name="OwnedBy">The owner label.</param>
public sealed record ModelObject(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy)
{
    /// <summary>Always <c>model</c>.</summary>
    [JsonPropertyName("object")]
    public string Object => "model";

    /// <summary>For an operator's alias (<c>[model_alias]</c>), the catalogue model it stands for; absent otherwise.</summary>
    [JsonPropertyName("alias_of")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AliasOf { get; init; }
}
