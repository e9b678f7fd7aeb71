using System.Net;
using System.Text;
using System.Text.Json;
using Grok2Api.AdminApi.Tests.Fakes;
using Grok2Api.Configuration;
using Grok2Api.Tests.Common;
using Grok2Api.TokenPool.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.AdminApi.Tests;

/// <summary>
/// The admin endpoints as <c>MapAdminApi</c> builds them (filters included), over a fake registry,
/// invoked directly with a <see cref="DefaultHttpContext"/>: no server, no routing middleware.
/// </summary>
internal sealed class AdminEndpoints : IAsyncDisposable
{
    public const string AppKey = "unit-admin-key";

    private readonly WebApplication _app;
    private readonly List<RouteEndpoint> _endpoints;

    private AdminEndpoints(WebApplication app, FakeTokenRegistry registry, FakeTimeProvider time, TestOptionsMonitor<AppSection> config)
    {
        _app = app;
        Registry = registry;
        Time = time;
        Config = config;
        _endpoints = [.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()];
    }

    public FakeTokenRegistry Registry { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The <c>[app]</c> section the endpoints read; setting it is a live config edit.</summary>
    public TestOptionsMonitor<AppSection> Config { get; }

    public static AdminEndpoints Create()
    {
        var registry = new FakeTokenRegistry();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var config = new TestOptionsMonitor<AppSection>(new AppSection { AppKey = AppKey });
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ITokenRegistry>(registry);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IOptionsMonitor<AppSection>>(config);
        builder.Services.AddSingleton(new Grok2Api.Storage.StoreHealth("redis", time));
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        builder.Services.AddAdminApi();
        var app = builder.Build();
        app.MapAdminApi();
        return new AdminEndpoints(app, registry, time, config);
    }

    /// <summary>Runs the endpoint mapped at <paramref name="pattern"/> for <paramref name="method"/>.</summary>
    /// <param name="pattern">The route pattern as mapped, e.g. <c>/v1/admin/tokens/{id}</c> (the list route is <c>/v1/admin/tokens/</c>).</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="body">A JSON body, or null.</param>
    /// <param name="setup">Sets headers, query, route values or the connection.</param>
    public async Task<AdminCall> InvokeAsync(string method, string pattern, string? body = null, Action<HttpContext>? setup = null)
    {
        var endpoint = _endpoints.SingleOrDefault(e =>
            e.RoutePattern.RawText == pattern && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method) == true);
        Assert.True(endpoint is not null, $"{method} {pattern} is not mapped; mapped: {string.Join(", ", _endpoints.Select(e => e.RoutePattern.RawText))}");

        var context = new DefaultHttpContext { RequestServices = _app.Services };
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 8000);
        context.Request.Path = pattern;
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Response.Body = new MemoryStream();
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = bytes.Length;
            context.Features.Set<IHttpRequestBodyDetectionFeature>(new RequestHasBody());
        }

        context.Request.Headers.Authorization = "Bearer " + AppKey;
        setup?.Invoke(context);
        await endpoint!.RequestDelegate!(context).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body);
        return new AdminCall(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, await reader.ReadToEndAsync());
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>Servers tell minimal APIs whether a request can have a body; a bare DefaultHttpContext says no.</summary>
    private sealed class RequestHasBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }
}
