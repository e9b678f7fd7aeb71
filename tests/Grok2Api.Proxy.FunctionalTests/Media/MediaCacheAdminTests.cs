using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests.Media;

/// <summary>
/// The admin cache endpoints on the real gateway (<c>/v1/admin/cache</c>, <c>/cache/files</c>,
/// <c>/cache/files/{type}/{name}</c>, <c>/cache/clear</c>): statistics, newest-first paging with working
/// URLs, deleting one file, clearing one kind, and refusing every name that is not a cached file
/// (traversal, temp and hidden files) without touching anything. Each test gets its own DATA_DIR.
/// </summary>
public sealed class MediaCacheAdminTests : IAsyncLifetime
{
    private const string Secret = "SECRET-outside-the-cache";
    private const string Temp = ".dl-0123456789abcdef.tmp";

    private readonly TempDirectory _data = new();
    private GatewayHost _gateway = null!;
    private AdminClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ImageDirectory => Path.Combine(_data.Path, "tmp", "image");

    private string VideoDirectory => Path.Combine(_data.Path, "tmp", "video");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(ImageDirectory);
        Directory.CreateDirectory(VideoDirectory);
        var start = TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-1);
        for (var i = 0; i < 5; i++)
        {
            // image-0 is the oldest, image-4 the newest; sizes 100, 200, ... bytes.
            Write(ImageDirectory, $"users-u1-generated-i{i}-image.png", 100 * (i + 1), start.AddMinutes(i));
        }

        Write(VideoDirectory, "users-u1-generated-v0-generated_video.mp4", 1000, start);
        Write(VideoDirectory, "users-u1-generated-v1-generated_video.mp4", 2000, start.AddMinutes(10));
        Write(ImageDirectory, Temp, 777, start.AddMinutes(30));
        File.WriteAllText(Path.Combine(ImageDirectory, ".hidden"), Secret);
        File.WriteAllText(Path.Combine(_data.Path, "tmp", "secret.png"), Secret);
        File.WriteAllText(Path.Combine(_data.Path, "secret.png"), Secret);
        _gateway = await GatewayHost.StartAsync(_data.Path, CancellationToken.None);
        _admin = new AdminClient(_gateway.Client);
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Stats_CountCachedFilesOnly()
    {
        var stats = await _admin.JsonAsync(HttpMethod.Get, "/v1/admin/cache", null, Ct);

        Assert.Equal(5, stats.GetProperty("image").GetProperty("count").GetInt64());
        Assert.Equal(1500, stats.GetProperty("image").GetProperty("bytes").GetInt64());
        Assert.Equal(2, stats.GetProperty("video").GetProperty("count").GetInt64());
        Assert.Equal(3000, stats.GetProperty("video").GetProperty("bytes").GetInt64());
        Assert.Equal(1024, stats.GetProperty("limit_mb").GetInt32());
    }

    [Fact]
    public async Task List_NewestFirstPagedWithWorkingUrls()
    {
        var first = await _admin.JsonAsync(HttpMethod.Get, "/v1/admin/cache/files?type=image&page=1&page_size=2", null, Ct);
        var third = await _admin.JsonAsync(HttpMethod.Get, "/v1/admin/cache/files?type=image&page=3&page_size=2", null, Ct);

        Assert.Equal(5, first.GetProperty("total").GetInt32());
        var names = first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Equal(["users-u1-generated-i4-image.png", "users-u1-generated-i3-image.png"], names);
        var last = Assert.Single(third.GetProperty("items").EnumerateArray());
        Assert.Equal("users-u1-generated-i0-image.png", last.GetProperty("name").GetString());
        Assert.Equal("image", last.GetProperty("type").GetString());
        Assert.Equal(100, last.GetProperty("bytes").GetInt64());
        Assert.True(last.GetProperty("modified_at").GetDateTimeOffset() < TimeProvider.System.GetUtcNow());

        var newest = first.GetProperty("items")[0];
        var url = newest.GetProperty("url").GetString()!;
        Assert.Equal("/v1/files/image/users-u1-generated-i4-image.png", url);
        var served = await _gateway.Client.GetByteArrayAsync(new Uri(url, UriKind.Relative), Ct);
        Assert.Equal(File.ReadAllBytes(Path.Combine(ImageDirectory, "users-u1-generated-i4-image.png")), served);
    }

    [Fact]
    public async Task List_WithoutType_HasBothKindsAndNeverTempOrHiddenFiles()
    {
        var all = await _admin.JsonAsync(HttpMethod.Get, "/v1/admin/cache/files?page_size=500", null, Ct);

        Assert.Equal(7, all.GetProperty("total").GetInt32());
        var names = all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Equal("users-u1-generated-v1-generated_video.mp4", names[0]);
        Assert.DoesNotContain(Temp, names);
        Assert.DoesNotContain(".hidden", names);
    }

    [Theory]
    [InlineData("?type=audio")]
    [InlineData("?page=0")]
    [InlineData("?page=x")]
    [InlineData("?page_size=0")]
    [InlineData("?page_size=501")]
    [InlineData("?page_size=-1")]
    public async Task List_BadQuery_Is400(string query)
    {
        using var response = await _admin.SendAsync(HttpMethod.Get, "/v1/admin/cache/files" + query, null, Ct);

        await ProblemAssert.ProblemAsync(response, HttpStatusCode.BadRequest, Ct);
    }

    [Fact]
    public async Task Delete_RemovesTheFileFromDiskAndListThen404()
    {
        const string Name = "users-u1-generated-i2-image.png";
        using var deleted = await _admin.SendAsync(HttpMethod.Delete, "/v1/admin/cache/files/image/" + Name, null, Ct);
        using var again = await _admin.SendAsync(HttpMethod.Delete, "/v1/admin/cache/files/image/" + Name, null, Ct);
        var list = await _admin.JsonAsync(HttpMethod.Get, "/v1/admin/cache/files?type=image", null, Ct);
        using var served = await _gateway.Client.GetAsync(new Uri("/v1/files/image/" + Name, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(File.Exists(Path.Combine(ImageDirectory, Name)));
        await ProblemAssert.ProblemAsync(again, HttpStatusCode.NotFound, Ct);
        Assert.Equal(4, list.GetProperty("total").GetInt32());
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("name").GetString() == Name);
        Assert.Equal(HttpStatusCode.NotFound, served.StatusCode);
    }

    [Theory]
    [InlineData("image/..%2F..%2Fsecret.png")]
    [InlineData("image/..%2F..%2F..%2Fsecret.png")]
    [InlineData("image/%2e%2e%2fsecret.png")]
    [InlineData("image/..%5Csecret.png")]
    [InlineData("image/%2Fetc%2Fpasswd")]
    [InlineData("image/.hidden")]
    [InlineData("image/" + Temp)]
    [InlineData("video/..%2Fimage%2Fusers-u1-generated-i0-image.png")]
    [InlineData("audio/users-u1-generated-i0-image.png")]
    [InlineData("image/users-u1-generated-v0-generated_video.mp4")]
    [InlineData("image/unknown.png")]
    public async Task Delete_NotACachedFile_IsRefusedAndNothingIsDeleted(string target)
    {
        var before = Snapshot();

        using var response = await _admin.SendAsync(HttpMethod.Delete, "/v1/admin/cache/files/" + target, null, Ct);

        Assert.True(
            response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed,
            $"DELETE {target}: {(int)response.StatusCode}");
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Clear_OneKind_LeavesTheOtherAndTempFiles()
    {
        var cleared = await _admin.JsonAsync(HttpMethod.Post, "/v1/admin/cache/clear", new JsonObject { ["type"] = "image" }, Ct);
        var stats = await _admin.JsonAsync(HttpMethod.Get, "/v1/admin/cache", null, Ct);

        Assert.Equal(5, cleared.GetProperty("deleted").GetInt32());
        Assert.Equal(1500, cleared.GetProperty("freed_bytes").GetInt64());
        Assert.Equal(0, stats.GetProperty("image").GetProperty("count").GetInt64());
        Assert.Equal(2, stats.GetProperty("video").GetProperty("count").GetInt64());
        Assert.Equal(3000, stats.GetProperty("video").GetProperty("bytes").GetInt64());
        Assert.True(File.Exists(Path.Combine(ImageDirectory, Temp)), "a file being written is never deleted");
        Assert.True(File.Exists(Path.Combine(ImageDirectory, ".hidden")));
        Assert.True(File.Exists(Path.Combine(_data.Path, "tmp", "secret.png")));
        Assert.Equal(2, Directory.GetFiles(VideoDirectory).Length);
    }

    [Fact]
    public async Task Clear_NamedFiles_DeletesOnlyThoseAndNeverAnUnsafeName()
    {
        var body = new JsonObject
        {
            ["type"] = "image",
            ["names"] = new JsonArray(
                "users-u1-generated-i1-image.png", "users-u1-generated-i3-image.png", "users-u1-generated-i3-image.png",
                "users-u1-generated-v0-generated_video.mp4", "../secret.png", ".hidden", Temp, "missing.png"),
        };

        var cleared = await _admin.JsonAsync(HttpMethod.Post, "/v1/admin/cache/clear", body, Ct);

        Assert.Equal(2, cleared.GetProperty("deleted").GetInt32());
        Assert.Equal(200 + 400, cleared.GetProperty("freed_bytes").GetInt64());
        string[] left = [".hidden", Temp, "users-u1-generated-i0-image.png", "users-u1-generated-i2-image.png", "users-u1-generated-i4-image.png"];
        Assert.Equal(left.Order(StringComparer.Ordinal), Directory.GetFiles(ImageDirectory).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal));
        Assert.Equal(2, Directory.GetFiles(VideoDirectory).Length);
        Assert.True(File.Exists(Path.Combine(_data.Path, "tmp", "secret.png")));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"type\":\"audio\"}")]
    [InlineData("{\"type\":\"image\",\"names\":\"a.png\"}")]
    [InlineData("{\"type\":1}")]
    [InlineData("[]")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Clear_BadBody_Is400AndNothingIsDeleted(string json)
    {
        var before = Snapshot();

        using var response = await _admin.SendRawAsync(HttpMethod.Post, "/v1/admin/cache/clear", json, Ct);

        await ProblemAssert.ProblemAsync(response, HttpStatusCode.BadRequest, Ct);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Clear_NotJson_Is415()
    {
        var before = Snapshot();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/admin/cache/clear", UriKind.Relative))
        {
            Content = new StringContent("type=image", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminClient.DefaultAppKey);

        using var response = await _gateway.Client.SendAsync(request, Ct);

        await ProblemAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, Ct);
        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [InlineData("GET", "/v1/admin/cache")]
    [InlineData("GET", "/v1/admin/cache/files")]
    [InlineData("DELETE", "/v1/admin/cache/files/image/users-u1-generated-i0-image.png")]
    [InlineData("POST", "/v1/admin/cache/clear")]
    public async Task WithoutAuth_Is401AndNothingIsDeleted(string method, string path)
    {
        var before = Snapshot();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method == "POST")
        {
            request.Content = new StringContent("{\"type\":\"image\"}", Encoding.UTF8, "application/json");
        }

        using var response = await _gateway.Client.SendAsync(request, Ct);

        await ProblemAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, Ct);
        Assert.Equal(before, Snapshot());
    }

    private static void Write(string directory, string name, int length, DateTime modified)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, [.. Enumerable.Range(0, length).Select(i => (byte)(i + name.Length))]);
        File.SetLastWriteTimeUtc(path, modified);
    }

    /// <summary>Every file under DATA_DIR (the gateway's own state files aside) with its size.</summary>
    private string Snapshot() => JsonSerializer.Serialize(
        Directory.GetFiles(Path.Combine(_data.Path, "tmp"), "*", SearchOption.AllDirectories)
            .Append(Path.Combine(_data.Path, "secret.png"))
            .Order(StringComparer.Ordinal)
            .Select(path => $"{Path.GetRelativePath(_data.Path, path)}:{new FileInfo(path).Length}"));
}
