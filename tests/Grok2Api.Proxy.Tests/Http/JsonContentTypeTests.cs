using Grok2Api.Proxy.Http;

namespace Grok2Api.Proxy.Tests.Http;

public sealed class JsonContentTypeTests
{
    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("APPLICATION/JSON;charset=\"UTF-8\"", true)]
    [InlineData("application/problem+json", true)]
    [InlineData("application/vnd.api+json; charset=utf-8", true)]
    [InlineData("text/plain", false)]
    [InlineData("text/plain; charset=utf-8", false)]
    [InlineData("application/x-www-form-urlencoded", false)]
    [InlineData("multipart/form-data; boundary=abc", false)]
    [InlineData("text/json", false)]
    [InlineData("application/jsonp", false)]
    [InlineData("application/json+x", false)]
    [InlineData("json", false)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData(null, false)]
    public void IsJson(string? contentType, bool expected) => Assert.Equal(expected, JsonContentType.IsJson(contentType));
}
