using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grok2Api.Simulator.FeatureControls;

/// <summary>
/// <c>POST /__sim/feature-controls/refusals</c> with <c>{"token","httpStatus"?,"grpcStatus"?,"grpcMessage"?,"inHeaders"?,"asText"?}</c>
/// makes an account's feature-control calls refused; <c>GET /__sim/feature-controls[?token=]</c> lists the calls (body in base64)
/// and whether NSFW content is on; <c>DELETE /__sim/feature-controls</c> forgets all.
/// </summary>
internal static class FeatureControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state)
    {
        var group = endpoints.MapGroup(UpstreamPaths.ControlPrefix + "/feature-controls");
        group.MapPost("/refusals", (RequestDelegate)(async context =>
        {
            RefusalRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync<RefusalRequest>(context.Request.Body, SimJson.Options, context.RequestAborted);
            }
            catch (JsonException)
            {
                request = null;
            }

            if (request?.Token is not { Length: > 0 } token || request.HttpStatus is not (null or (>= 400 and <= 599)))
            {
                await SimJson.WriteErrorAsync(context, 400, 3, "body must be {\"token\":string,\"httpStatus\"?:400..599,\"grpcStatus\"?:int,\"grpcMessage\"?:string,\"inHeaders\"?:bool,\"asText\"?:bool}", context.RequestAborted);
                return;
            }

            state.FeatureControls.Refuse(token, new FeatureRefusal
            {
                HttpStatus = request.HttpStatus,
                GrpcStatus = request.GrpcStatus ?? 7,
                GrpcMessage = request.GrpcMessage,
                InHeaders = request.InHeaders ?? false,
                AsText = request.AsText ?? false,
            });
            context.Response.StatusCode = 204;
        }));

        group.MapGet("", (RequestDelegate)(context =>
        {
            var token = context.Request.Query["token"].ToString();
            var calls = state.FeatureControls.Calls.Where(c => token.Length == 0 || c.Token == token).Select(c => (JsonNode?)new JsonObject
            {
                ["token"] = c.Token,
                ["bodyBase64"] = Convert.ToBase64String(c.Body),
                ["accepted"] = c.Accepted,
                ["nsfwEnabled"] = state.FeatureControls.IsNsfwEnabled(c.Token),
            });
            return SimJson.WriteAsync(context, 200, new JsonArray([.. calls]), context.RequestAborted);
        }));

        group.MapDelete("", (RequestDelegate)(context =>
        {
            state.FeatureControls.Clear();
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }));
    }

    private sealed record RefusalRequest(string? Token, int? HttpStatus, int? GrpcStatus, string? GrpcMessage, bool? InHeaders, bool? AsText);
}
