using System;
using System.Collections.Generic;

namespace OdeKernels.Generators.Common;

/// <summary>
/// Emits a kernel whose body is a sequence of self-contained sections (one layer each, in order) as one method, or,
/// when the sections' text is too long, as that method calling consecutive parts of at most <see cref="Budget"/>
/// characters each, named <c>{name}_1</c>, <c>{name}_2</c>, …, with the same parameters. The JIT compiles a method of
/// more than 60,000 bytes of IL, 20,000 IL instructions or 2,000 basic blocks without optimization (MinOpts: every
/// value in memory, no tier-up ever), and enregisters only its first 1,024 locals: ImageOdeNet's six-block ResNet in
/// one method (ConvResNet64's forward tile was 158 KB of IL) trained 3.4 times slower than with its layers as parts.
/// The parts run the same statements in the same order on the same memory, so the results keep their bits; a kernel
/// within the budget is emitted exactly as before.
/// </summary>
internal static class KernelParts
{
    /// <summary>
    /// The most characters of section text one method holds. The generated C# measured about four characters per
    /// byte of IL (ConvResNet64: 655 K characters, 158 KB of IL), so a part stays near 16 KB of IL, a quarter of the
    /// JIT's MinOpts limit, with room for the locals its inlined vector helpers add.
    /// </summary>
    public const int Budget = 64_000;

    /// <summary>One section: its text (written at the method body's indentation) and a label for the parts' summaries.</summary>
    public readonly record struct Section(string Label, SourceWriter Text);

    /// <summary>
    /// Writes the method <c>private static void {name}({parameters})</c> (after the caller's doc comment): the
    /// <paramref name="prologue"/> then every section, or calls to the parts that hold them.
    /// </summary>
    /// <param name="w">The writer, at the class body's indentation.</param>
    /// <param name="name">The method's name; the parts append <c>_1</c>, <c>_2</c>, ….</param>
    /// <param name="parameters">The parameter list, shared by the parts.</param>
    /// <param name="arguments">The arguments that pass the parameters on to a part.</param>
    /// <param name="prologue">The declarations every section may use (<c>W</c>, <c>time</c>), repeated in each part.</param>
    /// <param name="sections">The sections, in order, each written into a <see cref="SectionWriter"/>.</param>
    public static void Emit(SourceWriter w, string name, string parameters, string arguments, Action<SourceWriter> prologue, IReadOnlyList<Section> sections)
    {
        List<List<Section>> parts = Pack(sections);
        if (parts.Count == 1)
        {
            EmitMethod(w, name, parameters, prologue, sections);
            return;
        }

        w.Open($"private static void {name}({parameters})");
        for (int i = 0; i < parts.Count; i++)
        {
            w.Line($"{name}_{Literals.Int(i + 1)}({arguments});");
        }

        w.Close();
        w.Line();
        for (int i = 0; i < parts.Count; i++)
        {
            List<Section> part = parts[i];
            string range = part.Count == 1 ? part[0].Label : $"{part[0].Label} to {part[part.Count - 1].Label}";
            w.Line($"/// <summary>{range} of <see cref=\"{name}\"/>, part {Literals.Int(i + 1)} of {Literals.Int(parts.Count)}: a kernel too long for the JIT to optimize as one method is split between layers.</summary>");
            EmitMethod(w, $"{name}_{Literals.Int(i + 1)}", parameters, prologue, part);
        }
    }

    /// <summary>An empty writer for one section's text: one level inside <paramref name="w"/>'s indentation.</summary>
    public static SourceWriter SectionWriter(SourceWriter w) => w.Fork(1);

    /// <summary>How a part's summary names layer <paramref name="k"/> (0-based) of a stack.</summary>
    public static string LayerLabel(int k) => $"Layer {Literals.Int(k + 1)}";

    /// <summary>One method: the prologue, then the sections' text as written.</summary>
    private static void EmitMethod(SourceWriter w, string name, string parameters, Action<SourceWriter> prologue, IEnumerable<Section> sections)
    {
        w.Open($"private static void {name}({parameters})");
        prologue(w);
        foreach (Section section in sections)
        {
            w.Append(section.Text);
        }

        w.Close();
        w.Line();
    }

    /// <summary>
    /// Consecutive sections packed greedily into parts of at most <see cref="Budget"/> characters (a section longer
    /// than that is a part of its own); one part when everything fits.
    /// </summary>
    internal static List<List<Section>> Pack(IReadOnlyList<Section> sections)
    {
        var parts = new List<List<Section>>();
        var current = new List<Section>();
        int length = 0;
        foreach (Section section in sections)
        {
            if (current.Count > 0 && length + section.Text.Length > Budget)
            {
                parts.Add(current);
                current = new List<Section>();
                length = 0;
            }

            current.Add(section);
            length += section.Text.Length;
        }

        parts.Add(current);
        return parts;
    }
}
