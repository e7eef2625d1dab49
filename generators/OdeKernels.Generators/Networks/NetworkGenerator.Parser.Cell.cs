using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Activations;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Diagnostics;
using OdeKernels.Generators.Layers;

namespace OdeKernels.Generators.Networks;

public sealed partial class NetworkGenerator
{
    internal static partial class Parser
    {
        /// <summary>Whether the layer attributes declare a recurrent cell, which <see cref="ReadCell"/> reads instead of a layer stack.</summary>
        private static bool IsCell(LayerAttributeKind kind) => kind is LayerAttributeKind.Gru or LayerAttributeKind.Rnn;

        /// <summary>
        /// Reads the <c>[Gru]</c> or <c>[Rnn]</c> cell of a declaration whose layer attributes include one: the hidden
        /// size (ODEK213 unless positive, then read as 1 so the rest is still checked), the activation of a plain cell,
        /// the bias; a second cell (ODEK215) or any other layer attribute (ODEK214) is reported, since a cell network
        /// maps [x ; h] to h' and nothing else. Null for a malformed attribute, which the compiler reports.
        /// <paramref name="budget"/> counts the products and the gate rows.
        /// </summary>
        private static RecurrentCellSpec? ReadCell(
            List<(AttributeData Attribute, LayerAttributeKind Kind)> found, string name, int inputs, LayerBudget budget,
            List<DiagnosticInfo> diagnostics, Location where, CancellationToken token)
        {
            var cells = found.Where(f => IsCell(f.Kind)).ToList();
            (AttributeData attribute, LayerAttributeKind kind) = cells[0];
            Location location = LayerAttributeReader.LocationOf(attribute, token) ?? where;
            if (attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
            {
                return null;
            }

            bool isGru = kind == LayerAttributeKind.Gru;
            string cellName = isGru ? "Gru" : "Rnn";
            int gates = isGru ? 3 : 1;
            int hidden = attribute.ConstructorArguments[RuntimeContract.GruAttribute.HiddenArgument].Value is int h ? h : 0;
            if (hidden <= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkCellHidden, location, cellName, Literals.Int(hidden), name, $"{Literals.Int(gates)}·{Literals.Int(hidden)}", Literals.Int(inputs)));
                hidden = 1;
            }

            int activation = (int)ActivationKind.Tanh;
            if (!isGru && attribute.ConstructorArguments[RuntimeContract.RnnAttribute.ActivationArgument].Value is int a)
            {
                activation = a;
                if (activation < 0 || activation >= ActivationTable.Count)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkUnknownActivation, location, Literals.Int(1), name, Literals.Int(activation)));
                    activation = (int)ActivationKind.Tanh;
                }
            }

            if (cells.Count > 1)
            {
                Location second = LayerAttributeReader.LocationOf(cells[1].Attribute, token) ?? where;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkCellCount, second, name, Literals.Int(cells.Count)));
            }

            int others = found.Count - cells.Count;
            if (others > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkCellNotAlone, location, name, cellName, Literals.Int(others), Literals.Int(inputs), Literals.Int(hidden)));
            }

            string bias = isGru ? RuntimeContract.GruAttribute.Bias : RuntimeContract.RnnAttribute.Bias;
            var cell = new RecurrentCellSpec(
                isGru, System.Math.Max(inputs, 1), hidden, (ActivationKind)activation,
                !attribute.NamedArguments.Any(p => p.Key == bias && p.Value.Value is false));
            string what = LayerAttributeReader.Describe(attribute, 1, token);
            budget.Rows(hidden, hidden, location, what);
            foreach (LayerSpec product in cell.Products)
            {
                budget.Layer(product, location, what);
            }

            // The gate rows of the tile layout (at most r, z, n, their exponentials and h') and its gradient rows.
            budget.Rows(7L * hidden, cell.GateRows, location, what);
            return cell;
        }
    }
}
