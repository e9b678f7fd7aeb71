using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>
/// The request log of the gateway process as operators run it, at the default LOG_LEVEL: one line per
/// request on standard output (and in the log file when it is enabled) with method, path, status and
/// duration, never a query value or a key; an expected failure is one line without a stack trace.
/// </summary>
public sealed partial class RequestLogTests
{
    private const string ApiKey = "sk-request-log-key-5f1d2c";
    private const string QuerySecret = "query-secret-9a8b7c";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task EachRequest_IsOneLineOnStandardOutputAndInTheFile_WithMethodPathStatusDuration_NoQueryNoKey()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, $"[app]\napi_key = \"{ApiKey}\"\n");
        await using var gateway = await GatewayProcess.StartAsync(data.Path, ["--LOG_FILE_ENABLED=true"], ct);
        using var client = gateway.CreateClient();

        using (var health = await client.GetAsync(new Uri($"/health?key={QuerySecret}", UriKind.Relative), ct))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        string modelsRequestId;
        using (var models = new HttpRequestMessage(HttpMethod.Get, "/v1/models"))
        {
            models.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
            using var response = await client.SendAsync(models, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            modelsRequestId = Assert.Single(response.Headers.GetValues("x-request-id"));
        }

        using (var refused = await client.GetAsync(new Uri($"/v1/models?api_key={ApiKey}&key={QuerySecret}", UriKind.Relative), ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var output = await gateway.WaitForOutputAsync(lines => RequestLines(lines).Count >= 3, Bound, ct);

        var requests = RequestLines(output);
        Assert.Collection(
            requests,
            line => AssertLine(line, "GET", "/health", 200),
            line => AssertLine(line, "GET", "/v1/models", 200),
            line => AssertLine(line, "GET", "/v1/models", 401));
        AssertNoSecret(output);

        var file = await ReadLogFileAsync(data.Path, ct);
        Assert.Equal(3, Regex.Matches(file, "\"@mt\":\"HTTP \\{Method\\} \\{Path\\} responded").Count);
        Assert.Contains("\"Path\":\"/health\"", file, StringComparison.Ordinal);

        // Without tracing, the x-request-id a client got is the RequestId of that request's line in the file.
        Assert.Contains($"\"RequestId\":\"{modelsRequestId}\"", file, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, file, StringComparison.Ordinal);
        Assert.DoesNotContain(QuerySecret, file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedAttachmentFetch_IsOneLineWithoutAStackTrace_AndTheRequestOneMore()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, $"[app]\napi_key = \"{ApiKey}\"\n\n[asset]\nfetch_allow = [\"127.0.0.1\"]\n");
        await using var gateway = await GatewayProcess.StartAsync(data.Path, ["--LOG_FILE_ENABLED=false"], ct);
        using var client = gateway.CreateClient();
        var closedPort = ClosedPort();
        var body = ChatBodies.WithImage("grok-3", "look", $"http://127.0.0.1:{closedPort}/x.png?sig={QuerySecret}");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("attachment_fetch_failed", JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["error"]!["code"]!.GetValue<string>());
        var output = await gateway.WaitForOutputAsync(lines => RequestLines(lines).Count >= 1, Bound, ct);

        var failure = Assert.Single(output, line => line.Contains("could not be fetched", StringComparison.Ordinal));
        Assert.Contains("messages[0].content[1].image_url.url", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(output, line => StackFrame().IsMatch(line) || line.Contains("Exception:", StringComparison.Ordinal));
        AssertLine(Assert.Single(RequestLines(output)), "POST", "/v1/chat/completions", 400);
        AssertNoSecret(output);
    }

    private static List<Match> RequestLines(IReadOnlyList<string> output) =>
        [.. output.Where(line => line.Contains("RequestLogMiddleware", StringComparison.Ordinal)).Select(line => RequestLine().Match(line))];

    private static void AssertLine(Match line, string method, string path, int status)
    {
        Assert.True(line.Success, $"not a request log line: {line.Value}");
        Assert.Equal(method, line.Groups["method"].Value);
        Assert.Equal(path, line.Groups["path"].Value);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), line.Groups["status"].Value);
    }

    private static void AssertNoSecret(IReadOnlyList<string> output)
    {
        Assert.DoesNotContain(output, line => line.Contains(ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(output, line => line.Contains(QuerySecret, StringComparison.Ordinal));
        Assert.DoesNotContain(RequestLines(output), line => line.Value.Contains('?', StringComparison.Ordinal));
    }

    private static async Task<string> ReadLogFileAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var logs = Path.Combine(dataDirectory, "logs");
        var text = new StringBuilder();
        foreach (var path in Directory.GetFiles(logs, "grok2api-*.log"))
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text.Append(await reader.ReadToEndAsync(cancellationToken));
        }

        return text.ToString();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [GeneratedRegex(@"^\[[0-9: -]{19} (?:INF|WRN)\] Grok2Api\.Proxy\.Observability\.RequestLogMiddleware: HTTP (?<method>[A-Z]+) (?<path>\S+) responded (?<status>\d{3}) in \d+\.\d ms, token (?<token>\S+)$")]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"^\s+at \S")]
    private static partial Regex StackFrame();
}
