using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Simulator.Upload;

/// <summary>
/// POST /rest/app-chat/upload-file (docs/grok-protocol.md §8.1): body
/// <c>{"fileName","fileMimeType","content":&lt;standard base64&gt;}</c>; records the decoded file, makes it
/// downloadable at its <c>fileUri</c> on the assets host, and answers <c>{"fileMetadataId","fileUri"}</c>.
/// A malformed body gets 400; cookie checks and faults apply first.
/// </summary>
internal static class UploadFileEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state)
    {
        endpoints.MapPost(UpstreamPaths.UploadFile, (RequestDelegate)(context =>
            HandleAsync(context, state, context.RequestServices.GetRequiredService<UpstreamGate>())));
        UploadControlEndpoints.Map(endpoints, state);
    }

    private static async Task HandleAsync(HttpContext context, SimulatorState state, UpstreamGate gate)
    {
        using var cts = state.LinkRequest(context);
        var cancellationToken = cts.Token;
        var entry = await gate.EnterSingleResponseAsync(context, cancellationToken);
        if (entry.Handled)
        {
            return;
        }

        var (file, error) = Parse(await RequestBody.ReadAsync(context, cancellationToken));
        if (file is null)
        {
            await SimJson.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorBodies.InvalidArgument(error!), cancellationToken);
            return;
        }

        var fileId = state.Ids.Next();
        var uri = $"users/{SimulatedUsers.IdOf(entry.Token)}/{fileId}/content";
        var upload = new UploadedFile(state.Ids.Next(), uri, entry.Token, file.Value.Name, file.Value.Mime, file.Value.Content, state.Time.GetUtcNow());
        state.Uploads.Add(upload);
        state.Assets.Set(uri, upload.Content, upload.MimeType);
        await SimJson.WriteAsync(
            context, StatusCodes.Status200OK, new JsonObject { ["fileMetadataId"] = upload.FileMetadataId, ["fileUri"] = upload.FileUri }, cancellationToken);
    }

    private static ((string Name, string Mime, byte[] Content)? File, string? Error) Parse(ReadOnlyMemory<byte> body)
    {
        const string Usage = "body must be {\"fileName\":string,\"fileMimeType\":string,\"content\":base64}";
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(body.Span) as JsonObject;
        }
        catch (JsonException e)
        {
            return (null, $"request body is not valid JSON: {e.Message}");
        }

        if (root is null
            || Text(root, "fileName") is not { Length: > 0 } name
            || Text(root, "fileMimeType") is not { Length: > 0 } mime
            || Text(root, "content") is not { Length: > 0 } content)
        {
            return (null, Usage);
        }

        // The client sends plain standard base64: no data: prefix, no whitespace (docs/grok-protocol.md §8.1).
        var buffer = new byte[content.Length];
        if (content.Any(char.IsWhiteSpace) || !Convert.TryFromBase64String(content, buffer, out var written))
        {
            return (null, "content is not standard base64");
        }

        return ((name, mime, buffer[..written]), null);
    }

    private static string? Text(JsonObject root, string name) =>
        root[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
