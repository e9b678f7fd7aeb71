using System.Text;
using System.Text.Json;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Videos;

namespace Grok2Api.Transforms.Tests.OpenAi.Videos;

/// <summary>app.video_format renderings and the OpenAI video object shapes.</summary>
public sealed class VideoRenderingTests
{
    [Fact]
    public void Html_HasThePosterAndEscapesTheUrls()
    {
        Assert.Equal(
            "<video id=\"video\" controls preload=\"none\" poster=\"http://h/p.jpg?a=1&amp;b=2\"><source id=\"mp4\" src=\"http://h/v.mp4?&quot;x\" type=\"video/mp4\"></video>",
            VideoRendering.Render("html", "http://h/v.mp4?\"x", "http://h/p.jpg?a=1&b=2"));
        Assert.DoesNotContain("poster", VideoRendering.Render("html", "http://h/v.mp4", null), StringComparison.Ordinal);
    }

    [Fact]
    public void UrlAndMarkdown()
    {
        Assert.Equal("http://h/v.mp4", VideoRendering.Render("url", "http://h/v.mp4", "p"));
        Assert.Equal("[video](http://h/v.mp4)", VideoRendering.Render("markdown", "http://h/v.mp4", "p"));
    }

    [Fact]
    public void VideoObject_ListAndDeletion_HaveTheOpenAiShape()
    {
        var failed = new VideoJobView("video_1", "grok-imagine-1.0-video", "p", "6", "720x480", VideoJobStatus.Failed, 25, 100, 110, 3710,
            new OpenAiError("blocked", OpenAiErrorTypes.InvalidRequest, null, "content_policy_violation"));
        using var video = JsonDocument.Parse(VideoJsonWriter.Video(failed));
        var root = video.RootElement;
        Assert.Equal(("video", "failed", 25, "6", "720x480"), (root.GetProperty("object").GetString(), root.GetProperty("status").GetString(), root.GetProperty("progress").GetInt32(), root.GetProperty("seconds").GetString(), root.GetProperty("size").GetString()));
        Assert.Equal((100L, 110L, 3710L), (root.GetProperty("created_at").GetInt64(), root.GetProperty("completed_at").GetInt64(), root.GetProperty("expires_at").GetInt64()));
        Assert.Equal("content_policy_violation", root.GetProperty("error").GetProperty("code").GetString());

        var queued = failed with { Id = "video_2", Status = VideoJobStatus.Queued, CompletedAt = null, ExpiresAt = null, Error = null };
        using var list = JsonDocument.Parse(VideoJsonWriter.List([queued, failed], hasMore: true));
        Assert.Equal(("list", "video_2", "video_1", true), (list.RootElement.GetProperty("object").GetString(), list.RootElement.GetProperty("first_id").GetString(), list.RootElement.GetProperty("last_id").GetString(), list.RootElement.GetProperty("has_more").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, list.RootElement.GetProperty("data")[0].GetProperty("error").ValueKind);
        Assert.Equal("queued", list.RootElement.GetProperty("data")[0].GetProperty("status").GetString());

        Assert.Equal("""{"id":"video_1","object":"video.deleted","deleted":true}""", Encoding.UTF8.GetString(VideoJsonWriter.Deleted("video_1")));
    }
}
