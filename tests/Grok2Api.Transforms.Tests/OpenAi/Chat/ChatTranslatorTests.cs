using System.Buffers;
using System.Text;
using Grok2Api.Transforms.Grok.Stream;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Chat;
using static Grok2Api.Transforms.Tests.OpenAi.Chat.ChatTranslatorHarness;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

public sealed class ChatTranslatorTests
{
    [Fact]
    public async Task ApplyAsync_Stream_RoleChunkFirstAndOneIdThroughout()
    {
        var sse = await RunAsync(Body(Token("Hi", modelHash: "h1"), Token(" there")), Options(stream: true));

        var events = Events(sse);
        Assert.Equal("assistant", events[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("", events[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString());
        Assert.All(events, e => Assert.Equal("chatcmpl-test0001", e.GetProperty("id").GetString()));
        Assert.All(events, e => Assert.Equal("h1", e.GetProperty("system_fingerprint").GetString()));
        Assert.Equal("stop", events[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal("Hi there", Deltas(sse, "content"));
    }

    [Fact]
    public async Task ApplyAsync_LinesWithoutVisibleOutput_WriteNothing()
    {
        using var parser = new GrokLineParser();
        var output = new ArrayBufferWriter<byte>();
        using var translator = new TestTranslation(Options(stream: true), new ChatTranslatorTestLinker(), output);
        string[] lines =
        [
            """{"result":{"conversation":{"conversationId":"c"}}}""",
            """{"result":{"response":{"userResponse":{"message":"PROMPT"}}}}""",
            "garbage",
            """{"result":{"response":{"token":""}}}""",
            """{"result":{"response":{"error":{"message":"You've reached your usage limit."}}}}""",
        ];

        foreach (var line in lines)
        {
            await translator.ApplyAsync(parser.Parse(Encoding.UTF8.GetBytes(line)), TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public async Task ApplyAsync_UserResponseEchoesPrompt_PromptNeverInOutput()
    {
        var echo = Response(new Dictionary<string, object> { ["userResponse"] = new Dictionary<string, string> { ["message"] = "TOP SECRET PROMPT" } });
        var body = Body(echo, Token("Answer."), ModelResponse("Answer."));

        Assert.DoesNotContain("SECRET", await RunAsync(body, Options(stream: true)), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", await RunAsync(body, Options(stream: false)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_FingerprintUnknownAtFirst_NullUntilSeenThenFirstWins()
    {
        var sse = await RunAsync(Body(Token("a"), Token("b", modelHash: "first"), Token("c", modelHash: "second")), Options(stream: true));

        var fingerprints = Events(sse).Select(e => e.GetProperty("system_fingerprint").GetString()).ToList();
        Assert.Null(fingerprints[0]);
        Assert.Equal("first", fingerprints[^1]);
        Assert.DoesNotContain("second", fingerprints);
    }

    [Theory]
    [InlineData(ReasoningMode.ReasoningContent, "Answer", "Think more")]
    [InlineData(ReasoningMode.ThinkTags, "<think>\nThink more\n</think>\nAnswer", "")]
    [InlineData(ReasoningMode.Hidden, "Answer", "")]
    public async Task ApplyAsync_ReasoningModes_ThinkingRoutedAsConfigured(ReasoningMode mode, string content, string reasoning)
    {
        var body = Body(Token("Think", thinking: true), Token(" more", thinking: true), Token("Answer"));

        var sse = await RunAsync(body, Options(stream: true, mode));
        var json = await RunAsync(body, Options(stream: false, mode));

        Assert.Equal(content, Deltas(sse, "content"));
        Assert.Equal(reasoning, Deltas(sse, "reasoning_content"));
        Assert.Equal(content, Message(json, "content"));
        Assert.Equal(reasoning.Length == 0 ? null : reasoning, Message(json, "reasoning_content"));
    }

    [Fact]
    public async Task Complete_ThinkTagsStillOpen_ClosedAtEnd()
    {
        var sse = await RunAsync(Body(Token("only thinking", thinking: true)), Options(stream: true, ReasoningMode.ThinkTags));

        Assert.Equal("<think>\nonly thinking\n</think>\n", Deltas(sse, "content"));
    }

    [Fact]
    public async Task ApplyAsync_NoTokensButEnvelopeMessage_MessageIsContent()
    {
        var body = Body(ModelResponse("From the envelope <xaiartifact>x</xaiartifact>only."));

        Assert.Equal("From the envelope only.", Deltas(await RunAsync(body, Options(stream: true)), "content"));
        Assert.Equal("From the envelope only.", Message(await RunAsync(body, Options(stream: false)), "content"));
    }

    [Fact]
    public async Task ApplyAsync_TokensAndEnvelope_EnvelopeMessageNotRepeated()
    {
        var sse = await RunAsync(Body(Token("Streamed."), ModelResponse("Streamed.")), Options(stream: true));

        Assert.Equal("Streamed.", Deltas(sse, "content"));
    }

    [Fact]
    public async Task ApplyAsync_ImageProgress_EnglishReasoningOnlyWhenShown()
    {
        var progress = Response(new Dictionary<string, object>
        {
            ["streamingImageGenerationResponse"] = new Dictionary<string, object> { ["imageIndex"] = 0, ["progress"] = 45 },
        });

        var shown = await RunAsync(Body(progress), Options(stream: true));
        var hidden = await RunAsync(Body(progress), Options(stream: true, ReasoningMode.Hidden));

        Assert.Equal("Generating image 1: 45%\n", Deltas(shown, "reasoning_content"));
        Assert.Equal("", Deltas(shown, "content"));
        Assert.Equal("", Deltas(hidden, "reasoning_content") + Deltas(hidden, "content"));
    }

    [Fact]
    public async Task ApplyAsync_CardBeforeMarker_ImageReplacesMarkerInPlace()
    {
        var body = Body(CardLine(ImageCard("c1", "https://i/cat.jpg", "Cat\nphoto")), Token("See:"), Token(Marker("c1")), Token("after"));

        Assert.Equal("See:\n![Cat photo](https://i/cat.jpg)\nafter", await ContentAsync(body));
    }

    [Fact]
    public async Task ApplyAsync_CardAfterMarker_ImageWhereTheCardArrives()
    {
        var body = Body(Token("See:"), Token(Marker("c1")), Token("middle"), CardLine(ImageCard("c1", "https://i/cat.jpg")), Token("end"));

        Assert.Equal("See:middle\n![image](https://i/cat.jpg)\nend", await ContentAsync(body));
    }

    [Fact]
    public async Task ApplyAsync_StreamedCardNeverReferenced_ShownAtTheEnd()
    {
        var body = Body(Token("A"), CardLine(ImageCard("c1", "https://i/1.jpg")), Token("B"), ModelResponse("AB"));

        Assert.Equal("AB\n![image](https://i/1.jpg)\n", await ContentAsync(body));
    }

    [Fact]
    public async Task ApplyAsync_EnvelopeCardNeverReferenced_NotShown()
    {
        var body = Body(Token("A"), ModelResponse("A", cards: [ImageCard("c1", "https://i/1.jpg")]));

        Assert.Equal("A", await ContentAsync(body));
    }

    [Fact]
    public async Task ApplyAsync_MarkerTwiceAndUnknownMarker_ImageOnceUnknownRemoved()
    {
        var body = Body(CardLine(ImageCard("c1", "https://i/1.jpg")), Token(Marker("c1")), Token(Marker("c1")), Token(Marker("zz")), Token("x"));

        Assert.Equal("![image](https://i/1.jpg)\nx", await ContentAsync(body));
    }

    [Fact]
    public async Task ApplyAsync_GeneratedImages_LinkedOnceEachAndFailedOnesLeftOut()
    {
        var linker = new ChatTranslatorTestLinker();
        var body = Body(
            Token("Images:"),
            ModelResponse("Images:", images: ["users/u/generated/a1/image.jpg", "/users/u/generated/a1/image.jpg", "users/u/generated/missing/image.jpg", "users/u/generated/b2/image.png"]));

        var content = await ContentAsync(body, linker);

        Assert.Equal(
            "Images:\n![a1](https://gateway.test/v1/files/image/users/u/generated/a1/image.jpg)\n"
            + "![b2](https://gateway.test/v1/files/image/users/u/generated/b2/image.png)\n",
            content);
        Assert.Equal(["users/u/generated/a1/image.jpg", "users/u/generated/missing/image.jpg", "users/u/generated/b2/image.png"], linker.Requests);
    }

    [Fact]
    public async Task ApplyAsync_GeneratedImageCard_LinkedAtMarkerAndNotRepeatedFromEnvelope()
    {
        var card = """{"id":"g1","cardType":"generated_image_card","image_chunk":{"imageUrl":"users/u/generated/g-1/image.jpg","progress":100}}""";
        var linker = new ChatTranslatorTestLinker { CompleteAsynchronously = false };
        var body = Body(CardLine(card), Token("Here "), Token(Marker("g1")), Token(" done"), ModelResponse("x", images: ["users/u/generated/g-1/image.jpg"], cards: [card]));

        var content = await ContentAsync(body, linker);

        Assert.Equal("Here \n![g-1](https://gateway.test/v1/files/image/users/u/generated/g-1/image.jpg)\n done", content);
        Assert.Single(linker.Requests);
    }

    [Fact]
    public async Task ApplyAsync_GeneratedImageCardLinkFails_MarkerLeavesNothing()
    {
        var card = """{"id":"g1","cardType":"generated_image_card","image_chunk":{"imageUrl":"users/u/generated/missing/image.jpg","progress":100}}""";

        Assert.Equal("ab", await ContentAsync(Body(CardLine(card), Token("a"), Token(Marker("g1")), Token("b"))));
    }

    [Fact]
    public async Task ApplyAsync_TokenLinesInStreamMode_AllocateNothing()
    {
        using var parser = new GrokLineParser();
        var output = new ArrayBufferWriter<byte>(1 << 20);
        using var translator = new TestTranslation(Options(stream: true), new ChatTranslatorTestLinker(), output, DefaultFilterTags);
        var thinking = Encoding.UTF8.GetBytes(Token("hmm <", thinking: true, modelHash: "h"));
        var answer = Encoding.UTF8.GetBytes(Token("word <xai"));
        var close = Encoding.UTF8.GetBytes(Token("artifact>x</xaiartifact> é"));
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 3; i++)
        {
            await translator.ApplyAsync(parser.Parse(thinking), ct);
            await translator.ApplyAsync(parser.Parse(answer), ct);
            await translator.ApplyAsync(parser.Parse(close), ct);
        }

        // Up to 5 rounds of 50: a real allocation per line shows in every round, while the runtime's own
        // one-off work on this thread (tiered recompilation on a loaded machine) shows in one at most.
        var rounds = new List<long>();
        for (var round = 0; round < 5 && (rounds.Count == 0 || rounds[^1] != 0); round++)
        {
            output.ResetWrittenCount();
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 50; i++)
            {
                var a = translator.ApplyAsync(parser.Parse(thinking), ct);
                var b = translator.ApplyAsync(parser.Parse(answer), ct);
                var c = translator.ApplyAsync(parser.Parse(close), ct);
                Assert.True(a.IsCompletedSuccessfully && b.IsCompletedSuccessfully && c.IsCompletedSuccessfully);
            }

            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(rounds[^1] == 0, $"bytes allocated per round of 150 lines: {string.Join(", ", rounds)}");
    }

    [Fact]
    public async Task Fail_AfterOutput_HeldTextDroppedThenErrorAndDone()
    {
        var sse = await RunAsync(Body(Token("Partial"), Token(" <xaiart")), Options(stream: true), fail: true);

        Assert.Equal("Partial ", Deltas(sse, "content"));
        var events = Events(sse);
        Assert.Equal("upstream_error", events[^1].GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain(events, e => e.TryGetProperty("choices", out var c) && c[0].GetProperty("finish_reason").ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.EndsWith("\n\ndata: [DONE]\n\n", sse, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_NonStream_Throws()
    {
        using var translator = new TestTranslation(Options(stream: false), new ChatTranslatorTestLinker(), new ArrayBufferWriter<byte>());

        Assert.Throws<InvalidOperationException>(() =>
            translator.Fail(new OpenAiError("x", OpenAiErrorTypes.Server, null, null)));
    }

    [Fact]
    public void Complete_Twice_Throws()
    {
        using var translator = new TestTranslation(Options(stream: true), new ChatTranslatorTestLinker(), new ArrayBufferWriter<byte>());
        translator.Complete();

        Assert.Throws<ObjectDisposedException>(() => translator.Complete());
    }

    [Fact]
    public async Task Complete_StreamWithoutAnyLine_RoleFinishAndDone()
    {
        var sse = await RunAsync(string.Empty, Options(stream: true));

        var events = Events(sse);
        Assert.Equal(2, events.Count);
        Assert.Equal("assistant", events[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("stop", events[1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Complete_IncludeUsage_LastChunkCarriesUsageOthersNull()
    {
        var sse = await RunAsync(Body(Token("hello world")), Options(stream: true, includeUsage: true, prompt: "hello world"));

        var events = Events(sse);
        Assert.All(events.SkipLast(1), e => Assert.Equal(System.Text.Json.JsonValueKind.Null, e.GetProperty("usage").ValueKind));
        var last = events[^1];
        Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
        var usage = last.GetProperty("usage");
        Assert.Equal(2, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(2, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(4, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Complete_StreamWithoutIncludeUsage_NoUsageAnywhere()
    {
        var sse = await RunAsync(Body(Token("x")), Options(stream: true));

        Assert.DoesNotContain("usage", sse, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_NonStream_UsageCountsReasoningSeparately()
    {
        var json = await RunAsync(Body(Token("hello world", thinking: true), Token("hello world")), Options(stream: false) with { PromptTokens = 7 });

        var usage = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("usage");
        Assert.Equal(7, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(4, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(2, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
    }

    private static async Task<string> ContentAsync(string body, ChatTranslatorTestLinker? linker = null)
    {
        var streamLinker = linker ?? new ChatTranslatorTestLinker();
        var stream = Deltas(await RunAsync(body, Options(stream: true), streamLinker), "content");
        var whole = Message(await RunAsync(body, Options(stream: false), new ChatTranslatorTestLinker { CompleteAsynchronously = false }), "content");
        Assert.Equal(stream, whole);
        return stream;
    }
}
