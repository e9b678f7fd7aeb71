using System.Text;
using Grok2Api.Transforms.Grok.ImageEdit;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Transforms.Tests.Grok.ImageEdit;

public sealed class GrokImageEditTurnTests
{
    private const string Final1 = "users/u1/generated/a1/image.jpg";
    private const string Final2 = "users/u1/generated/a2/image.jpg";

    [Fact]
    public void Apply_ProgressThenEnvelope_EachFinishedImageOnceInOrder()
    {
        var turn = new GrokImageEditTurn(2);
        using var parser = new GrokLineParser();

        Assert.Null(turn.Apply(parser.Parse(Line("""{"result":{"conversation":{"conversationId":"c"}}}"""))));
        var progress = turn.Apply(parser.Parse(Line(Progress(0, 50, "users/u1/generated/a1-part-0/image.jpg", final: false))));
        Assert.Equal(50, progress!.Progress);
        Assert.Empty(turn.TakeNew());

        turn.Apply(parser.Parse(Line(Progress(0, 100, Final1, final: true))));
        Assert.Equal([Final1], turn.TakeNew());
        turn.Apply(parser.Parse(Line(Progress(1, 100, Final2, final: true))));
        turn.Apply(parser.Parse(Line(Envelope("\"" + Final1 + "\",\"/" + Final2 + "\""))));

        Assert.Equal([Final2], turn.TakeNew());
        Assert.Empty(turn.TakeNew());
        Assert.Equal([Final1, Final2], turn.Finished);
        Assert.True(turn.IsFull);
        Assert.False(turn.Moderated);
    }

    [Fact]
    public void Apply_MoreImagesThanWanted_TakesOnlyTheFirst()
    {
        var turn = new GrokImageEditTurn(1);
        using var parser = new GrokLineParser();

        turn.Apply(parser.Parse(Line(Envelope("\"" + Final1 + "\",\"" + Final2 + "\""))));

        Assert.Equal([Final1], turn.TakeNew());
    }

    [Fact]
    public void Apply_ModeratedProgress_NoImageAndModerated()
    {
        var turn = new GrokImageEditTurn(2);
        using var parser = new GrokLineParser();

        turn.Apply(parser.Parse(Line("""{"result":{"response":{"streamingImageGenerationResponse":{"imageIndex":0,"progress":100,"isFinal":true,"moderated":true}}}}""")));
        turn.Apply(parser.Parse(Line("""{"result":{"response":{"modelResponse":{"message":"","generatedImageUrls":[]}}}}""")));

        Assert.True(turn.Moderated);
        Assert.Empty(turn.Finished);
    }

    [Fact]
    public void Apply_FinishedGeneratedImageCard_IsAFinishedImage()
    {
        var turn = new GrokImageEditTurn(2);
        using var parser = new GrokLineParser();
        var card = """{"id":"k1","cardType":"generated_image_card","image_chunk":{"imageUrl":"FINAL","progress":100,"moderated":false}}""".Replace("FINAL", Final1, StringComparison.Ordinal);

        turn.Apply(parser.Parse(Line("""{"result":{"response":{"cardAttachment":{"jsonData":CARD}}}}""".Replace("CARD", System.Text.Json.JsonSerializer.Serialize(card), StringComparison.Ordinal))));

        Assert.Equal([Final1], turn.Finished);
    }

    [Fact]
    public void PartialOf_IntermediateRenderings_PreviewThenMedium_OncePerRendering_OnlyForWantedUnfinishedImages()
    {
        var turn = new GrokImageEditTurn(1);
        using var parser = new GrokLineParser();
        const string Part0 = "users/u1/generated/a1-part-0/image.jpg";
        const string Part1 = "users/u1/generated/a1-part-1/image.jpg";

        // No URL yet: nothing to show.
        Assert.Null(turn.PartialOf(turn.Apply(parser.Parse(Line("""{"result":{"response":{"streamingImageGenerationResponse":{"imageIndex":0,"progress":5}}}}""")))));
        Assert.Equal(new GrokImageEditPartial(0, Part0, GeneratedImageStage.Preview), turn.PartialOf(turn.Apply(parser.Parse(Line(Progress(0, 50, Part0, final: false))))));
        Assert.Null(turn.PartialOf(turn.Apply(parser.Parse(Line(Progress(0, 60, Part0, final: false))))));
        // An image beyond the one wanted from this call is not shown.
        Assert.Null(turn.PartialOf(turn.Apply(parser.Parse(Line(Progress(1, 50, "users/u1/generated/a2-part-0/image.jpg", final: false))))));
        Assert.Equal(new GrokImageEditPartial(0, Part1, GeneratedImageStage.Medium), turn.PartialOf(turn.Apply(parser.Parse(Line(Progress(0, 75, Part1, final: false))))));
        Assert.Null(turn.PartialOf(turn.Apply(parser.Parse(Line(Progress(0, 90, "users/u1/generated/a1-part-2/image.jpg", final: false))))));

        // The final is a finished image, never a partial; after it nothing more is shown.
        Assert.Null(turn.PartialOf(turn.Apply(parser.Parse(Line(Progress(0, 100, Final1, final: true))))));
        Assert.Equal([Final1], turn.TakeNew());
        Assert.Null(turn.PartialOf(turn.Apply(parser.Parse(Line(Progress(0, 50, "users/u1/generated/a3-part-0/image.jpg", final: false))))));
    }

    [Fact]
    public void PartialOf_AModeratedProgressLine_ShowsNothing()
    {
        var turn = new GrokImageEditTurn(2);
        using var parser = new GrokLineParser();

        var progress = turn.Apply(parser.Parse(Line("""{"result":{"response":{"streamingImageGenerationResponse":{"imageIndex":0,"progress":50,"imageUrl":"users/u1/generated/a1-part-0/image.jpg","moderated":true}}}}""")));

        Assert.Null(turn.PartialOf(progress));
    }

    private static string Progress(int index, int progress, string url, bool final) =>
        "{\"result\":{\"response\":{\"streamingImageGenerationResponse\":{\"imageIndex\":" + index + ",\"progress\":" + progress
        + ",\"imageUrl\":\"" + url + "\",\"isFinal\":" + (final ? "true" : "false") + ",\"moderated\":false}}}}";

    private static string Envelope(string urls) =>
        "{\"result\":{\"response\":{\"modelResponse\":{\"message\":\"\",\"generatedImageUrls\":[" + urls + "]}}}}";

    private static byte[] Line(string json) => Encoding.UTF8.GetBytes(json);
}
