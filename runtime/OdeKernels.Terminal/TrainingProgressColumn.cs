using System;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OdeKernels.Terminal;

/// <summary>
/// A training run as a single progress column that lays out its whole line for the console's width:
/// <c>137/300 ━━━━━━━━━━━━━━━━━━━  46% 00:03 ETA 00:04  loss 1.234E-003 …</c>. The iteration count comes first and
/// the bar takes a quarter of the width (at most 40 cells); the bar (below 5 cells) and the times are left out when
/// they would leave the description under 15 cells, enough for the loss; what does not fit is cut at the end with
/// an ellipsis, so the display stays on one line at any width. Spectre's stock columns, side by side,
/// instead share out the width among themselves and wrap their text: at 80 columns the bar shrank to one cell and the
/// percentage wrapped one character per line.
/// </summary>
/// <remarks>Thread safety: rendered by Spectre.Console on its display thread; one instance per progress display.</remarks>
public sealed class TrainingProgressColumn : ProgressColumn
{
    /// <summary>The widest bar, in cells.</summary>
    public const int MaxBarWidth = 40;

    /// <summary>The narrowest bar shown; below it the bar is left out.</summary>
    public const int MinBarWidth = 5;

    /// <summary>The room kept for the description before the bar and the times: "loss 1.234E-003".</summary>
    private const int MinDescriptionWidth = 15;

    /// <inheritdoc/>
    protected override bool NoWrap => true;

    /// <summary>The plain text of a line, without colours: what <see cref="Render"/> shows, for a width of <paramref name="width"/> cells.</summary>
    /// <param name="task">The task (its value, maximum, times and description).</param>
    /// <param name="width">The console's width in cells.</param>
    /// <param name="unicode">Whether the console shows Unicode (the bar and the ellipsis).</param>
    /// <returns>The line, at most <paramref name="width"/> − 1 characters.</returns>
    public static string Line(ProgressTask task, int width, bool unicode = true)
    {
        (string counts, int bar, _, string tail) = Layout(task, width, unicode);
        return counts + (bar > 0 ? " " + new string(unicode ? '━' : '-', bar) : string.Empty) + tail;
    }

    /// <inheritdoc/>
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(task);
        (string counts, int bar, int done, string tail) = Layout(task, options.ConsoleSize.Width, options.Unicode);
        var markup = new StringBuilder(Markup.Escape(counts));
        if (bar > 0)
        {
            char cell = options.Unicode ? '━' : '-';
            string colour = task.IsFinished ? "green" : "yellow";
            markup.Append(' ');
            markup.Append(CultureInfo.InvariantCulture, $"[{colour}]{new string(cell, done)}[/]");
            markup.Append(CultureInfo.InvariantCulture, $"[grey]{new string(cell, bar - done)}[/]");
        }

        markup.Append(Markup.Escape(tail));
        return new Markup(markup.ToString());
    }

    /// <summary>The pieces of the line: the counts, the bar's width and filled part, and the rest, all fitted to <paramref name="width"/>.</summary>
    private static (string Counts, int Bar, int Done, string Tail) Layout(ProgressTask task, int width, bool unicode = true)
    {
        ArgumentNullException.ThrowIfNull(task);

        // One cell short of the width: a line that fills the last column makes some terminals wrap the cursor.
        int room = Math.Max(1, width - 1);
        string counts = string.Create(CultureInfo.InvariantCulture, $"{(long)task.Value}/{(long)task.MaxValue}");
        if (counts.Length >= room)
        {
            return (Cut(counts, room, unicode), 0, 0, string.Empty);
        }

        string description = Markup.Remove(task.Description ?? string.Empty).ReplaceLineEndings(" ").Trim();
        string percent = string.Create(CultureInfo.InvariantCulture, $" {(int)Math.Floor(task.Percentage),3}%");
        string times = string.Create(CultureInfo.InvariantCulture, $" {Clock(task.ElapsedTime)} ETA {Clock(task.IsFinished ? TimeSpan.Zero : task.RemainingTime)}");
        int keep = description.Length <= MinDescriptionWidth ? description.Length : MinDescriptionWidth + 1; // + the ellipsis

        // The bar takes a quarter of the line but leaves the loss its room; on a narrow console it goes first.
        int bar = Math.Min(Math.Min(MaxBarWidth, room / 4), room - counts.Length - 1 - percent.Length - 2 - keep);
        if (bar < MinBarWidth)
        {
            bar = 0;
        }

        int done = bar == 0 || task.MaxValue <= 0 ? 0 : (int)Math.Round(bar * Math.Clamp(task.Value / task.MaxValue, 0, 1));
        int left = room - counts.Length - (bar > 0 ? bar + 1 : 0);

        // The times give way to the loss when both do not fit: on a narrow console the loss says more.
        bool withTimes = left - percent.Length - times.Length - 2 >= keep;
        string tail = (percent + (withTimes ? times : string.Empty) + "  " + description).TrimEnd();
        return (counts, bar, done, Cut(tail, left, unicode));
    }

    private static string Cut(string text, int room, bool unicode)
    {
        if (text.Length <= room)
        {
            return text;
        }

        string ellipsis = unicode ? "…" : ".";
        return room <= ellipsis.Length ? text[..Math.Max(0, room)] : text[..(room - ellipsis.Length)] + ellipsis;
    }

    private static string Clock(TimeSpan? time) => time is not { } t
        ? "--:--"
        : t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes:D2}:{t.Seconds:D2}");
}
