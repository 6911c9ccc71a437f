namespace Ksbb.Cli.Demo;

/// <summary>Which city the demo's maps are drawn on.</summary>
internal enum DemoCity
{
    /// <summary>Real Jakarta: the 2012 RW boundaries of Ksbb.Data.Jakarta, with synthetic RTs inside the real RWs.</summary>
    Jakarta,

    /// <summary>The generated city of rectangles that the sample round is built on.</summary>
    Synthetic,
}
