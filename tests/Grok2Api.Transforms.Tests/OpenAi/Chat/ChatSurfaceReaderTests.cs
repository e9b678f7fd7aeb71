using System.Text;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

public sealed class ChatSurfaceReaderTests
{
    [Fact]
    public void TryRead_ValidRequest_ModelConversationAndGrokPromptInOneCall()
    {
        var ok = ChatSurfaceReader.TryRead(Body("""
            {"model":"grok-4","temperature":0.5,"reasoning_effort":"low","messages":[
              {"role":"system","content":"Be brief."},
              {"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}
            """), out var read, out var status, out var error);

        Assert.True(ok, error?.Error.Message);
        Assert.Equal(200, status);
        Assert.NotNull(read);
        Assert.Equal("grok-4", read.Model.Id);
        Assert.Equal(new GenerationOptions(0.5, null, "low"), read.Conversation.Options);
        Assert.Equal(2, read.Conversation.Messages.Count);
        Assert.Equal("system: Be brief.\n\nWhat is this?", read.Prompt.Message);
        Assert.Equal(ConversationPartKind.Image, Assert.Single(read.Prompt.Attachments).Kind);
    }

    [Theory]
    [InlineData("""{"model":"grok-4","messages":"hi"}""", 400, "invalid_type")]
    [InlineData("""{"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}""", 404, "model_not_found")]
    [InlineData("""{"model":"grok-imagine-1.0","messages":[{"role":"user","content":"hi"}]}""", 400, "model_not_supported")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":"  "}]}""", 400, "empty_prompt")]
    public void TryRead_RequestThatCannotBeServed_StatusAndOpenAiError(string body, int expectedStatus, string code)
    {
        var ok = ChatSurfaceReader.TryRead(Body(body), out var read, out var status, out var error);

        Assert.False(ok);
        Assert.Null(read);
        Assert.Equal(expectedStatus, status);
        Assert.NotNull(error);
        Assert.Equal(code, error.Error.Code);
    }

    [Fact]
    public void TryRead_VideoModelWithOnlyAnImage_IsImageToVideoWithAnEmptyPrompt()
    {
        var ok = ChatSurfaceReader.TryRead(Body("""
            {"model":"grok-imagine-1.0-video","messages":[
              {"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}
            """), out var read, out var status, out var error);

        Assert.True(ok, error?.Error.Message);
        Assert.Equal(200, status);
        Assert.Equal(string.Empty, read!.Prompt.Message);
        Assert.Equal(ConversationPartKind.Image, Assert.Single(read.Prompt.Attachments).Kind);
    }

    [Theory]
    [InlineData("""{"model":"grok-imagine-1.0-video","messages":[{"role":"user","content":" "}]}""")]
    [InlineData("""{"model":"grok-imagine-1.0-video","messages":[{"role":"user","content":[{"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERg==","filename":"a.pdf"}}]}]}""")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}""")]
    public void TryRead_NoTextAndNoImageForVideo_OrAChatModelWithOnlyAnImage_400EmptyPrompt(string body)
    {
        Assert.False(ChatSurfaceReader.TryRead(Body(body), out _, out var status, out var error));
        Assert.Equal(400, status);
        Assert.Equal("empty_prompt", error!.Error.Code);
    }

    private static ReadOnlyMemory<byte> Body(string json) => Encoding.UTF8.GetBytes(json);
}
