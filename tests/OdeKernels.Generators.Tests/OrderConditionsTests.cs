using System;
using OdeKernels.Generators.Tableaux;

namespace OdeKernels.Generators.Tests
{
    public sealed class OrderConditionsTests
    {
        private const double Tol = 1e-12;

        // ---------------------------------------------------------------- tree enumeration

        [Theory]
        [InlineData(1, 1)]
        [InlineData(2, 1)]
        [InlineData(3, 2)]
        [InlineData(4, 4)]
        [InlineData(5, 9)]
        [InlineData(6, 20)]
        [InlineData(7, 48)]
        [InlineData(8, 115)]
        public void TreeCount_MatchesOeisA000081(int order, int expected)
        {
            Assert.Equal(expected, OrderConditions.TreeCount(order));
        }

        [Fact]
        public void TreeCount_TotalUpToOrder8Is200()
        {
            int total = 0;
            for (int n = 1; n <= 8; n++)
            {
                total += OrderConditions.TreeCount(n);
            }

            // 1 + 1 + 2 + 4 + 9 + 20 + 48 + 115 = 200 (286 is the count for order 9 alone).
            Assert.Equal(200, total);
        }

        // ---------------------------------------------------------------- classical explicit methods

        [Fact]
        public void ClassicalRk4_HasOrderFour()
        {
            var c = new[] { 0.0, 0.5, 0.5, 1.0 };
            var a = Rk4A();
            var b = new[] { 1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6 };

            Assert.Equal(4, OrderConditions.AchievedOrder(c, a, b, 8, Tol));
            Assert.Null(OrderConditions.FirstFailingOrder(c, a, b, 4, Tol));
            Assert.Equal(5, OrderConditions.FirstFailingOrder(c, a, b, 5, Tol));
        }

        [Fact]
        public void ForwardEuler_HasOrderOne()
        {
            var c = new[] { 0.0 };
            var a = new[] { new[] { 0.0 } };
            var b = new[] { 1.0 };

            Assert.Equal(1, OrderConditions.AchievedOrder(c, a, b, 8, Tol));
            Assert.Equal(2, OrderConditions.FirstFailingOrder(c, a, b, 2, Tol));
        }

        [Fact]
        public void ExplicitMidpoint_HasOrderTwo()
        {
            var c = new[] { 0.0, 0.5 };
            var a = new[] { new[] { 0.0, 0.0 }, new[] { 0.5, 0.0 } };
            var b = new[] { 0.0, 1.0 };

            Assert.Equal(2, OrderConditions.AchievedOrder(c, a, b, 8, Tol));
        }

        [Fact]
        public void HeunThirdOrder_HasOrderThree()
        {
            var c = new[] { 0.0, 1.0 / 3, 2.0 / 3 };
            var a = new[]
            {
                new[] { 0.0, 0.0, 0.0 },
                new[] { 1.0 / 3, 0.0, 0.0 },
                new[] { 0.0, 2.0 / 3, 0.0 },
            };
            var b = new[] { 0.25, 0.0, 0.75 };

            Assert.Equal(3, OrderConditions.AchievedOrder(c, a, b, 8, Tol));
            Assert.Equal(4, OrderConditions.FirstFailingOrder(c, a, b, 6, Tol));
        }

        // Dormand & Prince (1980), "A family of embedded Runge-Kutta formulae", J. Comput. Appl. Math. 6(1).
        private static readonly double[] DpC = { 0.0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1.0, 1.0 };

        private static readonly double[][] DpA =
        {
            new[] { 0.0, 0, 0, 0, 0, 0, 0 },
            new[] { 1.0 / 5, 0, 0, 0, 0, 0, 0 },
            new[] { 3.0 / 40, 9.0 / 40, 0, 0, 0, 0, 0 },
            new[] { 44.0 / 45, -56.0 / 15, 32.0 / 9, 0, 0, 0, 0 },
            new[] { 19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729, 0, 0, 0 },
            new[] { 9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656, 0, 0 },
            new[] { 35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0 },
        };

        private static readonly double[] DpB = { 35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0 };

        private static readonly double[] DpBHat =
            { 5179.0 / 57600, 0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200, 187.0 / 2100, 1.0 / 40 };

        [Fact]
        public void DormandPrince54_MainWeightsHaveOrderFive()
        {
            Assert.Equal(5, OrderConditions.AchievedOrder(DpC, DpA, DpB, 8, Tol));
            Assert.Null(OrderConditions.FirstFailingOrder(DpC, DpA, DpB, 5, Tol));
        }

        [Fact]
        public void DormandPrince54_EmbeddedWeightsHaveOrderFour()
        {
            Assert.Equal(4, OrderConditions.AchievedOrder(DpC, DpA, DpBHat, 8, Tol));
            Assert.Equal(5, OrderConditions.FirstFailingOrder(DpC, DpA, DpBHat, 5, Tol));
        }

        // ---------------------------------------------------------------- broken tableaux

        [Fact]
        public void PerturbedRk4_FailsAtOrderTwo()
        {
            // b1 += δ, b4 -= δ keeps Σb = 1 (order 1 holds). The order-2 tree needs
            // Σ b_i (A·1)_i = 1/2 with A·1 = (0, 1/2, 1/2, 1), so it changes by δ·0 − δ·1 = −δ:
            // the method already fails at order 2, and so has order 1.
            const double delta = 1e-3;
            var c = new[] { 0.0, 0.5, 0.5, 1.0 };
            var a = Rk4A();
            var b = new[] { 1.0 / 6 + delta, 1.0 / 3, 1.0 / 3, 1.0 / 6 - delta };

            Assert.Equal(2, OrderConditions.FirstFailingOrder(c, a, b, 4, Tol));
            Assert.Equal(1, OrderConditions.AchievedOrder(c, a, b, 8, Tol));

            // Every defect up to order 4 is at most δ (|Φ_4(τ)| ≤ 1 for RK4's last stage),
            // so a tolerance of 2δ accepts all of them; order 5 still fails because the tall tree
            // [[[[•]]]] has Φ = 0 in any 4-stage explicit method, a defect of 1/120 > 2δ.
            Assert.Equal(4, OrderConditions.AchievedOrder(c, a, b, 8, 2 * delta));
        }

        [Fact]
        public void ThreeStageMethod_FailingOnlyTheTallOrderThreeTree_FailsAtOrderThree()
        {
            // Heun's third-order nodes and weights, but row 3 of A split as a31 = a32 = 1/3
            // (row sums still equal c). Then
            //   Σ b = 1, Σ b c = 3/4·2/3 = 1/2, Σ b c² = 3/4·4/9 = 1/3   (bushy tree [•,•] holds)
            //   Σ b A c = b3·a32·c2 = 3/4·1/3·1/3 = 1/12 ≠ 1/6           (tall tree [[•]] fails)
            var c = new[] { 0.0, 1.0 / 3, 2.0 / 3 };
            var a = new[]
            {
                new[] { 0.0, 0.0, 0.0 },
                new[] { 1.0 / 3, 0.0, 0.0 },
                new[] { 1.0 / 3, 1.0 / 3, 0.0 },
            };
            var b = new[] { 0.25, 0.0, 0.75 };

            Assert.Equal(3, OrderConditions.FirstFailingOrder(c, a, b, 3, Tol));
            Assert.Equal(2, OrderConditions.AchievedOrder(c, a, b, 8, Tol));
        }

        [Fact]
        public void RowSumViolation_IsJudgedByA_NotByC()
        {
            // c2 = 1 but a21 = 1/2, so the row-sum condition c_i = Σ_j a_ij is violated; the
            // checker must ignore c and evaluate the trees with A (A·1 = (0, 1/2)).
            var wrongC = new[] { 0.0, 1.0 };
            var consistentC = new[] { 0.0, 0.5 };
            var a = new[] { new[] { 0.0, 0.0 }, new[] { 0.5, 0.0 } };

            // Midpoint weights b = (0, 1): Σ b (A·1) = 1/2 holds, Σ b (A·1)² = 1/4 ≠ 1/3 fails,
            // so the order is 2. (Using c instead would give Σ b c = 1 ≠ 1/2, i.e. order 1.)
            var midpoint = new[] { 0.0, 1.0 };
            Assert.Equal(2, OrderConditions.AchievedOrder(wrongC, a, midpoint, 8, Tol));
            Assert.Equal(3, OrderConditions.FirstFailingOrder(wrongC, a, midpoint, 4, Tol));

            // Heun/trapezoid weights b = (1/2, 1/2): Σ b (A·1) = 1/4 ≠ 1/2, so order 1.
            // (Using c = (0, 1) instead would wrongly give Σ b c = 1/2 and then Σ b c² = 1/2 ≠ 1/3, order 2.)
            var trapezoid = new[] { 0.5, 0.5 };
            Assert.Equal(1, OrderConditions.AchievedOrder(wrongC, a, trapezoid, 8, Tol));
            Assert.Equal(2, OrderConditions.FirstFailingOrder(wrongC, a, trapezoid, 2, Tol));

            // And c really plays no part: the consistent c gives the same verdicts.
            Assert.Equal(2, OrderConditions.AchievedOrder(consistentC, a, midpoint, 8, Tol));
            Assert.Equal(1, OrderConditions.AchievedOrder(consistentC, a, trapezoid, 8, Tol));
        }

        [Fact]
        public void WeightsNotSummingToOne_HaveOrderZero()
        {
            var c = new[] { 0.0, 0.5 };
            var a = new[] { new[] { 0.0, 0.0 }, new[] { 0.5, 0.0 } };
            var b = new[] { 0.0, 0.9 };

            Assert.Equal(0, OrderConditions.AchievedOrder(c, a, b, 8, Tol));
            Assert.Equal(1, OrderConditions.FirstFailingOrder(c, a, b, 1, Tol));
        }

        // ---------------------------------------------------------------- high orders (every tree up to 8)

        // Collocation methods have known orders: Gauss s stages → 2s, Radau IIA → 2s − 1,
        // Lobatto IIIA → 2s − 2 (HNW I §II.7, Thm. 7.9). They are implicit (full A), which the
        // checker handles too, and they are the simplest way to reach order 8 and so exercise
        // the density γ of every one of the 200 trees.
        [Theory]
        [InlineData("gauss3", 6)]
        [InlineData("gauss4", 8)]
        [InlineData("radau3", 5)]
        [InlineData("lobatto3", 4)]
        public void CollocationMethods_HaveTheirKnownOrder(string name, int expected)
        {
            double[] c = name switch
            {
                "gauss3" => new[] { 0.5 - Math.Sqrt(15) / 10, 0.5, 0.5 + Math.Sqrt(15) / 10 },
                "gauss4" => Gauss4Nodes(),
                "radau3" => new[] { (4 - Math.Sqrt(6)) / 10, (4 + Math.Sqrt(6)) / 10, 1.0 },
                "lobatto3" => new[] { 0.0, 0.5, 1.0 },
                _ => throw new ArgumentOutOfRangeException(nameof(name)),
            };
            (double[][] a, double[] b) = Collocation(c);

            Assert.Equal(expected, OrderConditions.AchievedOrder(c, a, b, 8, 1e-10));
        }

        // ---------------------------------------------------------------- argument checks

        [Fact]
        public void MismatchedShapes_Throw()
        {
            var a = Rk4A();
            Assert.Throws<ArgumentException>(() => OrderConditions.AchievedOrder(new double[3], a, new double[4], 4, Tol));
            Assert.Throws<ArgumentException>(() => OrderConditions.AchievedOrder(new double[4], a, new double[5], 4, Tol));
            Assert.Throws<ArgumentOutOfRangeException>(() => OrderConditions.AchievedOrder(new double[4], a, new double[4], 9, Tol));
            Assert.Throws<ArgumentOutOfRangeException>(() => OrderConditions.FirstFailingOrder(new double[4], a, new double[4], 4, -1));
        }

        // ---------------------------------------------------------------- helpers

        private static double[][] Rk4A() => new[]
        {
            new[] { 0.0, 0.0, 0.0, 0.0 },
            new[] { 0.5, 0.0, 0.0, 0.0 },
            new[] { 0.0, 0.5, 0.0, 0.0 },
            new[] { 0.0, 0.0, 1.0, 0.0 },
        };

        /// <summary>Roots of the shifted Legendre polynomial P4(2t − 1).</summary>
        private static double[] Gauss4Nodes()
        {
            double inner = 2.0 / 7 * Math.Sqrt(6.0 / 5);
            double x1 = Math.Sqrt(3.0 / 7 + inner);
            double x2 = Math.Sqrt(3.0 / 7 - inner);
            return new[] { (1 - x1) / 2, (1 - x2) / 2, (1 + x2) / 2, (1 + x1) / 2 };
        }

        /// <summary>
        /// Collocation tableau for nodes c: a_ij = ∫_0^{c_i} ℓ_j, b_j = ∫_0^1 ℓ_j, with ℓ_j the
        /// Lagrange basis polynomials of the nodes.
        /// </summary>
        private static (double[][] A, double[] B) Collocation(double[] c)
        {
            int s = c.Length;
            var a = new double[s][];
            for (int i = 0; i < s; i++)
            {
                a[i] = new double[s];
            }

            var b = new double[s];
            for (int j = 0; j < s; j++)
            {
                // Coefficients of ℓ_j in powers of t, built as a product of (t − c_m)/(c_j − c_m).
                var poly = new double[s];
                poly[0] = 1;
                int degree = 0;
                for (int m = 0; m < s; m++)
                {
                    if (m == j)
                    {
                        continue;
                    }

                    double scale = 1 / (c[j] - c[m]);
                    for (int k = degree + 1; k >= 0; k--)
                    {
                        double shifted = k > 0 ? poly[k - 1] : 0;
                        double kept = k <= degree ? poly[k] : 0;
                        poly[k] = (shifted - c[m] * kept) * scale;
                    }

                    degree++;
                }

                for (int i = 0; i < s; i++)
                {
                    a[i][j] = IntegrateFromZero(poly, c[i]);
                }

                b[j] = IntegrateFromZero(poly, 1.0);
            }

            return (a, b);
        }

        private static double IntegrateFromZero(double[] poly, double x)
        {
            double sum = 0;
            for (int k = poly.Length - 1; k >= 0; k--)
            {
                sum = sum * x + poly[k] / (k + 1);
            }

            return sum * x;
        }
    }
}
