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
        /// The shape of a declared continuous extension: whole rows of one coefficient per power of θ for every stage,
        /// all finite. (That its weights at θ = 1 are B is a runtime test over every shipped tableau.)
        /// </summary>
        public void Dense(int stages, double[]? dense)
        {
            if (dense is null || stages == 0)
            {
                return;
            }

            int degree = Math.Max(1, (dense.Length + stages - 1) / stages);
            if (Length(TableauAttribute.Dense, dense, stages * degree, stages))
            {
                Finite(TableauAttribute.Dense, dense);
            }
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
