using Grok2Api.Proxy.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Proxy.Tests.Observability;

public sealed class RequestLogMiddlewareTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger<RequestLogMiddleware> _logger = new();

    [Fact]
    public async Task Completed_OneLine_WithMethodPathStatusDurationAndTheLeasedTokenId_NeverTheQueryOrHeaders()
    {
        var context = Request("POST", "/v1/chat/completions", "?key=sk-query-secret");
        context.Request.Headers.Authorization = "Bearer sk-header-secret";
        var middleware = new RequestLogMiddleware(
            http =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(1234.5));
                http.Items[RequestLogMiddleware.TokenIdItemKey] = "tok-3f2a";
                http.Response.StatusCode = 200;
                return Task.CompletedTask;
            },
            _time,
            _logger);

        await middleware.InvokeAsync(context);

        var line = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Null(line.Exception);
        Assert.Equal("HTTP POST /v1/chat/completions responded 200 in 1234.5 ms, token tok-3f2a", line.Message);
    }

    [Fact]
    public async Task ServerError_IsAWarning_WithoutATokenWhenNoneWasLeased()
    {
        var context = Request("GET", "/v1/models", "");
        var middleware = new RequestLogMiddleware(http => { http.Response.StatusCode = 503; return Task.CompletedTask; }, _time, _logger);

        await middleware.InvokeAsync(context);

        var line = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Equal("HTTP GET /v1/models responded 503 in 0.0 ms, token -", line.Message);
    }

    [Fact]
    public async Task ClientAbort_IsOneLineWithoutAStack()
    {
        using var aborted = new CancellationTokenSource();
        var context = Request("POST", "/v1/chat/completions", "");
        context.RequestAborted = aborted.Token;
        var middleware = new RequestLogMiddleware(
            async http =>
            {
                await aborted.CancelAsync();
                http.RequestAborted.ThrowIfCancellationRequested();
            },
            _time,
            _logger);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => middleware.InvokeAsync(context));

        var line = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Null(line.Exception);
        Assert.StartsWith("HTTP POST /v1/chat/completions aborted by the client", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EscapedException_IsOneLineNamingIt_WithoutAStack_AndStillPropagates()
    {
        var context = Request("GET", "/x", "");
        var middleware = new RequestLogMiddleware(_ => throw new InvalidOperationException("boom"), _time, _logger);

        await Assert.ThrowsAsync<InvalidOperationException>(() => middleware.InvokeAsync(context));

        var line = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Null(line.Exception);
        Assert.Equal("HTTP GET /x failed with InvalidOperationException after 0.0 ms, token -", line.Message);
    }

    [Fact]
    public async Task ControlCharactersInThePath_CannotForgeASecondLine()
    {
        var context = Request("GET", "/a\nHTTP GET /forged", "");
        var middleware = new RequestLogMiddleware(_ => Task.CompletedTask, _time, _logger);

        await middleware.InvokeAsync(context);

        Assert.DoesNotContain("\n", Assert.Single(_logger.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
    }

    private static DefaultHttpContext Request(string method, string path, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        return context;
    }
}
