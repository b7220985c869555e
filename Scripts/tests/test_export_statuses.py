"""JSOC export errors: each status is handled per window, and the small files come first."""
import datetime as dt
import os

from support import FEB15, ScriptTest

import fake_drms


class ExportStatusTests(ScriptTest):
    def assert_small_files(self):
        self.assertTrue(os.path.exists(os.path.join(self.folder, "all_harps_with_noaa_ars.txt")))
        self.assertTrue(os.path.exists(os.path.join(self.folder, "swpc_flarelist.csv")))

    def test_pending_requests_wait_and_retry(self):
        server = self.server()
        server.statuses = [7, 7]
        status, out, err, recorder = self.run_main(self.argv("--pending-wait", "90"), server)
        self.assertEqual(status, 0, err)
        self.assertEqual(len(self.exports(server)), 3)
        self.assertEqual(recorder.sleeps, [90.0, 90.0])
        self.assertIn("status 7", out)
        self.assertIn("pending export requests", out)  # JSOC's reason is printed
        self.assertEqual(len(self.sharp_files()), 6)

    def test_pending_requests_retries_are_bounded(self):
        server = self.server(harps=(377, 378))
        server.statuses = [7] * 100
        status, out, err, recorder = self.run_main(self.argv(harps="377-378"), server)
        self.assertEqual(status, 1)
        retries = self.script.PENDING_RETRIES
        # Each window: one export and `retries` more; then the run goes on to the next window.
        self.assertEqual(len(self.exports(server)), 2 * (retries + 1))
        self.assertEqual(len(recorder.sleeps), 2 * retries)
        self.assertIn("status 7", err)
        self.assert_small_files()

    def test_too_large_request_is_split_until_it_fits(self):
        server = self.server(hours=12)
        server.max_export_records = 4
        status, out, err, _ = self.run_main(self.argv(), server)
        self.assertEqual(status, 0, err)
        self.assertEqual(len(self.sharp_files()), 12)
        exports = self.exports(server)
        self.assertGreater(len(exports), 1)
        self.assertIn("status 3", out)
        # Every record was exported once by a request JSOC accepted.
        accepted = [ds for ds in exports if len(server.select(ds)[0]) <= 4]
        exported = [r["T_REC"] for ds in accepted for r in server.select(ds)[0]]
        self.assertEqual(sorted(exported), sorted(set(exported)))
        self.assertEqual(len(exported), 12)

    def test_split_halves_hold_the_same_grid_points(self):
        window = self.script.Window(377, FEB15, FEB15 + dt.timedelta(hours=6, minutes=30), 60, "")
        first, second = self.script.split_window(window)
        def points(w):
            return [w.start + dt.timedelta(hours=i) for i in range(10) if w.start + dt.timedelta(hours=i) <= w.end]

        self.assertEqual(points(first) + points(second), points(window))
        self.assertEqual(len(points(first)), 4)
        single = window._replace(end=FEB15)
        self.assertIsNone(self.script.split_window(single))

    def test_single_record_too_large_is_reported(self):
        server = self.server(hours=3)
        server.max_export_records = 0
        status, out, err, _ = self.run_main(self.argv(), server)
        self.assertEqual(status, 1)
        self.assertIn("too large", err)
        self.assertEqual(self.sharp_files(), [])
        self.assert_small_files()

    def test_bad_request_is_reported_and_the_run_goes_on(self):
        server = self.server(harps=(377, 378))
        server.statuses = [4]
        status, out, err, _ = self.run_main(self.argv(harps="377-378"), server)
        self.assertEqual(status, 1)
        self.assertIn("status 4", err)
        self.assertEqual(len(self.sharp_files()), 6)
        self.assertTrue(all(".378." in name for name in self.sharp_files()))
        self.assert_small_files()
        self.assertIn("rerun", err)

    def test_wait_has_a_timeout_and_an_export_that_never_finishes_is_skipped(self):
        server = self.server(harps=(377, 378))
        server.never_ready = 1
        status, out, err, _ = self.run_main(self.argv("--export-timeout", "600", harps="377-378"), server)
        self.assertEqual(status, 1)
        waits = [entry[1] for entry in server.log if entry[0] == "wait"]
        self.assertTrue(waits)
        self.assertTrue(all(w["timeout"] == 600.0 for w in waits))
        self.assertIn("not ready after 600 s", err)
        self.assertEqual(len(self.sharp_files()), 6)

    def test_small_files_are_fetched_before_any_export(self):
        server = self.server()
        server.statuses = [4]
        status, _, _, _ = self.run_main(self.argv(), server)
        self.assertEqual(status, 1)
        kinds = [entry[0] if entry[0] != "fetch" or entry[1].endswith(".fits") else "table" for entry in server.log]
        self.assertLess(kinds.index("table"), kinds.index("export"))
        self.assertLess(kinds.index("hek"), kinds.index("export"))
        self.assert_small_files()

    def test_unregistered_address_is_reported_and_the_small_files_still_come(self):
        server = self.server()
        server.registered = set()
        status, out, err, _ = self.run_main(self.argv(), server)
        self.assertEqual(status, 1)
        self.assertIn("register", err)
        self.assertEqual(self.exports(server), [])
        self.assert_small_files()

    def test_stand_in_wait_raises_like_drms(self):
        server = self.server()
        server.statuses = [7]
        drms = fake_drms.module(server)
        export = drms.Client(email="me@example.org").export("hmi.sharp_cea_720s[377][2011.02.15_00:00:00_TAI-"
                                                            "2011.02.15_05:00:00_TAI@1h]{magnetogram}")
        self.assertEqual(export.status, 7)
        with self.assertRaises(drms.DrmsExportError) as raised:
            export.wait(timeout=10)
        self.assertIn("[status=7]", str(raised.exception))
