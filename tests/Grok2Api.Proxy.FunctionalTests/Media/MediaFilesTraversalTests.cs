using System.Net.Sockets;
using System.Text;

namespace Grok2Api.Proxy.FunctionalTests.Media;

/// <summary>
/// /v1/files refuses every way of naming something outside the cache directory, sent over a raw
/// socket exactly as written (HttpClient would normalise dot segments and some escapes away): encoded
/// and double-encoded dots and slashes, backslashes, absolute paths, NUL, overlong UTF-8, absolute-form
/// targets. Each gets a 400 or 404 (401 where the path normalises into the rest of /v1) and never a byte of the secrets that lie next to the cache.
/// </summary>
public sealed class MediaFilesTraversalTests(MediaFilesFixture fixture) : IClassFixture<MediaFilesFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Targets => new()
    {
        "/v1/files/image/../../config.toml",
        "/v1/files/image/../../../../../../etc/passwd",
        "/v1/files/image/..%2f..%2fconfig.toml",
        "/v1/files/image/..%2F..%2Fconfig.toml",
        "/v1/files/image/%2e%2e/%2e%2e/config.toml",
        "/v1/files/image/%2e%2e%2f%2e%2e%2fconfig.toml",
        "/v1/files/image/.%2e/secret.png",
        "/v1/files/image/%2E%2E%2Fsecret.png",
        "/v1/files/image/%252e%252e%252fsecret.png",
        "/v1/files/image/%252e%252e/%252e%252e/config.toml",
        "/v1/files/image/..%5c..%5cconfig.toml",
        "/v1/files/image/..\\..\\config.toml",
        "/v1/files/image/..%255c..%255cconfig.toml",
        "/v1/files/image//etc/passwd",
        "/v1/files/image/%2fetc%2fpasswd",
        "/v1/files/image/%2Ftmp%2Fsecret.png",
        "/v1/files/image/C:%5Cwindows%5Cwin.ini",
        "/v1/files/image/c:/windows/win.ini",
        "/v1/files/image/secret.png%00.png",
        "/v1/files/image/%00",
        "/v1/files/image/" + MediaFilesFixture.Image + "%00",
        "/v1/files/image/%c0%ae%c0%ae%c0%afsecret.png",
        "/v1/files/image/%c0%ae%c0%ae/config.toml",
        "/v1/files/image/%e0%80%ae%e0%80%ae/config.toml",
        "/v1/files/image/%u002e%u002e%u2215config.toml",
        "/v1/files/image/....//....//config.toml",
        "/v1/files/image/...",
        "/v1/files/image/.secret",
        "/v1/files/image/%2esecret",
        "/v1/files/image/nested%2fsecret.png",
        "/v1/files/image/nested%5csecret.png",
        "/v1/files/video/..%2fimage%2f" + MediaFilesFixture.Image,
        "/v1/files/..%2f..%2fconfig.toml/x",
        "/v1/files/%2e%2e/config.toml",
        "/v1/files/image/%2e%2e%2f%2e%2e%2f%2e%2e%2ftmp%2fsecret.png",
        "/v1/files/image/" + new string('a', 300) + ".png",
        "/v1/files/image/" + string.Concat(Enumerable.Repeat("..%2f", 200)) + "config.toml",
        "http://127.0.0.1/v1/files/image/..%2f..%2fconfig.toml",
        "http://127.0.0.1/v1/files/image/../../config.toml",
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task RawTarget_OutsideTheCache_RefusedWithoutLeakingAByte(string target)
    {
        var (status, response) = await SendRawAsync($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        // 401: a dot-segment form the server normalised out of /v1/files into the API-key protected /v1.
        Assert.True(status is 400 or 401 or 404, $"{target} answered {status}");
        Assert.DoesNotContain(MediaFilesFixture.Secret, response, StringComparison.Ordinal);
        Assert.DoesNotContain(MediaFilesFixture.ApiKey, response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RawTarget_TheCachedFile_IsServed()
    {
        // The same socket path with a good name: the refusals above are not a broken request.
        var (status, response) = await SendRawAsync($"GET /v1/files/image/{MediaFilesFixture.Upload} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, status);
        Assert.Contains("Content-Type: image/jpeg", response, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RawHead_TraversalForm_RefusedToo()
    {
        var (status, _) = await SendRawAsync("HEAD /v1/files/image/..%2f..%2fconfig.toml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        Assert.Equal(404, status);
    }

    private async Task<(int Status, string Response)> SendRawAsync(string request)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new TcpClient();
        var address = fixture.Gateway.BaseAddress;
        await client.ConnectAsync(address.Host, address.Port, ct).AsTask().WaitAsync(Bound, ct);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct).WaitAsync(Bound, ct);
        var response = Encoding.Latin1.GetString(buffer.ToArray());
        // "HTTP/1.1 404 Not Found"
        var parts = response.Split(' ', 3);
        Assert.True(parts.Length >= 2 && int.TryParse(parts[1], out _), $"not an HTTP response: {response[..Math.Min(80, response.Length)]}");
        return (int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), response);
    }
}
