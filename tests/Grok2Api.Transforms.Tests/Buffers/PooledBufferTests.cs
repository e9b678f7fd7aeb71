using System.Text;
using System.Text.Json;
using Grok2Api.Transforms.Buffers;

namespace Grok2Api.Transforms.Tests.Buffers;

public sealed class PooledBufferTests
{
    [Fact]
    public void Append_PastTheInitialCapacity_GrowsAndKeepsTheBytes()
    {
        using var buffer = new PooledBuffer(1);
        var expected = new byte[10_000];
        Random.Shared.NextBytes(expected);

        foreach (var chunk in expected.Chunk(333))
        {
            buffer.Append(chunk);
        }

        buffer.Append((byte)7);

        Assert.Equal(10_001, buffer.Length);
        Assert.Equal([.. expected, (byte)7], buffer.WrittenSpan.ToArray());
        Assert.True(buffer.WrittenMemory.Span.SequenceEqual(buffer.WrittenSpan));
    }

    [Fact]
    public void AsBufferWriter_Utf8JsonWriter_WritesIntoIt()
    {
        using var buffer = new PooledBuffer(16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("content", new string('x', 5000));
            writer.WriteEndObject();
        }

        Assert.Equal("{\"content\":\"" + new string('x', 5000) + "\"}", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void GetSpan_SizeHint_AtLeastThatMuchRoom()
    {
        using var buffer = new PooledBuffer(4);

        Assert.True(buffer.GetSpan(1000).Length >= 1000);
        Assert.True(buffer.GetMemory().Length >= 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(buffer.GetSpan().Length + 1));
    }

    [Fact]
    public void RemoveStartAndClear_KeepTheRestOrNothing()
    {
        using var buffer = new PooledBuffer();
        buffer.Append("hello world"u8);

        buffer.RemoveStart(6);
        Assert.Equal("world", Encoding.UTF8.GetString(buffer.WrittenSpan));

        buffer.Clear();
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void Dispose_Twice_IsHarmless()
    {
        var buffer = new PooledBuffer();
        buffer.Append("x"u8);

        buffer.Dispose();
        buffer.Dispose();

        Assert.Equal(0, buffer.Length);
    }
}
