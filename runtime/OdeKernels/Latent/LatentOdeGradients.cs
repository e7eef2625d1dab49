using System;
using System.Numerics;

namespace OdeKernels.Latent;

/// <summary>
/// The parameter gradients of a <see cref="LatentOdeObjective{TDynamics, TTableau, T}"/>, one array per network, each
/// in its network's parameter layout; the objective adds into them, so clear them (<see cref="Clear"/>) between steps.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>Thread safety: a plain holder of arrays; not thread-safe.</remarks>
public sealed class LatentOdeGradients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Zeroed gradients for the given parameter counts.</summary>
    /// <param name="cell">The encoder cell's parameter count.</param>
    /// <param name="output">The encoder output network's parameter count.</param>
    /// <param name="dynamics">The dynamics' parameter count.</param>
    /// <param name="decoder">The decoder's parameter count.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public LatentOdeGradients(int cell, int output, int dynamics, int decoder)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cell);
        ArgumentOutOfRangeException.ThrowIfNegative(output);
        ArgumentOutOfRangeException.ThrowIfNegative(dynamics);
        ArgumentOutOfRangeException.ThrowIfNegative(decoder);
        Cell = new T[cell];
        Output = new T[output];
        Dynamics = new T[dynamics];
        Decoder = new T[decoder];
        EncoderDynamics = [];
    }

    /// <summary>Zeroed gradients for the given parameter counts, with an encoder that has dynamics of its own (<see cref="OdeRnnEncoder{TDynamics, TTableau, T}"/>).</summary>
    /// <param name="cell">The encoder cell's parameter count.</param>
    /// <param name="output">The encoder output network's parameter count.</param>
    /// <param name="dynamics">The (latent) dynamics' parameter count.</param>
    /// <param name="decoder">The decoder's parameter count.</param>
    /// <param name="encoderDynamics">The parameter count of the encoder's hidden dynamics (<see cref="ISeriesEncoder{T}.DynamicsParameters"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public LatentOdeGradients(int cell, int output, int dynamics, int decoder, int encoderDynamics)
        : this(cell, output, dynamics, decoder)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(encoderDynamics);
        EncoderDynamics = new T[encoderDynamics];
    }

    /// <summary>The encoder cell's gradient.</summary>
    public T[] Cell { get; }

    /// <summary>The gradient of the encoder's hidden dynamics (empty for an encoder without them).</summary>
    public T[] EncoderDynamics { get; }

    /// <summary>The encoder output network's gradient.</summary>
    public T[] Output { get; }

    /// <summary>The dynamics' gradient.</summary>
    public T[] Dynamics { get; }

    /// <summary>The decoder's gradient.</summary>
    public T[] Decoder { get; }

    /// <summary>Sets every gradient to zero.</summary>
    public void Clear()
    {
        Array.Clear(Cell);
        Array.Clear(Output);
        Array.Clear(Dynamics);
        Array.Clear(Decoder);
        Array.Clear(EncoderDynamics);
    }

    /// <summary>Throws unless the arrays fit the networks.</summary>
    internal void Check(ISeriesEncoder<T> encoder, int dynamics, INetwork<T> decoder)
    {
        Fits(Cell.Length, encoder.Cell.ParameterCount, "the encoder cell");
        Fits(EncoderDynamics.Length, encoder.DynamicsParameters.Length, "the encoder's hidden dynamics");
        Fits(Output.Length, encoder.Output.ParameterCount, "the encoder output network");
        Fits(Dynamics.Length, dynamics, "the dynamics");
        Fits(Decoder.Length, decoder.ParameterCount, "the decoder");
    }

    private static void Fits(int length, int expected, string what)
    {
        if (length != expected)
        {
            throw new ArgumentException($"The gradients hold {length} values for {what}, which has {expected} parameters.", "gradients");
        }
    }
}
