using System.Text;

namespace OdeKernels.Generators.Common;

/// <summary>Writes indented source text with '\n' line endings, so output bytes do not depend on the platform.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    public SourceWriter Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
        return this;
    }

    /// <summary>Opens a bare block (a scope of its own).</summary>
    public SourceWriter OpenBlock()
    {
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    /// <summary>
    /// Writes <paramref name="text"/> (lines ending in '\n') as the body of a C# string expression, one escaped
    /// literal per line, indented one level, joined by '+' and ended by ';' (a constant expression, folded by the
    /// compiler; readable line by line in the generated file).
    /// </summary>
    public SourceWriter StringLines(string text)
    {
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length - 1; i++)
        {
            Line($"    \"{Escape(lines[i])}\\n\"{(i == lines.Length - 2 ? ";" : " +")}");
        }

        return this;
    }

    /// <summary>
    /// A new, empty writer at this one's indentation plus <paramref name="deeper"/> levels, for text measured before it
    /// is placed (<see cref="Append"/>).
    /// </summary>
    public SourceWriter Fork(int deeper = 0) => new() { _indent = _indent + deeper };

    /// <summary>Appends the text of <paramref name="other"/> as it stands (lines already indented).</summary>
    public SourceWriter Append(SourceWriter other)
    {
        _text.Append(other._text);
        return this;
    }

    /// <summary>The number of characters written so far.</summary>
    public int Length => _text.Length;

    public override string ToString() => _text.ToString();

    private static string Escape(string line)
    {
        var text = new StringBuilder(line.Length);
        foreach (char c in line)
        {
            text.Append(c switch { '\\' => "\\\\", '"' => "\\\"", _ => c.ToString() });
        }

        return text.ToString();
    }
}
