using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace OdeKernels.Tests.Documentation;

/// <summary>
/// Writes the public surface of assemblies as stable text for <see cref="PublicApiBaselineTests"/>: per assembly and
/// namespace, each exported type's header (modifiers, kind, name, base types, constraints) and one line per public or
/// protected member in C#-like syntax with nullable annotations, in a fixed order, so that the text changes exactly
/// when the surface does. Members are sorted by name (constructors first), overloads by their text. Members hidden
/// with <c>[EditorBrowsable(EditorBrowsableState.Never)]</c> are marked. Not shown: attributes other than that one, and
/// tuple element names (a tuple is written <c>(long, string)</c>).
/// </summary>
internal static class PublicApiWriter
{
    private const string Hidden = "[EditorBrowsable(Never)] ";

    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(bool)] = "bool", [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte",
        [typeof(short)] = "short", [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint",
        [typeof(long)] = "long", [typeof(ulong)] = "ulong", [typeof(float)] = "float", [typeof(double)] = "double",
        [typeof(decimal)] = "decimal", [typeof(char)] = "char", [typeof(string)] = "string", [typeof(object)] = "object",
        [typeof(nint)] = "nint", [typeof(nuint)] = "nuint",
    };

    /// <summary>The surface of <paramref name="assemblies"/>, one line per type and member, lines ending in '\n'.</summary>
    public static string Write(params Assembly[] assemblies)
    {
        var nullability = new NullabilityInfoContext();
        var text = new StringBuilder();
        foreach (Assembly assembly in assemblies.OrderBy(a => a.GetName().Name, StringComparer.Ordinal))
        {
            text.Append("assembly ").Append(assembly.GetName().Name).Append('\n');
            foreach (IGrouping<string, Type> space in assembly.GetExportedTypes().GroupBy(t => t.Namespace ?? "").OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                text.Append("namespace ").Append(space.Key).Append('\n');
                foreach (Type type in space.OrderBy(t => t.FullName, StringComparer.Ordinal))
                {
                    text.Append("  ").Append(Header(type)).Append('\n');
                    foreach ((_, string member) in MembersOf(type, nullability).OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Line, StringComparer.Ordinal))
                    {
                        text.Append("    ").Append(member).Append('\n');
                    }
                }
            }
        }

        return text.ToString();
    }

    private static string Header(Type type)
    {
        string hidden = IsHidden(type) ? Hidden : "";
        string name = TypeName(type, null, declaration: true);
        if (type.IsEnum)
        {
            Type underlying = Enum.GetUnderlyingType(type);
            return $"{hidden}public enum {name}{(underlying == typeof(int) ? "" : " : " + TypeName(underlying, null))}";
        }

        if (type.BaseType == typeof(MulticastDelegate))
        {
            MethodInfo invoke = type.GetMethod("Invoke")!;
            var context = new NullabilityInfoContext();
            return $"{hidden}public delegate {Return(invoke, context)} {name}({Parameters(invoke.GetParameters(), context)}){Constraints(type.GetGenericArguments())}";
        }

        string kind = type.IsInterface ? "interface" : type.IsValueType ? "struct" : "class";
        bool isRecord = type.GetMethod("<Clone>$") is not null
            || (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance)?.IsDefined(typeof(CompilerGeneratedAttribute)) == true);
        var modifiers = new List<string>();
        if (type.IsClass && !type.IsInterface)
        {
            modifiers.Add(type.IsAbstract && type.IsSealed ? "static" : type.IsAbstract ? "abstract" : type.IsSealed ? "sealed" : "");
        }

        if (type.IsValueType && IsReadOnly(type))
        {
            modifiers.Add("readonly");
        }

        if (type.IsByRefLike)
        {
            modifiers.Add("ref");
        }

        if (isRecord)
        {
            modifiers.Add("record");
        }

        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType))
        {
            bases.Add(TypeName(baseType, null));
        }

        bases.AddRange(type.GetInterfaces().Select(i => TypeName(i, null)).Order(StringComparer.Ordinal));
        string prefix = string.Join(" ", modifiers.Where(m => m.Length > 0).Append(kind));
        string inherits = bases.Count == 0 ? "" : " : " + string.Join(", ", bases);
        return $"{hidden}public {prefix} {name}{inherits}{Constraints(type.GetGenericArguments())}";
    }

    /// <summary>The members of <paramref name="type"/>, each with its name (constructors first, as <c>.ctor</c>) to sort by.</summary>
    private static IEnumerable<(string Name, string Line)> MembersOf(Type type, NullabilityInfoContext nullability)
    {
        if (type.IsEnum)
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                yield return (field.Name, $"{field.Name} = {Convert.ToString(field.GetRawConstantValue(), CultureInfo.InvariantCulture)}");
            }

            yield break;
        }

        if (type.BaseType == typeof(MulticastDelegate))
        {
            yield break;
        }

        foreach (MemberInfo member in type.GetMembers(Declared).Where(m => !m.Name.Contains('<', StringComparison.Ordinal)))
        {
            string? line = member switch
            {
                ConstructorInfo c when Visible(c) && !c.IsStatic => $"{Access(c)} {type.Name.Split('`')[0]}({Parameters(c.GetParameters(), nullability)})",
                MethodInfo m when Visible(m) && (!m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal)) =>
                    $"{Access(m)} {Modifiers(m, type)}{Return(m, nullability)} {m.Name}{GenericParameters(m)}({Parameters(m.GetParameters(), nullability)}){Constraints(m.GetGenericArguments())}",
                PropertyInfo p when Accessors(p).Any() => Property(p, type, nullability),
                FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly => Field(f, nullability),
                EventInfo e when e.AddMethod is { } add && Visible(add) => $"{Access(add)} {Modifiers(add, type)}event {TypeName(e.EventHandlerType!, nullability.Create(e))} {e.Name}",
                _ => null,
            };
            if (line is not null)
            {
                yield return (member.Name, (IsHidden(member) ? Hidden : "") + line);
            }
        }
    }

    private static string Property(PropertyInfo property, Type type, NullabilityInfoContext nullability)
    {
        MethodInfo accessor = Accessors(property).First();
        string access = Access(accessor);
        var parts = new List<string>();
        foreach (MethodInfo method in Accessors(property))
        {
            string own = Access(method) == access ? "" : Access(method) + " ";
            bool init = method == property.SetMethod && method.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
            parts.Add(own + (method == property.GetMethod ? "get" : init ? "init" : "set") + ";");
        }

        ParameterInfo[] index = property.GetIndexParameters();
        string name = index.Length == 0 ? property.Name : $"this[{Parameters(index, nullability)}]";
        string byRef = property.PropertyType.IsByRef ? "ref " : "";
        return $"{access} {Modifiers(accessor, type)}{byRef}{TypeName(property.PropertyType, nullability.Create(property))} {name} {{ {string.Join(" ", parts)} }}";
    }

    private static string Field(FieldInfo field, NullabilityInfoContext nullability)
    {
        string type = TypeName(field.FieldType, nullability.Create(field));
        if (field.IsLiteral)
        {
            return $"{Access(field)} const {type} {field.Name} = {Literal(field.GetRawConstantValue(), field.FieldType)}";
        }

        return $"{Access(field)} {(field.IsStatic ? "static " : "")}{(field.IsInitOnly ? "readonly " : "")}{type} {field.Name}";
    }

    private static IEnumerable<MethodInfo> Accessors(PropertyInfo property) =>
        new[] { property.GetMethod, property.SetMethod }.Where(m => m is not null && Visible(m)).Cast<MethodInfo>();

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Access(MethodBase method) => method.IsPublic ? "public" : method.IsFamilyOrAssembly ? "protected internal" : "protected";

    private static string Access(FieldInfo field) => field.IsPublic ? "public" : field.IsFamilyOrAssembly ? "protected internal" : "protected";

    /// <summary>static, abstract, virtual, override and sealed override; interface members name only static ones.</summary>
    private static string Modifiers(MethodInfo method, Type type)
    {
        string s = method.IsStatic ? "static " : "";
        if (type.IsInterface)
        {
            return method.IsStatic ? s + (method.IsAbstract ? "abstract " : method.IsVirtual ? "virtual " : "") : "";
        }

        if (method.IsAbstract)
        {
            return s + "abstract ";
        }

        if (!method.IsVirtual)
        {
            return s;
        }

        bool overrides = method.GetBaseDefinition().DeclaringType != method.DeclaringType;
        if (overrides)
        {
            return s + (method.IsFinal ? "sealed override " : "override ");
        }

        // A final new slot is an implicit interface implementation, not a virtual member.
        return method.IsFinal ? s : s + "virtual ";
    }

    private static string Return(MethodInfo method, NullabilityInfoContext nullability)
    {
        ParameterInfo result = method.ReturnParameter;
        string byRef = !result.ParameterType.IsByRef ? "" : HasAttribute(result, "IsReadOnlyAttribute") ? "ref readonly " : "ref ";
        return byRef + TypeName(result.ParameterType, nullability.Create(result));
    }

    private static string Parameters(ParameterInfo[] parameters, NullabilityInfoContext nullability) =>
        string.Join(", ", parameters.Select(p => Parameter(p, nullability)));

    private static string Parameter(ParameterInfo parameter, NullabilityInfoContext nullability)
    {
        var text = new StringBuilder();
        if (HasAttribute(parameter, "ScopedRefAttribute"))
        {
            text.Append("scoped ");
        }

        if (parameter.IsDefined(typeof(ParamArrayAttribute)) || HasAttribute(parameter, "ParamCollectionAttribute"))
        {
            text.Append("params ");
        }

        if (parameter.ParameterType.IsByRef)
        {
            text.Append(parameter.IsOut ? "out " : HasAttribute(parameter, "RequiresLocationAttribute") ? "ref readonly " : parameter.IsIn ? "in " : "ref ");
        }

        text.Append(TypeName(parameter.ParameterType, nullability.Create(parameter))).Append(' ').Append(parameter.Name);
        if (parameter.HasDefaultValue)
        {
            text.Append(" = ").Append(Literal(parameter.RawDefaultValue, parameter.ParameterType));
        }

        return text.ToString();
    }

    private static string Literal(object? value, Type type)
    {
        Type target = type.IsByRef ? type.GetElementType()! : type;
        return value switch
        {
            null => target.IsValueType && Nullable.GetUnderlyingType(target) is null ? "default" : "null",
            string s => "\"" + s + "\"",
            bool b => b ? "true" : "false",
            _ when target.IsEnum => TypeName(target, null) + "." + (Enum.GetName(target, value) ?? Convert.ToString(value, CultureInfo.InvariantCulture)),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
    }

    private static string GenericParameters(MethodInfo method) =>
        method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : "";

    private static string Constraints(Type[] parameters)
    {
        var text = new StringBuilder();
        foreach (Type parameter in parameters.Where(p => p.IsGenericParameter))
        {
            var constraints = new List<string>();
            GenericParameterAttributes attributes = parameter.GenericParameterAttributes;
            bool isStruct = (attributes & GenericParameterAttributes.NotNullableValueTypeConstraint) != 0;
            if (isStruct)
            {
                constraints.Add(HasAttribute(parameter, "IsUnmanagedAttribute") ? "unmanaged" : "struct");
            }

            if ((attributes & GenericParameterAttributes.ReferenceTypeConstraint) != 0)
            {
                constraints.Add("class");
            }

            constraints.AddRange(parameter.GetGenericParameterConstraints().Where(c => c != typeof(ValueType)).Select(c => TypeName(c, null)).Order(StringComparer.Ordinal));
            if ((attributes & GenericParameterAttributes.DefaultConstructorConstraint) != 0 && !isStruct)
            {
                constraints.Add("new()");
            }

            if ((attributes & GenericParameterAttributes.AllowByRefLike) != 0)
            {
                constraints.Add("allows ref struct");
            }

            if (constraints.Count > 0)
            {
                text.Append(" where ").Append(parameter.Name).Append(" : ").Append(string.Join(", ", constraints));
            }
        }

        return text.ToString();
    }

    /// <summary>A type as C# writes it, without its namespace; <c>?</c> where <paramref name="nullability"/> says nullable.</summary>
    private static string TypeName(Type type, NullabilityInfo? nullability, bool declaration = false)
    {
        if (type.IsByRef || type.IsPointer)
        {
            return TypeName(type.GetElementType()!, nullability) + (type.IsPointer ? "*" : "");
        }

        string mark = nullability?.ReadState == NullabilityState.Nullable && !type.IsValueType ? "?" : "";
        if (type.IsGenericParameter)
        {
            return type.Name + mark;
        }

        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!, nullability?.ElementType) + "[" + new string(',', type.GetArrayRank() - 1) + "]" + mark;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying, nullability?.GenericTypeArguments.FirstOrDefault()) + "?";
        }

        if (Keywords.TryGetValue(type, out string? keyword))
        {
            return keyword + mark;
        }

        Type[] arguments = type.GetGenericArguments();
        string[] names = arguments.Select((a, i) => TypeName(a, nullability is { GenericTypeArguments.Length: > 0 } n && i < n.GenericTypeArguments.Length ? n.GenericTypeArguments[i] : null)).ToArray();
        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal))
        {
            return "(" + string.Join(", ", names) + ")" + mark;
        }

        string outer = type.IsNested && !declaration ? TypeName(type.DeclaringType!, null).Split('<')[0] + "." : "";
        if (type.IsNested && declaration)
        {
            outer = type.DeclaringType!.Name.Split('`')[0] + ".";
        }

        string own = type.Name.Split('`')[0];
        return outer + own + (type.IsGenericType ? "<" + string.Join(", ", names) + ">" : "") + mark;
    }

    private static bool IsHidden(MemberInfo member) =>
        member.GetCustomAttribute<EditorBrowsableAttribute>()?.State == EditorBrowsableState.Never;

    private static bool IsReadOnly(Type type) => type.CustomAttributes.Any(a => a.AttributeType.Name == "IsReadOnlyAttribute");

    private static bool HasAttribute(ParameterInfo parameter, string name) => parameter.CustomAttributes.Any(a => a.AttributeType.Name == name);

    private static bool HasAttribute(Type type, string name) => type.CustomAttributes.Any(a => a.AttributeType.Name == name);
}
