"""Tests of peers.py's plumbing that need neither a GPU nor torch: the columns it shares with GpuCheck, the merge and
its throughput summary. Run: python3 -m unittest discover -s bench/gpu"""

import csv
import os
import re
import tempfile
import unittest

import peers

HERE = os.path.dirname(os.path.abspath(__file__))


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=peers.COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


class PeersTests(unittest.TestCase):
    def test_the_columns_are_gpuchecks(self):
        with open(os.path.join(HERE, "OdeKernels.GpuCheck", "CheckTable.cs"), encoding="utf-8") as stream:
            declared = re.search(r"Columns = \[(.*?)\];", stream.read()).group(1)
        self.assertEqual(re.findall(r'"([^"]+)"', declared), peers.COLUMNS)

    def test_merge_keeps_every_row_and_puts_the_engines_side_by_side(self):
        with tempfile.TemporaryDirectory() as folder:
            ours = [peers.row("throughput", m, n, "CPU", 10.0 * n, "lane-steps/s", 0.5) for m in ("forward", "Backsolve") for n in (8, 64)]
            ours.append(peers.row("agreement", "forward", 8, "CUDA", status="skipped", note="--cpu-only"))
            theirs = [peers.row("throughput", "forward", 64, "PyTorch", 3.0, "lane-steps/s", 0.25),
                      peers.row("throughput", "Direct", 64, "PyTorch", status="FAIL", note="OutOfMemoryError: out of memory")]
            write_csv(os.path.join(folder, "odekernels.csv"), ours)
            write_csv(os.path.join(folder, "peers-torch.csv"), theirs)
            with open(os.path.join(folder, "odekernels.md"), "w", encoding="utf-8") as stream:
                stream.write("# title\n\n- CPU: test machine\n\n| table |\n")

            code = peers.main(["merge", "--out", folder, os.path.join(folder, "odekernels.csv"),
                               os.path.join(folder, "peers-torch.csv"), os.path.join(folder, "peers-diffrax.csv")])

            self.assertEqual(1, code)  # a FAIL row
            with open(os.path.join(folder, "gpu-report.csv"), encoding="utf-8") as stream:
                self.assertEqual(len(ours) + len(theirs), len(list(csv.DictReader(stream))))
            with open(os.path.join(folder, "gpu-report.md"), encoding="utf-8") as stream:
                report = stream.read()
            self.assertIn("- CPU: test machine", report)
            self.assertIn("peers-diffrax.csv: missing", report)
            self.assertIn("7 rows, 1 FAIL, 1 skipped", report)
            summary = report.split("## Throughput")[1].split("## Every row")[0]
            lines = [line for line in summary.splitlines() if line.startswith("| ")]
            self.assertEqual(["method", "lanes", "OdeKernels CPU", "PyTorch"], [c.strip() for c in lines[0].strip("|").split("|")])
            self.assertEqual(["forward", "64", "640", "3"], [c.strip() for c in lines[2 + 1].strip("|").split("|")])
            self.assertEqual(["Direct", "64", "—", "FAIL"], [c.strip() for c in lines[-1].strip("|").split("|")])

    def test_bad_lane_lists_are_usage_errors(self):
        with self.assertRaises(SystemExit):
            peers.parse_arguments(["torch", "--out", "x", "--lanes", "8,y"])
        with self.assertRaises(SystemExit):
            peers.parse_arguments(["torch", "--out", "x", "--repeats", "2"])


if __name__ == "__main__":
    unittest.main()
