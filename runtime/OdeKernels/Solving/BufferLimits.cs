using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace OdeKernels.Solving;

/// <summary>
/// Sizes of the solver's buffers, checked in long arithmetic before anything is allocated: a batch too large for one
/// array would otherwise wrap an int product and fail deep inside with an overflow or a "destination too short".
/// </summary>
internal static class BufferLimits
{
    /// <summary>The most elements one array can hold (<see cref="Array.MaxLength"/>).</summary>
    public static long MaxElements => Array.MaxLength;

    /// <summary>
    /// The exception for a buffer of <paramref name="elements"/> values that would not fit in one array; callers
    /// test <c>elements &gt; MaxElements</c> first, so nothing is formatted on the way of a valid solve.
    /// </summary>
    /// <param name="parameter">The argument whose size makes the buffer too large; the exception's ParamName.</param>
    /// <param name="what">How the size comes about, for example "saves × lanes × StateSize = 20 × 11,000,000 × 20".</param>
    /// <param name="elements">The values the buffer needs.</param>
    /// <param name="advice">What to do instead, a sentence.</param>
    public static ArgumentException TooLarge(string parameter, string what, long elements, string advice) =>
        new($"{parameter} is too large: {what} = {Count(elements)} values, but one array holds at most {Count(MaxElements)} (Array.MaxLength). {advice}", parameter);

    /// <summary>
    /// Allocates <paramref name="length"/> values; when memory runs out, throws an <see cref="OutOfMemoryException"/>
    /// whose message names the bytes and the buffer (the runtime's own says neither).
    /// </summary>
    /// <param name="length">The number of values (at most <see cref="MaxElements"/>, which the callers have checked).</param>
    /// <param name="what">The buffer, for the message (a constant: nothing is formatted unless allocation fails).</param>
    public static T[] Allocate<T>(long length, string what)
        where T : unmanaged
    {
        try
        {
            return new T[length];
        }
        catch (OutOfMemoryException e)
        {
            throw OutOfMemory(length * Unsafe.SizeOf<T>(), $"{what}, {Count(length)} values of {typeof(T).Name}", e);
        }
    }

    /// <summary>The exception <see cref="Allocate{T}"/> throws, for callers that allocate several buffers at once.</summary>
    /// <param name="bytes">The bytes the buffers need.</param>
    /// <param name="what">The buffers.</param>
    /// <param name="inner">The runtime's exception.</param>
    /// <param name="advice">What to do instead, a sentence.</param>
    public static OutOfMemoryException OutOfMemory(long bytes, string what, Exception inner, string advice = "Solve fewer lanes or save times per call.") =>
        new($"Out of memory allocating {what}: it needs {Count(bytes)} bytes. {advice}", inner);

    /// <summary>A count with thousands separators, culture-independent.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
