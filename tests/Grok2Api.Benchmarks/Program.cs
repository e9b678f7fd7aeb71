// The executing assembly, not typeof(Program): Grok2Api.Proxy (referenced for the media benchmarks) has a public Program too.
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(System.Reflection.Assembly.GetExecutingAssembly()).Run(args);
