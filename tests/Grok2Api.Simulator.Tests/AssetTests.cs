using System.Net;
using System.Text;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.Faults;

namespace Grok2Api.Simulator.Tests;

public sealed class AssetTests : SimulatorTestBase
{
    private const string ImagePath = "users/u1/generated/11111111-2222-3333-4444-555555555555/image.jpg";

    private Task<HttpResponseMessage> GetAsync(string path, string? token = Upstream.Token, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", Upstream.Cookie(token));
        }

        return SendAsync(request);
    }

    [Theory]
    [InlineData("/users/u1/generated/abc/image.jpg", "image/jpeg")]
    [InlineData("/users/u1/generated/abc/preview_image.jpg", "image/jpeg")]
    [InlineData("/users/u1/generated/abc/generated_video.mp4", "video/mp4")]
    public async Task Get_GeneratedPath_ServesDeterministicBytes(string path, string contentType)
    {
        using var response = await GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(AssetStore.DefaultContent(path), await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Get_DifferentPaths_ServeDifferentBytes()
    {
        Assert.NotEqual(AssetStore.DefaultContent("users/u/generated/a/image.jpg"), AssetStore.DefaultContent("users/u/generated/b/image.jpg"));

        using var response = await GetAsync("/" + ImagePath + "?cache=1");

        Assert.Equal(AssetStore.DefaultContent(ImagePath), await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Get_WithoutCookie_Returns401()
    {
        using var response = await GetAsync("/" + ImagePath, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/users/u1/generated/abc/other.png")]
    [InlineData("/users/u1/unknown/content")]
    [InlineData("/users")]
    public async Task Get_UnknownPath_Returns404(string path)
    {
        using var response = await GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Set_OverridesContentAndType()
    {
        var bytes = Encoding.UTF8.GetBytes("custom webp");
        Sim.Assets.Set("/" + ImagePath, bytes, "image/webp");

        using var response = await GetAsync("/" + ImagePath);

        Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Redirect_Answers302WithTheTarget()
    {
        Sim.Assets.Redirect(ImagePath, "/users/u1/generated/other/image.jpg");

        using var response = await GetAsync("/" + ImagePath);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/users/u1/generated/other/image.jpg", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Get_FaultForThePath_Applies()
    {
        Sim.Faults.Enqueue(null, Fault.ServerError(502).OnlyFor("/" + ImagePath));

        using var first = await GetAsync("/" + ImagePath);
        using var second = await GetAsync("/" + ImagePath);

        Assert.Equal(HttpStatusCode.BadGateway, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Head_ServesHeadersOnly()
    {
        using var response = await GetAsync("/" + ImagePath, method: HttpMethod.Head);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AssetStore.DefaultContent(ImagePath).Length, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Get_IsRecordedWithTheToken()
    {
        (await GetAsync("/" + ImagePath)).Dispose();

        Assert.Equal(1, Sim.RequestCount(Upstream.Token, "/" + ImagePath));
    }

    [Fact]
    public async Task ControlAssets_SetRedirectAndClear()
    {
        var content = Convert.ToBase64String(Encoding.UTF8.GetBytes("from control"));
        using var set = await SendAsync(Control(HttpMethod.Post, $$"""{"path":"users/u9/f9/content","contentBase64":"{{content}}","contentType":"text/plain"}"""));
        using var redirect = await SendAsync(Control(HttpMethod.Post, """{"path":"users/u9/f8/content","redirectTo":"/users/u9/f9/content"}"""));
        using var bad = await SendAsync(Control(HttpMethod.Post, """{"path":"users/u9/f7/content"}"""));

        using var served = await GetAsync("/users/u9/f9/content");
        using var moved = await GetAsync("/users/u9/f8/content");
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("from control", await served.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Found, moved.StatusCode);

        using var cleared = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/__sim/assets"));
        using var gone = await GetAsync("/users/u9/f9/content");
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static HttpRequestMessage Control(HttpMethod method, string json) =>
        new(method, "/__sim/assets") { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    [Fact]
    public void SimulatedUsers_IdIsStablePerToken()
    {
        Assert.Equal(SimulatedUsers.IdOf("a"), SimulatedUsers.IdOf("a"));
        Assert.NotEqual(SimulatedUsers.IdOf("a"), SimulatedUsers.IdOf("b"));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$", SimulatedUsers.IdOf("a"));
    }

    [Fact]
    public async Task PeakInFlight_CountsRequestsThatOverlap_AndResetStartsAgain()
    {
        Sim.Faults.SetPersistent(null, Fault.Delay(TimeSpan.FromMilliseconds(400)));
        Sim.Assets.ResetPeak();

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => GetAsync($"/users/u1/generated/p{i}/image.jpg")));
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        Assert.Equal(3, Sim.Assets.PeakInFlight);
        Assert.Equal(0, Sim.Assets.InFlight);

        Sim.Assets.ResetPeak();
        using var single = await GetAsync("/" + ImagePath);

        Assert.Equal(1, Sim.Assets.PeakInFlight);
    }
}
