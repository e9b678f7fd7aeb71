using System.Text;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

/// <summary>Builds request bodies and checks reader results for the request-side tests.</summary>
internal static class ChatRequestTestBodies
{
    public const string HelloMessages = """[{"role":"user","content":"hi"}]""";

    /// <summary>A body with model grok-4, the given messages and extra top-level members (",..." form).</summary>
    public static string Body(string messages = HelloMessages, string extra = "") =>
        $$"""{"model":"grok-4","messages":{{messages}}{{extra}}}""";

    /// <summary>A body whose single user message has the given content blocks.</summary>
    public static string UserBlocks(string blocks, string role = "user") =>
        Body($$"""[{"role":"{{role}}","content":[{{blocks}}]}]""");

    public static ChatRequestReadResult Read(string json) => ChatRequestReader.Read(Encoding.UTF8.GetBytes(json));

    public static ChatCompletionRequest ReadValid(string json)
    {
        var result = Read(json);
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Request;
    }

    public static OpenAiError ReadError(string json, string? param, string code)
    {
        var result = Read(json);
        Assert.False(result.Succeeded, "The request was accepted.");
        Assert.Equal(OpenAiErrorTypes.InvalidRequest, result.Error.Type);
        Assert.Equal(param, result.Error.Param);
        Assert.Equal(code, result.Error.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
        return result.Error;
    }
}
