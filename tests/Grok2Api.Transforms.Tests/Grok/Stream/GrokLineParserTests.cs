using System.Text;
using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Transforms.Tests.Grok.Stream;

public sealed class GrokLineParserTests
{
    private readonly GrokLineParser _parser = new();

    [Fact]
    public void Parse_TokenLine_ReadsEveryField()
    {
        var line = Parse("""{"result":{"response":{"token":"Hel\"lo\u00e9\n","isThinking":false,"isSoftStop":false,"responseId":"r-1","messageTag":"final","llmInfo":{"modelHash":"h-9"}}}}""");

        Assert.Equal(GrokLineParts.Token, line.Parts);
        Assert.Equal("Hel\"loé\n", Encoding.UTF8.GetString(line.Token));
        Assert.False(line.IsThinking);
        Assert.Equal("final", line.MessageTag);
        Assert.Equal("r-1", line.ResponseId);
        Assert.Equal("h-9", line.ModelHash);
        Assert.True(line.HasVisibleOutput);
    }

    [Fact]
    public void Parse_ThinkingToken_FlaggedAsThinking()
    {
        var line = Parse("""{"result":{"response":{"isThinking":true,"token":"hmm","messageTag":"analysis"}}}""");

        Assert.Equal(GrokLineParts.ThinkingToken, line.Parts);
        Assert.True(line.IsThinking);
        Assert.Equal("analysis", line.MessageTag);
        Assert.True(line.HasVisibleOutput);
    }

    [Fact]
    public void Parse_RepeatedResponseId_SameStringInstance()
    {
        var first = Parse("""{"result":{"response":{"token":"a","responseId":"resp-123"}}}""").ResponseId;
        var second = Parse("""{"result":{"response":{"token":"b","responseId":"resp-123"}}}""").ResponseId;

        Assert.Equal("resp-123", second);
        Assert.Same(first, second);
    }

    [Fact]
    public void Parse_TokenLineAfterWarmUp_AllocatesNothing()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"result":{"response":{"token":"tok\u00e9","isThinking":false,"isSoftStop":false,"responseId":"r-1","messageTag":"final","llmInfo":{"modelHash":"h"}}}}""");
        _parser.Parse(bytes);
        _parser.Parse(bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            _parser.Parse(bytes);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t ")]
    [InlineData("[DONE]")]
    [InlineData("data: [DONE]")]
    [InlineData("\r")]
    public void Parse_SkippedLine_NoneAndNotCounted(string text)
    {
        Assert.Equal(GrokLineParts.None, Parse(text).Parts);
        Assert.Equal(0, _parser.InvalidLines);
    }

    [Theory]
    [InlineData("<<not json>>")]
    [InlineData("{\"result\":")]
    [InlineData("[1,2]")]
    [InlineData("{\"a\":1} trailing")]
    [InlineData("{\"result\":{\"response\":{\"token\":\"\\ud83d\"}}}")]
    public void Parse_InvalidLine_NoneAndCounted(string text)
    {
        var line = Parse(text);

        Assert.Equal(GrokLineParts.None, line.Parts);
        Assert.True(line.Token.IsEmpty);
        Assert.Equal(1, _parser.InvalidLines);
    }

    [Theory]
    [InlineData("data: {\"result\":{\"response\":{\"token\":\"x\"}}}")]
    [InlineData("data:{\"result\":{\"response\":{\"token\":\"x\"}}}")]
    [InlineData("  {\"result\":{\"response\":{\"token\":\"x\"}}}  \r")]
    [InlineData("\uFEFF{\"result\":{\"response\":{\"token\":\"x\"}}}")]
    public void Parse_DataPrefixOrPadding_Tolerated(string text)
    {
        Assert.Equal("x", Encoding.UTF8.GetString(Parse(text).Token));
    }

    [Fact]
    public void Parse_MultiSegmentLine_SameAsContiguous()
    {
        var line = _parser.Parse(GrokStreamTestSequence.Of("{\"result\":{\"resp", "onse\":{\"token\":\"sp", "lit\"}}}"));

        Assert.Equal("split", Encoding.UTF8.GetString(line.Token));
    }

    [Theory]
    [InlineData("""{"result":{"conversation":{"conversationId":"c"}}}""")]
    [InlineData("""{"result":{"title":{"newTitle":"t"}}}""")]
    [InlineData("""{"result":{"response":{"userResponse":{"message":"THE PROMPT"},"responseId":"u"}}}""")]
    [InlineData("""{"result":{"response":{"token":"","isSoftStop":true}}}""")]
    public void Parse_LineWithoutContent_MetadataOnly(string text)
    {
        var line = Parse(text);

        Assert.Equal(GrokLineParts.Metadata, line.Parts);
        Assert.False(line.HasVisibleOutput);
    }

    [Fact]
    public void Parse_FinalMetadata_Flagged()
    {
        var line = Parse("""{"result":{"response":{"finalMetadata":{"followUpSuggestions":[]},"responseId":"r"}}}""");

        Assert.Equal(GrokLineParts.FinalMetadata, line.Parts);
        Assert.False(line.HasVisibleOutput);
    }

    [Fact]
    public void Parse_ModelResponse_ReadsMessageImagesCardsAndHash()
    {
        var line = Parse("""
            {"result":{"response":{"modelResponse":{"responseId":"r-5","message":"Done",
            "generatedImageUrls":["users/u/generated/a/image.jpg","users/u/generated/a/image.jpg"],
            "steps":[{"imageUrls":"users/u/generated/b/image.jpg"},{"deep":{"imageURLs":["users/u/generated/c/image.jpg"]}}],
            "cardAttachmentsJson":["{\"id\":\"c1\",\"image\":{\"original\":\"https://x/y.jpg\",\"title\":\"T\"}}","not json",
            "{\"id\":\"g1\",\"cardType\":\"generated_image_card\",\"image_chunk\":{\"imageUrl\":\"users/u/generated/d/image.jpg\",\"progress\":100}}"],
            "metadata":{"llm_info":{"modelHash":"mh"}}}}}}
            """.ReplaceLineEndings(string.Empty));

        Assert.Equal(GrokLineParts.ModelResponse, line.Parts);
        var model = line.ModelResponse!;
        Assert.Equal("r-5", model.ResponseId);
        Assert.Equal("r-5", line.ResponseId);
        Assert.Equal("Done", model.Message);
        Assert.Equal(["users/u/generated/a/image.jpg", "users/u/generated/b/image.jpg", "users/u/generated/c/image.jpg"], model.GeneratedImageUrls);
        Assert.Equal(2, model.Cards.Count);
        Assert.Equal(new GrokCard("c1", null, "https://x/y.jpg", "T", false, null, false), model.Cards[0]);
        Assert.Equal(new GrokCard("g1", "generated_image_card", "users/u/generated/d/image.jpg", null, true, 100, false), model.Cards[1]);
        Assert.Equal("mh", model.ModelHash);
        Assert.Equal("mh", line.ModelHash);
        Assert.True(line.HasVisibleOutput);
    }

    [Fact]
    public void Parse_EmptyModelResponse_NotVisible()
    {
        var line = Parse("""{"result":{"response":{"modelResponse":{"message":"","generatedImageUrls":[],"cardAttachmentsJson":[]}}}}""");

        Assert.Equal(GrokLineParts.ModelResponse, line.Parts);
        Assert.False(line.HasVisibleOutput);
    }

    [Fact]
    public void Parse_ImageCardAttachment_ReadsCard()
    {
        var line = Parse("""{"result":{"response":{"cardAttachment":{"jsonData":"{\"id\":\"c7\",\"cardType\":\"image_card\",\"image\":{\"original\":\"https://i/x.png\",\"title\":\"A\\nB\"}}"}}}}""");

        Assert.Equal(GrokLineParts.Card, line.Parts);
        Assert.Equal(new GrokCard("c7", "image_card", "https://i/x.png", "A\nB", false, null, false), line.Card);
        Assert.True(line.Card!.IsRenderable);
        Assert.True(line.HasVisibleOutput);
    }

    [Theory]
    [InlineData(100, false, true)]
    [InlineData(40, false, false)]
    [InlineData(100, true, false)]
    public void Parse_GeneratedImageCard_RenderableOnlyWhenFinishedAndAllowed(int progress, bool moderated, bool renderable)
    {
        var chunk = "{\"imageUuid\":\"u\",\"imageUrl\":\"users/u/generated/i/image.jpg\",\"progress\":" + progress
            + ",\"moderated\":" + (moderated ? "true" : "false") + "}";
        var json = "{\"id\":\"x1Xyo\",\"type\":\"render_file\",\"cardType\":\"generated_image_card\",\"image_chunk\":" + chunk + "}";
        var line = Parse("{\"result\":{\"response\":{\"cardAttachment\":{\"jsonData\":" + System.Text.Json.JsonSerializer.Serialize(json) + "}}}}");

        var card = line.Card!;
        Assert.True(card.IsGenerated);
        Assert.Equal("users/u/generated/i/image.jpg", card.ImageUrl);
        Assert.Equal(renderable, card.IsRenderable);
    }

    [Fact]
    public void Parse_CardWithUnreadableJsonData_NoCard()
    {
        var line = Parse("""{"result":{"response":{"cardAttachment":{"jsonData":"{broken"}}}}""");

        Assert.Equal(GrokLineParts.Metadata, line.Parts);
        Assert.Null(line.Card);
    }

    [Fact]
    public void Parse_StreamingImage_ReadsProgressFields()
    {
        var line = Parse("""{"result":{"response":{"streamingImageGenerationResponse":{"imageIndex":1,"progress":100,"imageUrl":"users/u/generated/p/image.jpg","isFinal":true,"moderated":false},"isThinking":true}}}""");

        Assert.Equal(GrokLineParts.ImageProgress, line.Parts);
        Assert.Equal(new GrokImageProgress(1, 100, "users/u/generated/p/image.jpg", true, false), line.ImageProgress);
        Assert.True(line.IsThinking);
        Assert.True(line.HasVisibleOutput);
    }

    [Fact]
    public void Parse_StreamingVideo_ReadsFields()
    {
        var line = Parse("""{"result":{"response":{"streamingVideoGenerationResponse":{"videoId":"v","progress":100,"videoPostId":"p","assetId":"a","videoUrl":"users/u/generated/v/video.mp4","thumbnailImageUrl":"users/u/generated/v/thumb.jpg","moderated":false,"resolutionName":"720p"}}}}""");

        Assert.Equal(GrokLineParts.VideoProgress, line.Parts);
        Assert.Equal(new GrokVideoProgress(100, "v", "p", "a", "users/u/generated/v/video.mp4", "users/u/generated/v/thumb.jpg", false, "720p"), line.VideoProgress);
    }

    [Fact]
    public void Parse_WebSearchResults_ReadAlongsideToken()
    {
        var line = Parse("""{"result":{"response":{"token":"x","webSearchResults":{"results":[{"url":"https://a","title":"A","preview":"p"}]}}}}""");

        Assert.Equal(GrokLineParts.Token | GrokLineParts.WebSearch, line.Parts);
        Assert.Equal([new GrokWebSearchResult("A", "https://a", "p")], line.WebSearchResults);
    }

    [Theory]
    [InlineData("""{"error":{"code":7,"message":"Request rejected by anti-bot rules.","details":[]}}""", GrokStreamErrorKind.AntiBot)]
    [InlineData("""{"error":{"code":3,"message":"Blocked by anti-bot protection"}}""", GrokStreamErrorKind.AntiBot)]
    [InlineData("""{"error":{"code":13,"message":"Internal error"}}""", GrokStreamErrorKind.Upstream)]
    [InlineData("""{"error":{"code":8,"message":"Too many requests"}}""", GrokStreamErrorKind.UsageLimit)]
    [InlineData("""{"result":{"response":{"error":{"message":"You've reached your usage limit. Please try again later."},"responseId":"r"}}}""", GrokStreamErrorKind.UsageLimit)]
    [InlineData("""{"result":{"response":{"error":{"message":"Rate limit exceeded"}}}}""", GrokStreamErrorKind.UsageLimit)]
    [InlineData("""{"result":{"response":{"error":{"message":"Something else"}}}}""", GrokStreamErrorKind.Model)]
    [InlineData("""{"result":{"response":{"modelResponse":{"message":"","error":"model failed"}}}}""", GrokStreamErrorKind.Model)]
    [InlineData("""{"result":{"response":{"modelResponse":{"message":"","streamErrors":[{"code":13,"message":"Model stream was interrupted."}]}}}}""", GrokStreamErrorKind.Stream)]
    public void Parse_ErrorShapes_Classified(string text, GrokStreamErrorKind kind)
    {
        var line = Parse(text);

        Assert.True(line.Has(GrokLineParts.Error));
        Assert.Equal(kind, line.Error!.Kind);
        Assert.False(line.HasVisibleOutput);
        Assert.StartsWith("Upstream error (", line.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ErrorMessage_BoundedAndWithoutControlCharacters()
    {
        var message = "line1\nline2\u0001" + new string('x', 1000);
        var line = Parse("{\"error\":{\"code\":13,\"message\":" + System.Text.Json.JsonSerializer.Serialize(message) + "}}");

        var text = line.Error!.Message;
        Assert.True(text.Length <= 300, text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("line1 line2 x", text, StringComparison.Ordinal);
        Assert.DoesNotContain(text, char.IsControl);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NextLine_ResetsPreviousFields()
    {
        Parse("""{"result":{"response":{"token":"a","isThinking":true,"cardAttachment":{"jsonData":"{\"id\":\"c\"}"}}}}""");
        var line = Parse("""{"result":{"conversation":{}}}""");

        Assert.True(line.Token.IsEmpty);
        Assert.False(line.IsThinking);
        Assert.Null(line.Card);
        Assert.Equal(GrokLineParts.Metadata, line.Parts);
    }

    private GrokLine Parse(string text) => _parser.Parse(Encoding.UTF8.GetBytes(text));
}
