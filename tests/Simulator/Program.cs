using Grok2Api.Simulator;

// Standalone grok.com simulator: dotnet run --project tests/Simulator [--urls http://127.0.0.1:5380] [--Simulator:RequireKnownTokens=true]
await using var simulator = GrokSimulator.Create(args, options: null);
await simulator.StartServerAsync();
Console.WriteLine($"Grok simulator listening on {simulator.BaseUrl} (control API under {UpstreamPaths.ControlPrefix})");
await simulator.WaitForShutdownAsync();
