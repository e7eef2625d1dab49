"""What the PyTorch fixture scripts (test_torch_cells.py, test_torch_conv.py) share: reading a C# fixture's arrays back,
asking whether PyTorch is installed, checking stored values against recomputed ones, and the command line."""

import os
import re
import sys


def stored(path):
    """The double arrays of the C# fixture at path, by name."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    arrays = {}
    for match in re.finditer(r"public static readonly double\[\] (\w+) =\s*\[(.*?)\];", text, re.S):
        arrays[match.group(1)] = [float(v) for v in match.group(2).replace(",", " ").split()]
    return arrays


def torch_available():
    try:
        import torch  # noqa: F401
        return True
    except ImportError:
        return False


def assert_stored(test, path, values):
    """Asserts that every array of values ({name: {key: list}}) is stored in the fixture as name + key, to 1e-12."""
    arrays = stored(path)
    for name in values:
        for key, expected in values[name].items():
            actual = arrays[name + key]
            test.assertEqual(len(expected), len(actual), name + key)
            for e, a in zip(expected, actual):
                test.assertLessEqual(abs(e - a), 1e-12 * (1 + abs(e)), name + key)


def main(path, compute, render, unittest_main):
    """--write: recompute and write the fixture; otherwise run the script's unit tests."""
    if "--write" in sys.argv:
        version, values = compute()
        with open(path, "w", encoding="utf-8") as f:
            f.write(render(version, values))
        print("wrote", os.path.normpath(path))
    else:
        unittest_main()
