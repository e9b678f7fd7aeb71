namespace Grok2Api.Proxy.OpenAi;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: the model table.</summary>
internal static class ModelsApi
{
    // A fixed creation time (2025-02-15, the release of the model table) so listings are stable.
    private const long Created = 1739577600;
    private const string Owner = "grok2api";

    private static readonly ModelList List = new([.. GrokModelCatalog.All.Select(ToObject)]);

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/models", () => TypedResults.Json(List, OpenAiJsonContext.Default.ModelList));
        endpoints.MapGet("/v1/models/{**id}", GetModel);
        return endpoints;
    }

    private static IResult GetModel(string id, HttpContext context)
    {
        context.Items[ProxyTelemetry.ModelItemKey] = GrokModelCatalog.TryGet(id, out var model) ? model.Id : "unknown";
        return model is null
            ? OpenAiErrorWriter.Result(StatusCodes.Status404NotFound, OpenAiErrors.ModelNotFound(id))
            : TypedResults.Json(ToObject(model), OpenAiJsonContext.Default.ModelObject);
    }

    private static ModelObject ToObject(ModelInfo model) => new(model.Id, Created, Owner);
}
