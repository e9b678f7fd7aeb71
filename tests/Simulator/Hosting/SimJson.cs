using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.Simulator.Hosting;

/// <summary>JSON settings and writers shared by every endpoint.</summary>
internal static class SimJson
{
    /// <summary>Compact JSON with non-ASCII text written raw as UTF-8, like the real service.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(JsonNode node) => node.ToJsonString(Options);

    public static async Task WriteAsync(HttpContext context, int statusCode, JsonNode body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Serialize(body), Encoding.UTF8, cancellationToken);
    }

    /// <summary>Writes an error in the gRPC-gateway style the service uses: <c>{"error":{"code":c,"message":m,"details":[]}}</c>.</summary>
    public static Task WriteErrorAsync(HttpContext context, int statusCode, int code, string message, CancellationToken cancellationToken) =>
        WriteAsync(context, statusCode, ErrorBodies.Grpc(code, message), cancellationToken);
}
