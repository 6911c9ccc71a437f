using BenchmarkDotNet.Running;

// One switcher for every benchmark class: `dotnet run -c Release --project benchmarks/Ksbb.Benchmarks -- --filter '*Geo*'`.
BenchmarkSwitcher.FromAssembly(typeof(Ksbb.Benchmarks.BenchmarkData).Assembly).Run(args);
