using System.Buffers;
using System.Text;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Chat;
using static Grok2Api.Transforms.Tests.OpenAi.Chat.ChatRequestTestBodies;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

public sealed class ChatRequestReaderTests
{
    [Fact]
    public void Read_MinimalRequest_OptionalFieldsAbsent()
    {
        var request = ReadValid(Body());

        Assert.Equal("grok-4", request.Model);
        var message = Assert.Single(request.Messages);
        Assert.Equal("user", message.Role);
        var part = Assert.Single(message.Parts);
        Assert.Equal(new ConversationPart(ConversationPartKind.Text, "hi", null, null, "messages[0].content"), part);
        Assert.Null(request.Stream);
        Assert.False(request.IncludeUsage);
        Assert.Null(request.Temperature);
        Assert.Null(request.TopP);
        Assert.Null(request.ReasoningEffort);
        Assert.Null(request.ImageConfig);
        Assert.Null(request.VideoConfig);
    }

    [Fact]
    public void Read_EveryField_Read()
    {
        var request = ReadValid(Body(extra: """
            ,"stream":true,"stream_options":{"include_usage":true},"temperature":0.7,"top_p":0.5,
            "reasoning_effort":"high","image_config":{"n":2,"size":"1024x1024"},"video_config":{"video_length":10}
            """));

        Assert.True(request.Stream);
        Assert.True(request.IncludeUsage);
        Assert.Equal(0.7, request.Temperature);
        Assert.Equal(0.5, request.TopP);
        Assert.Equal("high", request.ReasoningEffort);
        // The configs are detached copies: still readable after the body's document is gone.
        Assert.Equal(2, request.ImageConfig!.Value.GetProperty("n").GetInt32());
        Assert.Equal(10, request.VideoConfig!.Value.GetProperty("video_length").GetInt32());
    }

    [Fact]
    public void Read_NullOptionalFields_TreatedAsAbsent()
    {
        var request = ReadValid(Body(extra: """
            ,"stream":null,"stream_options":null,"temperature":null,"top_p":null,"reasoning_effort":null,
            "image_config":null,"video_config":null
            """));

        Assert.Null(request.Stream);
        Assert.False(request.IncludeUsage);
        Assert.Null(request.Temperature);
        Assert.Null(request.TopP);
        Assert.Null(request.ReasoningEffort);
        Assert.Null(request.ImageConfig);
        Assert.Null(request.VideoConfig);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("""{"model":"grok-4",}""")]
    [InlineData("""{'model':'grok-4'}""")]
    [InlineData("// comment\n{\"model\":\"grok-4\"}")]
    [InlineData("model=grok-4&messages=hi")]
    [InlineData("""{"model":"grok-4"} {}""")]
    public void Read_NotJson_InvalidJson(string body)
    {
        var error = ReadError(body, null, "invalid_json");

        Assert.StartsWith("We could not parse the JSON body of your request", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("\"grok-4\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("null", "null")]
    public void Read_BodyNotAnObject_InvalidJson(string body, string kind)
    {
        var error = ReadError(body, null, "invalid_json");

        Assert.Contains(kind, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "missing_required_parameter")]
    [InlineData("""{"model":null,"messages":[{"role":"user","content":"hi"}]}""", "missing_required_parameter")]
    [InlineData("""{"model":"","messages":[{"role":"user","content":"hi"}]}""", "missing_required_parameter")]
    [InlineData("""{"model":4,"messages":[{"role":"user","content":"hi"}]}""", "invalid_type")]
    [InlineData("""{"model":["grok-4"],"messages":[{"role":"user","content":"hi"}]}""", "invalid_type")]
    [InlineData("""{"model":{"id":"grok-4"},"messages":[{"role":"user","content":"hi"}]}""", "invalid_type")]
    public void Read_BadModel_ErrorNamesModel(string body, string code)
    {
        ReadError(body, "model", code);
    }

    [Fact]
    public void Read_UnknownModel_LeftToCaller()
    {
        var request = ReadValid("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal("gpt-4o", request.Model);
    }

    [Fact]
    public void Read_ModelCheckedBeforeMessages_FirstErrorWins()
    {
        ReadError("""{"model":1,"messages":[]}""", "model", "invalid_type");
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Read_StreamBoolean_Read(string value, bool expected)
    {
        Assert.Equal(expected, ReadValid(Body(extra: ",\"stream\":" + value)).Stream);
    }

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    [InlineData("\"yes\"")]
    [InlineData("{}")]
    public void Read_StreamNotBoolean_InvalidType(string value)
    {
        ReadError(Body(extra: ",\"stream\":" + value), "stream", "invalid_type");
    }

    [Theory]
    [InlineData("{}", false)]
    [InlineData("""{"include_usage":true}""", true)]
    [InlineData("""{"include_usage":false}""", false)]
    [InlineData("""{"include_usage":null}""", false)]
    [InlineData("""{"include_obfuscation":true}""", false)]
    public void Read_StreamOptions_IncludeUsageRead(string value, bool expected)
    {
        Assert.Equal(expected, ReadValid(Body(extra: ",\"stream_options\":" + value)).IncludeUsage);
    }

    [Theory]
    [InlineData("true", "stream_options")]
    [InlineData("\"include_usage\"", "stream_options")]
    [InlineData("""{"include_usage":"true"}""", "stream_options.include_usage")]
    [InlineData("""{"include_usage":1}""", "stream_options.include_usage")]
    public void Read_StreamOptionsBadType_InvalidType(string value, string param)
    {
        ReadError(Body(extra: ",\"stream_options\":" + value), param, "invalid_type");
    }

    [Theory]
    [InlineData("temperature", "0", 0.0)]
    [InlineData("temperature", "2", 2.0)]
    [InlineData("temperature", "1.25", 1.25)]
    [InlineData("temperature", "2.0e0", 2.0)]
    [InlineData("top_p", "0", 0.0)]
    [InlineData("top_p", "1", 1.0)]
    [InlineData("top_p", "0.95", 0.95)]
    public void Read_SamplingInRange_Read(string name, string value, double expected)
    {
        var request = ReadValid(Body(extra: $",\"{name}\":{value}"));

        Assert.Equal(expected, name == "temperature" ? request.Temperature : request.TopP);
    }

    [Theory]
    [InlineData("temperature", "2.0001", "decimal_above_max_value")]
    [InlineData("temperature", "3", "decimal_above_max_value")]
    [InlineData("temperature", "1e400", "decimal_above_max_value")]
    [InlineData("temperature", "-0.1", "decimal_below_min_value")]
    [InlineData("temperature", "-1e400", "decimal_below_min_value")]
    [InlineData("temperature", "\"0.5\"", "invalid_type")]
    [InlineData("temperature", "true", "invalid_type")]
    [InlineData("top_p", "1.01", "decimal_above_max_value")]
    [InlineData("top_p", "-0.5", "decimal_below_min_value")]
    [InlineData("top_p", "[0.5]", "invalid_type")]
    public void Read_SamplingInvalid_ErrorNamesParameter(string name, string value, string code)
    {
        ReadError(Body(extra: $",\"{name}\":{value}"), name, code);
    }

    [Fact]
    public void Read_TemperatureAboveMax_MessageStatesLimitAndValue()
    {
        var error = ReadError(Body(extra: ",\"temperature\":2.5"), "temperature", "decimal_above_max_value");

        Assert.Contains("at most 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("2.5", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("minimal")]
    [InlineData("low")]
    [InlineData("medium")]
    [InlineData("high")]
    [InlineData("xhigh")]
    public void Read_ReasoningEffortSupported_KeptVerbatim(string effort)
    {
        Assert.Equal(effort, ReadValid(Body(extra: $",\"reasoning_effort\":\"{effort}\"")).ReasoningEffort);
    }

    [Theory]
    [InlineData("\"HIGH\"", "invalid_value")]
    [InlineData("\"max\"", "invalid_value")]
    [InlineData("\"\"", "invalid_value")]
    [InlineData("3", "invalid_type")]
    [InlineData("{\"effort\":\"high\"}", "invalid_type")]
    public void Read_ReasoningEffortInvalid_ErrorNamesParameter(string value, string code)
    {
        ReadError(Body(extra: ",\"reasoning_effort\":" + value), "reasoning_effort", code);
    }

    [Fact]
    public void Read_LongInvalidValue_EchoTruncated()
    {
        var value = new string('x', 5000);

        var error = ReadError(Body(extra: $",\"reasoning_effort\":\"{value}\""), "reasoning_effort", "invalid_value");

        Assert.DoesNotContain(new string('x', 101), error.Message, StringComparison.Ordinal);
        Assert.Contains(new string('x', 100) + "…", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DataUriInInvalidValue_NotEchoed()
    {
        var error = ReadError(Body(extra: ",\"reasoning_effort\":\"data:image/png;base64,iVBORw0KGgo=\""), "reasoning_effort", "invalid_value");

        Assert.DoesNotContain("iVBOR", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("image_config", "\"1024x1024\"")]
    [InlineData("image_config", "[]")]
    [InlineData("video_config", "6")]
    [InlineData("video_config", "true")]
    public void Read_ConfigNotObject_InvalidType(string name, string value)
    {
        ReadError(Body(extra: $",\"{name}\":{value}"), name, "invalid_type");
    }

    [Theory]
    [InlineData("\"n\":3")]
    [InlineData("\"n\":\"many\"")]
    [InlineData("\"max_tokens\":100")]
    [InlineData("\"max_tokens\":-5")]
    [InlineData("\"max_completion_tokens\":\"lots\"")]
    [InlineData("\"stop\":[\"\\n\"]")]
    [InlineData("\"stop\":\"END\"")]
    [InlineData("\"response_format\":{\"type\":\"json_object\"}")]
    [InlineData("\"presence_penalty\":5")]
    [InlineData("\"frequency_penalty\":-2")]
    [InlineData("\"logit_bias\":{\"50256\":-100}")]
    [InlineData("\"logprobs\":true")]
    [InlineData("\"top_logprobs\":3")]
    [InlineData("\"seed\":\"not a number\"")]
    [InlineData("\"user\":42")]
    [InlineData("\"metadata\":{\"a\":\"b\"}")]
    [InlineData("\"store\":true")]
    [InlineData("\"modalities\":[\"text\",\"audio\"]")]
    [InlineData("\"audio\":{\"voice\":\"alloy\"}")]
    [InlineData("\"prediction\":null")]
    [InlineData("\"service_tier\":\"auto\"")]
    [InlineData("\"web_search_options\":{}")]
    [InlineData("\"x_unknown\":[1,{\"deep\":[null]}]")]
    public void Read_OtherParameter_AcceptedAndDropped(string member)
    {
        var request = ReadValid(Body(extra: "," + member));

        var minimal = ReadValid(Body());
        Assert.Equal(minimal with { Messages = request.Messages }, request);
        Assert.Equal(minimal.Messages[0].Parts, request.Messages[0].Parts);
    }

    [Fact]
    public void Read_DuplicateKey_LastOccurrenceWins()
    {
        var request = ReadValid("""{"model":1,"model":"grok-3","messages":[{"role":"user","content":"hi"}],"temperature":9,"temperature":0.5}""");

        Assert.Equal("grok-3", request.Model);
        Assert.Equal(0.5, request.Temperature);
    }

    [Fact]
    public void Read_DuplicateKeyLastInvalid_Error()
    {
        ReadError(Body(extra: ",\"temperature\":0.5,\"temperature\":9"), "temperature", "decimal_above_max_value");
    }

    [Fact]
    public void Read_InvalidUtf8InContent_InvalidValueNamingContent()
    {
        var prefix = Encoding.UTF8.GetBytes("""{"model":"grok-4","messages":[{"role":"user","content":"a""");
        var suffix = Encoding.UTF8.GetBytes("\"}]}");
        byte[] body = [.. prefix, 0xFF, 0xFE, .. suffix];

        var result = ChatRequestReader.Read(body);

        Assert.False(result.Succeeded);
        Assert.Equal("messages[0].content", result.Error.Param);
        Assert.Equal("invalid_value", result.Error.Code);
    }

    [Fact]
    public void Read_LoneSurrogateEscape_InvalidValue()
    {
        ReadError(Body("""[{"role":"user","content":"\ud800"}]"""), "messages[0].content", "invalid_value");
    }

    [Fact]
    public void Read_SegmentedBody_SameAsContiguous()
    {
        var body = Encoding.UTF8.GetBytes(Body(extra: ",\"temperature\":1.5"));
        var sequence = Segments(body, 7);

        var result = ChatRequestReader.Read(sequence);

        Assert.True(result.Succeeded);
        Assert.Equal(1.5, result.Request.Temperature);
        Assert.Equal("hi", result.Request.Messages[0].Parts[0].Text);
    }

    [Fact]
    public void Read_SegmentedInvalidBody_InvalidJson()
    {
        var result = ChatRequestReader.Read(Segments(Encoding.UTF8.GetBytes("{\"model\":"), 3));

        Assert.False(result.Succeeded);
        Assert.Equal("invalid_json", result.Error.Code);
        Assert.Equal(400, ChatRequestReadResult.ErrorStatusCode);
    }

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        var first = new Segment(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
        var last = first;
        for (var offset = size; offset < bytes.Length; offset += size)
        {
            last = last.Append(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
