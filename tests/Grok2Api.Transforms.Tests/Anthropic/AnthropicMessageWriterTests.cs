using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Grok2Api.Transforms.Anthropic;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Tests.Anthropic;

public sealed class AnthropicMessageWriterTests
{
    [Fact]
    public void NonStream_OneMessageObject_ThinkingTextAndToolUseBlocks_InOrder()
    {
        var target = new ArrayBufferWriter<byte>();
        using (var writer = new AnthropicMessageWriter(Options(stream: false, thinking: true), target))
        {
            writer.Begin();
            writer.Reasoning("Let me "u8);
            writer.Reasoning("think."u8);
            writer.Text("Checking "u8);
            writer.Text("now."u8);
            writer.ToolCall(0, new ToolCall("", "get_weather", """{"city":"Paris"}"""));
            writer.EndBatch();
            Assert.Equal(0, target.WrittenCount);
            writer.Complete();
        }

        var message = JsonNode.Parse(target.WrittenSpan)!;
        Assert.Equal("msg_test", message["id"]!.GetValue<string>());
        Assert.Equal("message", message["type"]!.GetValue<string>());
        Assert.Equal("assistant", message["role"]!.GetValue<string>());
        Assert.Equal("claude-test", message["model"]!.GetValue<string>());
        var content = message["content"]!.AsArray();
        Assert.Equal(3, content.Count);
        Assert.Equal("thinking", content[0]!["type"]!.GetValue<string>());
        Assert.Equal("Let me think.", content[0]!["thinking"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(SHA256.HashData("Let me think."u8)), content[0]!["signature"]!.GetValue<string>());
        Assert.Equal("Checking now.", content[1]!["text"]!.GetValue<string>());
        Assert.Equal("tool_use", content[2]!["type"]!.GetValue<string>());
        Assert.Matches("^toolu_[0-9A-Za-z]{24}$", content[2]!["id"]!.GetValue<string>());
        Assert.Equal("Paris", content[2]!["input"]!["city"]!.GetValue<string>());
        Assert.Equal("tool_use", message["stop_reason"]!.GetValue<string>());
        Assert.Null(message["stop_sequence"]);
        Assert.Equal(42, message["usage"]!["input_tokens"]!.GetValue<int>());
        var expected = ChatTokenCounter.Count("Let me ") + ChatTokenCounter.Count("think.") + ChatTokenCounter.Count("Checking ")
            + ChatTokenCounter.Count("now.") + ChatTokenCounter.Count("""{"city":"Paris"}""");
        Assert.Equal(expected, message["usage"]!["output_tokens"]!.GetValue<int>());
    }

    [Fact]
    public void ThinkingNotEnabled_ReasoningIsDropped()
    {
        var target = new ArrayBufferWriter<byte>();
        using (var writer = new AnthropicMessageWriter(Options(stream: false, thinking: false), target))
        {
            writer.Reasoning("secret"u8);
            writer.Text("answer"u8);
            writer.Complete();
        }

        var content = JsonNode.Parse(target.WrittenSpan)!["content"]!.AsArray();
        Assert.Equal("text", Assert.Single(content)!["type"]!.GetValue<string>());
        Assert.DoesNotContain("secret", Encoding.UTF8.GetString(target.WrittenSpan), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AnswerStopReason.MaxTokens, null, "max_tokens")]
    [InlineData(AnswerStopReason.StopSequence, "END", "stop_sequence")]
    public void Stopped_SetsTheStopReason_AndTheSequence(AnswerStopReason reason, string? sequence, string expected)
    {
        var target = new ArrayBufferWriter<byte>();
        using (var writer = new AnthropicMessageWriter(Options(stream: false), target))
        {
            writer.Text("partial"u8);
            writer.Stopped(new AnswerStop(reason, sequence));
            writer.Complete();
        }

        var message = JsonNode.Parse(target.WrittenSpan)!;
        Assert.Equal(expected, message["stop_reason"]!.GetValue<string>());
        Assert.Equal(sequence, message["stop_sequence"]?.GetValue<string>());
    }

    [Fact]
    public void EmptyAnswer_IsAMessageWithNoContent_EndTurn()
    {
        var target = new ArrayBufferWriter<byte>();
        using (var writer = new AnthropicMessageWriter(Options(stream: false), target))
        {
            writer.Complete();
        }

        var message = JsonNode.Parse(target.WrittenSpan)!;
        Assert.Empty(message["content"]!.AsArray());
        Assert.Equal("end_turn", message["stop_reason"]!.GetValue<string>());
    }

    [Fact]
    public void Stream_EventsAndIndexes_ImageAsMarkdownOnItsOwnLine()
    {
        var target = new ArrayBufferWriter<byte>();
        using (var writer = new AnthropicMessageWriter(Options(stream: true, thinking: true), target))
        {
            writer.Begin();
            writer.Reasoning("hmm"u8);
            writer.Text("Here:"u8);
            writer.Image("cat", "https://example.com/cat.png");
            writer.ToolCall(0, new ToolCall("", "f", "{}"));
            writer.Text("after"u8);
            writer.Complete();
        }

        var events = Events(target);
        Assert.Equal(
            [
                "message_start", "ping",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop",
            ],
            events.Select(e => e.Name));
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3], events.Skip(2).Take(14).Select(e => e.Data["index"]!.GetValue<int>()));
        Assert.Equal("signature_delta", events[4].Data["delta"]!["type"]!.GetValue<string>());
        Assert.Equal("\n![cat](https://example.com/cat.png)\n", events[8].Data["delta"]!["text"]!.GetValue<string>());
        Assert.Equal("{}", events[11].Data["delta"]!["partial_json"]!.GetValue<string>());
        Assert.Equal("tool_use", events[^2].Data["delta"]!["stop_reason"]!.GetValue<string>());
    }

    [Fact]
    public void Stream_Fail_EndsWithOneErrorEvent_NonStreamFailThrows()
    {
        var target = new ArrayBufferWriter<byte>();
        using (var writer = new AnthropicMessageWriter(Options(stream: true), target))
        {
            writer.Text("partial"u8);
            writer.Fail(new UpstreamFailure(UpstreamFailureKind.RateLimited, "quota"));
        }

        var last = Events(target)[^1];
        Assert.Equal("error", last.Name);
        Assert.Equal("rate_limit_error", last.Data["error"]!["type"]!.GetValue<string>());

        using var whole = new AnthropicMessageWriter(Options(stream: false), new ArrayBufferWriter<byte>());
        Assert.Throws<InvalidOperationException>(() => whole.Fail(new UpstreamFailure(UpstreamFailureKind.Network, "x")));
    }

    [Theory]
    [InlineData(UpstreamFailureKind.NoAccount, null, 429, "rate_limit_error")]
    [InlineData(UpstreamFailureKind.ServerError, 503, 503, "overloaded_error")]
    [InlineData(UpstreamFailureKind.ServerError, 500, 502, "api_error")]
    [InlineData(UpstreamFailureKind.Timeout, null, 504, "api_error")]
    [InlineData(UpstreamFailureKind.ContentBlocked, null, 400, "invalid_request_error")]
    [InlineData(UpstreamFailureKind.InvalidToolCall, null, 502, "api_error")]
    public void Failure_StatusAndTypeFollowTheSharedMapping(UpstreamFailureKind kind, int? upstreamStatus, int status, string type)
    {
        var failure = AnthropicFailure.From(new UpstreamFailure(kind, "detail") { Status = upstreamStatus }, "claude-test");

        Assert.Equal(status, failure.Status);
        Assert.Equal(type, failure.Error.Type);
        Assert.Equal(status == 429, failure.RetryAfter is not null);
    }

    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(403, "permission_error")]
    [InlineData(404, "not_found_error")]
    [InlineData(413, "request_too_large")]
    [InlineData(415, "invalid_request_error")]
    [InlineData(429, "rate_limit_error")]
    [InlineData(500, "api_error")]
    [InlineData(503, "overloaded_error")]
    [InlineData(529, "overloaded_error")]
    public void ErrorTypes_PerStatus(int status, string type)
    {
        var json = JsonNode.Parse(AnthropicError.ForStatus(status, "m").ToUtf8())!;

        Assert.Equal("error", json["type"]!.GetValue<string>());
        Assert.Equal(type, json["error"]!["type"]!.GetValue<string>());
        Assert.Equal("m", json["error"]!["message"]!.GetValue<string>());
    }

    private static AnthropicAnswerOptions Options(bool stream, bool thinking = false) => new()
    {
        MessageId = "msg_test",
        Model = "claude-test",
        Stream = stream,
        Thinking = thinking,
        InputTokens = 42,
    };

    private static List<(string Name, JsonNode Data)> Events(ArrayBufferWriter<byte> target)
    {
        var events = new List<(string, JsonNode)>();
        foreach (var block in Encoding.UTF8.GetString(target.WrittenSpan).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.Equal(2, lines.Length);
            var name = lines[0]["event: ".Length..];
            var data = JsonNode.Parse(lines[1]["data: ".Length..])!;
            Assert.Equal(name, data["type"]!.GetValue<string>());
            events.Add((name, data));
        }

        return events;
    }
}
