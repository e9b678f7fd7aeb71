using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Chat;
using static Grok2Api.Transforms.Tests.OpenAi.Chat.ChatRequestTestBodies;

namespace Grok2Api.Transforms.Tests.Grok.Chat;

public sealed class GrokPromptBuilderTests
{
    [Fact]
    public void Build_ProtocolExample_ExactPrompt()
    {
        var prompt = BuildValid("""
            [{"role":"system","content":"Be brief"},{"role":"user","content":"hi"},
             {"role":"assistant","content":"hello"},{"role":"user","content":"2+2?"}]
            """);

        Assert.Equal("system: Be brief\n\nuser: hi\n\nassistant: hello\n\n2+2?", prompt.Message);
        Assert.Empty(prompt.Attachments);
    }

    [Theory]
    [InlineData("""[{"role":"user","content":"hi"}]""", "hi")]
    [InlineData("""[{"role":"developer","content":"Use French"},{"role":"user","content":"hi"}]""", "developer: Use French\n\nhi")]
    [InlineData("""[{"role":"system","content":"s"},{"role":"user","content":"q"},{"role":"assistant","content":"a"}]""", "system: s\n\nq\n\nassistant: a")]
    [InlineData("""[{"role":"user","content":"a"},{"role":"user","content":"b"}]""", "user: a\n\nb")]
    [InlineData("""[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"},{"role":"assistant","content":"d"}]""", "user: a\n\nassistant: b\n\nc\n\nassistant: d")]
    [InlineData("""[{"role":"system","content":"only instructions"}]""", "system: only instructions")]
    [InlineData("""[{"role":"assistant","content":"I start"},{"role":"system","content":"s"}]""", "assistant: I start\n\nsystem: s")]
    public void Build_Roles_LastUserMessageBareOthersPrefixed(string messages, string expected)
    {
        Assert.Equal(expected, BuildValid(messages).Message);
    }

    [Fact]
    public void Build_ArrayContent_NonBlankPartsJoinedWithNewlineVerbatim()
    {
        var prompt = BuildValid("""
            [{"role":"system","content":[{"type":"text","text":""},{"type":"text","text":"rule 1"},{"type":"text","text":" \t\n"},{"type":"text","text":"rule 2 "}]},
             {"role":"user","content":[{"type":"text","text":"  look:"},{"type":"text","text":"   "},{"type":"text","text":"line\nbreak\n"}]}]
            """);

        Assert.Equal("system: rule 1\nrule 2 \n\n  look:\nline\nbreak\n", prompt.Message);
    }

    [Theory]
    [InlineData("""[{"role":"system","content":"   "},{"role":"user","content":"hi"}]""", "hi")]
    [InlineData("""[{"role":"system","content":[]},{"role":"user","content":"hi"}]""", "hi")]
    [InlineData("""[{"role":"user","content":"q"},{"role":"assistant","content":null,"tool_calls":[]},{"role":"user","content":"r"}]""", "user: q\n\nr")]
    [InlineData("""[{"role":"user","content":"q"},{"role":"assistant","content":""},{"role":"user","content":[{"type":"text","text":" "}]}]""", "q")]
    public void Build_MessagesWithoutText_Skipped(string messages, string expected)
    {
        Assert.Equal(expected, BuildValid(messages).Message);
    }

    [Fact]
    public void Build_LastUserMessageOnlyMedia_EarlierUserMessageSentBare()
    {
        var prompt = BuildValid("""
            [{"role":"user","content":"describe the next image"},{"role":"assistant","content":"ok"},
             {"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]
            """);

        Assert.Equal("describe the next image\n\nassistant: ok", prompt.Message);
        Assert.Equal("https://example.com/a.png", Assert.Single(prompt.Attachments).Source);
    }

    [Fact]
    public void Build_AttachmentsAcrossMessages_FilesAndAudioFirstThenImages()
    {
        var prompt = BuildValid("""
            [{"role":"user","content":[
                {"type":"image_url","image_url":{"url":"https://example.com/A.png"}},
                {"type":"file","file":{"file_data":"data:application/pdf;base64,QkJC","filename":"B.pdf"}},
                {"type":"text","text":"first"}]},
             {"role":"assistant","content":"noted"},
             {"role":"user","content":[
                {"type":"input_audio","input_audio":{"data":"data:audio/wav;base64,Q0ND"}},
                {"type":"image_url","image_url":"data:image/jpeg;base64,RERE"},
                {"type":"file","file":{"file_data":"https://example.com/E.txt"}},
                {"type":"text","text":"second"}]}]
            """);

        Assert.Equal("user: first\n\nassistant: noted\n\nsecond", prompt.Message);
        Assert.Equal(
            [
                new ConversationAttachment(ConversationPartKind.File, "data:application/pdf;base64,QkJC", "B.pdf", "messages[0].content[1].file.file_data"),
                new ConversationAttachment(ConversationPartKind.Audio, "data:audio/wav;base64,Q0ND", null, "messages[2].content[0].input_audio.data"),
                new ConversationAttachment(ConversationPartKind.File, "https://example.com/E.txt", null, "messages[2].content[2].file.file_data"),
                new ConversationAttachment(ConversationPartKind.Image, "https://example.com/A.png", null, "messages[0].content[0].image_url.url"),
                new ConversationAttachment(ConversationPartKind.Image, "data:image/jpeg;base64,RERE", null, "messages[2].content[1].image_url"),
            ],
            prompt.Attachments);
    }

    [Fact]
    public void Build_MediaPartOutsideUserMessage_NotAttached()
    {
        // The reader refuses this; a request built in code still never uploads non-user media.
        var request = new ChatCompletionRequest
        {
            Model = "grok-4",
            Messages =
            [
                new ConversationMessage("assistant", [new ConversationPart(ConversationPartKind.Image, null, "https://example.com/a.png", null, "messages[0].content[0].image_url.url")]),
                new ConversationMessage("user", [new ConversationPart(ConversationPartKind.Text, "hi", null, null, "messages[1].content")]),
            ],
        };

        var result = Surface(request);

        Assert.True(result.Succeeded);
        Assert.Equal("hi", result.Prompt.Message);
        Assert.Empty(result.Prompt.Attachments);
    }

    [Theory]
    [InlineData("""[{"role":"user","content":""}]""")]
    [InlineData("""[{"role":"user","content":"  \n\t "}]""")]
    [InlineData("""[{"role":"system","content":" "},{"role":"user","content":[{"type":"text","text":""}]},{"role":"assistant","content":null}]""")]
    [InlineData("""[{"role":"user","content":[]}]""")]
    public void Build_NoText_EmptyPrompt(string messages)
    {
        var result = Surface(ReadValid(Body(messages)));

        Assert.False(result.Succeeded);
        Assert.Equal("messages", result.Error.Param);
        Assert.Equal("empty_prompt", result.Error.Code);
        Assert.Equal("invalid_request_error", result.Error.Type);
        Assert.Equal(400, ChatRequestReadResult.ErrorStatusCode);
    }

    [Fact]
    public void Build_MediaWithoutText_EmptyPromptExplainsWhy()
    {
        var result = Surface(ReadValid(UserBlocks("""
            {"type":"image_url","image_url":{"url":"https://example.com/a.png"}},{"type":"text","text":" "}
            """)));

        Assert.False(result.Succeeded);
        Assert.Equal("empty_prompt", result.Error.Code);
        Assert.Contains("cannot be sent without a prompt", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NonAsciiText_Unchanged()
    {
        Assert.Equal("system: 简洁 🙂\n\n¿Qué tal? 👋🏽", BuildValid("""[{"role":"system","content":"简洁 🙂"},{"role":"user","content":"¿Qué tal? 👋🏽"}]""").Message);
    }

    private static GrokPrompt BuildValid(string messages)
    {
        var result = Surface(ReadValid(Body(messages)));
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Prompt;
    }

    // What the chat surface does with a request: flatten its conversation, refuse one without text.
    private static SurfacePrompt Surface(ChatCompletionRequest request)
    {
        var prompt = GrokPromptBuilder.Build(request.ToConversation().Messages);
        return new SurfacePrompt(prompt, prompt.HasText ? null : ChatRequestErrors.EmptyPrompt(prompt.Attachments.Count > 0));
    }

    private sealed record SurfacePrompt(GrokPrompt Prompt, OpenAiError? Error)
    {
        [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
        public bool Succeeded => Error is null;
    }
}
