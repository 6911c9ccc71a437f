using BenchmarkDotNet.Running;

// The whole-process NetTopologySuite peer of `ksbb locate` (see benchmarks/README.md, Geo).
if (args is ["nts-locate", ..])
{
    return Ksbb.Benchmarks.NtsLocateProgram.Run(args[1..]);
}

// One switcher for every benchmark class: `dotnet run -c Release --project benchmarks/Ksbb.Benchmarks -- --filter '*Geo*'`.
// `-- allocation-run engine|ortools INSTANCE` is a single measured run for peak memory (see benchmarks/README.md).
if (args is ["allocation-run", ..])
{
    return Ksbb.Benchmarks.AllocationRunner.Run(args);
}

// `-- online-run INSTANCE [EVENTS] [--check]` times online re-optimisation with a Stopwatch (see benchmarks/README.md).
if (args is ["online-run", ..])
{
    return Ksbb.Benchmarks.OnlineRunner.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Ksbb.Benchmarks.BenchmarkData).Assembly).Run(args);
return 0;
