using System.Net;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.Chat;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.ImageEdit;

namespace Grok2Api.Simulator.Tests;

public sealed class ImageEditTests : MediaTestBase
{
    /// <summary>Upload, image post, then the edit body naming both, as the gateway sends them.</summary>
    private async Task<(JsonObject Body, string Reference, string PostId)> PrepareAsync(string token = Upstream.Token)
    {
        var reference = AssetUrl(await UploadAsync(token));
        var postId = await CreatePostAsync(new JsonObject { ["mediaType"] = "MEDIA_POST_TYPE_IMAGE", ["mediaUrl"] = reference }, token);
        return (Upstream.ImageEditBody("make it blue", [reference], postId), reference, postId);
    }

    private static string? FinalUrl(JsonObject response) =>
        response["streamingImageGenerationResponse"] is JsonObject image && image["isFinal"]!.GetValue<bool>()
            ? image["imageUrl"]?.GetValue<string>()
            : null;

    [Fact]
    public async Task Edit_Default_StreamsProgressThenTwoGeneratedImages()
    {
        var (body, _, _) = await PrepareAsync();

        var responses = Responses(await ChatLinesAsync(body));

        var progress = responses.Select(r => r["streamingImageGenerationResponse"]).OfType<JsonObject>().ToList();
        Assert.Equal([0, 1], progress.Select(p => p["imageIndex"]!.GetValue<int>()).Distinct().Order());
        Assert.Equal([5, 50, 100], progress.Where(p => p["imageIndex"]!.GetValue<int>() == 0).Select(p => p["progress"]!.GetValue<int>()));
        var urls = responses.Single(r => r.ContainsKey("modelResponse"))["modelResponse"]!["generatedImageUrls"]!.AsArray()
            .Select(u => u!.GetValue<string>()).ToList();
        Assert.Equal(2, urls.Count);
        Assert.All(urls, u => Assert.Matches($"^users/{SimulatedUsers.IdOf(Upstream.Token)}/generated/[0-9a-f-]+/image.jpg$", u));
        Assert.Equal(urls, responses.Select(FinalUrl).OfType<string>());
        Assert.NotNull(responses.Last()["finalMetadata"]);
    }

    [Fact]
    public async Task Edit_GeneratedImages_AreServedWithDistinctDeterministicBytes()
    {
        var (body, _, _) = await PrepareAsync();
        await ChatLinesAsync(body);
        var urls = Assert.Single(Sim.ImageEdits.Received).GeneratedImageUrls;

        var first = await DownloadAsync(urls[0]);
        var second = await DownloadAsync(urls[1]);

        Assert.Equal(AssetStore.DefaultContent(urls[0]), first);
        Assert.Equal(AssetStore.DefaultContent(urls[1]), second);
        Assert.NotEqual(first, second);
        Assert.Equal([0xFF, 0xD8, 0xFF], first[..3]);
    }

    [Fact]
    public async Task Edit_IsRecordedWithWhatWasReceived()
    {
        var (body, reference, postId) = await PrepareAsync();

        await ChatLinesAsync(body);

        var edit = Assert.Single(Sim.ImageEdits.Received);
        Assert.Equal(Upstream.Token, edit.Token);
        Assert.Equal("make it blue", edit.Prompt);
        Assert.Equal([reference], edit.ImageReferences);
        Assert.Equal(postId, edit.ParentPostId);
        Assert.Equal("imagine", edit.ImageEditModel);
        Assert.Equal(ImageEditOutcome.TwoImages, edit.Outcome);
        Assert.Single(Sim.ImageEdits.ForToken(Upstream.Token));
        Assert.Empty(Sim.ImageEdits.ForToken(Upstream.OtherToken));
    }

    [Fact]
    public async Task Edit_WithoutParentPostAndWithGeneratedReference_IsAccepted()
    {
        var body = Upstream.ImageEditBody("again", [AssetUrl("users/u1/generated/abc/image.jpg")], parentPostId: null);

        await ChatLinesAsync(body);

        Assert.Null(Assert.Single(Sim.ImageEdits.Received).ParentPostId);
    }

    [Fact]
    public async Task Edit_OneImageOutcome_ListsOneImage()
    {
        var (body, _, _) = await PrepareAsync();
        Sim.ImageEdits.Enqueue(Upstream.Token, ImageEditOutcome.OneImage);

        var responses = Responses(await ChatLinesAsync(body));

        Assert.Single(responses.Single(r => r.ContainsKey("modelResponse"))["modelResponse"]!["generatedImageUrls"]!.AsArray());
        Assert.All(responses.Select(r => r["streamingImageGenerationResponse"]).OfType<JsonObject>(), p => Assert.Equal(0, p["imageIndex"]!.GetValue<int>()));
        Assert.Equal(0, Sim.ImageEdits.PendingCount);
    }

    [Fact]
    public async Task Edit_ModeratedOutcome_EndsModeratedWithoutImages()
    {
        var (body, _, _) = await PrepareAsync();
        Sim.ImageEdits.Enqueue(null, ImageEditOutcome.Moderated);

        var responses = Responses(await ChatLinesAsync(body));

        var last = responses.Select(r => r["streamingImageGenerationResponse"]).OfType<JsonObject>().Last();
        Assert.True(last["moderated"]!.GetValue<bool>());
        Assert.Null(last["imageUrl"]);
        Assert.Empty(responses.Single(r => r.ContainsKey("modelResponse"))["modelResponse"]!["generatedImageUrls"]!.AsArray());
        Assert.Empty(Assert.Single(Sim.ImageEdits.Received).GeneratedImageUrls);
    }

    [Fact]
    public async Task Edit_QueuedOutcomeForAnotherToken_IsNotUsed()
    {
        var (body, _, _) = await PrepareAsync();
        Sim.ImageEdits.Enqueue(Upstream.OtherToken, ImageEditOutcome.Moderated);

        await ChatLinesAsync(body);

        Assert.Equal(ImageEditOutcome.TwoImages, Assert.Single(Sim.ImageEdits.Received).Outcome);
        Assert.Equal(1, Sim.ImageEdits.PendingCount);
    }

    public static TheoryData<string> BadEdits => new()
    {
        "imageGen missing",
        "fileAttachments not empty",
        "no modelMap",
        "references empty",
        "reference not a string",
        "reference relative",
        "reference unknown",
        "parentPostId empty",
    };

    [Theory]
    [MemberData(nameof(BadEdits))]
    public async Task Edit_BadBody_Returns400AndRecordsNothing(string defect)
    {
        var (body, reference, _) = await PrepareAsync();
        var config = body["responseMetadata"]!["modelConfigOverride"]!["modelMap"]!["imageEditModelConfig"]!.AsObject();
        switch (defect)
        {
            case "imageGen missing": body["toolOverrides"] = new JsonObject(); break;
            case "fileAttachments not empty": body["fileAttachments"] = new JsonArray("file-1"); break;
            case "no modelMap": body["responseMetadata"]!["modelConfigOverride"] = new JsonObject { ["temperature"] = 0.8 }; break;
            case "references empty": config["imageReferences"] = new JsonArray(); break;
            case "reference not a string": config["imageReferences"] = new JsonArray(5); break;
            case "reference relative": config["imageReferences"] = new JsonArray(new Uri(reference).AbsolutePath); break;
            case "reference unknown": config["imageReferences"] = new JsonArray(AssetUrl("users/u1/nothing-here/content")); break;
            default: config["parentPostId"] = string.Empty; break;
        }

        await AssertRefusedAsync(body);

        Assert.Empty(Sim.ImageEdits.Received);
        Assert.Equal(80, Sim.Accounts.Get(Upstream.Token)?.Remaining ?? 80);
    }

    [Fact]
    public async Task Edit_QueuedChatScript_TakesPrecedenceButTheEditIsRecorded()
    {
        var (body, _, _) = await PrepareAsync();
        Sim.Chat.Enqueue(null, new ChatScript(ChatLine.ModelResponse(string.Empty, "users/u/generated/scripted/image.jpg")));

        var responses = Responses(await ChatLinesAsync(body));

        Assert.Equal("users/u/generated/scripted/image.jpg", Assert.Single(responses)["modelResponse"]!["generatedImageUrls"]![0]!.GetValue<string>());
        Assert.Single(Sim.ImageEdits.Received);
    }

    [Fact]
    public async Task Edit_FaultsForConversations_Apply()
    {
        var (body, _, _) = await PrepareAsync();
        Sim.Faults.Enqueue(Upstream.Token, Fault.Unauthorized().OnlyFor(UpstreamPaths.ConversationsNew));
        Sim.Faults.Enqueue(Upstream.Token, Fault.StreamError(StreamErrorShape.StreamErrors, afterLines: 3).OnlyFor(UpstreamPaths.ConversationsNew));

        using var unauthorized = await SendAsync(Upstream.Chat(Upstream.Token, body));
        var broken = await ChatLinesAsync(body);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(4, broken.Count);
        Assert.NotNull(broken[2]["result"]!["response"]!["streamingImageGenerationResponse"]);
        Assert.NotNull(broken[3]["result"]!["response"]!["modelResponse"]!["streamErrors"]);
    }

    [Fact]
    public async Task Edit_StallFault_StopsAfterTheProgressLines()
    {
        var (body, _, _) = await PrepareAsync();
        Sim.Faults.Enqueue(Upstream.Token, Fault.Stall(afterLines: 3).OnlyFor(UpstreamPaths.ConversationsNew));
        using var response = await SendAsync(Upstream.Chat(Upstream.Token, body));
        using var ndjson = await Ndjson.OpenAsync(response, Ct);

        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await ndjson.ReadLineAsync(Bound, Ct));
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ndjson.ReadLineAsync(TimeSpan.FromMilliseconds(300), Ct));
    }

    [Fact]
    public async Task ControlImageEdits_QueuesOutcomesListsAndClears()
    {
        var (body, _, _) = await PrepareAsync();
        using var queued = await ControlAsync(HttpMethod.Post, "/__sim/image-edits/outcomes", """{"token":"tok-alpha","outcome":"one-image"}""");
        using var bad = await ControlAsync(HttpMethod.Post, "/__sim/image-edits/outcomes", """{"outcome":"three-images"}""");
        await ChatLinesAsync(body);

        using var listed = await ControlAsync(HttpMethod.Get, "/__sim/image-edits?token=tok-alpha");
        var item = Assert.Single(JsonNode.Parse(await listed.Content.ReadAsStringAsync(Ct))!.AsArray())!;
        using var cleared = await ControlAsync(HttpMethod.Delete, "/__sim/image-edits");

        Assert.Equal(HttpStatusCode.NoContent, queued.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("OneImage", item["outcome"]!.GetValue<string>());
        Assert.Equal("make it blue", item["prompt"]!.GetValue<string>());
        Assert.Single(item["generatedImageUrls"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Empty(Sim.ImageEdits.Received);
    }
}
