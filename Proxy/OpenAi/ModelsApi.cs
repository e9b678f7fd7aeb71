namespace Grok2Api.Proxy.OpenAi;

/// <summary>
/// <c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: the model table, then the operator's aliases
/// in force (<c>[model_alias]</c>, read live), each with <c>alias_of</c> naming its model.
/// </summary>
internal static class ModelsApi
{
    // A fixed creation time (2025-02-15, the release of the model table) so listings are stable.
    private const long Created = 1739577600;
    private const string Owner = "grok2api";

    private static readonly ModelList Catalogue = new([.. GrokModelCatalog.All.Select(ToObject)]);

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/models", (IModelAliasSource aliases) => TypedResults.Json(List(aliases.Current), OpenAiJsonContext.Default.ModelList));
        endpoints.MapGet("/v1/models/{**id}", GetModel);
        return endpoints;
    }

    private static ModelList List(ModelAliases aliases) =>
        aliases.Map.Count == 0
            ? Catalogue
            : new([.. Catalogue.Data, .. aliases.Map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ToAlias(p.Key, p.Value))]);

    private static IResult GetModel(string id, HttpContext context, IModelAliasSource aliases)
    {
        if (GrokModelCatalog.TryGet(id, out var model))
        {
            context.Items[ProxyTelemetry.ModelItemKey] = model.Id;
            return TypedResults.Json(ToObject(model), OpenAiJsonContext.Default.ModelObject);
        }

        if (aliases.Current.TryResolve(id, out model))
        {
            context.Items[ProxyTelemetry.ModelItemKey] = model.Id;
            return TypedResults.Json(ToAlias(id, model.Id), OpenAiJsonContext.Default.ModelObject);
        }

        context.Items[ProxyTelemetry.ModelItemKey] = "unknown";
        return OpenAiErrorWriter.Result(StatusCodes.Status404NotFound, OpenAiErrors.ModelNotFound(id));
    }

    private static ModelObject ToObject(ModelInfo model) => new(model.Id, Created, Owner);

    private static ModelObject ToAlias(string alias, string target) => new(alias, Created, Owner) { AliasOf = target };
}
