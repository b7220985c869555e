"""The plan before any export: record count, size estimate, and the question above a threshold."""
import io
import sys
import unittest.mock

from support import ScriptTest


class PlanTests(ScriptTest):
    def test_record_count_and_estimate_come_from_a_keyword_only_query(self):
        server = self.server()
        status, out, err, recorder = self.run_main(self.argv(), server)
        self.assertEqual(status, 0, err)
        queries = [entry[1] for entry in server.log if entry[0] == "query"]
        self.assertEqual(queries, ["hmi.sharp_cea_720s[377][2011.02.15_00:00:00_TAI-2011.02.15_23:00:00_TAI@1h]"])
        # 667 x 400 CEA pixels (a 20 x 12 degree box at 0.03 degree) a record: 313,640 bytes each.
        self.assertEqual(self.script.record_estimate(-10, 10, -6, 6), 313640)
        self.assertIn("6 records (HARP 377), 0 already here, 6 to fetch, about 1.9 MB", out)
        self.assertIn("plan: 6 records, 6 files to fetch, about 1.9 MB", out)
        self.assertLess(out.index("plan:"), out.index("export hmi"))
        self.assertEqual(recorder.questions, [])  # below the threshold: no question

    def test_estimate_without_a_bounding_box_uses_a_whole_sharp_file(self):
        self.assertEqual(self.script.record_estimate(float("nan"), 10, -6, 6), self.script.FALLBACK_RECORD_BYTES)
        self.assertEqual(self.script.record_estimate(None, None, None, None), self.script.FALLBACK_RECORD_BYTES)

    def test_above_the_threshold_without_a_terminal_the_run_refuses(self):
        server = self.server()
        status, out, err, recorder = self.run_main(self.argv("--confirm-above", "1"), server, answer=None)
        self.assertEqual(status, 1)
        self.assertIn("--yes", err)
        self.assertEqual(len(recorder.questions), 1)
        self.assertEqual(self.exports(server), [])
        self.assertEqual([e for e in server.log if e[0] in ("fetch", "hek")], [])  # nothing downloaded at all
        self.assertEqual(self.sharp_files(), [])

    def test_above_the_threshold_a_no_stops_and_a_yes_goes_on(self):
        server = self.server()
        status, _, err, recorder = self.run_main(self.argv("--confirm-above", "1"), server, answer="n")
        self.assertEqual(status, 1)
        self.assertIn("Download about 1.9 MB (6 files)?", recorder.questions[0])
        self.assertEqual(self.exports(server), [])
        status, _, err, _ = self.run_main(self.argv("--confirm-above", "1"), server, answer="y")
        self.assertEqual(status, 0, err)
        self.assertEqual(len(self.sharp_files()), 6)

    def test_yes_skips_the_question(self):
        server = self.server()
        status, _, err, recorder = self.run_main(self.argv("--confirm-above", "1", "--yes"), server, answer=None)
        self.assertEqual(status, 0, err)
        self.assertEqual(recorder.questions, [])
        self.assertEqual(len(self.sharp_files()), 6)

    def test_files_already_present_do_not_count_toward_the_threshold(self):
        server = self.server()
        self.assertEqual(self.run_main(self.argv(), server)[0], 0)
        status, out, err, recorder = self.run_main(self.argv("--confirm-above", "0"), server, answer=None)
        self.assertEqual(status, 0, err)
        self.assertEqual(recorder.questions, [])

    def test_no_terminal_means_no_answer(self):
        with unittest.mock.patch.object(sys, "stdin", io.StringIO("y\n")):
            self.assertIsNone(self.script.ask_on_terminal("? "))

    def test_query_filters_drop_what_the_cuts_would_drop(self):
        server = self.server()
        server.add_harp(378, self.feb15(), self.feb15(5), quality=-2147483648)  # QUALITY 0x80000000
        server.add_harp(379, self.feb15(), self.feb15(5), noaa=0)
        status, out, err, _ = self.run_main(self.argv("--good-quality-only", "--noaa-only", harps="377-379"), server)
        self.assertEqual(status, 0, err)
        self.assertTrue(self.sharp_files())
        self.assertTrue(all(".377." in name for name in self.sharp_files()))
        status, out, err, _ = self.run_main(self.argv(harps="377-379"), server)
        self.assertEqual(status, 0, err)
        self.assertEqual(len(self.sharp_files()), 18)

    @staticmethod
    def feb15(hour=0):
        import datetime as dt
        return dt.datetime(2011, 2, 15, hour)


if __name__ == "__main__":
    import unittest
    unittest.main()
