using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.OpenAi.Chat;
using static Grok2Api.Transforms.Tests.OpenAi.Chat.ChatRequestTestBodies;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

public sealed class ChatRequestReaderMessagesTests
{
    [Theory]
    [InlineData("""{"model":"grok-4"}""", "missing_required_parameter")]
    [InlineData("""{"model":"grok-4","messages":null}""", "missing_required_parameter")]
    [InlineData("""{"model":"grok-4","messages":{"role":"user","content":"hi"}}""", "invalid_type")]
    [InlineData("""{"model":"grok-4","messages":"hi"}""", "invalid_type")]
    [InlineData("""{"model":"grok-4","messages":[]}""", "empty_array")]
    public void Read_BadMessages_ErrorNamesMessages(string body, string code)
    {
        ReadError(body, "messages", code);
    }

    [Theory]
    [InlineData("""[1]""", "messages[0]", "invalid_type")]
    [InlineData("""["hi"]""", "messages[0]", "invalid_type")]
    [InlineData("""[{"role":"user","content":"a"},null]""", "messages[1]", "invalid_type")]
    [InlineData("""[{"content":"hi"}]""", "messages[0].role", "missing_required_parameter")]
    [InlineData("""[{"role":null,"content":"hi"}]""", "messages[0].role", "missing_required_parameter")]
    [InlineData("""[{"role":1,"content":"hi"}]""", "messages[0].role", "invalid_type")]
    [InlineData("""[{"role":"user","content":"a"},{"role":"User","content":"b"}]""", "messages[1].role", "invalid_value")]
    [InlineData("""[{"role":"bot","content":"hi"}]""", "messages[0].role", "invalid_value")]
    [InlineData("""[{"role":"","content":"hi"}]""", "messages[0].role", "invalid_value")]
    public void Read_BadMessageOrRole_ErrorNamesPlace(string messages, string param, string code)
    {
        ReadError(Body(messages), param, code);
    }

    [Fact]
    public void Read_FunctionRole_RefusedWithTheToolMessageAsReplacement()
    {
        var messages = """[{"role":"user","content":"q"},{"role":"function","content":"result","name":"f"}]""";

        var error = ReadError(Body(messages), "messages[1].role", "unsupported_role");

        Assert.Contains("'function'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'tool' message with the 'tool_call_id'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not available", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("developer")]
    [InlineData("system")]
    [InlineData("user")]
    [InlineData("assistant")]
    public void Read_SupportedRole_Kept(string role)
    {
        var request = ReadValid(Body($$"""[{"role":"{{role}}","content":"text"}]"""));

        Assert.Equal(role, request.Messages[0].Role);
    }

    [Theory]
    [InlineData("""{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]}""")]
    [InlineData("""{"role":"assistant"}""")]
    public void Read_AssistantWithoutContent_NoParts(string assistant)
    {
        var request = ReadValid(Body($$"""[{"role":"user","content":"q"},{{assistant}},{"role":"user","content":"next"}]"""));

        Assert.Empty(request.Messages[1].Parts);
        Assert.Equal(3, request.Messages.Count);
    }

    [Theory]
    [InlineData("user", """{"role":"user"}""")]
    [InlineData("user", """{"role":"user","content":null}""")]
    [InlineData("system", """{"role":"system","content":null}""")]
    [InlineData("developer", """{"role":"developer"}""")]
    public void Read_NonAssistantWithoutContent_Missing(string role, string message)
    {
        var error = ReadError(Body($"[{message}]"), "messages[0].content", "missing_required_parameter");

        Assert.Contains("only assistant messages may have no content", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(role);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("true")]
    [InlineData("""{"type":"text","text":"hi"}""")]
    public void Read_ContentNotStringOrArray_InvalidType(string content)
    {
        ReadError(Body($$"""[{"role":"user","content":{{content}}}]"""), "messages[0].content", "invalid_type");
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("[]")]
    public void Read_EmptyContent_AcceptedHere(string content)
    {
        // Emptiness is judged on the whole conversation by GrokPromptBuilder (docs/grok-protocol.md §3.3: empty parts are dropped).
        var request = ReadValid(Body($$"""[{"role":"user","content":{{content}}},{"role":"user","content":"hi"}]"""));

        Assert.Equal(2, request.Messages.Count);
    }

    [Fact]
    public void Read_ArrayContent_PartsInOrderWithParams()
    {
        var request = ReadValid(UserBlocks("""
            {"type":"text","text":"one"},{"type":"text","text":"  "},
            {"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"high"}},
            {"type":"text","text":"two"}
            """));

        Assert.Equal(
            [
                new ConversationPart(ConversationPartKind.Text, "one", null, null, "messages[0].content[0].text"),
                new ConversationPart(ConversationPartKind.Text, "  ", null, null, "messages[0].content[1].text"),
                new ConversationPart(ConversationPartKind.Image, null, "https://example.com/a.png", null, "messages[0].content[2].image_url.url"),
                new ConversationPart(ConversationPartKind.Text, "two", null, null, "messages[0].content[3].text"),
            ],
            request.Messages[0].Parts);
    }

    [Theory]
    [InlineData("1", "messages[0].content[0]", "invalid_type")]
    [InlineData("\"hi\"", "messages[0].content[0]", "invalid_type")]
    [InlineData("null", "messages[0].content[0]", "invalid_type")]
    [InlineData("{}", "messages[0].content[0].type", "missing_required_parameter")]
    [InlineData("""{"text":"hi"}""", "messages[0].content[0].type", "missing_required_parameter")]
    [InlineData("""{"type":5,"text":"hi"}""", "messages[0].content[0].type", "invalid_type")]
    [InlineData("""{"type":"video_url","video_url":{"url":"https://example.com/v.mp4"}}""", "messages[0].content[0].type", "invalid_value")]
    [InlineData("""{"type":"TEXT","text":"hi"}""", "messages[0].content[0].type", "invalid_value")]
    [InlineData("""{"type":"refusal","refusal":"no"}""", "messages[0].content[0].type", "invalid_value")]
    [InlineData("""{"type":"text"}""", "messages[0].content[0].text", "missing_required_parameter")]
    [InlineData("""{"type":"text","text":null}""", "messages[0].content[0].text", "missing_required_parameter")]
    [InlineData("""{"type":"text","text":["a"]}""", "messages[0].content[0].text", "invalid_type")]
    public void Read_BadBlock_ErrorNamesBlock(string block, string param, string code)
    {
        ReadError(UserBlocks(block), param, code);
    }

    [Fact]
    public void Read_BadBlockInLaterMessage_IndexesBoth()
    {
        var body = Body("""[{"role":"system","content":"s"},{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":1}]}]""");

        ReadError(body, "messages[1].content[1].text", "invalid_type");
    }

    [Fact]
    public void Read_AssistantRefusalPart_KeptAsText()
    {
        var request = ReadValid(Body("""[{"role":"user","content":"q"},{"role":"assistant","content":[{"type":"refusal","refusal":"I can't."}]}]"""));

        Assert.Equal(
            new ConversationPart(ConversationPartKind.Text, "I can't.", null, null, "messages[1].content[0].refusal"),
            Assert.Single(request.Messages[1].Parts));
    }

    [Theory]
    [InlineData("system", """{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}""", "image_url")]
    [InlineData("developer", """{"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERg=="}}""", "file")]
    [InlineData("assistant", """{"type":"input_audio","input_audio":{"data":"data:audio/wav;base64,UklGRg==","format":"wav"}}""", "input_audio")]
    public void Read_MediaOutsideUserMessage_InvalidValue(string role, string block, string type)
    {
        var error = ReadError(UserBlocks(block, role), "messages[0].content[0].type", "invalid_value");

        Assert.Contains($"'{type}' content parts are allowed only in user messages", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ImageUrlObject_ImagePart()
    {
        var part = Assert.Single(ReadValid(UserBlocks("""{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}""")).Messages[0].Parts);

        Assert.Equal(new ConversationPart(ConversationPartKind.Image, null, "data:image/png;base64,iVBORw0KGgo=", null, "messages[0].content[0].image_url.url"), part);
    }

    [Fact]
    public void Read_ImageUrlBareString_ImagePart()
    {
        var part = Assert.Single(ReadValid(UserBlocks("""{"type":"image_url","image_url":"https://example.com/cat.jpg"}""")).Messages[0].Parts);

        Assert.Equal(new ConversationPart(ConversationPartKind.Image, null, "https://example.com/cat.jpg", null, "messages[0].content[0].image_url"), part);
    }

    [Theory]
    [InlineData("""{"type":"image_url"}""", "messages[0].content[0].image_url", "missing_required_parameter")]
    [InlineData("""{"type":"image_url","image_url":null}""", "messages[0].content[0].image_url", "missing_required_parameter")]
    [InlineData("""{"type":"image_url","image_url":5}""", "messages[0].content[0].image_url", "invalid_type")]
    [InlineData("""{"type":"image_url","image_url":{}}""", "messages[0].content[0].image_url.url", "missing_required_parameter")]
    [InlineData("""{"type":"image_url","image_url":{"url":["https://example.com/a.png"]}}""", "messages[0].content[0].image_url.url", "invalid_type")]
    [InlineData("""{"type":"input_audio"}""", "messages[0].content[0].input_audio", "missing_required_parameter")]
    [InlineData("""{"type":"input_audio","input_audio":"data:audio/wav;base64,UklGRg=="}""", "messages[0].content[0].input_audio", "invalid_type")]
    [InlineData("""{"type":"input_audio","input_audio":{"format":"wav"}}""", "messages[0].content[0].input_audio.data", "missing_required_parameter")]
    [InlineData("""{"type":"input_audio","input_audio":{"data":42}}""", "messages[0].content[0].input_audio.data", "invalid_type")]
    [InlineData("""{"type":"file"}""", "messages[0].content[0].file", "missing_required_parameter")]
    [InlineData("""{"type":"file","file":[]}""", "messages[0].content[0].file", "invalid_type")]
    [InlineData("""{"type":"file","file":{}}""", "messages[0].content[0].file.file_data", "missing_required_parameter")]
    [InlineData("""{"type":"file","file":{"filename":"a.pdf"}}""", "messages[0].content[0].file.file_data", "missing_required_parameter")]
    [InlineData("""{"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERg==","filename":7}}""", "messages[0].content[0].file.filename", "invalid_type")]
    [InlineData("""{"type":"file","file":{"file_id":"file-abc123"}}""", "messages[0].content[0].file.file_id", "unsupported_value")]
    public void Read_BadMediaBlock_ErrorNamesField(string block, string param, string code)
    {
        ReadError(UserBlocks(block), param, code);
    }

    [Fact]
    public void Read_FileIdOnly_MessageSuggestsInlineData()
    {
        var error = ReadError(UserBlocks("""{"type":"file","file":{"file_id":"file-abc123"}}"""), "messages[0].content[0].file.file_id", "unsupported_value");

        Assert.Contains("file.file_data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InputAudio_AudioPartFormatIgnored()
    {
        var part = Assert.Single(ReadValid(UserBlocks("""{"type":"input_audio","input_audio":{"data":"data:audio/mpeg;base64,SUQz","format":"mp3"}}""")).Messages[0].Parts);

        Assert.Equal(new ConversationPart(ConversationPartKind.Audio, null, "data:audio/mpeg;base64,SUQz", null, "messages[0].content[0].input_audio.data"), part);
    }

    [Theory]
    [InlineData("""{"file_data":"data:application/pdf;base64,JVBERg==","filename":"report.pdf"}""", "report.pdf")]
    [InlineData("""{"file_data":"data:application/pdf;base64,JVBERg==","filename":null}""", null)]
    [InlineData("""{"file_data":"data:application/pdf;base64,JVBERg==","filename":"  "}""", null)]
    [InlineData("""{"file_data":"data:application/pdf;base64,JVBERg==","file_id":"file-1"}""", null)]
    public void Read_File_FilePartWithName(string file, string? fileName)
    {
        var part = Assert.Single(ReadValid(UserBlocks($$"""{"type":"file","file":{{file}}}""")).Messages[0].Parts);

        Assert.Equal(new ConversationPart(ConversationPartKind.File, null, "data:application/pdf;base64,JVBERg==", fileName, "messages[0].content[0].file.file_data"), part);
    }

    [Fact]
    public void Read_MessageExtraFields_Ignored()
    {
        var request = ReadValid(Body("""[{"role":"user","name":"alice","content":"hi","weird":{"x":[1]}}]"""));

        Assert.Equal("hi", Assert.Single(request.Messages[0].Parts).Text);
    }
}
