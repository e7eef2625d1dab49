using System;
using System.Collections.Generic;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Diagnostics;
using TableauAttribute = OdeKernels.Generators.Common.RuntimeContract.ButcherTableauAttribute;

namespace OdeKernels.Generators.Tableaux;

public sealed partial class ButcherTableauGenerator
{
    /// <summary>
    /// The compile-time checks of a tableau: shapes, finiteness, the row-sum condition, weight sums and the order
    /// conditions of every rooted tree up to the declared orders (see <see cref="OrderConditions"/>).
    /// </summary>
    internal sealed class TableauChecks
    {
        /// <summary>
        /// How far c_i may differ from Σⱼ aᵢⱼ, Σ bⱼ from 1 and an elementary weight from 1/γ: relative to the size of the
        /// terms (see <see cref="OrderTolerance.Checks"/>), so large coefficients that cancel are judged by their rounding.
        /// </summary>
        private static readonly OrderTolerance Tolerance = OrderTolerance.Checks;

        private const int MaxOrder = 8;

        private readonly string _name;
        private readonly Arguments _arguments;
        private readonly List<DiagnosticInfo> _diagnostics;

        public TableauChecks(string name, Arguments arguments, List<DiagnosticInfo> diagnostics)
        {
            _name = name;
            _arguments = arguments;
            _diagnostics = diagnostics;
        }

        public void Run(double[] c, double[] a, double[] b, double[]? bHat, int order, int embeddedOrder)
        {
            int s = c.Length;
            if (s == 0 || b.Length == 0)
            {
                string missing = s == 0 ? "C (the nodes, one per stage)" : "B (the solution weights)";
                Report(DiagnosticDescriptors.TableauMissingCoefficients, s == 0 ? TableauAttribute.C : TableauAttribute.B, _name, missing);
                return;
            }

            bool shapes = Length(TableauAttribute.A, a, s * (s - 1) / 2, s) & Length(TableauAttribute.B, b, s, s) & (bHat is null || Length(TableauAttribute.BHat, bHat, s, s));
            bool finite = Finite(TableauAttribute.C, c) & Finite(TableauAttribute.A, a) & Finite(TableauAttribute.B, b) & (bHat is null || Finite(TableauAttribute.BHat, bHat));
            bool orders = OrderInRange(TableauAttribute.Order, order, "it must be between 1 and 8");
            if (bHat is null && embeddedOrder != 0)
            {
                orders = false;
                Report(DiagnosticDescriptors.TableauOrderOutOfRange, TableauAttribute.EmbeddedOrder, TableauAttribute.EmbeddedOrder, Literals.Int(embeddedOrder), _name, "EmbeddedOrder needs embedded weights (BHat)");
            }
            else if (bHat is not null)
            {
                orders &= OrderInRange(embeddedOrder == 0 ? TableauAttribute.BHat : TableauAttribute.EmbeddedOrder, embeddedOrder, "a tableau with BHat needs an EmbeddedOrder between 1 and 8");
            }

            if (!shapes || !finite)
            {
                return;
            }

            double[][] matrix = Matrix(a, s);
            bool consistent = RowSums(c, matrix) & WeightSum(TableauAttribute.B, b) & (bHat is null || WeightSum(TableauAttribute.BHat, bHat));
            if (!consistent || !orders)
            {
                return;
            }

            Order(TableauAttribute.Order, order, TableauAttribute.B, c, matrix, b);
            if (bHat is not null)
            {
                Order(TableauAttribute.EmbeddedOrder, embeddedOrder, TableauAttribute.BHat, c, matrix, bHat);
            }
        }

        /// <summary>
        /// The shape of a declared continuous extension: whole rows of one coefficient per power of θ for every stage
        /// and extra stage, all finite; extra stages (<c>ExtraC</c>, <c>ExtraA</c>) only with Dense, each row reaching
        /// back over every earlier stage and satisfying its row sum. (That the weights at θ = 1 are B, and the
        /// interpolant's order, are runtime tests over every shipped tableau.)
        /// </summary>
        public void Dense(int stages, double[]? dense, double[] extraC, double[] extraA, double[] c, double[] a, int denseOrder)
        {
            if (stages == 0)
            {
                return;
            }

            int extras = extraC.Length, total = stages + extras;
            if (extras > 0 && dense is null)
            {
                Report(DiagnosticDescriptors.TableauExtraStagesWithoutDense, TableauAttribute.ExtraC, _name, Literals.Int(extras), Literals.Int(total));
                return;
            }

            if (extras == 0 && extraA.Length > 0)
            {
                // ExtraA without ExtraC: no extra stage to give its rows to.
                Report(DiagnosticDescriptors.TableauExtraStagesLength, TableauAttribute.ExtraA, _name, Literals.Int(extraA.Length), Literals.Int(0), Literals.Int(stages), Literals.Int(0));
                return;
            }

            if (dense is null)
            {
                return;
            }

            int expectedA = ExtraALength(stages, extras);
            bool extraShape = true;
            if (extraA.Length != expectedA)
            {
                extraShape = false;
                Report(DiagnosticDescriptors.TableauExtraStagesLength, TableauAttribute.ExtraA, _name, Literals.Int(extraA.Length), Literals.Int(extras), Literals.Int(stages), Literals.Int(expectedA));
            }

            int degree = Math.Max(1, (dense.Length + total - 1) / total);
            bool denseShape = Length(TableauAttribute.Dense, dense, total * degree, total) && Finite(TableauAttribute.Dense, dense);
            if (extraShape && Finite(TableauAttribute.ExtraC, extraC) && Finite(TableauAttribute.ExtraA, extraA) && denseShape
                && ExtraRowSums(stages, extraC, extraA) && c.Length == stages && a.Length == stages * (stages - 1) / 2)
            {
                DenseOrderConditions(stages, dense, degree, extraC, extraA, c, a, denseOrder);
            }
        }

        /// <summary>
        /// The continuous extension's order conditions up to DenseOrder (clamped to 1..8), power by power of θ, over
        /// the stages and extra stages as one explicit tableau (see <see cref="OrderConditions.FirstFailingDenseOrder"/>).
        /// </summary>
        private void DenseOrderConditions(int stages, double[] dense, int degree, double[] extraC, double[] extraA, double[] c, double[] a, int denseOrder)
        {
            int total = stages + extraC.Length, declared = Math.Min(Math.Max(denseOrder, 1), MaxOrder);
            var nodes = new double[total];
            var matrix = new double[total][];
            int at = 0;
            for (int i = 0; i < total; i++)
            {
                matrix[i] = new double[total];
                nodes[i] = i < stages ? c[i] : extraC[i - stages];
                for (int j = 0; j < i; j++)
                {
                    matrix[i][j] = i < stages ? a[(i * (i - 1) / 2) + j] : extraA[at + j];
                }

                at += i < stages ? 0 : i;
            }

            int? first = null, power = null;
            var weights = new double[total];
            for (int m = 1; m <= degree; m++)
            {
                for (int i = 0; i < total; i++)
                {
                    weights[i] = dense[(i * degree) + m - 1];
                }

                if (OrderConditions.FirstFailingDenseOrder(nodes, matrix, weights, m, declared, Tolerance) is int failing && (first is null || failing < first))
                {
                    first = failing;
                    power = m;
                }
            }

            if (first is int order)
            {
                Report(DiagnosticDescriptors.TableauDenseOrderNotMet, TableauAttribute.DenseOrder, Literals.Int(denseOrder), _name, Literals.Int(order), Literals.Int(power!.Value), Literals.Int(order - 1));
            }
        }

        /// <summary>ExtraA's length: extra stage e (0-based) has stages + e coefficients.</summary>
        internal static int ExtraALength(int stages, int extras) => (extras * stages) + (extras * (extras - 1) / 2);

        private bool ExtraRowSums(int stages, double[] extraC, double[] extraA)
        {
            int at = 0;
            for (int e = 0; e < extraC.Length; e++)
            {
                double sum = 0, magnitude = 0;
                for (int j = 0; j < stages + e; j++)
                {
                    sum += extraA[at + j];
                    magnitude += System.Math.Abs(extraA[at + j]);
                }

                at += stages + e;
                double bound = Tolerance.Bound(extraC[e], magnitude);
                if (!(System.Math.Abs(sum - extraC[e]) <= bound))
                {
                    Report(DiagnosticDescriptors.TableauExtraStageRowSum, TableauAttribute.ExtraC, Literals.Int(e), _name, Literals.Show(extraC[e]), Literals.Int(e + 1), Literals.Show(sum), Literals.Show(bound));
                    return false;
                }
            }

            return true;
        }

        private static double[][] Matrix(double[] a, int s)
        {
            var matrix = new double[s][];
            for (int i = 0; i < s; i++)
            {
                matrix[i] = new double[s];
                for (int j = 0; j < i; j++)
                {
                    matrix[i][j] = a[(i * (i - 1) / 2) + j];
                }
            }

            return matrix;
        }

        private bool Length(string argument, double[] values, int expected, int stages)
        {
            if (values.Length == expected)
            {
                return true;
            }

            Report(DiagnosticDescriptors.TableauLengthMismatch, argument, argument, _name, Literals.Int(values.Length), Literals.Int(stages), Literals.Int(expected));
            return false;
        }

        private bool Finite(string argument, double[] values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (double.IsNaN(values[i]) || double.IsInfinity(values[i]))
                {
                    Report(DiagnosticDescriptors.TableauNonFinite, argument, argument, Literals.Int(i), _name, Literals.Show(values[i]));
                    return false;
                }
            }

            return true;
        }

        private bool OrderInRange(string location, int value, string rule)
        {
            if (value >= 1 && value <= MaxOrder)
            {
                return true;
            }

            string argument = location == TableauAttribute.BHat ? TableauAttribute.EmbeddedOrder : location;
            Report(DiagnosticDescriptors.TableauOrderOutOfRange, location, argument, Literals.Int(value), _name, rule);
            return false;
        }

        private bool RowSums(double[] c, double[][] a)
        {
            for (int i = 0; i < c.Length; i++)
            {
                double sum = 0, magnitude = 0;
                for (int j = 0; j < i; j++)
                {
                    sum += a[i][j];
                    magnitude += System.Math.Abs(a[i][j]);
                }

                double bound = Tolerance.Bound(c[i], magnitude);
                if (!(System.Math.Abs(sum - c[i]) <= bound))
                {
                    Report(DiagnosticDescriptors.TableauRowSum, TableauAttribute.C, Literals.Int(i), _name, Literals.Show(c[i]), Literals.Int(i + 1), Literals.Show(sum), Literals.Show(bound));
                    return false;
                }
            }

            return true;
        }

        private bool WeightSum(string argument, double[] weights)
        {
            double sum = 0, magnitude = 0;
            foreach (double w in weights)
            {
                sum += w;
                magnitude += System.Math.Abs(w);
            }

            double bound = Tolerance.Bound(1.0, magnitude);
            if (System.Math.Abs(sum - 1) <= bound)
            {
                return true;
            }

            Report(DiagnosticDescriptors.TableauWeightSum, argument, argument, _name, Literals.Show(sum), Literals.Show(bound));
            return false;
        }

        private void Order(string argument, int declared, string weightsName, double[] c, double[][] a, double[] weights)
        {
            int? failing = OrderConditions.FirstFailingOrder(c, a, weights, declared, Tolerance);
            if (failing is { } first)
            {
                int achieved = OrderConditions.AchievedOrder(c, a, weights, MaxOrder, Tolerance);
                Report(DiagnosticDescriptors.TableauOrderNotMet, argument, argument, Literals.Int(declared), _name, Literals.Int(first), weightsName, Literals.Int(achieved));
                return;
            }

            if (declared < MaxOrder)
            {
                int achieved = OrderConditions.AchievedOrder(c, a, weights, MaxOrder, Tolerance);
                if (achieved > declared)
                {
                    Report(DiagnosticDescriptors.TableauOrderUnderstated, argument, argument, Literals.Int(declared), _name, weightsName, Literals.Int(achieved));
                }
            }
        }

        private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string argument, params string[] messageArguments) =>
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, _arguments.LocationOf(argument), messageArguments));
    }
}
