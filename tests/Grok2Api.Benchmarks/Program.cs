// The gateway (referenced for Images/) has its own Program type: name this assembly by one of its benchmarks.
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Grok2Api.Benchmarks.Images.ImagineGenerationBenchmarks).Assembly).Run(args);
