using Grok2Api.Configuration;
using Grok2Api.Proxy.OpenAi;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Proxy.Tests.OpenAi;

public sealed class ChatAnswerSettingsTests
{
    [Fact]
    public void For_ManyAnswers_GivesEachItsOwnIdInOpenAiShape()
    {
        // Arrange
        var request = new ChatCompletionRequest { Model = "grok-4", Messages = [] };
        var app = new AppSection();

        // Act: ids drawn from several threads at once, as concurrent requests draw them.
        var ids = new string[20_000];
        Parallel.For(0, ids.Length, i => ids[i] = ChatAnswerSettings.For(request, "hello", app, TimeProvider.System).CompletionId);

        // Assert: "chatcmpl-" and 24 lower-case hex digits (96 random bits), never twice.
        Assert.All(ids, id => Assert.Matches("^chatcmpl-[0-9a-f]{24}$", id));
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }
}
