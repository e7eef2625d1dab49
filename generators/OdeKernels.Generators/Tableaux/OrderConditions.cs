using System;
using System.Collections.Generic;

namespace OdeKernels.Generators.Tableaux
{
    /// <summary>
    /// Checks the Runge-Kutta order conditions of a Butcher tableau by enumerating rooted trees.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Butcher's theory (J. C. Butcher, "Numerical Methods for Ordinary Differential Equations",
    /// 3rd ed., Wiley 2016, ch. 3; Hairer, Nørsett and Wanner, "Solving Ordinary Differential
    /// Equations I", 2nd ed., Springer 1993, §II.2) says that a Runge-Kutta method (A, b, c) has
    /// order p if and only if, for every rooted tree τ with |τ| ≤ p vertices,
    /// </para>
    /// <code>
    ///     Φ(τ) = Σ_i b_i Φ_i(τ) = 1 / γ(τ)
    /// </code>
    /// <para>
    /// where the derivative weights Φ_i and the density γ are defined recursively
    /// (HNW I §II.2; Butcher ch. 3):
    /// </para>
    /// <code>
    ///     τ = •                 :  Φ_i(•) = 1,                          γ(•) = 1
    ///     τ = [τ_1, …, τ_m]     :  Φ_i(τ) = Π_k ( Σ_j a_ij Φ_j(τ_k) ),    γ(τ) = |τ| · Π_k γ(τ_k)
    /// </code>
    /// <para>
    /// The usual textbook forms (Σ b_i c_i = 1/2, Σ b_i c_i² = 1/3, …) use the row-sum
    /// simplification c_i = Σ_j a_ij. This checker deliberately does NOT: it evaluates every
    /// tree with A itself, so its verdict is right even for a tableau whose c column is
    /// inconsistent with A (that defect is diagnosed separately). The <c>c</c> argument is
    /// therefore only used to validate the tableau's shape. Nothing here assumes A is strictly
    /// lower triangular either, so implicit tableaux are judged correctly as well.
    /// </para>
    /// <para>
    /// Trees are generated once, up to <see cref="MaxSupportedOrder"/> vertices (200 trees;
    /// OEIS A000081 counts them per order), and shared by every call.
    /// </para>
    /// </remarks>
    internal static class OrderConditions
    {
        /// <summary>The largest order whose trees are enumerated.</summary>
        internal const int MaxSupportedOrder = 8;

        /// <summary>
        /// One rooted tree. A tree is identified by the multiset of its root's subtrees; we store
        /// that multiset as indices into <see cref="TreeTable.Trees"/>, sorted non-increasingly.
        /// Because every tree's index is fixed once it is generated, this sorted index list is a
        /// canonical form: two trees are equal exactly when their child lists are equal.
        /// </summary>
        private sealed class RootedTree
        {
            /// <summary>Number of vertices |τ|.</summary>
            public readonly int Order;

            /// <summary>Indices of the root's subtrees τ_1..τ_m, non-increasing (empty for •).</summary>
            public readonly int[] Children;

            /// <summary>Butcher's density γ(τ) = |τ| · Π γ(τ_k).</summary>
            public readonly double Gamma;

            public RootedTree(int order, int[] children, double gamma)
            {
                Order = order;
                Children = children;
                Gamma = gamma;
            }
        }

        /// <summary>All rooted trees up to <see cref="MaxSupportedOrder"/>, ordered by order.</summary>
        private sealed class TreeTable
        {
            public readonly RootedTree[] Trees;

            /// <summary>Trees of order n occupy indices [OrderStart[n], OrderStart[n + 1]).</summary>
            public readonly int[] OrderStart;

            public TreeTable(RootedTree[] trees, int[] orderStart)
            {
                Trees = trees;
                OrderStart = orderStart;
            }
        }

        private static readonly Lazy<TreeTable> Table = new Lazy<TreeTable>(BuildTable);

        /// <summary>
        /// Returns the largest p ≤ <paramref name="maxOrder"/> such that the order conditions of
        /// every rooted tree with at most p vertices hold for the given weights.
        /// </summary>
        /// <param name="c">The nodes c (length s). Only checked for shape; trees are evaluated with A.</param>
        /// <param name="a">The full s×s coefficient matrix A, <c>a[i][j]</c> (zero for j ≥ i in an explicit method).</param>
        /// <param name="weights">The weights b (or the embedded weights b̂), length s.</param>
        /// <param name="maxOrder">The highest order to test, at most <see cref="MaxSupportedOrder"/>.</param>
        /// <param name="tolerance">
        /// A tree's condition holds when |Φ(τ) − 1/γ(τ)| ≤ tolerance · max(1, 1/γ(τ)).
        /// </param>
        /// <returns>The achieved order; 0 when even Σ b_i = 1 fails (or <paramref name="maxOrder"/> ≤ 0).</returns>
        /// <exception cref="ArgumentNullException">An argument or a row of A is null.</exception>
        /// <exception cref="ArgumentException">The shapes of c, A and the weights disagree.</exception>
        /// <exception cref="ArgumentOutOfRangeException">
        /// <paramref name="maxOrder"/> exceeds <see cref="MaxSupportedOrder"/>, or the tolerance is negative or NaN.
        /// </exception>
        internal static int AchievedOrder(double[] c, double[][] a, double[] weights, int maxOrder, double tolerance) =>
            AchievedOrder(c, a, weights, maxOrder, new OrderTolerance(tolerance, 0.0));

        /// <summary>As <see cref="AchievedOrder(double[], double[][], double[], int, double)"/>, with a tolerance that may scale with the coefficients.</summary>
        internal static int AchievedOrder(double[] c, double[][] a, double[] weights, int maxOrder, OrderTolerance tolerance)
        {
            int? failing = FirstFailure(c, a, weights, maxOrder, tolerance, nameof(maxOrder));
            return failing.HasValue ? failing.Value - 1 : Math.Max(maxOrder, 0);
        }

        /// <summary>
        /// Returns null if every order condition up to <paramref name="declaredOrder"/> holds,
        /// otherwise the smallest order having a tree whose condition fails.
        /// </summary>
        /// <param name="c">The nodes c (length s). Only checked for shape; trees are evaluated with A.</param>
        /// <param name="a">The full s×s coefficient matrix A, <c>a[i][j]</c>.</param>
        /// <param name="weights">The weights b (or b̂), length s.</param>
        /// <param name="declaredOrder">The order the tableau claims, at most <see cref="MaxSupportedOrder"/>.</param>
        /// <param name="tolerance">As for <see cref="AchievedOrder(double[], double[][], double[], int, double)"/>.</param>
        /// <returns>The first failing order in 1..<paramref name="declaredOrder"/>, or null.</returns>
        /// <exception cref="ArgumentNullException">An argument or a row of A is null.</exception>
        /// <exception cref="ArgumentException">The shapes of c, A and the weights disagree.</exception>
        /// <exception cref="ArgumentOutOfRangeException">
        /// <paramref name="declaredOrder"/> exceeds <see cref="MaxSupportedOrder"/>, or the tolerance is negative or NaN.
        /// </exception>
        internal static int? FirstFailingOrder(double[] c, double[][] a, double[] weights, int declaredOrder, double tolerance) =>
            FirstFailure(c, a, weights, declaredOrder, new OrderTolerance(tolerance, 0.0), nameof(declaredOrder));

        /// <summary>As <see cref="FirstFailingOrder(double[], double[][], double[], int, double)"/>, with a tolerance that may scale with the coefficients.</summary>
        internal static int? FirstFailingOrder(double[] c, double[][] a, double[] weights, int declaredOrder, OrderTolerance tolerance) =>
            FirstFailure(c, a, weights, declaredOrder, tolerance, nameof(declaredOrder));

        /// <summary>
        /// The conditions of a continuous extension bᵢ(θ) = Σₘ dᵢₘ θᵐ, Σᵢ bᵢ(θ) Φᵢ(τ) = θ^|τ| / γ(τ) for every θ, taken
        /// power by power (Hairer, Nørsett and Wanner, Solving ODEs I, §II.6, Theorem 6.1): for the coefficients
        /// <paramref name="weights"/> = d·ₘ of θ^<paramref name="power"/>, Σᵢ dᵢₘ Φᵢ(τ) = [|τ| = m] / γ(τ). Returns the
        /// first order up to <paramref name="declaredOrder"/> with a failing tree, or null.
        /// </summary>
        internal static int? FirstFailingDenseOrder(double[] c, double[][] a, double[] weights, int power, int declaredOrder, OrderTolerance tolerance) =>
            FirstFailure(c, a, weights, declaredOrder, tolerance, nameof(declaredOrder), power);

        /// <summary>
        /// The number of rooted trees with exactly <paramref name="order"/> vertices
        /// (OEIS A000081: 1, 1, 2, 4, 9, 20, 48, 115 for orders 1..8), i.e. the number of order
        /// conditions that first appear at that order. Returns 0 for order 0.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">
        /// <paramref name="order"/> is negative or exceeds <see cref="MaxSupportedOrder"/>.
        /// </exception>
        internal static int TreeCount(int order)
        {
            if (order < 0 || order > MaxSupportedOrder)
            {
                throw new ArgumentOutOfRangeException(nameof(order), order, "Trees are enumerated for orders 0.." + MaxSupportedOrder + ".");
            }

            if (order == 0)
            {
                return 0;
            }

            int[] start = Table.Value.OrderStart;
            return start[order + 1] - start[order];
        }

        /// <summary>
        /// Evaluates the trees order by order and stops at the first order with a failing tree,
        /// so a badly wrong tableau costs only the low-order trees.
        /// </summary>
        private static int? FirstFailure(double[] c, double[][] a, double[] weights, int upTo, OrderTolerance tolerance, string upToName, int power = 0)
        {
            int s = Validate(c, a, weights);
            if (upTo > MaxSupportedOrder)
            {
                throw new ArgumentOutOfRangeException(upToName, upTo, "Order conditions are enumerated up to order " + MaxSupportedOrder + ".");
            }

            if (!(tolerance.Absolute >= 0.0) || !(tolerance.Relative >= 0.0))
            {
                throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be a non-negative number.");
            }

            TreeTable table = Table.Value;
            RootedTree[] trees = table.Trees;
            int treeLimit = upTo < 1 ? 0 : table.OrderStart[upTo + 1];

            // aphi[t][i] = Σ_j a_ij Φ_j(τ_t): the factor τ_t contributes to Φ_i of any tree in which it
            // hangs directly below the root. Children always have smaller indices than their parent,
            // so one forward pass suffices; Φ(τ_t) itself is only needed while τ_t is checked. The same
            // evaluated with |a_ij| (aphiAbs) sizes the terms whose cancellation the residual is left of.
            var aphi = new double[treeLimit][];
            var aphiAbs = new double[treeLimit][];

            for (int order = 1; order <= upTo; order++)
            {
                bool orderHolds = true;
                for (int t = table.OrderStart[order]; t < table.OrderStart[order + 1]; t++)
                {
                    RootedTree tree = trees[t];
                    var p = new double[s];
                    var pAbs = new double[s];
                    for (int i = 0; i < s; i++)
                    {
                        double product = 1.0, productAbs = 1.0; // empty product: Φ_i(•) = 1
                        foreach (int child in tree.Children)
                        {
                            product *= aphi[child][i];
                            productAbs *= aphiAbs[child][i];
                        }

                        p[i] = product;
                        pAbs[i] = productAbs;
                    }

                    var ap = new double[s];
                    var apAbs = new double[s];
                    for (int i = 0; i < s; i++)
                    {
                        double sum = 0.0, sumAbs = 0.0;
                        double[] row = a[i];
                        for (int j = 0; j < s; j++)
                        {
                            sum += row[j] * p[j];
                            sumAbs += Math.Abs(row[j]) * pAbs[j];
                        }

                        ap[i] = sum;
                        apAbs[i] = sumAbs;
                    }

                    aphi[t] = ap;
                    aphiAbs[t] = apAbs;

                    // Finish the order after a failure (cheap); higher orders are then skipped.
                    // A power of θ (dense output) expects 1/γ only from the trees of its own order, 0 from the others.
                    double expected = power == 0 || power == order ? 1.0 / tree.Gamma : 0.0;
                    orderHolds &= ConditionHolds(weights, p, pAbs, expected, tolerance);
                }

                if (!orderHolds)
                {
                    return order;
                }
            }

            return null;
        }

        /// <summary>Checks Σ_i b_i Φ_i(τ) = <paramref name="expected"/> (1/γ(τ), or 0 for another power of θ) within <see cref="OrderTolerance.Bound"/>.</summary>
        private static bool ConditionHolds(double[] weights, double[] phi, double[] phiAbs, double expected, OrderTolerance tolerance)
        {
            double elementaryWeight = 0.0, magnitude = 0.0;
            for (int i = 0; i < weights.Length; i++)
            {
                elementaryWeight += weights[i] * phi[i];
                magnitude += Math.Abs(weights[i]) * phiAbs[i];
            }

            // A NaN anywhere makes this comparison false, so NaN coefficients are reported as failures.
            return Math.Abs(elementaryWeight - expected) <= tolerance.Bound(expected, magnitude);
        }

        /// <summary>Checks that A is s×s and c, b have length s; returns s.</summary>
        private static int Validate(double[] c, double[][] a, double[] weights)
        {
            if (c is null) throw new ArgumentNullException(nameof(c));
            if (a is null) throw new ArgumentNullException(nameof(a));
            if (weights is null) throw new ArgumentNullException(nameof(weights));

            int s = a.Length;
            if (c.Length != s || weights.Length != s)
            {
                throw new ArgumentException("c (" + c.Length + "), A (" + s + " rows) and the weights (" + weights.Length + ") must have the same number of stages.");
            }

            for (int i = 0; i < s; i++)
            {
                if (a[i] is null) throw new ArgumentNullException(nameof(a), "Row " + i + " of A is null.");
                if (a[i].Length != s)
                {
                    throw new ArgumentException("Row " + i + " of A has " + a[i].Length + " entries; expected " + s + ".", nameof(a));
                }
            }

            return s;
        }

        /// <summary>
        /// Generates every rooted tree with 1..<see cref="MaxSupportedOrder"/> vertices, without
        /// duplicates. A tree of order n is a root plus a multiset of subtrees whose orders sum to
        /// n − 1 (a "partition of n − 1 into trees"); all those subtrees already exist in the list.
        /// Enumerating each multiset once, as a non-increasing sequence of indices, yields each
        /// tree exactly once (cf. the tree tables in Butcher ch. 3 and HNW I §II.2).
        /// </summary>
        private static TreeTable BuildTable()
        {
            var trees = new List<RootedTree>();
            var orderStart = new int[MaxSupportedOrder + 2];
            var children = new List<int>();

            for (int order = 1; order <= MaxSupportedOrder; order++)
            {
                orderStart[order] = trees.Count;
                int existing = trees.Count; // only trees of order < n may be children
                AddTrees(trees, children, order, order - 1, existing - 1);
            }

            orderStart[MaxSupportedOrder + 1] = trees.Count;
            return new TreeTable(trees.ToArray(), orderStart);
        }

        /// <summary>
        /// Appends to <paramref name="trees"/> every tree of order <paramref name="order"/> whose
        /// children start with the prefix in <paramref name="children"/> and continue with
        /// indices ≤ <paramref name="maxIndex"/> whose orders add up to <paramref name="remaining"/>.
        /// </summary>
        private static void AddTrees(List<RootedTree> trees, List<int> children, int order, int remaining, int maxIndex)
        {
            if (remaining == 0)
            {
                int[] kids = children.ToArray();
                double gamma = order;
                foreach (int k in kids)
                {
                    gamma *= trees[k].Gamma;
                }

                trees.Add(new RootedTree(order, kids, gamma));
                return;
            }

            for (int idx = maxIndex; idx >= 0; idx--)
            {
                if (trees[idx].Order > remaining)
                {
                    continue;
                }

                children.Add(idx);
                AddTrees(trees, children, order, remaining - trees[idx].Order, idx);
                children.RemoveAt(children.Count - 1);
            }
        }
    }
}
