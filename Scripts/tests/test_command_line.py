"""The command line stays as it was, and the script runs without drms or sunpy where it needs neither."""
import contextlib
import io
import sys
import unittest
import unittest.mock

from support import EMAIL, ScriptTest, load_script

# Every option the script had before the real-data work; scripts and documentation call them.
ORIGINAL_OPTIONS = ["--output", "-o", "--harps", "--start", "--end", "--cadence", "--chunk-days", "--email",
                    "--flare-margin-days", "--skip-magnetograms", "--skip-harp-table", "--skip-flares", "--dry-run"]


class CommandLineTests(ScriptTest):
    def test_help_works_without_drms_or_sunpy(self):
        absent = {"drms": None, "sunpy": None, "sunpy.net": None}
        output = io.StringIO()
        with unittest.mock.patch.dict(sys.modules, absent), contextlib.redirect_stdout(output):
            module = load_script()
            with self.assertRaises(SystemExit) as raised:
                module.parse_args(["--help"])
        self.assertEqual(raised.exception.code, 0)
        for option in ORIGINAL_OPTIONS + ["--yes", "--confirm-above"]:
            self.assertIn(option, output.getvalue())

    def test_original_command_line_still_parses(self):
        args = self.script.parse_args([
            "--output", "data", "--harps", "377-380", "--start", "2011-02-12", "--end", "2011-02-17T06:00",
            "--cadence", "36m", "--chunk-days", "10", "--email", EMAIL, "--flare-margin-days", "2",
            "--skip-harp-table", "--skip-flares"])
        self.assertEqual(args.harp_range, (377, 380))
        self.assertEqual(args.step_minutes, 36)
        self.assertEqual(self.script.sharp_queries(args)[0],
                         "hmi.sharp_cea_720s[377][2011.02.12_00:00:00_TAI-2011.02.17_06:00:00_TAI@36m]{magnetogram}")
        self.assertFalse(args.yes)
        self.assertEqual(args.confirm_above, 1000.0)

    def test_dry_run_needs_no_package_and_no_network(self):
        status, out, err, _ = self.run_main(["--dry-run", "--output", self.folder, "--harps", "377",
                                             "--start", "2011-02-12", "--end", "2011-02-17"])
        self.assertEqual(status, 0, err)
        self.assertIn("hmi.sharp_cea_720s[377][2011.02.12_00:00:00_TAI-2011.02.17_00:00:00_TAI@1h]{magnetogram}", out)
        self.assertEqual(self.sharp_files(), [])

    def test_chunks_without_harps_meet_on_the_step_grid(self):
        args = self.script.parse_args(["--dry-run", "--start", "2011-01-01", "--end", "2011-03-01",
                                       "--chunk-days", "30"])
        self.assertEqual(self.script.sharp_queries(args), [
            "hmi.sharp_cea_720s[][2011.01.01_00:00:00_TAI-2011.01.31_00:00:00_TAI@1h]{magnetogram}",
            "hmi.sharp_cea_720s[][2011.01.31_01:00:00_TAI-2011.03.01_00:00:00_TAI@1h]{magnetogram}",
        ])

    def test_query_filters_are_opt_in(self):
        plain = self.script.parse_args(["--dry-run", "--harps", "377", "--start", "2011-02-12", "--end", "2011-02-13"])
        self.assertNotIn("[?", self.script.sharp_queries(plain)[0])
        filtered = self.script.parse_args(["--dry-run", "--harps", "377", "--start", "2011-02-12",
                                           "--end", "2011-02-13", "--good-quality-only", "--noaa-only"])
        self.assertEqual(self.script.sharp_queries(filtered)[0],
                         "hmi.sharp_cea_720s[377][2011.02.12_00:00:00_TAI-2011.02.13_00:00:00_TAI@1h]"
                         "[? QUALITY >= 0 AND QUALITY <= 65536 AND NOAA_AR > 0 ?]{magnetogram}")

    def test_exports_without_an_email_address_are_refused_before_anything_runs(self):
        with unittest.mock.patch.dict("os.environ", {}, clear=True), \
                contextlib.redirect_stderr(io.StringIO()) as err:
            module = load_script()
            with self.assertRaises(SystemExit) as raised:
                module.parse_args(["--harps", "377"])
        self.assertEqual(raised.exception.code, 2)
        self.assertIn("e-mail", err.getvalue())


if __name__ == "__main__":
    unittest.main()
