using OdeKernels.Generators.Layers;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// Where the forward-mode (tangent) values of a <c>Divergence = true</c> network live in its scratch tile, after
        /// the rows of the <see cref="TileLayout"/>: a block of up to <see cref="Block"/> directions (StateSize: the
        /// exact divergence takes one per state component) of the tangent of the input and of each layer's
        /// pre-activation and output, then two cotangent buffers of the widest layer per direction that the reverse pass
        /// alternates between, as the primal pass's gradient rows, then each activated layer's derivative X'(z) per
        /// unit (<see cref="SlopeRows"/>). Direction r of a value of width n at base row b is the rows
        /// b + r·n .. b + r·n + n − 1 (<see cref="CotangentA"/>, <see cref="CotangentB"/>: b + r·MaxWidth + c).
        /// </summary>
        internal sealed class TangentLayout
        {
            public TangentLayout(DynamicsSpec spec, TileLayout tile)
            {
                int count = spec.Layers.Count;
                Block = spec.StateSize;
                Width = spec.MaxWidth;
                InputRows = new int[count];
                PreRows = new int[count];
                OutputRows = new int[count];
                First = tile.Rows;
                int input = First, next = tile.Rows + (Block * spec.StateSize);
                for (int k = 0; k < count; k++)
                {
                    LayerSpec layer = spec.Layers[k];
                    InputRows[k] = input;
                    if (layer.IsDense)
                    {
                        PreRows[k] = next;
                        next += Block * layer.Outputs;
                    }
                    else
                    {
                        PreRows[k] = input;
                    }

                    if (layer.Activation == ActivationKind.Identity)
                    {
                        OutputRows[k] = PreRows[k];
                    }
                    else
                    {
                        OutputRows[k] = next;
                        next += Block * layer.Outputs;
                    }

                    input = OutputRows[k];
                }

                CotangentA = next;
                CotangentB = CotangentA + (Block * Width);
                next = CotangentB + (Block * Width);
                SlopeRows = new int[count];
                for (int k = 0; k < count; k++)
                {
                    SlopeRows[k] = spec.Layers[k].Activation == ActivationKind.Identity ? -1 : next;
                    next += SlopeRows[k] < 0 ? 0 : spec.Layers[k].Outputs;
                }

                Rows = next;
            }

            /// <summary>The most directions one pass carries: StateSize.</summary>
            public int Block { get; }

            /// <summary>The rows per direction of a cotangent buffer: the widest value.</summary>
            public int Width { get; }

            /// <summary>The first row of the tangents of the network's input (the directions themselves).</summary>
            public int First { get; }

            /// <summary>The first row of the tangent of each layer's input.</summary>
            public int[] InputRows { get; }

            /// <summary>The first row of the tangent of each layer's activation input (a pointwise layer's: its input's).</summary>
            public int[] PreRows { get; }

            /// <summary>The first row of the tangent of each layer's output (J·v at the last layer).</summary>
            public int[] OutputRows { get; }

            /// <summary>
            /// The first row of each activated layer's derivative X'(z), one row per unit (−1 for an identity layer):
            /// the tangent pass computes it once per unit and every direction's tangent and cotangent then takes one
            /// multiplication instead of re-evaluating the derivative (a division for tanh and the sigmoids) per direction.
            /// </summary>
            public int[] SlopeRows { get; }

            public int CotangentA { get; }

            public int CotangentB { get; }

            /// <summary>The rows of the whole tile: the primal tile's and these.</summary>
            public int Rows { get; }
        }
    }
}
