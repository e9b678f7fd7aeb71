using System.Globalization;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grok2Api.Simulator.Upload;

/// <summary><c>GET /__sim/uploads[?token=]</c> lists received uploads (content as base64); <c>DELETE /__sim/uploads</c> forgets them.</summary>
internal static class UploadControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state)
    {
        var group = endpoints.MapGroup(UpstreamPaths.ControlPrefix);
        group.MapGet("/uploads", (RequestDelegate)(context =>
        {
            var token = context.Request.Query["token"].ToString();
            var items = state.Uploads.All.Where(f => token.Length == 0 || f.Token == token).Select(View);
            return SimJson.WriteAsync(context, 200, new JsonArray(items.ToArray<JsonNode?>()), context.RequestAborted);
        }));

        group.MapDelete("/uploads", (RequestDelegate)(context =>
        {
            state.Uploads.Clear();
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }));
    }

    private static JsonObject View(UploadedFile file) => new()
    {
        ["fileMetadataId"] = file.FileMetadataId,
        ["fileUri"] = file.FileUri,
        ["token"] = file.Token,
        ["fileName"] = file.FileName,
        ["mimeType"] = file.MimeType,
        ["size"] = file.Content.Length,
        ["contentBase64"] = Convert.ToBase64String(file.Content.Span),
        ["uploadedAt"] = file.UploadedAt.ToString("O", CultureInfo.InvariantCulture),
    };
}
