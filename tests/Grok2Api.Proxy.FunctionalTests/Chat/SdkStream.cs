using System.ClientModel;
using System.Text;
using OpenAI.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>What the OpenAI SDK's streaming enumeration yielded, collected within a bound.</summary>
public sealed record SdkStream(string Content, IReadOnlyList<ChatFinishReason> FinishReasons, ChatTokenUsage? Usage, int Updates)
{
    public static async Task<SdkStream> CollectAsync(ChatClient client, IEnumerable<ChatMessage> messages, CancellationToken cancellationToken, ChatCompletionOptions? options = null)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        var content = new StringBuilder();
        var finishes = new List<ChatFinishReason>();
        ChatTokenUsage? usage = null;
        var updates = 0;
        AsyncCollectionResult<StreamingChatCompletionUpdate> stream = client.CompleteChatStreamingAsync(messages, options, bound.Token);
        await foreach (var update in stream.WithCancellation(bound.Token))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                content.Append(part.Text);
            }

            if (update.FinishReason is { } finish)
            {
                finishes.Add(finish);
            }

            usage ??= update.Usage;
        }

        return new SdkStream(content.ToString(), finishes, usage, updates);
    }
}
