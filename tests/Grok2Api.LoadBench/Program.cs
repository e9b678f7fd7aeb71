using Grok2Api.LoadBench;

// Load benchmark of the gateway against the simulator (docs/benchmarks.md):
//   dotnet run -c Release --project tests/Grok2Api.LoadBench -- throughput [--warmup 5] [--duration 20] [--connections 16,64]
//   dotnet run -c Release --project tests/Grok2Api.LoadBench -- streams [--streams 1000] [--line-delay 1] [--hold 10]
//   dotnet run -c Release --project tests/Grok2Api.LoadBench -- edge [--connections 64] [--duration 10]
//   dotnet run -c Release --project tests/Grok2Api.LoadBench -- storage [--backends local,redis,pgsql,mysql] [--duration 20]
return await LoadBenchProgram.RunAsync(args);
