using System.Buffers;
using System.Text;
using System.Text.Json;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Responses;

namespace Grok2Api.Transforms.Tests.OpenAi.Responses;

/// <summary>The writer of Responses API answers: the stream's events in order, the response object, held final events and failures.</summary>
public sealed class ResponsesAnswerWriterTests
{
    private static ResponsesAnswerOptions Options(string body, bool showReasoning = true, bool hold = false)
    {
        Assert.True(ResponsesRequestReader.TryRead(Encoding.UTF8.GetBytes(body), out var request, out var error), error?.Message);
        return new ResponsesAnswerOptions
        {
            ResponseId = ResponsesIds.NewResponseId(),
            CreatedAt = 1_700_000_000,
            Request = request,
            ShowReasoning = showReasoning,
            Prompt = "hello",
            HoldFinalEvent = hold,
        };
    }

    private static List<(string Event, JsonElement Data)> Events(ReadOnlySpan<byte> sse)
    {
        var events = new List<(string, JsonElement)>();
        foreach (var block in Encoding.UTF8.GetString(sse).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
            using var document = JsonDocument.Parse(lines[1]["data: ".Length..]);
            events.Add((lines[0]["event: ".Length..], document.RootElement.Clone()));
        }

        return events;
    }

    [Fact]
    public void Stream_ReasoningThenTextThenCall_EmitsEachItemsEventsInOrder_NumberedFromZero()
    {
        var target = new ArrayBufferWriter<byte>();
        using var writer = new ResponsesAnswerWriter(Options("""{"model":"m","input":"hi","stream":true}"""), target);

        writer.Begin();
        writer.Reasoning("Think "u8);
        writer.Reasoning("hard."u8);
        writer.Text("Hel"u8);
        writer.Text("lo"u8);
        writer.ToolCall(0, new ToolCall("", "f", """{"a":1}"""));
        writer.Complete();

        var events = Events(target.WrittenSpan);
        Assert.Equal(
        [
            "response.created", "response.in_progress",
            "response.output_item.added", "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
            "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
            "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
            "response.output_text.done", "response.content_part.done", "response.output_item.done",
            "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.done", "response.output_item.done",
            "response.completed",
        ], events.Select(e => e.Event));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        Assert.Equal("Think hard.", events[6].Data.GetProperty("text").GetString());
        Assert.Equal("Hello", events[13].Data.GetProperty("text").GetString());
        Assert.Equal([0, 1, 2], events.Where(e => e.Event == "response.output_item.added").Select(e => e.Data.GetProperty("output_index").GetInt32()));

        var response = events[^1].Data.GetProperty("response");
        Assert.Equal("completed", response.GetProperty("status").GetString());
        var output = response.GetProperty("output");
        Assert.Equal("Think hard.", output[0].GetProperty("summary")[0].GetProperty("text").GetString());
        Assert.Equal("Hello", output[1].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Matches("^call_", output[2].GetProperty("call_id").GetString());
        Assert.Matches("^fc_", output[2].GetProperty("id").GetString());
        Assert.Equal("""{"a":1}""", output[2].GetProperty("arguments").GetString());
        Assert.True(response.GetProperty("usage").GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt32() > 0);

        var result = Assert.IsType<ResponsesResult>(writer.Result);
        Assert.Null(result.FinalEvent);
        var assistant = Assert.IsType<ConversationMessage>(result.Assistant);
        Assert.Equal("Hello", assistant.Parts[0].Text);
        Assert.Equal(output[2].GetProperty("call_id").GetString(), Assert.Single(assistant.ToolCalls).Id);
    }

    [Fact]
    public void NonStream_WritesOneResponseObject_HiddenReasoningLeavesNoItem()
    {
        var target = new ArrayBufferWriter<byte>();
        using var writer = new ResponsesAnswerWriter(Options("""{"model":"m","input":"hi","metadata":{"k":"v"}}""", showReasoning: false), target);

        writer.Begin();
        writer.Reasoning("secret"u8);
        writer.Text("Answer."u8);
        writer.Complete();

        using var document = JsonDocument.Parse(target.WrittenMemory);
        var root = document.RootElement;
        Assert.Equal("response", root.GetProperty("object").GetString());
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal("m", root.GetProperty("model").GetString());
        Assert.Equal("v", root.GetProperty("metadata").GetProperty("k").GetString());
        var item = Assert.Single(root.GetProperty("output").EnumerateArray());
        Assert.Equal("message", item.GetProperty("type").GetString());
        Assert.DoesNotContain("secret", Encoding.UTF8.GetString(target.WrittenSpan), StringComparison.Ordinal);
        Assert.Equal(target.WrittenSpan.ToArray(), writer.Result!.ResponseJson);
    }

    [Fact]
    public void StoppedAtMaxTokens_EndsIncomplete()
    {
        var target = new ArrayBufferWriter<byte>();
        using var writer = new ResponsesAnswerWriter(Options("""{"model":"m","input":"hi","stream":true,"max_output_tokens":5}"""), target);

        writer.Text("cut"u8);
        writer.Stopped(new AnswerStop(AnswerStopReason.MaxTokens));
        writer.Complete();

        var last = Events(target.WrittenSpan)[^1];
        Assert.Equal("response.incomplete", last.Event);
        var response = last.Data.GetProperty("response");
        Assert.Equal("incomplete", response.GetProperty("status").GetString());
        Assert.Equal("max_output_tokens", response.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal(5, response.GetProperty("max_output_tokens").GetInt32());
    }

    [Fact]
    public void HoldFinalEvent_KeepsTheCompletedEventOutOfTheBody_WithTheNextSequenceNumber()
    {
        var target = new ArrayBufferWriter<byte>();
        using var writer = new ResponsesAnswerWriter(Options("""{"model":"m","input":"hi","stream":true}""", hold: true), target);

        writer.Text("Hi"u8);
        writer.Complete();

        var written = Events(target.WrittenSpan);
        Assert.DoesNotContain(written, e => e.Event == "response.completed");
        var held = Assert.Single(Events(writer.Result!.FinalEvent));
        Assert.Equal("response.completed", held.Event);
        Assert.Equal(written.Count, held.Data.GetProperty("sequence_number").GetInt32());
    }

    [Fact]
    public void Fail_AfterOutput_EndsWithOneResponseFailedEvent_NonStreamThrows()
    {
        var target = new ArrayBufferWriter<byte>();
        using var writer = new ResponsesAnswerWriter(Options("""{"model":"m","input":"hi","stream":true}"""), target);
        writer.Text("partial"u8);
        writer.Fail(new UpstreamFailure(UpstreamFailureKind.StreamError, "broke") { Status = 200 });

        var events = Events(target.WrittenSpan);
        Assert.Equal("response.failed", events[^1].Event);
        var response = events[^1].Data.GetProperty("response");
        Assert.Equal("failed", response.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(response.GetProperty("error").GetProperty("code").GetString()));
        Assert.Null(writer.Result);

        using var plain = new ResponsesAnswerWriter(Options("""{"model":"m","input":"hi"}"""), new ArrayBufferWriter<byte>());
        Assert.Throws<InvalidOperationException>(() => plain.Fail(new UpstreamFailure(UpstreamFailureKind.StreamError, "broke")));
    }

    [Fact]
    public void Context_RoundTripsMessagesToolCallsAndItems()
    {
        ConversationMessage[] messages =
        [
            new("user", [new ConversationPart(ConversationPartKind.Text, "hi", null, null, "p"), new ConversationPart(ConversationPartKind.Image, null, "https://e.com/a.png", "a.png", "p")]),
            new("assistant", []) { ToolCalls = [new ToolCall("call_1", "f", """{"x":"é"}""")] },
            new(ConversationMessage.ToolRole, [new ConversationPart(ConversationPartKind.Text, "ok", null, null, "p")]) { ToolCallId = "call_1", ToolName = "f" },
        ];

        Assert.True(ResponsesContext.TryParse(new ResponsesContext(messages, ["""{"id":"msg_1","type":"message"}"""]).ToJson(), out var read));

        Assert.Equal(["user", "assistant", "tool"], read.Messages.Select(m => m.Role));
        Assert.Equal("https://e.com/a.png", read.Messages[0].Parts[1].Media);
        Assert.Equal("a.png", read.Messages[0].Parts[1].FileName);
        Assert.Equal(messages[1].ToolCalls, read.Messages[1].ToolCalls);
        Assert.Equal("call_1", read.Messages[2].ToolCallId);
        Assert.Equal("f", read.Messages[2].ToolName);
        Assert.Equal("""{"id":"msg_1","type":"message"}""", Assert.Single(read.InputItems));
        Assert.False(ResponsesContext.TryParse("""{"nope":1}"""u8, out _));
    }

    [Theory]
    [InlineData(true, 2, null, "a,b", true)]
    [InlineData(false, 2, null, "c,b", true)]
    [InlineData(true, 10, "a", "b,c", false)]
    [InlineData(false, 10, "c", "b,a", false)]
    public void InputItemsPage_OrdersLimitsAndPages(bool ascending, int limit, string? after, string expected, bool hasMore)
    {
        string[] items = ["""{"id":"a"}""", """{"id":"b"}""", """{"id":"c"}"""];

        using var page = JsonDocument.Parse(ResponsesInputItemsPage.Write(items, ascending, limit, after));

        Assert.Equal(expected, string.Join(',', page.RootElement.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("id").GetString())));
        Assert.Equal(hasMore, page.RootElement.GetProperty("has_more").GetBoolean());
        Assert.Equal(expected[0].ToString(), page.RootElement.GetProperty("first_id").GetString());
    }
}
