using FsCheck;
using FsCheck.Fluent;
using Ksbb.Tests;

namespace Ksbb.Allocation.Tests;

/// <summary>
/// Fuzzing the <c>ksbb.allocation-problem/1</c> reader with mutations of the contract example: each either reads, or fails with an
/// <see cref="AllocationProblemException"/> whose message starts with the JSON path — never another exception.
/// </summary>
public sealed class ReaderFuzzTests
{
    [Fact]
    public void Problem_MutatedDocuments_ReadOrNameTheJsonPath() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Mutations.Of(ContractTests.Example).ToArbitrary(), bytes =>
        {
            try
            {
                AllocationProblem.Load(new MemoryStream(bytes));
                return true;
            }
            catch (AllocationProblemException ex)
            {
                return ex.Message.StartsWith('$');
            }
        }));
}
