namespace Ksbb.Model.Catalog;

/// <summary>A label in Indonesian (the language users and data use) and English.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class BilingualText
{
    private BilingualText(string indonesian, string english)
    {
        Indonesian = indonesian;
        English = english;
    }

    /// <summary>Gets the Indonesian text.</summary>
    public string Indonesian { get; }

    /// <summary>Gets the English text.</summary>
    public string English { get; }

    /// <summary>Creates a label.</summary>
    /// <param name="indonesian">The Indonesian text, 1 to 500 characters after trimming.</param>
    /// <param name="english">The English text, 1 to 500 characters after trimming.</param>
    /// <returns>The label.</returns>
    /// <exception cref="ArgumentException">A text is empty or too long.</exception>
    public static BilingualText Create(string indonesian, string english) =>
        new(Guard.Text(indonesian, "Indonesian text", nameof(indonesian), 500), Guard.Text(english, "English text", nameof(english), 500));

    /// <summary>Returns the Indonesian text.</summary>
    /// <returns>The Indonesian text.</returns>
    public override string ToString() => Indonesian;
}
