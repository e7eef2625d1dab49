using System.Collections.Generic;
using System.Linq;

namespace OdeKernels.Generators.Activations;

/// <summary>
/// A scalar expression of an activation formula (<see cref="ActivationTable"/>), over the lane's input <c>x</c>, the
/// incoming gradient <c>g</c>, the kept exponential <c>e</c> and the formula's named temporaries. Each printer
/// (<see cref="CSharpActivationPrinter"/>, <see cref="CudaActivationPrinter"/>) spells every node in its language and
/// nothing else, so the C# and the CUDA kernels do the same operations in the same order: no fused multiply-add, no
/// reassociation (a product of three factors is written as such, <see cref="Product"/>, not as nested pairs).
/// </summary>
internal abstract record ActivationExpression
{
    /// <summary>The lane's input (the pre-activation).</summary>
    public static readonly ActivationExpression X = new Variable("x");

    /// <summary>The gradient of the activation's output, in a derivative.</summary>
    public static readonly ActivationExpression G = new Variable("g");

    /// <summary>The exponential a forward pass keeps for its derivative (<see cref="KeepExponential"/>).</summary>
    public static readonly ActivationExpression E = new Variable(KeptName);

    /// <summary>The name of the kept exponential: the forward pass's <c>out</c> value and the derivative's input.</summary>
    public const string KeptName = "e";

    /// <summary>The activation's output X(x), an input of the second derivative (<see cref="ActivationFormula.Second"/>).</summary>
    public static readonly ActivationExpression Y = new Variable(OutputName);

    /// <summary>The name of the activation's output in a second derivative.</summary>
    public const string OutputName = "y";

    public static implicit operator ActivationExpression(double value) => new Constant(value);

    public static ActivationExpression operator +(ActivationExpression left, ActivationExpression right) => new Arithmetic(ArithmeticOperator.Add, left, right);

    public static ActivationExpression operator -(ActivationExpression left, ActivationExpression right) => new Arithmetic(ArithmeticOperator.Subtract, left, right);

    public static ActivationExpression operator *(ActivationExpression left, ActivationExpression right) => new Arithmetic(ArithmeticOperator.Multiply, left, right);

    public static ActivationExpression operator /(ActivationExpression left, ActivationExpression right) => new Arithmetic(ArithmeticOperator.Divide, left, right);

    public static ActivationExpression operator -(ActivationExpression operand) => new Negate(operand);

    /// <summary>A named temporary (a <see cref="Let"/> earlier in the body).</summary>
    public static ActivationExpression Var(string name) => new Variable(name);

    /// <summary>a·b·c… evaluated left to right, printed without inner parentheses.</summary>
    public static ActivationExpression Product(params ActivationExpression[] factors) => new Arithmetic(ArithmeticOperator.Multiply, factors);

    public static ActivationExpression Abs(ActivationExpression x) => new Call(Primitive.Abs, x);

    public static ActivationExpression Exp(ActivationExpression x) => new Call(Primitive.Exp, x);

    public static ActivationExpression Log(ActivationExpression x) => new Call(Primitive.Log, x);

    public static ActivationExpression Sin(ActivationExpression x) => new Call(Primitive.Sin, x);

    public static ActivationExpression Cos(ActivationExpression x) => new Call(Primitive.Cos, x);

    /// <summary>max(x, 0).</summary>
    public static ActivationExpression PositivePart(ActivationExpression x) => new Call(Primitive.PositivePart, x);

    public static ActivationExpression Less(ActivationExpression left, ActivationExpression right) => new Comparison(ComparisonOperator.Less, left, right);

    public static ActivationExpression Greater(ActivationExpression left, ActivationExpression right) => new Comparison(ComparisonOperator.Greater, left, right);

    public static ActivationExpression Equal(ActivationExpression left, ActivationExpression right) => new Comparison(ComparisonOperator.Equal, left, right);

    /// <summary><paramref name="condition"/> ? <paramref name="whenTrue"/> : <paramref name="whenFalse"/>, lane by lane.</summary>
    public static ActivationExpression Select(ActivationExpression condition, ActivationExpression whenTrue, ActivationExpression whenFalse) =>
        new Selection(condition, whenTrue, whenFalse);

    /// <summary>|<paramref name="magnitude"/>| with the sign bit of <paramref name="sign"/> (<paramref name="magnitude"/> must be ≥ 0).</summary>
    public static ActivationExpression CopySign(ActivationExpression magnitude, ActivationExpression sign) => new SignCopy(magnitude, sign);

    /// <summary>The operator's symbol, the same in C# and in C.</summary>
    public static string Symbol(ArithmeticOperator op) => op switch
    {
        ArithmeticOperator.Add => "+",
        ArithmeticOperator.Subtract => "-",
        ArithmeticOperator.Multiply => "*",
        _ => "/",
    };

    /// <summary>This node and every node below it, parents first.</summary>
    public IEnumerable<ActivationExpression> Nodes() => new[] { this }.Concat(Children().SelectMany(c => c.Nodes()));

    protected abstract IEnumerable<ActivationExpression> Children();

    /// <summary>A number, printed as a round-trip literal of the element type.</summary>
    public sealed record Constant(double Value) : ActivationExpression
    {
        protected override IEnumerable<ActivationExpression> Children() => Enumerable.Empty<ActivationExpression>();
    }

    public sealed record Variable(string Name) : ActivationExpression
    {
        protected override IEnumerable<ActivationExpression> Children() => Enumerable.Empty<ActivationExpression>();
    }

    public sealed record Call(Primitive Primitive, ActivationExpression Argument) : ActivationExpression
    {
        protected override IEnumerable<ActivationExpression> Children() => new[] { Argument };
    }

    public sealed record Negate(ActivationExpression Operand) : ActivationExpression
    {
        protected override IEnumerable<ActivationExpression> Children() => new[] { Operand };
    }

    /// <summary>Operands joined by one operator, left to right; an operand that is itself an operation is parenthesized.</summary>
    public sealed record Arithmetic(ArithmeticOperator Operator, params ActivationExpression[] Operands) : ActivationExpression
    {
        protected override IEnumerable<ActivationExpression> Children() => Operands;
    }

    public sealed record Comparison(ComparisonOperator Operator, ActivationExpression Left, ActivationExpression Right) : ActivationExpression
    {
        protected override IEnumerable<ActivationExpression> Children() => new[] { Left, Right };
    }

    public sealed record Selection(ActivationExpression Condition, ActivationExpression WhenTrue, ActivationExpression WhenFalse) : ActivationExpression
    {
        protected override IEnumerable<ActivationExpression> Children() => new[] { Condition, WhenTrue, WhenFalse };
    }

    public sealed record SignCopy(ActivationExpression Magnitude, ActivationExpression Sign) : ActivationExpression
    {
        protected override IEnumerable<ActivationExpression> Children() => new[] { Magnitude, Sign };
    }
}

/// <summary>The functions an activation formula calls; each printer maps them to its library or its own helpers.</summary>
internal enum Primitive
{
    Abs,
    Exp,
    Log,
    Sin,
    Cos,
    PositivePart,
}

internal enum ArithmeticOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
}

internal enum ComparisonOperator
{
    Less,
    Greater,
    Equal,
}
