namespace Grok2Api.Proxy.FunctionalTests.Infrastructure;

/// <summary>One token of token.json, normalized (see <see cref="DataDirectoryFiles.ReadTokens"/>).</summary>
public sealed record TokenFileRecord(string Pool, string Token, string Status, int Quota, int UseCount, int FailCount, string Tags, string Note);
