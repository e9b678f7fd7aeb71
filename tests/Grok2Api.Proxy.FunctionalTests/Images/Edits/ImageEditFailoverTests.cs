using System.Net;
using System.Text.Json;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Proxy.FunctionalTests.Images.Edits;

/// <summary>
/// The failure matrix of an edit: a 429, 401 or 403 on upload-file, media/post/create or the
/// conversation moves to the next account before any output (the client gets the second account's
/// images, streamed or not), and every lease is completed; a media post that fails for another reason
/// costs only the parent post, whose id then comes from the image's path.
/// </summary>
public sealed class ImageEditFailoverTests
{
    public static TheoryData<string, string> Matrix { get; } = new()
    {
        { UpstreamPaths.UploadFile, "429" },
        { UpstreamPaths.UploadFile, "401" },
        { UpstreamPaths.UploadFile, "403" },
        { UpstreamPaths.MediaPostCreate, "429" },
        { UpstreamPaths.MediaPostCreate, "401" },
        { UpstreamPaths.MediaPostCreate, "403" },
        { UpstreamPaths.ConversationsNew, "429" },
        { UpstreamPaths.ConversationsNew, "401" },
        { UpstreamPaths.ConversationsNew, "403" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task AccountFailure_OnAnyStep_NextAccountAnswers_BeforeAnyOutput_LeasesCompleted(string endpoint, string failure)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        // upload-file and media/post/create retry 401 and 403 on the same account ([retry]); an account that keeps failing moves on.
        env.Simulator.Faults.SetPersistent(first, Fault(failure).OnlyFor(endpoint));

        using var response = await ImageEditKit.PostAsync(env, ImageEditKit.Form("failover", [ImageEditKit.Png()], "image", ("response_format", "b64_json")), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var edit = Assert.Single(env.Simulator.ImageEdits.Received);
        Assert.Equal(second, edit.Token);
        Assert.Equal(Simulator.Assets.AssetStore.DefaultContent(edit.GeneratedImageUrls[0]), body.RootElement.GetProperty("data")[0].GetProperty("b64_json").GetBytesFromBase64());
        await env.SettledAsync(ct);
        var failed = env.View(first);
        Assert.Equal(0, failed.UseCount);
        Assert.Equal(failure == "429" ? TokenStatus.Cooling : TokenStatus.Active, failed.Status);
        var served = env.View(second);
        Assert.Equal(ChatEnvironment.SecondQuota - 4, served.Quota);
        Assert.Equal(4, served.UseCount); // use_count counts quota units, as the original did
    }

    [Theory]
    [InlineData("429")]
    [InlineData("401")]
    public async Task AccountFailure_OnTheConversation_Streamed_OnlyTheSecondAccountsEvents(string failure)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault(failure).OnlyFor(UpstreamPaths.ConversationsNew));

        using var response = await ImageEditKit.PostAsync(
            env, ImageEditKit.Form("failover", [ImageEditKit.Png()], "image", ("stream", "true"), ("n", "2"), ("response_format", "b64_json")), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.Equal(2, text.Split("event: image_edit.completed").Length - 1);
        Assert.DoesNotContain("event: error", text, StringComparison.Ordinal);
        Assert.Equal([first, second], env.Simulator.Requests.Where(r => r.Path == UpstreamPaths.ConversationsNew).Select(r => r.Token));
        await env.SettledAsync(ct);
    }

    [Fact]
    public async Task AccountFailure_OnEveryAccount_ClientGetsTheError_LeasesCompleted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.SetPersistent(null, Simulator.Faults.Fault.RateLimited().OnlyFor(UpstreamPaths.UploadFile));

        using var response = await ImageEditKit.PostAsync(env, ImageEditKit.Form("nobody", [ImageEditKit.Png()]), ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Empty(env.Simulator.ImageEdits.Received);
        await env.SettledAsync(ct);
        Assert.Equal(TokenStatus.Cooling, env.View(first).Status);
        Assert.Equal(TokenStatus.Cooling, env.View(second).Status);
    }

    [Fact]
    public async Task MediaPostServerError_SameAccount_ParentPostIdFromTheUploadPath()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        env.Simulator.Faults.Enqueue(token, Simulator.Faults.Fault.ServerError(500).OnlyFor(UpstreamPaths.MediaPostCreate));

        using var response = await ImageEditKit.PostAsync(env, ImageEditKit.Form("no post", [ImageEditKit.Png()]), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(env.Simulator.MediaPosts.All);
        var upload = Assert.Single(env.Simulator.Uploads.ForToken(token));
        var fileId = upload.FileUri.Split('/')[^2];
        var edit = Assert.Single(env.Simulator.ImageEdits.ForToken(token));
        Assert.Equal(fileId, edit.ParentPostId);
    }

    [Fact]
    public async Task StallBeforeAnyImage_NextAccountAnswers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { StreamTimeout = 1 });
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Simulator.Faults.Fault.Stall(afterLines: 2).OnlyFor(UpstreamPaths.ConversationsNew));

        using var response = await ImageEditKit.PostAsync(env, ImageEditKit.Form("slow", [ImageEditKit.Png()]), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([first, second], env.Simulator.Requests.Where(r => r.Path == UpstreamPaths.ConversationsNew).Select(r => r.Token));
        await env.SettledAsync(ct);
        Assert.Equal(4, env.View(second).UseCount);
        Assert.Equal(0, env.View(first).UseCount);
    }

    [Theory]
    [InlineData(StreamErrorShape.UsageLimit, TokenStatus.Cooling)]
    [InlineData(StreamErrorShape.AntiBot, TokenStatus.Active)]
    public async Task ErrorLineBeforeAnyImage_NextAccountAnswers(StreamErrorShape shape, TokenStatus firstStatus)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Simulator.Faults.Fault.StreamError(shape, afterLines: 3).OnlyFor(UpstreamPaths.ConversationsNew));

        using var response = await ImageEditKit.PostAsync(env, ImageEditKit.Form("error line", [ImageEditKit.Png()]), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([first, second], env.Simulator.Requests.Where(r => r.Path == UpstreamPaths.ConversationsNew).Select(r => r.Token));
        await env.SettledAsync(ct);
        Assert.Equal(firstStatus, env.View(first).Status);
        Assert.Equal(0, env.View(first).UseCount);
    }

    private static Fault Fault(string kind) => kind switch
    {
        "429" => Simulator.Faults.Fault.RateLimited(),
        "401" => Simulator.Faults.Fault.Unauthorized(),
        _ => Simulator.Faults.Fault.CloudflareChallenge(),
    };
}
