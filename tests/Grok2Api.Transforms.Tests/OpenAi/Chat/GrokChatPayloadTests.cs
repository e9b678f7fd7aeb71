using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Transforms.Grok.Chat;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

// Lives with the request-side tests of OpenAi/Chat: the payload is the last step of the chat request translation.
public sealed class GrokChatPayloadTests
{
    private static readonly GrokChatPayloadOptions Chat = new()
    {
        Message = "hi",
        ModelName = "grok-4-1-thinking-1129",
        ModelMode = "MODEL_MODE_FAST",
    };

    [Fact]
    public void Build_Chat_FieldOrderOfProtocol()
    {
        using var payload = Parse(GrokChatPayload.Build(Chat));
        var root = payload.RootElement;

        Assert.Equal(
            [
                "deviceEnvInfo", "disableMemory", "disableSearch", "disableSelfHarmShortCircuit", "disableTextFollowUps",
                "enableImageGeneration", "enableImageStreaming", "enableSideBySide", "fileAttachments", "forceConcise",
                "forceSideBySide", "imageAttachments", "imageGenerationCount", "isAsyncChat", "isReasoning", "message",
                "modelMode", "modelName", "responseMetadata", "returnImageBytes", "returnRawGrokInXaiRequest",
                "sendFinalMetadata", "temporary", "toolOverrides",
            ],
            Names(root));
        Assert.Equal(
            ["darkModeEnabled", "devicePixelRatio", "screenWidth", "screenHeight", "viewportWidth", "viewportHeight"],
            Names(root.GetProperty("deviceEnvInfo")));
        Assert.Equal(["requestModelDetails", "modelConfigOverride"], Names(root.GetProperty("responseMetadata")));
        Assert.Equal(["temperature", "topP"], Names(root.GetProperty("responseMetadata").GetProperty("modelConfigOverride")));
    }

    [Fact]
    public void Build_Chat_ExactCompactBody()
    {
        var body = Encoding.UTF8.GetString(GrokChatPayload.Build(Chat));

        Assert.Equal(
            """{"deviceEnvInfo":{"darkModeEnabled":false,"devicePixelRatio":2,"screenWidth":2056,"screenHeight":1329,"viewportWidth":2056,"viewportHeight":1083},"disableMemory":true,"disableSearch":false,"disableSelfHarmShortCircuit":false,"disableTextFollowUps":false,"enableImageGeneration":true,"enableImageStreaming":true,"enableSideBySide":true,"fileAttachments":[],"forceConcise":false,"forceSideBySide":false,"imageAttachments":[],"imageGenerationCount":2,"isAsyncChat":false,"isReasoning":false,"message":"hi","modelMode":"MODEL_MODE_FAST","modelName":"grok-4-1-thinking-1129","responseMetadata":{"requestModelDetails":{"modelId":"grok-4-1-thinking-1129"},"modelConfigOverride":{"temperature":0.8,"topP":0.95}},"returnImageBytes":false,"returnRawGrokInXaiRequest":false,"sendFinalMetadata":true,"temporary":true,"toolOverrides":{}}""",
            body);
    }

    [Theory]
    [InlineData(null, null, "0.8", "0.95")]
    [InlineData(0.7, 0.5, "0.7", "0.5")]
    [InlineData(0.0, 0.0, "0", "0")]
    [InlineData(2.0, 1.0, "2", "1")]
    [InlineData(0.3, 0.9, "0.3", "0.9")]
    [InlineData(1.1, 0.95, "1.1", "0.95")]
    public void Build_Sampling_WrittenShortest(double? temperature, double? topP, string expectedTemperature, string expectedTopP)
    {
        using var payload = Parse(GrokChatPayload.Build(Chat with { Temperature = temperature, TopP = topP }));
        var overrides = payload.RootElement.GetProperty("responseMetadata").GetProperty("modelConfigOverride");

        Assert.Equal(expectedTemperature, overrides.GetProperty("temperature").GetRawText());
        Assert.Equal(expectedTopP, overrides.GetProperty("topP").GetRawText());
    }

    [Theory]
    [InlineData("none")]
    [InlineData("high")]
    [InlineData("xhigh")]
    public void Build_ReasoningEffort_SentVerbatimLast(string effort)
    {
        using var payload = Parse(GrokChatPayload.Build(Chat with { ReasoningEffort = effort }));
        var overrides = payload.RootElement.GetProperty("responseMetadata").GetProperty("modelConfigOverride");

        Assert.Equal(["temperature", "topP", "reasoningEffort"], Names(overrides));
        Assert.Equal(effort, overrides.GetProperty("reasoningEffort").GetString());
    }

    [Fact]
    public void Build_AppSettingsAndAttachments_Written()
    {
        using var payload = Parse(GrokChatPayload.Build(Chat with
        {
            Temporary = false,
            DisableMemory = false,
            FileAttachmentIds = ["file-b", "file-a", "file-c"],
        }));
        var root = payload.RootElement;

        Assert.False(root.GetProperty("temporary").GetBoolean());
        Assert.False(root.GetProperty("disableMemory").GetBoolean());
        Assert.Equal(["file-b", "file-a", "file-c"], root.GetProperty("fileAttachments").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, root.GetProperty("imageAttachments").GetArrayLength());
    }

    [Fact]
    public void Build_NullModelMode_JsonNull()
    {
        using var payload = Parse(GrokChatPayload.Build(Chat with { ModelName = "grok-3", ModelMode = null }));
        var root = payload.RootElement;

        Assert.Equal(JsonValueKind.Null, root.GetProperty("modelMode").ValueKind);
        Assert.Equal("grok-3", root.GetProperty("responseMetadata").GetProperty("requestModelDetails").GetProperty("modelId").GetString());
    }

    [Fact]
    public void Build_ModelConfigAndToolOverrides_ReplaceChatValues()
    {
        var modelMap = new JsonObject
        {
            ["modelMap"] = new JsonObject
            {
                ["videoGenModelConfig"] = new JsonObject { ["aspectRatio"] = "3:2", ["parentPostId"] = "post-1", ["resolutionName"] = "480p", ["videoLength"] = 6 },
            },
        };

        var body = Encoding.UTF8.GetString(GrokChatPayload.Build(Chat with
        {
            ModelName = "grok-3",
            ModelMode = null,
            Temperature = 0.5,
            ModelConfigOverride = modelMap,
            ToolOverrides = new JsonObject { ["videoGen"] = true },
        }));

        Assert.Contains(
            """responseMetadata":{"requestModelDetails":{"modelId":"grok-3"},"modelConfigOverride":{"modelMap":{"videoGenModelConfig":{"aspectRatio":"3:2","parentPostId":"post-1","resolutionName":"480p","videoLength":6}}}},""",
            body, StringComparison.Ordinal);
        Assert.EndsWith("""temporary":true,"toolOverrides":{"videoGen":true}}""", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_EmptyModelConfigOverride_PropertyLeftOut()
    {
        using var payload = Parse(GrokChatPayload.Build(Chat with { ModelConfigOverride = [] }));

        Assert.Equal(["requestModelDetails"], Names(payload.RootElement.GetProperty("responseMetadata")));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" backslash \\ slash /")]
    [InlineData("lines\n\r\ttabs\u0001\u001f")]
    [InlineData("<script>&amp;'+`")]
    [InlineData("中文 日本語 한국어 العربية")]
    [InlineData("emoji 😀👩‍👩‍👧 flags 🇫🇷")]
    [InlineData("\u2028\u2029\ufeff")]
    public void Build_Message_RoundTrips(string message)
    {
        using var payload = Parse(GrokChatPayload.Build(Chat with { Message = message }));

        Assert.Equal(message, payload.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void Build_NonAsciiMessage_BmpRawSupplementaryEscaped()
    {
        var body = Encoding.UTF8.GetString(GrokChatPayload.Build(Chat with { Message = "é<😀>" }));

        Assert.Contains("\"message\":\"é<\\uD83D\\uDE00>\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_BufferWriter_SameBytesAsBuild()
    {
        var options = Chat with { FileAttachmentIds = ["x"], ReasoningEffort = "low", Temperature = 1.2 };
        var buffer = new ArrayBufferWriter<byte>(16);

        GrokChatPayload.Write(options, buffer);

        Assert.Equal(GrokChatPayload.Build(options), buffer.WrittenSpan.ToArray());
    }

    private static JsonDocument Parse(byte[] body) => JsonDocument.Parse(body);

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
