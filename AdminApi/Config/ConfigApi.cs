using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.AdminApi.Auth;
using Grok2Api.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grok2Api.AdminApi.Config;

/// <summary>
/// The config endpoints of the admin API (docs/compatibility.md §7.2): the effective config with its
/// secrets masked, and a validated, atomic, live edit of it through <see cref="IConfigEditor"/>; the
/// schema the admin app's config page is drawn from (<see cref="ConfigCatalog"/>), and one secret in clear.
/// </summary>
internal static class ConfigApi
{
    /// <summary>The largest edit accepted, in bytes; a config is a few kilobytes.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>The largest reveal request accepted, in bytes: it names one key.</summary>
    private const long RevealMaxBodyBytes = 4 * 1024;

    /// <summary>The errors key of a problem that names no single setting (the stored file, say).</summary>
    private const string WholeConfigKey = "config";

    public static void MapConfigApi(this RouteGroupBuilder group)
    {
        var config = group.MapGroup("/config").AddEndpointFilter<AdminAuthFilter>();
        config.MapGet("", Get);
        config.MapPatch("", PatchAsync).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        config.MapGet("/schema", Schema);
        config.MapPost("/reveal", Reveal).WithMetadata(new RequestSizeLimitAttribute(RevealMaxBodyBytes));
    }

    private static Ok<ConfigSchemaResponse> Schema() => TypedResults.Ok(new ConfigSchemaResponse(ConfigCatalog.Sections));

    /// <summary>
    /// One secret in clear, for the config page's "reveal": only a key the schema marks secret, behind
    /// the same authentication (and cross-site check) as every admin write. The value is never logged.
    /// </summary>
    private static Results<Ok<ConfigRevealResponse>, ValidationProblem> Reveal(ConfigRevealRequest? body, [FromServices] IConfigEditor editor)
    {
        var path = body?.Key;
        var dot = path?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (path is null || dot <= 0 || dot == path.Length - 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["key"] = ["Required: the secret to reveal, as \"section.key\"."],
            });
        }

        var section = path[..dot];
        var key = path[(dot + 1)..];
        if (!ConfigCatalog.IsSecret(section, key))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["key"] = ["Not a secret of the config: only keys the schema marks secret can be revealed."],
            });
        }

        var value = editor.GetEffectiveTree(maskSecrets: false)[section]?[key];
        var text = value is JsonValue scalar && scalar.TryGetValue<string>(out var s) ? s : "";
        return TypedResults.Ok(new ConfigRevealResponse(text));
    }

    private static Ok<JsonObject> Get([FromServices] IConfigEditor editor) => TypedResults.Ok(editor.GetEffectiveTree(maskSecrets: true));

    private static async Task<Results<Ok<JsonObject>, ValidationProblem>> PatchAsync(
        JsonElement? rawBody, [FromServices] IConfigEditor editor, CancellationToken cancellationToken)
    {
        if (!AdminJsonBody.TryRead(rawBody, out var body, out var problem))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [WholeConfigKey] = [problem!] });
        }

        if (body is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [WholeConfigKey] = ["Required: an object of sections, {\"section\":{\"key\":value}}."],
            });
        }

        var shape = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (section, value) in body)
        {
            if (value is not JsonObject)
            {
                shape[section] = ["Must be an object of keys, {\"key\":value}."];
            }
        }

        if (shape.Count > 0)
        {
            return TypedResults.ValidationProblem(shape);
        }

        var result = await editor.PatchAsync(body, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(editor.GetEffectiveTree(maskSecrets: true))
            : TypedResults.ValidationProblem(ToErrors(result.Errors), detail: "Nothing was changed.");
    }

    /// <summary>Groups the editor's problems (<c>section.key: reason</c>) by the setting they name.</summary>
    private static Dictionary<string, string[]> ToErrors(IReadOnlyList<string> problems)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var problem in problems)
        {
            var split = problem.IndexOf(": ", StringComparison.Ordinal);
            var key = split > 0 && !problem.AsSpan(0, split).ContainsAny(" \t\r\n") ? problem[..split] : WholeConfigKey;
            var reason = key == WholeConfigKey ? problem : problem[(split + 2)..];
            if (!errors.TryGetValue(key, out var reasons))
            {
                errors[key] = reasons = [];
            }

            reasons.Add(reason);
        }

        if (errors.Count == 0)
        {
            errors[WholeConfigKey] = ["The change was refused."];
        }

        return errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
    }
}
